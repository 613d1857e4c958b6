package dev.gochan.context;

import dev.gochan.Go;
import dev.gochan.internal.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cancelable context with its own deadline: Go's {@code timerCtx}. The deadline is a point on
 * gochan's {@link Clock} (so a virtual clock drives it too); when it passes, the context is
 * canceled with {@link Context#DEADLINE_EXCEEDED}. The clock's timer thread only starts a
 * goroutine that does the canceling (a subtree may be large, and the timer thread must never
 * block), as Go's {@code time.AfterFunc} does.
 *
 * <p>{@code armed} is guarded by the monitor: the timer is armed once at construction unless
 * already canceled, and released by {@link #releaseTimer()} when the context is canceled for any
 * reason, so a canceled context leaves nothing in the timer heap.
 */
final class TimerCtx extends CancelCtx {
    private final Instant deadline;
    private final Clock clock;
    private final Expiry expiry = new Expiry();
    private Throwable timeoutCause;
    private boolean armed;

    /** The heap entry: when due, a goroutine cancels the context (the timer thread never blocks). */
    private final class Expiry extends Clock.Entry {
        @Override
        protected void fire(long now) {
            Throwable cause;
            synchronized (TimerCtx.this) {
                if (!armed) {
                    return;
                }
                armed = false;
                cause = timeoutCause;
            }
            Go.go(() -> cancel(true, Context.DEADLINE_EXCEEDED, cause));
        }
    }

    TimerCtx(Context parent, Instant deadline, Clock clock) {
        super(parent);
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Starts the timer for {@code whenNanos} on the clock, unless already canceled. */
    void arm(long whenNanos, Throwable timeoutCause) {
        synchronized (this) {
            if (err() != null) {
                return;
            }
            this.timeoutCause = timeoutCause;
            armed = true;
            clock.schedule(expiry, whenNanos); // under the monitor: a concurrent cancel sees it
        }
    }

    @Override
    void releaseTimer() {
        synchronized (this) {
            if (armed) {
                armed = false;
                clock.cancel(expiry);
            }
        }
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.of(deadline);
    }

    @Override
    public String toString() {
        return Contexts.name(parent) + ".WithDeadline(" + deadline + " ["
                + Duration.between(clock.now(), deadline) + "])";
    }
}
