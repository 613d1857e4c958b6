package dev.gochan.time;

import dev.gochan.Go;
import dev.gochan.internal.Clock;
import dev.gochan.internal.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The timer of {@link Time#afterFunc}: starts a goroutine running {@code f} when it fires.
 *
 * <h2>State (guarded by the lock)</h2>
 * {@code active}: armed and {@code f} not yet started for the current setting (Go's "pending").
 * Invariant at every lock release: the timer is in the clock's heap at {@code when} iff
 * {@code active} (the timer thread may have popped it and be about to call {@link #fire}, which
 * rechecks the state). Unlike a timer channel, a pending function timer must stay in the heap
 * whether or not anyone references it: it has work to do, as in Go.
 *
 * <p>{@code f} is started after the lock is released, so {@link #stop()} never waits for it and
 * a stop that returns false means {@code f} has been (or is being) started.
 */
final class FuncTimer extends Clock.Entry {
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(FuncTimer.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Clock clock;
    private final Runnable f;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private long when;
    private boolean active;

    FuncTimer(Clock clock, Runnable f) {
        this.clock = clock;
        this.f = f;
    }

    /**
     * Arms the timer to start {@code f} {@code nanos} from now (at once for zero or negative).
     *
     * @return whether the timer was active (a pending {@code f} was rescheduled)
     */
    boolean reset(long nanos) {
        boolean was;
        boolean startNow = nanos <= 0L;
        lock();
        try {
            was = active;
            when = clock.deadlineAfter(nanos);
            active = !startNow;
            if (startNow) {
                clock.cancel(this);
            } else {
                clock.schedule(this, when);
            }
        } finally {
            unlock();
        }
        if (startNow) {
            Go.go(f);
        }
        return was;
    }

    /** Disarms the timer; returns whether that prevented {@code f} from being started. */
    boolean stop() {
        lock();
        try {
            boolean was = active;
            active = false;
            clock.cancel(this);
            return was;
        } finally {
            unlock();
        }
    }

    @Override
    protected void fire(long now) {
        lock();
        try {
            if (!active) {
                return;
            }
            if (now < when) {
                clock.schedule(this, when); // a reset moved it later while it was being popped
                return;
            }
            active = false;
        } finally {
            unlock();
        }
        Go.go(f);
    }

    private void lock() {
        if (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(LOCK, this);
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    @Override
    public String toString() {
        return "time.AfterFunc(" + f + ")";
    }
}
