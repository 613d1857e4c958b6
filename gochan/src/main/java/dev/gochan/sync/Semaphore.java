package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.context.StopHandle;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.util.Objects;

/**
 * A weighted semaphore: Go's {@code golang.org/x/sync/semaphore.Weighted}.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(10);   // semaphore.NewWeighted(10)
 * sem.acquire(ctx, 3);                 // if err := sem.Acquire(ctx, 3); err != nil { return err }
 * try { work(); } finally { sem.release(3); }
 * }</pre>
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li><b>Strict FIFO, no barging.</b> Requests are served in arrival order: a large request at
 *       the head of the queue makes smaller ones behind it wait even when they would fit, so a
 *       large request is never starved. Once anyone is queued, {@link #tryAcquire} fails even
 *       when enough tokens are free.</li>
 *   <li>A request larger than the size can never succeed: it waits, without entering the
 *       queue, only for its context to be done (or an interrupt), so it never holds up other
 *       requests.</li>
 *   <li>With a context, a context that is already done wins even when the tokens are free, and
 *       a request whose context is done never keeps tokens: a cancellation that happens before
 *       the tokens arrive wins over them.</li>
 *   <li>A weight of 0 is allowed: it succeeds at once unless requests are queued, and then
 *       waits its turn behind them.</li>
 *   <li>Releasing more than is held is a panic: {@code semaphore: released more than held}.
 *       Unlike Go, the failed call leaves the count unchanged.</li>
 * </ul>
 *
 * <h2>Blocking and interruption</h2>
 * {@link #acquire} waits with the reason {@code semacquire}. Interrupted, it throws
 * {@link GoInterruptedException} with the interrupt status set, and took no tokens; if it was
 * at the head of the queue, the requests behind it that now fit are served. The same holds when
 * the context of {@link #acquire(Context, long)} is done, which then throws the context's error.
 */
public final class Semaphore extends Guarded {
    /*
     * Implementation overview
     *
     * size (final), cur (tokens held) and waiters (FIFO; node item = the Long weight) are
     * guarded by the queue lock. Requests with n > size never enter the queue.
     *
     * Invariants
     *   - 0 <= cur <= size.
     *   - A queued request is granted only at the head, only when it fits (size - cur >= n), and
     *     its tokens are added to cur in the same lock section as the claim of its waiter; a
     *     waiter whose claim fails (cancelled, timed out, interrupted) is dropped without tokens.
     *     So tokens are never lost or granted twice: the claim CAS decides between a grant and
     *     a cancellation.
     *   - An uncontended acquire (fits, queue empty) never queues.
     *   - Whenever cur decreases or the head leaves, the queue is served again (notify).
     *
     * Linearization: acquire at the lock section that adds to cur; release at the one that
     * subtracts.
     */
    static final String WAIT_REASON = "semacquire";

    /** Result of the internal acquire: the tokens were taken. */
    static final int ACQUIRED = 0;
    /** Result of the internal acquire: the deadline passed (or 0: the try failed); none taken. */
    static final int TIMED_OUT = 1;
    /** Result of the internal acquire: the cancel signal fired first; none taken. */
    static final int CANCELLED = 2;

