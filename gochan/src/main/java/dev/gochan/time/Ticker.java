package dev.gochan.time;

import dev.gochan.RecvChan;
import dev.gochan.internal.Durations;
import dev.gochan.internal.TimerChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A periodic event: Go's {@code time.Ticker}, with Go 1.23's semantics. Made by
 * {@link Time#newTicker}. Safe for use by any number of goroutines.
 *
 * <pre>{@code
 * Ticker ticker = Time.newTicker(Duration.ofMillis(500)); // ticker := time.NewTicker(500 * time.Millisecond)
 * try {
 *     for (Instant t : ticker.c()) { ... }                // for t := range ticker.C
 * } finally {
 *     ticker.stop();                                      // defer ticker.Stop()
 * }
 * }</pre>
 *
 * <h2>The channel</h2>
 * {@link #c()} is unbuffered ({@code len} and {@code cap} are always 0) and is never closed. Each
 * value is the time the tick was due. A reader too slow for the period receives the oldest tick
 * not yet received, and the ticks missed meanwhile are dropped (Go: "drops ticks to make up for
 * slow receivers"), so the next one is due at the next multiple of the period. After
 * {@link #stop()} or {@link #reset} returns, no tick of the earlier setting can be received.
 *
 * <h2>Garbage collection</h2>
 * A ticker nobody references is garbage collected even if it was never stopped: it occupies the
 * timer heap only while a goroutine is blocked on its channel. Stopping it is still good style.
 *
 * <h2>Go equivalent</h2>
 * {@code time.Ticker}: {@code t.C} is {@link #c()}, {@code t.Stop()} is {@link #stop()},
 * {@code t.Reset(d)} is {@link #reset}. A Go {@code Ticker} built by hand ({@code &Ticker{C: c}})
 * has no counterpart: a {@code Ticker} can only be made by {@link Time#newTicker}.
 *
 * <h2>Related</h2>
 * {@link Time#tick} (a ticker's channel when no stop is needed), {@link Timer}.
 */
public final class Ticker {
    private final TimerChan chan;

    Ticker(TimerChan chan) {
        this.chan = chan;
    }

    /**
     * The channel on which the ticks are delivered: Go's {@code t.C}.
     *
     * @return the receive-only ticker channel
     */
    public RecvChan<Instant> c() {
        return chan;
    }

    /**
     * Turns the ticker off: Go's {@code t.Stop()}. No tick is delivered afterwards (not even one
     * that was due and not yet received) until {@link #reset}; the channel is not closed, so
     * goroutines blocked on {@link #c()} stay blocked. Never blocks.
     */
    public void stop() {
        chan.stop();
    }

    /**
     * Stops the ticker and restarts it with period {@code d}: Go's {@code t.Reset(d)}. The next
     * tick is due {@code d} from now; a tick due under the old setting but not yet received is
     * discarded. Also restarts a stopped ticker. Never blocks.
     *
     * @param d the new period
     * @throws IllegalArgumentException if {@code d} is zero or negative, with Go's message
     *     "non-positive interval for Ticker.Reset"
     * @throws NullPointerException if {@code d} is null
     */
    public void reset(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0L) {
            throw new IllegalArgumentException("non-positive interval for Ticker.Reset");
        }
        chan.reset(nanos);
    }

    @Override
    public String toString() {
        return chan.toString();
    }
}
