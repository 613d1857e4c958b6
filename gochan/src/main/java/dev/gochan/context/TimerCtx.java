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
 * <p>{@code timer} is guarded by the monitor: armed once at construction unless already canceled,
 * released by {@link #releaseTimer()} when the context is canceled for any reason, so a
 * canceled context leaves nothing in the timer heap.
 */
final class TimerCtx extends CancelCtx {
    private final Instant deadline;
    private final Clock clock;
    private Clock.Handle timer;

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
            timer = clock.schedule(whenNanos,
                    () -> Go.go(() -> cancel(true, Context.DEADLINE_EXCEEDED, timeoutCause)));
        }
    }

    @Override
    void releaseTimer() {
        Clock.Handle t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.cancel();
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
