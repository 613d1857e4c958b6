package dev.gochan.internal;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one clock that every gochan timer, sleep and deadline reads. Today it is the system's
 * monotonic clock; a virtual-time test bubble will substitute its own here, which is why nothing
 * else in the library calls {@link System#nanoTime()} for timers.
 *
 * <p>Wake-ups are scheduled on a single daemon platform thread ("gochan-timer") that owns a heap
 * of pending deadlines. Only waits that actually block schedule anything: a timer channel nobody
 * waits on occupies no heap slot, and a cancelled wake-up is removed from the heap at once, so
 * a million selects with a timeout that never fires leave nothing behind.
 */
public final class Clock {
    /** A scheduled wake-up that can be cancelled. */
    public interface Handle {
        /** Cancels the wake-up if it has not run; harmless otherwise. */
        void cancel();
    }

    private static final Clock SYSTEM = new Clock();

    private final ScheduledThreadPoolExecutor scheduler;
    private final long baseNanos;
    private final Instant baseInstant;

    private Clock() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gochan-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
        this.baseInstant = Instant.now();
        this.baseNanos = System.nanoTime();
    }

    /** The clock in force for the current goroutine. */
    public static Clock current() {
        return SYSTEM;
    }

    /** Monotonic time in nanoseconds (comparable only with other values of this clock). */
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The wall-clock instant that corresponds to a {@link #nanoTime()} reading. */
    public Instant instantAt(long nanos) {
        return baseInstant.plusNanos(nanos - baseNanos);
    }

    /** The current instant (wall clock, consistent with {@link #instantAt}). */
    public Instant now() {
        return instantAt(nanoTime());
    }

    /**
     * A deadline {@code d} nanoseconds from now, saturating instead of overflowing (Go's
     * {@code Sleep(1<<63-1)} never fires; a huge negative duration is "now").
     */
    public long deadlineAfter(long d) {
        long now = nanoTime();
        long t = now + d;
        if (d > 0 && t < now) {
            return Long.MAX_VALUE;
        }
        if (d < 0 && t > now) {
            return now;
        }
        return t;
    }

    /**
     * The number of wake-ups scheduled on the timer thread and not yet run or cancelled (a test
     * hook: the garbage tests check that abandoned timeouts leave nothing in the heap).
     */
    public int pendingWakeups() {
        return scheduler.getQueue().size();
    }

    /**
     * Runs {@code task} on the timer thread at {@code deadlineNanos}. The task must be short and
     * never block: it hands values over and unparks.
     */
    public Handle schedule(long deadlineNanos, Runnable task) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return () -> { };
        }
        long delay = deadlineNanos - nanoTime();
        ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0L, delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
