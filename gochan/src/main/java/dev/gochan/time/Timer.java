package dev.gochan.time;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.internal.Durations;
import dev.gochan.internal.TimerChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A single event in the future: Go's {@code time.Timer}, with Go 1.23's semantics. Made by
 * {@link Time#newTimer} (delivers its fire time on {@link #c()}) or {@link Time#afterFunc} (starts
 * a goroutine instead). Safe for use by any number of goroutines.
 *
 * <pre>{@code
 * Timer t = Time.newTimer(Duration.ofSeconds(1));    // t := time.NewTimer(time.Second)
 * Select.run(
 *     work.onReceiveDo(w -> handle(w)),
 *     t.c().onReceiveDo(when -> giveUp()));          // case <-t.C:
 * t.stop();                                          // no draining needed, ever
 * }</pre>
 *
 * <h2>The channel</h2>
 * {@link #c()} is unbuffered: {@code len} and {@code cap} are always 0. The value received is
 * the time the timer fired, not the time of the receive. After {@link #stop()} or
 * {@link #reset} returns, no value belonging to the earlier setting can be received (Go 1.23:
 * the pre-1.23 idiom {@code if (!t.stop()) t.c().receive()} is not needed, and would block).
 *
 * <h2>Garbage collection</h2>
 * A channel timer that nobody references is garbage collected even if it was never stopped; a
 * timer occupies the timer heap only while a goroutine is blocked on its channel. A pending
 * {@link Time#afterFunc} timer stays alive until it fires or is stopped.
 *
 * <h2>Go equivalent</h2>
 * {@code time.Timer}: {@code t.C} is {@link #c()}, {@code t.Stop()} is {@link #stop()},
 * {@code t.Reset(d)} is {@link #reset}. Go's zero {@code Timer} (whose methods panic) has no
 * counterpart: a {@code Timer} can only be made by {@link Time}.
 *
 * <h2>Related</h2>
 * {@link Time#after} (a timer's channel when no stop is needed), {@link Ticker},
 * {@code Select.onTimeout}.
 */
public final class Timer {
    private static final RecvChan<Instant> NIL = Chan.<Instant>nil().recvOnly();

    private final TimerChan chan;
    private final FuncTimer func;

    Timer(TimerChan chan) {
        this.chan = chan;
        this.func = null;
    }

    Timer(FuncTimer func) {
        this.chan = null;
        this.func = func;
    }

    /**
     * The channel on which the fire time is delivered: Go's {@code t.C}. For a timer made by
     * {@link Time#afterFunc} it is the nil channel (never ready), as in Go.
     *
     * @return the receive-only timer channel
     */
    public RecvChan<Instant> c() {
        return chan != null ? chan : NIL;
    }

    /**
     * Prevents the timer from firing: Go's {@code t.Stop()}. Never blocks.
     *
     * <p>For a channel timer, returns true if the timer was active: armed and its value not yet
     * received, even if its fire time has already passed (the value is then never delivered).
     * Goroutines blocked on {@link #c()} stay blocked. For an {@link Time#afterFunc} timer,
     * returns true if the call kept {@code f} from being started; false means {@code f} has
     * already been started in its own goroutine (stop does not wait for it) or the timer was
     * already stopped.
     *
     * @return whether the timer was active
     */
    public boolean stop() {
        return chan != null ? chan.stop() : func.stop();
    }

    /**
     * Re-arms the timer to fire {@code d} from now: Go's {@code t.Reset(d)}. Zero or negative
     * durations fire at once. Never blocks.
     *
     * <p>For a channel timer, a value due under the old setting but not yet received is
     * discarded, and goroutines blocked on {@link #c()} wait for the new fire time. For an
     * {@link Time#afterFunc} timer, {@code f} is scheduled again: if it already ran (or is
     * running), it may run again concurrently with that run.
     *
     * @param d the new delay
     * @return whether the timer was active before the call (see {@link #stop()}): true if a
     *     pending value or a pending {@code f} was rescheduled
     * @throws NullPointerException if {@code d} is null
     */
    public boolean reset(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        return chan != null ? chan.reset(nanos) : func.reset(nanos);
    }

    @Override
    public String toString() {
        return chan != null ? chan.toString() : func.toString();
    }
}