    private final long size;
    private long cur;
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates a semaphore with {@code size} tokens, all free: Go's
     * {@code semaphore.NewWeighted(size)}.
     *
     * @param size the total weight that may be held at once
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + size);
        }
        this.size = size;
    }

    /**
     * Acquires {@code n} tokens, blocking until they are available and every earlier request has
     * been served, or until {@code ctx} is done: Go's {@code sem.Acquire(ctx, n)}.
     *
     * <ul>
     *   <li>If {@code ctx} is already done, throws its error at once, even when the tokens are
     *       free.</li>
     *   <li>Otherwise, when {@code n} tokens are free and nobody is queued, takes them without
     *       blocking.</li>
     *   <li>Otherwise blocks (wait reason {@code semacquire}) in the FIFO queue until the request
     *       is granted or {@code ctx} is done. A context done first wins: the request leaves the
     *       queue without tokens, and the requests behind it that now fit are served. If the
     *       tokens are granted while the context is done (the two race), they are released again
     *       and the context's error is thrown.</li>
     *   <li>A request larger than the size can never be granted: it blocks, outside the queue
     *       (it never delays other requests), until {@code ctx} is done, then throws its
     *       error.</li>
     * </ul>
     *
     * <p>Whenever this method throws, it holds no tokens and the semaphore is as if it had not
     * been called. While blocked it costs one {@link Context#afterFunc} registration on
     * {@code ctx}, withdrawn when it returns. With a context that can never be done
     * ({@link Context#background()}) it is {@link #acquire(long)}.
     *
     * @param ctx the context whose end abandons the request
     * @param n the weight to acquire (0 allowed)
     * @throws NullPointerException if {@code ctx} is null
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws ContextException {@code ctx.err()} ({@link Context#CANCELED} or
     *     {@link Context#DEADLINE_EXCEEDED}) if the context was done before the tokens were
     *     granted (no tokens were taken)
     * @throws GoInterruptedException when interrupted while blocked (no tokens were taken; the
     *     interrupt status stays set)
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        checkWeight(n);
        ContextException err = ctx.err();
        if (err != null) {
            throw err; // a done context is checked first (RULE-SEM-08)
        }
        ContextSignal signal = new ContextSignal(ctx);
        int r = acquire(n, Waiter.NO_DEADLINE, signal);
        if (r == ACQUIRED) {
            if (!signal.waited) {
                // Granted at once: the context was not done when we looked, so a cancellation
                // is concurrent with this call, not before it (Go keeps the tokens too).
                return;
            }
            err = ctx.err();
            if (err == null) {
                return;
            }
            // Granted and cancelled at the same time (RULE-SEM-09): the context was done before
            // this call returned, so give the tokens back and report the context's error.
            release(n);
            throw err;
        }
        throw errOf(ctx); // CANCELLED: only the context's AfterFunc cancels (no deadline here)
    }

    /**
     * Acquires {@code n} tokens, blocking until they are available and every earlier request has
     * been served: Go's {@code sem.Acquire(context.Background(), n)}. A request larger than the
     * size blocks until interrupted.
     *
     * @param n the weight to acquire (0 allowed)
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws GoInterruptedException when interrupted while blocked (no tokens were taken; the
     *     interrupt status stays set)
     */
    public void acquire(long n) {
        acquire(n, Waiter.NO_DEADLINE, null);
    }

    /**
     * Acquires {@code n} tokens without blocking: Go's {@code sem.TryAcquire(n)}. Fails when
     * fewer than {@code n} tokens are free, and also whenever some request is queued (FIFO: no
     * barging).
     *
     * @param n the weight to acquire (0 allowed)
     * @return true when the tokens were taken
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean tryAcquire(long n) {
        return acquire(n, 0L, null) == ACQUIRED;
    }

    /**
     * Releases {@code n} tokens: Go's {@code sem.Release(n)}. Then serves the queue in order,
     * as far as the head's request fits. Never blocks.
     *
     * @param n the weight to release
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException {@code semaphore: released more than held} when more tokens
     *     would be released than are held (nothing is released)
     */
    public void release(long n) {
        checkWeight(n);
        qlock();
        if (n > cur) {
            qunlock();
            throw new IllegalStateException("semaphore: released more than held");
        }
        cur -= n;
        Waiter w = grantNext();
        qunlock();
        notifyFrom(w);
    }

    // ---- extension point: acquire with a deadline and a cancel signal -----------------------

    /**
     * Lets a blocked {@link #acquire(long, long, CancelSignal)} be cancelled from outside: the
     * hook behind {@link #acquire(Context, long)} (a context's {@code AfterFunc} fires the
     * cancel). If {@code register} throws, the request is withdrawn (tokens granted meanwhile
     * are given back) and the exception propagates.
     */
    @FunctionalInterface
    interface CancelSignal {
        /**
         * Arranges for {@code cancel} to run (once, on any thread) when the signal fires; if it
         * has already fired, may run it at once, before returning. Called with no lock held,
         * after the request was queued.
         *
         * @param cancel cancels the waiting request unless it was granted first (idempotent,
         *     non-blocking)
         * @return an action that withdraws the arrangement; run when the acquire returns
         */
        Runnable register(Runnable cancel);
    }

    /**
     * The one internal acquire. Without blocking when {@code deadlineNanos == 0}; otherwise until
     * the tokens are granted, the deadline ({@link Waiter#NO_DEADLINE}: none) passes, or
     * {@code cancel} fires. Grant and cancellation race through the waiter's single claim, so
     * exactly one of them wins: a cancelled or timed-out request took nothing, and the requests
     * behind it are served.
     *
     * <p>{@link #acquire(Context, long)} builds Go's {@code Acquire(ctx, n)} on this
     * (RULE-SEM-04..09): it checks {@code ctx.err()} first (a done context fails even when tokens
     * are free); maps {@link #CANCELLED} to {@code ctx.err()}; and if the result is
     * {@link #ACQUIRED} after waiting while the context is done, it {@link #release}s and throws
     * {@code ctx.err()} (Go's "granted and cancelled at the same time" rule).
     *
     * @param n the weight (0 allowed)
     * @param deadlineNanos {@link System#nanoTime()} deadline, 0 for a try, or
     *     {@link Waiter#NO_DEADLINE}
     * @param cancel the cancel signal, or null
     * @return {@link #ACQUIRED}, {@link #TIMED_OUT} or {@link #CANCELLED}
     * @throws GoInterruptedException when interrupted while blocked (no tokens taken)
     */
    int acquire(long n, long deadlineNanos, CancelSignal cancel) {
        checkWeight(n);
        qlock();
        if (size - cur >= n && !waiters.hasWaiter()) {
            cur += n;
            qunlock();
            return ACQUIRED;
        }
        if (deadlineNanos == 0L) {
            qunlock();
            return TIMED_OUT;
        }
        Waiter w = new Waiter(false, n);
        // A request that can never be granted stays out of the queue, so that it never blocks
        // the others; only the deadline, the cancel signal or an interrupt ends it.
        boolean queued = n <= size;
        boolean spin = queued && !waiters.hasWaiter(); // only the head spins
        if (queued) {
            waiters.enqueue(w);
        }
        qunlock();
        int r;
        Runnable withdraw = null;
        Runnable cancelIt = () -> {
            // Runs without the queue lock while w is still queued, and grantNext may be reading
            // w's weight (its item) under the lock right now: a failed completion leaves item
            // alone (when it did not, grantNext hit a null with the lock held and the semaphore
            // hung; SemaphoreContextTest's stress test found it).
            if (w.tryClaim()) {
                w.complete(null, false);
            }
        };
        try {
            if (cancel != null) {
                try {
                    withdraw = cancel.register(cancelIt);
                } catch (RuntimeException | Error e) {
                    // A failing signal (a custom context's AfterFunc) must not leave the request
                    // queued: cancel it ourselves; if it was granted meanwhile, give it back.
                    cancelIt.run();
                    w.await(Waiter.NO_DEADLINE, WAIT_REASON, this, true); // done: returns at once
                    leave(w, queued, w.success() ? n : 0L);
                    throw e;
                }
            }
            r = w.await(deadlineNanos, WAIT_REASON, this, spin);
        } finally {
            if (withdraw != null) {
                withdraw.run();
            }
        }
        if (r == Waiter.COMPLETED && w.success()) {
            return ACQUIRED;
        }
        leave(w, queued, 0L);
        if (r == Waiter.INTERRUPTED) {
            throw new GoInterruptedException(WAIT_REASON);
        }
        return r == Waiter.TIMED_OUT ? TIMED_OUT : CANCELLED;
    }

    /**
     * Withdraws a request that gave up: takes it out of the queue, returns {@code held} tokens
     * (those of a grant that came too late to be used), and serves the queue, since those behind
     * a departed head may fit now.
     */
    private void leave(Waiter w, boolean queued, long held) {
        if (!queued && held == 0L) {
            return; // an oversized request was never queued and never granted
        }
        qlock();
        waiters.remove(w);
        cur -= held;
        Waiter next = grantNext();
        qunlock();
        notifyFrom(next);
    }

    /**
     * Claims the head waiter if its request fits, adding its weight to {@code cur} (under the
     * queue lock). Waiters that gave up are dropped on the way.
     *
     * @return the granted waiter, to complete after unlocking, or null
     */
    private Waiter grantNext() {
        for (;;) {
            Waiter w = waiters.peek();
            if (w == null) {
                return null;
            }
            long need = (Long) w.item;
            if (size - cur < need) {
                return null; // FIFO: nobody passes a head that does not fit
            }
            waiters.remove(w);
            if (w.tryClaim()) {
                cur += need;
                return w;
            }
        }
    }

    /** Completes {@code first} (already granted), then keeps serving the queue in order. */
    private void notifyFrom(Waiter first) {
        Waiter w = first;
        while (w != null) {
            w.complete(null, true);
            qlock();
            w = grantNext();
            qunlock();
        }
    }

    /** A context's error once its AfterFunc fired (a broken custom context counts as canceled). */
    private static ContextException errOf(Context ctx) {
        ContextException e = ctx.err();
        return e != null ? e : Context.CANCELED;
    }

    /**
     * The cancel signal of {@link #acquire(Context, long)}: the context's {@code AfterFunc}.
     * Also records whether the request had to wait (the signal is only registered then), which
     * decides whether a grant must be checked against the context again.
     */
    private static final class ContextSignal implements CancelSignal {
        private final Context ctx;
        /** Written and read by the acquiring thread only. */
        boolean waited;

        ContextSignal(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Runnable register(Runnable cancel) {
            waited = true;
            StopHandle h = Context.afterFunc(ctx, cancel);
            return h::stop;
        }
    }

    private static void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
    }

    @Override
    public String toString() {
        qlock();
        long c = cur;
        qunlock();
        return "Semaphore[size=" + size + ", held=" + c + "]";
    }
}
