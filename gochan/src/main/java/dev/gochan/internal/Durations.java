package dev.gochan.internal;

import java.time.Duration;
import java.util.Objects;

/** Timeouts as deadlines on the library's clock. */
public final class Durations {
    private Durations() {}

    /**
     * The deadline for a wait of at most {@code timeout}: 0 ("do not block") for zero or negative
     * timeouts, {@link Waiter#NO_DEADLINE} for timeouts too long to represent.
     *
     * @param op the public operation, named in the exception when {@code timeout} is null
     * @throws NullPointerException if {@code timeout} is null ("op: timeout is null")
     */
    public static long deadline(Duration timeout, String op) {
        if (timeout == null) {
            throw new NullPointerException(op + ": timeout is null");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return 0L;
        }
        long d = nanos(timeout);
        long t = Clock.current().deadlineAfter(d);
        return t == 0L ? 1L : t;
    }

    /**
     * {@link #deadline(Duration, String)} for callers that do not name their operation (the
     * null message is then just "timeout"); prefer the named form.
     */
    public static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return deadline(timeout, "timeout");
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
