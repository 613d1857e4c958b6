package dev.gochan.internal;

import java.time.Duration;
import java.util.Objects;

/** Timeouts as deadlines on the library's clock. */
public final class Durations {
    private Durations() {}

    /**
     * The deadline for a wait of at most {@code timeout}: 0 ("do not block") for zero or negative
     * timeouts, {@link Waiter#NO_DEADLINE} for timeouts too long to represent.
     */
    public static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            return 0L;
        }
        long d = nanos(timeout);
        long t = Clock.current().deadlineAfter(d);
        return t == 0L ? 1L : t;
    }

    /** {@code d} in nanoseconds, saturated to the long range. */
    public static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
