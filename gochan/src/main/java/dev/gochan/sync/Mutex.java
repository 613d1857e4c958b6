package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mutual exclusion lock: Go's {@code sync.Mutex}.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();        // var mu sync.Mutex (the zero value is unlocked)
 * mu.lock();
 * try { count++; } finally { mu.unlock(); }
 * mu.withLock(() -> count++);    // the same
 * }</pre>
 *
 * <h2>Go semantics, not {@code ReentrantLock}'s</h2>
 * <ul>
 *   <li>Not reentrant: a goroutine that calls {@link #lock()} on a mutex it holds blocks (forever,
 *       unless someone else unlocks it).</li>
 *   <li>Not owned: any goroutine may unlock a locked mutex, not only the one that locked it.</li>
 *   <li>Unlocking an unlocked mutex is a fatal error ({@link FatalError}
 *       {@code sync: unlock of unlocked mutex}).</li>
 * </ul>
 *
 * <h2>Fairness (Go's two modes)</h2>
 * In <em>normal mode</em> an unlock wakes the oldest waiter, but the woken waiter competes with
 * goroutines that are arriving right now ({@code lock()} may barge), which keeps the lock busy
 * and fast. A woken waiter that loses goes back to the front of the queue. When the waiter at
 * the front has been waiting for more than 1 ms, the mutex switches to <em>starvation mode</em>:
 * unlock hands the mutex directly to the waiter at the front, and newcomers queue at the back
 * without trying. It returns to normal mode when the waiter that receives the lock waited less
 * than 1 ms or is the last one.
 *
 * <h2>Blocking and interruption</h2>
 * {@link #lock()} blocks through the library's one waiting protocol with the wait reason
 * {@code sync.Mutex.Lock}. An interrupted {@code lock()} throws
 * {@link GoInterruptedException}: the lock was not taken, and the interrupt status stays set.
 * An uncontended lock and unlock are one compare-and-set each.
 */
public final class Mutex extends Guarded implements Locker {
    /*
     * Implementation overview
     *
     * state (one int, CAS):
     *   LOCKED    the mutex is held
     *   WOKEN     a goroutine is on its way to retry: one woken by unlock in normal mode, or one
     *             spinning before it queues. Unlock wakes nobody while it is set. It is owned by
     *             whoever set it and cleared by its owner in the CAS with which the owner either
     *             takes the lock or queues (in a race both may own it for a moment: that costs
     *             an extra wake-up at worst, never a lost one).
     *   STARVING  starvation mode: unlock hands the lock over (LOCKED stays set across the
     *             handoff), newcomers never barge or spin.
     *   WAITERS   the queues may hold waiters: the unlock fast path (CAS LOCKED -> 0) fails.
     *
     * queue, requeue (guarded by the queue lock, created lazily under it): waiters queued for
     * the first time, and woken waiters that lost the race (served first: Go puts them at the
     * front). Each node's item is the nanoTime of its lock() call's first queueing.
     *
     * Invariants
     *   - WAITERS and STARVING change only with the queue lock held. A waiter sets WAITERS (in a
     *     CAS that also proves the mutex LOCKED) before it enqueues and before it releases the
     *     queue lock, so an unlock either fails its fast path and finds the waiter, or happened
     *     before the CAS and the waiter takes the lock instead of queueing. No lost wake-up.
     *   - Unlock first clears LOCKED, in a CAS that checks it is set (of two unlocks of one
     *     lock exactly one succeeds; the other is the fatal error). Then, only if someone needs
     *     waking (WAITERS and not WOKEN, or STARVING), it takes the queue lock and claims the
     *     next waiter: a wake-up (WOKEN set; the waiter competes) or a handoff (LOCKED set again
     *     on the waiter's behalf).
     *   - While STARVING, only a handoff sets LOCKED (lockers and tryLock check STARVING); so
     *     "STARVING, not LOCKED" lasts only while an unlock is on its way to hand over, and a
     *     starving unlock that finds no waiter clears STARVING.
     *   - A node leaves a queue by a claim or by its owner after a cancelled wait (interrupt);
     *     a claim is one CAS, so a handoff is never lost: the interrupted waiter either did not
     *     get the lock or got it and returns normally.
     *
     * Linearization: lock at the CAS that sets LOCKED (for a handoff: the unlocker's CAS that
     * sets it again); unlock at the CAS that clears LOCKED.
     */
    private static final int LOCKED = 1;
    private static final int WOKEN = 2;
    private static final int STARVING = 4;
    private static final int WAITERS = 8;

    /** Go's starvationThresholdNs: a waiter queued longer than this gets the lock handed over. */
    static final long STARVATION_THRESHOLD_NANOS = 1_000_000L;

    static final String WAIT_REASON = "sync.Mutex.Lock";

    /** Go's active_spin: rounds of spinning before queueing (0 with a single carrier). */
    private static final int ACTIVE_SPINS = multiCarrier() ? 4 : 0;
    /** Go's active_spin_cnt: pauses per round. */
    private static final int ACTIVE_SPIN_PAUSES = 30;

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private WaitQueue queue;
    private WaitQueue requeue;

    /** Creates an unlocked mutex: Go's zero value {@code var mu sync.Mutex}. */
    public Mutex() {}

    /**
     * Locks the mutex: Go's {@code mu.Lock()}. Blocks until it is available.
     *
     * <p>Not reentrant: calling it while the calling goroutine holds the mutex blocks until some
     * other goroutine unlocks it.
     *
     * @throws GoInterruptedException when interrupted while blocked; the lock was not taken and
     *     the interrupt status stays set (a lock that is free is taken even when the interrupt
     *     status is already set)
     */
    @Override
    public void lock() {
        if (!STATE.compareAndSet(this, 0, LOCKED)) {
            lockSlow();
        }
    }

    /**
     * Tries to lock the mutex without blocking: Go's {@code mu.TryLock()}.
     *
     * <p>Fails when the mutex is locked, and also in starvation mode (the lock is promised to the
     * waiters). As in Go, correct uses are rare: prefer {@link #lock()}.
     *
     * @return true when the mutex is now locked by the caller
     */
    public boolean tryLock() {
        int s = state;
        return (s & (LOCKED | STARVING)) == 0 && STATE.compareAndSet(this, s, s | LOCKED);
    }

    /**
     * Unlocks the mutex: Go's {@code mu.Unlock()}. Never blocks.
     *
     * <p>A mutex is not owned: any goroutine may unlock it. In starvation mode the mutex is
     * handed directly to the longest waiter.
     *
     * @throws FatalError {@code sync: unlock of unlocked mutex} when the mutex is not locked
     */
    @Override
    public void unlock() {
        if (!STATE.compareAndSet(this, LOCKED, 0)) {
            unlockSlow();
        }
    }

    // ---- slow paths --------------------------------------------------------------------------

    private void lockSlow() {
        long since = 0L;       // nanoTime of the first queueing, 0 before it
        boolean woken = false; // WOKEN is set on our behalf (woken by unlock, or spinning)
        int spins = 0;
        for (;;) {
            int s = state;
            if ((s & (LOCKED | STARVING)) == 0) {
                int n = woken ? (s | LOCKED) & ~WOKEN : s | LOCKED;
                if (STATE.compareAndSet(this, s, n)) {
                    return;
                }
                continue;
            }
            // Go's active spinning: in normal mode, with another carrier to run the holder, the
            // lock is often free again within a few hundred nanoseconds. While spinning we own
            // WOKEN, so that unlock does not wake a queued waiter that would only lose to us.
            if ((s & STARVING) == 0 && spins < ACTIVE_SPINS) {
                if (!woken && (s & (WOKEN | WAITERS)) == WAITERS
                        && STATE.compareAndSet(this, s, s | WOKEN)) {
                    woken = true;
                }
                for (int i = 0; i < ACTIVE_SPIN_PAUSES; i++) {
                    Thread.onSpinWait();
                }
                spins++;
                continue;
            }
            // Publish a waiter, unless the mutex became free: decided by one CAS under the queue
            // lock, so an unlock either sees WAITERS or happened before and we take the lock.
            qlock();
            boolean acquired;
            for (;;) {
                s = state;
                acquired = (s & (LOCKED | STARVING)) == 0;
                int n = acquired ? s | LOCKED : s | WAITERS;
                if (woken) {
                    n &= ~WOKEN;
                }
                if (STATE.compareAndSet(this, s, n)) {
                    break;
                }
            }
            woken = false; // the CAS above cleared WOKEN if we owned it
            if (acquired) {
                qunlock();
                return;
            }
            boolean again = since != 0L; // woken before and lost the race: back to the front
            if (!again) {
                since = System.nanoTime() | 1L; // never 0
            }
            Waiter w = new Waiter(false, since);
            // Only the next in line spins before parking: waiters behind it would only take
            // carriers away from the goroutines they wait for.
            boolean spin = !hasWaiters();
            if (again) {
                if (requeue == null) {
                    requeue = new WaitQueue();
                }
                requeue.enqueue(w);
            } else {
                if (queue == null) {
                    queue = new WaitQueue();
                }
                queue.enqueue(w);
            }
            qunlock();
            int r = w.await(Waiter.NO_DEADLINE, WAIT_REASON, this, spin);
            if (r != Waiter.COMPLETED) {
                withdraw(w);
                throw new GoInterruptedException(WAIT_REASON);
            }
            if (w.success()) {
                return; // handed over: LOCKED was kept set for us
            }
            woken = true;
            spins = 0;
        }
    }

    /** Removes an interrupted waiter; clears WAITERS (and STARVING) when nobody else waits. */
    private void withdraw(Waiter w) {
        qlock();
        try {
            if (queue != null) {
                queue.remove(w);
            }
            if (requeue != null) {
                requeue.remove(w);
            }
            if (!hasWaiters()) {
                for (;;) {
                    int s = state;
                    if (STATE.compareAndSet(this, s, s & ~(WAITERS | STARVING))) {
                        break;
                    }
                }
            }
        } finally {
            qunlock();
        }
    }

    private boolean hasWaiters() {
        return (requeue != null && requeue.hasWaiter()) || (queue != null && queue.hasWaiter());
    }

    private Waiter claimNext() {
        Waiter w = requeue == null ? null : requeue.claimFirst();
        if (w == null && queue != null) {
            w = queue.claimFirst();
        }
        return w;
    }

    private void unlockSlow() {
        // Release first: the linearization point, with Go's fatal check in the same CAS, so that
        // of two unlocks of one lock exactly one succeeds.
        int s;
        for (;;) {
            s = state;
            if ((s & LOCKED) == 0) {
                throw unlockOfUnlocked();
            }
            if (STATE.compareAndSet(this, s, s & ~LOCKED)) {
                break;
            }
        }
        if ((s & STARVING) == 0 && (s & (WOKEN | WAITERS)) != WAITERS) {
            return; // nobody to wake: no waiters, or a woken or spinning goroutine is on its way
        }
        Waiter w = null;
        boolean handoff = false;
        qlock();
        try {
            s = state;
            if ((s & STARVING) == 0 && (s & (LOCKED | WOKEN)) != 0) {
                return; // someone took the lock (its unlock wakes the next) or is on its way
            }
            w = claimNext();
            boolean more = hasWaiters();
            boolean longWait = w != null
                    && System.nanoTime() - (Long) w.item > STARVATION_THRESHOLD_NANOS;
            for (;;) {
                s = state;
                int n = s & ~(WAITERS | STARVING);
                if (more) {
                    n |= WAITERS;
                }
                // In starvation mode nobody else can take the released lock: hand it over.
                // A waiter queued over 1 ms gets it handed over too, entering starvation mode;
                // it is left when the recipient waited less than 1 ms or is the last waiter.
                handoff = w != null && (s & LOCKED) == 0
                        && ((s & STARVING) != 0 || longWait);
                if (handoff) {
                    n |= LOCKED;
                    if (more && longWait) {
                        n |= STARVING;
                    }
                } else if (w != null) {
                    n |= WOKEN; // normal mode: it competes with newcomers
                }
                if (STATE.compareAndSet(this, s, n)) {
                    break;
                }
            }
        } finally {
            qunlock();
        }
        if (w != null) {
            w.complete(null, handoff);
        }
    }

    /**
     * Whether the virtual-thread scheduler has more than one carrier: with one, the holder cannot
     * run while we spin, so spinning is pure waste.
     */
    private static boolean multiCarrier() {
        int carriers = Runtime.getRuntime().availableProcessors();
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                carriers = Integer.parseInt(p.trim());
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        return carriers > 1 && !"0".equals(System.getProperty("gochan.spins"));
    }

    private static FatalError unlockOfUnlocked() {
        return new FatalError("sync: unlock of unlocked mutex");
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & STARVING) != 0 ? ", starving" : "")
                + ((s & WAITERS) != 0 ? ", waiters" : "") + "]";
    }
}
