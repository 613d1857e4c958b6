package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;

/**
 * A weighted semaphore: Go's {@code golang.org/x/sync/semaphore.Weighted}.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(10);   // semaphore.NewWeighted(10)
 * sem.acquire(3);                      // sem.Acquire(ctx, 3)
 * try { work(); } finally { sem.release(3); }
 * }</pre>
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li><b>Strict FIFO, no barging.</b> Requests are served in arrival order: a large request at
 *       the head of the queue makes smaller ones behind it wait even when they would fit, so a
 *       large request is never starved. Once anyone is queued, {@link #tryAcquire} fails even
 *       when enough tokens are free.</li>
 *   <li>A request larger than the size can never succeed: it blocks (until interrupted) without
 *       entering the queue, so it never holds up other requests.</li>
 *   <li>A weight of 0 is allowed: it succeeds at once unless requests are queued, and then
 *       waits its turn behind them.</li>
 *   <li>Releasing more than is held is a panic: {@code semaphore: released more than held}.
 *       Unlike Go, the failed call leaves the count unchanged.</li>
 * </ul>
 *
 * <h2>Blocking and interruption</h2>
 * {@link #acquire} waits with the reason {@code semacquire}. Interrupted, it throws
 * {@link GoInterruptedException} with the interrupt status set, and took no tokens; if it was
 * at the head of the queue, the requests behind it that now fit are served. Go's
 * {@code Acquire(ctx, n)} is this method's context-aware form (package {@code context}).
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
     * been served: Go's {@code sem.Acquire(ctx, n)} without a context. A request larger than the
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
     * hook for Go's {@code Acquire(ctx, n)} (a context's {@code AfterFunc} fires the cancel).
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
     * <p>For {@code Acquire(ctx, n)} (RULE-SEM-04..09): check {@code ctx.Err()} first (a done
     * context fails even when tokens are free); map {@link #CANCELLED} to {@code ctx.Err()}; and
     * if the result is {@link #ACQUIRED} while the context is done, {@link #release} and return
     * {@code ctx.Err()} (Go's "granted and cancelled at the same time" rule).
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
        try {
            if (cancel != null) {
                withdraw = cancel.register(() -> {
                    if (w.tryClaim()) {
                        w.complete(null, false);
                    }
                });
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
        if (queued) {
            // Leave the queue; if we were its head, those behind us may fit now.
            qlock();
            waiters.remove(w);
            Waiter next = grantNext();
            qunlock();
            notifyFrom(next);
        }
        if (r == Waiter.INTERRUPTED) {
            throw new GoInterruptedException(WAIT_REASON);
        }
        return r == Waiter.TIMED_OUT ? TIMED_OUT : CANCELLED;
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
