package dev.gochan.time;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import dev.gochan.RecvChan;
import dev.gochan.internal.Clock;
import dev.gochan.internal.Durations;
import dev.gochan.internal.TimerChan;
import dev.gochan.internal.Waiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package: the clock, sleeping, timers and tickers, with Go 1.23's semantics.
 *
 * <pre>{@code
 * Instant start = Time.now();
 * Time.sleep(Duration.ofMillis(100));                       // time.Sleep(100 * time.Millisecond)
 * String r = Select.select(
 *     results.onReceive(v -> "got " + v),
 *     Time.after(Duration.ofSeconds(1)).onReceive(t -> "timeout")); // case <-time.After(time.Second):
 * Timer t = Time.afterFunc(Duration.ofSeconds(5), () -> log("late")); // time.AfterFunc(5*time.Second, f)
 * Duration took = Time.since(start);                        // time.Since(start)
 * }</pre>
 *
 * <h2>One clock</h2>
 * Every method here reads gochan's one clock, and every timer and sleep is woken by it, so that
 * a virtual-time test can replace it. {@link #now()} is derived from the monotonic clock, fixed
 * to the wall clock once at startup: it never jumps backwards, and agrees with the fire times
 * delivered by timers (it may drift from {@link Instant#now()} over long runs).
 *
 * <h2>Timer channels</h2>
 * The channels of {@link #after}, {@link #tick}, {@link Timer} and {@link Ticker} are unbuffered
 * ({@code len} and {@code cap} are 0), deliver the time the timer fired (not the time of the
 * receive), never hold a stale value after {@code stop} or {@code reset}, and work in
 * {@code Select} like any channel. A timer channel nobody waits on holds no resources: an
 * unreferenced, unstopped timer or ticker is garbage collected, and a million goroutines each
 * blocked in a select with a timeout need no thread each (one timer thread serves them all).
 *
 * <h2>Go equivalent</h2>
 * {@code time.Now}, {@code time.Since}, {@code time.Sleep}, {@code time.After},
 * {@code time.Tick}, {@code time.NewTimer}, {@code time.AfterFunc}, {@code time.NewTicker}.
 * Go's durations are {@link Duration}s here; durations beyond Go's range (about 292 years)
 * saturate and never fire.
 */
public final class Time {
    private Time() {}

    /**
     * The current time on gochan's clock: Go's {@code time.Now()}.
     *
     * @return now
     */
    public static Instant now() {
        return Clock.current().now();
    }

    /**
     * The time elapsed since {@code t}: Go's {@code time.Since(t)}.
     *
     * @param t an earlier instant (from {@link #now()} or a timer)
     * @return {@code now() - t}
     * @throws NullPointerException if {@code t} is null
     */
    public static Duration since(Instant t) {
        return Duration.between(Objects.requireNonNull(t, "t"), now());
    }

    /**
     * Pauses the calling goroutine for at least {@code d}: Go's {@code time.Sleep(d)}. Zero or
     * negative durations return at once; a duration too long to represent never returns (until
     * interrupted). The wait is recorded as Go's "sleep".
     *
     * <p><b>Blocking and interruption.</b>
     * Spurious wake-ups do not shorten the sleep. An interrupt ends it early with
     * {@link GoInterruptedException}, the interrupt status kept set.
     *
     * @param d how long to sleep
     * @throws GoInterruptedException if interrupted while sleeping
     * @throws NullPointerException if {@code d} is null
     */
    public static void sleep(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0) {
            return;
        }
        long deadline = Clock.current().deadlineAfter(nanos); // Long.MAX_VALUE: never
        if (!Waiter.sleepUntil(deadline, "sleep")) {
            throw new GoInterruptedException("sleep");
        }
    }

    /**
     * A channel that delivers the time once, {@code d} from now: Go's {@code time.After(d)},
     * which is {@code NewTimer(d).C}. Zero or negative durations are ready at once. There is no
     * way to stop it, and none is needed: once unreferenced it is garbage collected. Use
     * {@link #newTimer} to be able to stop or reset it.
     *
     * @param d the delay
     * @return a receive-only, unbuffered channel that becomes ready after {@code d}
     * @throws NullPointerException if {@code d} is null
     */
    public static RecvChan<Instant> after(Duration d) {
        return TimerChan.after(Clock.current(), Durations.nanos(Objects.requireNonNull(d, "duration")));
    }

    /**
     * A channel that delivers the time every {@code d}: Go's {@code time.Tick(d)}, which is
     * {@code NewTicker(d).C}. A slow reader gets the oldest tick not yet received; ticks missed
     * meanwhile are dropped. There is no way to stop it, and none is needed: once unreferenced it
     * is garbage collected. Use {@link #newTicker} to be able to stop or reset it.
     *
     * @param d the period
     * @return a receive-only, unbuffered channel of ticks; the nil channel (never ready) when
     *     {@code d} is zero or negative, as Go's {@code time.Tick} returns nil
     * @throws NullPointerException if {@code d} is null
     */
    public static RecvChan<Instant> tick(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0) {
            return Chan.<Instant>nil().recvOnly();
        }
        return TimerChan.tick(Clock.current(), nanos);
    }

    /**
     * A timer that delivers its fire time on {@link Timer#c()} once, {@code d} from now: Go's
     * {@code time.NewTimer(d)}. Zero or negative durations fire at once. Never blocks.
     *
     * @param d the delay
     * @return a new, active timer
     * @throws NullPointerException if {@code d} is null
     */
    public static Timer newTimer(Duration d) {
        return new Timer(TimerChan.after(Clock.current(),
                Durations.nanos(Objects.requireNonNull(d, "duration"))));
    }

    /**
     * A timer that starts {@code f} in its own goroutine once {@code d} has elapsed: Go's
     * {@code time.AfterFunc(d, f)}. Zero or negative durations start it at once. The returned
     * timer's {@link Timer#c()} is the nil channel; its {@link Timer#stop()} cancels the call if
     * {@code f} has not been started. An exception escaping {@code f} is a goroutine panic,
     * reported like any other. Never blocks.
     *
     * @param d the delay
     * @param f the function to run
     * @return a timer that controls the call
     * @throws NullPointerException if {@code d} or {@code f} is null
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        FuncTimer t = new FuncTimer(Clock.current(), Objects.requireNonNull(f, "f"));
        t.reset(nanos);
        return new Timer(t);
    }

    /**
     * A ticker that delivers the time on {@link Ticker#c()} every {@code d}: Go's
     * {@code time.NewTicker(d)}. The first tick is due {@code d} from now. Never blocks.
     *
     * @param d the period
     * @return a new, running ticker
     * @throws IllegalArgumentException if {@code d} is zero or negative, with Go's message
     *     "non-positive interval for NewTicker"
     * @throws NullPointerException if {@code d} is null
     */
    public static Ticker newTicker(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0) {
            throw new IllegalArgumentException("non-positive interval for NewTicker");
        }
        return new Ticker(TimerChan.tick(Clock.current(), nanos));
    }
}
