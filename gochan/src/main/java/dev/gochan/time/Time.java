package dev.gochan.time;

import dev.gochan.RecvChan;
import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import dev.gochan.internal.Clock;
import dev.gochan.internal.Durations;
import dev.gochan.internal.TimerChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package: sleeping and timer channels, all on gochan's clock (which a
 * virtual-time test can replace).
 *
 * <p>Timer channels follow Go 1.23: they are unbuffered ({@code len} and {@code cap} are 0), the
 * value received is the time the timer fired (not the time it was received), and they are
 * native to the select engine. A timer channel nobody waits on holds no resources, so an
 * unreferenced {@code after} or {@code tick} is simply garbage collected.
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
     * @param t an earlier instant
     * @return {@code now() - t}
     */
    public static Duration since(Instant t) {
        return Duration.between(t, now());
    }

    /**
     * Pauses the calling goroutine for at least {@code d}: Go's {@code time.Sleep(d)}. Zero or
     * negative durations return at once. The wait is recorded as Go's "sleep".
     *
     * @param d how long to sleep
     * @throws GoInterruptedException if interrupted while sleeping (interrupt status kept)
     */
    public static void sleep(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0) {
            return;
        }
        TimerChan.after(Clock.current(), nanos).sleep();
    }

    /**
     * A channel that delivers the current time once, after {@code d}: Go's
     * {@code time.After(d)}. Zero or negative durations fire at once.
     *
     * @param d the delay
     * @return a receive-only channel that becomes ready after {@code d}
     */
    public static RecvChan<Instant> after(Duration d) {
        return TimerChan.after(Clock.current(), Durations.nanos(Objects.requireNonNull(d, "duration")));
    }

    /**
     * A channel that delivers the time every {@code d}: Go's {@code time.Tick(d)}. A slow reader
     * gets the oldest tick not yet received; ticks missed meanwhile are dropped. There is no way
     * to stop it, and none is needed: once unreferenced it is garbage collected.
     *
     * @param d the period
     * @return a receive-only channel of ticks; the nil channel when {@code d} is zero or negative
     *     (as Go's {@code time.Tick} returns nil)
     */
    public static RecvChan<Instant> tick(Duration d) {
        long nanos = Durations.nanos(Objects.requireNonNull(d, "duration"));
        if (nanos <= 0) {
            return Chan.<Instant>nil().recvOnly();
        }
        return TimerChan.tick(Clock.current(), nanos);
    }
}
