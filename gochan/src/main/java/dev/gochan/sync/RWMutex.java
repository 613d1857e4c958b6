package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader/writer mutual exclusion lock: Go's {@code sync.RWMutex}.
 *
 * <pre>{@code
 * RWMutex mu = new RWMutex();     // var mu sync.RWMutex (the zero value is unlocked)
 * mu.rLock();                     // many readers at once
 * try { return cache.get(k); } finally { mu.rUnlock(); }
 * mu.lock();                      // one writer, no readers
 * try { cache.put(k, v); } finally { mu.unlock(); }
 * }</pre>
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li>Any number of readers, or one writer, hold the lock.</li>
 *   <li><b>Writer preference:</b> once a goroutine is blocked in {@link #lock()}, new
 *       {@link #rLock()} calls block until that writer has acquired and released the lock. So a
 *       goroutine must not read-lock recursively (the inner {@code rLock} deadlocks once a writer
 *       queued in between), and there is no upgrade or downgrade.</li>
 *   <li>When a writer unlocks, every reader that was blocked gets the lock before the next
 *       writer: readers and writers alternate under contention, neither starves.</li>
 *   <li>Not owned: any goroutine may unlock; unlocking what is not locked is a fatal error
 *       ({@code sync: Unlock of unlocked RWMutex}, {@code sync: RUnlock of unlocked RWMutex}).</li>
 * </ul>
 *
 * <h2>Blocking and interruption</h2>
 * {@link #rLock()} waits with the reason {@code sync.RWMutex.RLock}, {@link #lock()} with
 * {@code sync.RWMutex.Lock}. An interrupted wait throws {@link GoInterruptedException}: the
 * lock was not taken, the interrupt status stays set, and a writer that gives up lets the
 * readers it was holding back in. Uncontended read and write locks are one CAS each.
 */
public final class RWMutex extends Guarded implements Locker {
    /*
     * Implementation overview
     *
     * state (one int, CAS):
     *   bits 0..27  R, the number of readers holding the lock
     *   WLOCKED     a writer holds the lock (then R == 0)
     *   WWAIT       writers are queued: new readers block (writer preference)
     *   RWAIT       readers are queued: the writer's unlock fast path (CAS WLOCKED -> 0) fails
     *   HANDOVER    a writer's slow unlock is handing the lock on: it replaced WLOCKED by this
     *               bit in one CAS (so of two unlocks of one write lock exactly one succeeds),
     *               and it blocks readers and writers as WLOCKED does until the unlock, under
     *               the queue lock, has admitted the blocked readers or the next writer.
     *
     * readers, writers (guarded by the queue lock): the blocked goroutines, FIFO.
     *
     * Invariants
     *   - WWAIT and RWAIT are set (each in a CAS that proves the lock is still unavailable) and
     *     cleared only under the queue lock, before/after the waiter enters/leaves its queue.
     *   - Readers queue only while WLOCKED, HANDOVER or WWAIT; writers only while R > 0,
     *     WLOCKED or HANDOVER.
     *   - Handoff: a woken goroutine already holds what it waited for. A writer's unlock claims
     *     all queued readers and sets R to their number; the last reader out (R 1 -> 0 with
     *     WWAIT) or a writer's unlock with no queued readers sets WLOCKED for the first queued
     *     writer. So "R == 0, !WLOCKED, WWAIT" never lasts beyond a queue-lock section.
     *   - While WWAIT is set, R only decreases, and only the last reader (under the queue lock)
     *     takes it to 0.
     *
     * Linearization: rLock/rUnlock at their CAS on R (for a blocked reader: the unlock's CAS
     * that counts it in R); lock at the CAS that sets WLOCKED (for a blocked writer: the CAS that
     * hands it over); unlock at the CAS that clears WLOCKED.
     */
    private static final int RMASK = (1 << 28) - 1;
    private static final int WLOCKED = 1 << 28;
    private static final int WWAIT = 1 << 29;
    private static final int RWAIT = 1 << 30;
    private static final int HANDOVER = 1 << 31;
    /** What makes a reader wait. */
    private static final int BLOCKS_READERS = WLOCKED | HANDOVER | WWAIT;

    static final String RLOCK_REASON = "sync.RWMutex.RLock";
    static final String LOCK_REASON = "sync.RWMutex.Lock";

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RWMutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private final WaitQueue readers = new WaitQueue();
    private final WaitQueue writers = new WaitQueue();
    private final Locker rlocker = new Locker() {
        @Override
        public void lock() {
            rLock();
        }

        @Override
        public void unlock() {
            rUnlock();
        }

        @Override
        public String toString() {
            return "RLocker[" + RWMutex.this + "]";
        }
    };

    /** Creates an unlocked RWMutex: Go's zero value {@code var mu sync.RWMutex}. */
    public RWMutex() {}

    // ---- readers -----------------------------------------------------------------------------

    /**
     * Locks for reading: Go's {@code rw.RLock()}. Blocks while a writer holds the lock or is
     * waiting for it (writer preference).
     *
     * <p>Do not use it for recursive read locking: once a writer is queued, the inner call
     * blocks, and the writer waits for the outer one.
     *
     * @throws GoInterruptedException when interrupted while blocked (no read lock was taken; the
     *     interrupt status stays set)
     */
    public void rLock() {
        for (;;) {
            int s = state;
            if ((s & BLOCKS_READERS) != 0) {
                rLockSlow();
                return;
            }
            if (STATE.compareAndSet(this, s, addReader(s))) {
                return;
            }
        }
    }

    /**
     * Tries to lock for reading without blocking: Go's {@code rw.TryRLock()}.
     *
     * @return true when the caller now holds a read lock; false when a writer holds the lock or
     *     waits for it
     */
    public boolean tryRLock() {
        for (;;) {
            int s = state;
            if ((s & BLOCKS_READERS) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, addReader(s))) {
                return true;
            }
        }
    }

    /**
     * Undoes one {@link #rLock()}: Go's {@code rw.RUnlock()}. Never blocks; the last reader out
     * hands the lock to a waiting writer.
     *
     * @throws FatalError {@code sync: RUnlock of unlocked RWMutex} when no read lock is held
     */
    public void rUnlock() {
        for (;;) {
            int s = state;
            int r = s & RMASK;
            if (r == 0) {
                throw rUnlockOfUnlocked();
            }
            if (r == 1 && (s & WWAIT) != 0) {
                rUnlockSlow();
                return;
            }
            if (STATE.compareAndSet(this, s, s - 1)) {
                return;
            }
        }
    }

    /**
     * A {@link Locker} whose {@code lock}/{@code unlock} are this mutex's
     * {@link #rLock()}/{@link #rUnlock()}: Go's {@code rw.RLocker()}. Use it to bind a
     * {@link Cond} to the read lock. Always the same object for this mutex.
     *
     * @return the read-lock view
     */
    public Locker rLocker() {
        return rlocker;
    }

    // ---- writers -----------------------------------------------------------------------------

    /**
     * Locks for writing: Go's {@code rw.Lock()}. Blocks until no reader and no writer holds the
     * lock; while it is blocked, new readers block too.
     *
     * @throws GoInterruptedException when interrupted while blocked (the lock was not taken; the
     *     interrupt status stays set; readers held back by this writer are let in)
     */
    @Override
    public void lock() {
        if (!STATE.compareAndSet(this, 0, WLOCKED)) {
            lockSlow();
        }
    }

    /**
     * Tries to lock for writing without blocking: Go's {@code rw.TryLock()}.
     *
     * @return true when the caller now holds the write lock; false when any reader or writer
     *     holds the lock or waits for it
     */
    public boolean tryLock() {
        return STATE.compareAndSet(this, 0, WLOCKED);
    }

    /**
     * Unlocks for writing: Go's {@code rw.Unlock()}. Never blocks. The readers that were blocked
     * get the lock first; otherwise the first waiting writer does.
     *
     * <p>Not owned: any goroutine may unlock. There is no downgrade to a read lock.
     *
     * @throws FatalError {@code sync: Unlock of unlocked RWMutex} when not write-locked
     */
    @Override
    public void unlock() {
        if (!STATE.compareAndSet(this, WLOCKED, 0)) {
            unlockSlow();
        }
    }

    // ---- slow paths --------------------------------------------------------------------------

    private static int addReader(int s) {
        if ((s & RMASK) == RMASK) {
            throw new IllegalStateException("sync: too many RWMutex readers");
        }
        return s + 1;
    }

    private void rLockSlow() {
        qlock();
        for (;;) {
            int s = state;
            if ((s & BLOCKS_READERS) == 0) {
                int n;
                try {
                    n = addReader(s);
                } catch (IllegalStateException e) {
                    qunlock();
                    throw e;
                }
                if (STATE.compareAndSet(this, s, n)) {
                    qunlock();
                    return;
                }
            } else if ((s & RWAIT) != 0 || STATE.compareAndSet(this, s, s | RWAIT)) {
                break;
            }
        }
        Waiter w = new Waiter(false, null);
        boolean spin = !readers.hasWaiter(); // only the first blocked reader spins
        readers.enqueue(w);
        qunlock();
        if (w.await(Waiter.NO_DEADLINE, RLOCK_REASON, this, spin) == Waiter.COMPLETED) {
            return; // the waker counted us in R
        }
        qlock();
        readers.remove(w);
        if (!readers.hasWaiter()) {
            clearBits(RWAIT);
        }
        qunlock();
        throw new GoInterruptedException(RLOCK_REASON);
    }

    private void rUnlockSlow() {
        Waiter writer = null;
        List<Waiter> admitted = null;
        qlock();
        try {
            int s = state;
            int r = s & RMASK;
            if (r == 0) {
                throw rUnlockOfUnlocked();
            }
            if (r == 1 && (s & WWAIT) != 0) {
                // The last reader out hands the lock to the first writer.
                writer = writers.claimFirst();
                if (writer != null) {
                    update(-1, WLOCKED, writers.hasWaiter() ? 0 : WWAIT);
                } else {
                    // Every queued writer gave up: let the held-back readers in.
                    admitted = claimReaders();
                    update(count(admitted) - 1, 0, WWAIT | RWAIT);
                }
            } else {
                update(-1, 0, 0);
            }
        } finally {
            qunlock();
        }
        if (writer != null) {
            writer.complete(null, true);
        }
        completeAll(admitted);
    }

    private void lockSlow() {
        qlock();
        for (;;) {
            int s = state;
            if ((s & (RMASK | BLOCKS_READERS)) == 0) {
                if (STATE.compareAndSet(this, s, s | WLOCKED)) {
                    qunlock();
                    return;
                }
            } else if ((s & WWAIT) != 0 || STATE.compareAndSet(this, s, s | WWAIT)) {
                break;
            }
        }
        Waiter w = new Waiter(false, null);
        boolean spin = !writers.hasWaiter(); // only the next writer in line spins
        writers.enqueue(w);
        qunlock();
        if (w.await(Waiter.NO_DEADLINE, LOCK_REASON, this, spin) == Waiter.COMPLETED) {
            return; // handed over: WLOCKED was set for us
        }
        List<Waiter> admitted = null;
        qlock();
        try {
            writers.remove(w);
            if (!writers.hasWaiter()) {
                if ((state & (WLOCKED | HANDOVER)) == 0) {
                    // Readers were held back only by queued writers, and none is left.
                    admitted = claimReaders();
                    update(count(admitted), 0, WWAIT | RWAIT);
                } else {
                    update(0, 0, WWAIT); // the holder's unlock lets the readers in
                }
            }
        } finally {
            qunlock();
        }
        completeAll(admitted);
        throw new GoInterruptedException(LOCK_REASON);
    }

    private void unlockSlow() {
        // Release first, with Go's fatal check in the same CAS; HANDOVER keeps everyone out
        // until the blocked readers (or the next writer) are let in below.
        for (;;) {
            int s = state;
            if ((s & WLOCKED) == 0) {
                throw unlockOfUnlocked();
            }
            if (STATE.compareAndSet(this, s, (s & ~WLOCKED) | HANDOVER)) {
                break;
            }
        }
        Waiter writer = null;
        List<Waiter> admitted;
        qlock();
        try {
            admitted = claimReaders();
            if (admitted != null) {
                // The blocked readers go first; WWAIT stays while writers wait, holding back new
                // readers until the next writer had its turn.
                update(admitted.size(), 0,
                        HANDOVER | RWAIT | (writers.hasWaiter() ? 0 : WWAIT));
            } else {
                writer = writers.claimFirst();
                int clear = HANDOVER | RWAIT | (writers.hasWaiter() ? 0 : WWAIT);
                update(0, writer != null ? WLOCKED : 0, clear);
            }
        } finally {
            qunlock();
        }
        if (writer != null) {
            writer.complete(null, true);
        }
        completeAll(admitted);
    }

    /** Claims every queued reader (under the queue lock); null when there is none. */
    private List<Waiter> claimReaders() {
        List<Waiter> list = null;
        Waiter w;
        while ((w = readers.claimFirst()) != null) {
            if (list == null) {
                list = new ArrayList<>();
            }
            list.add(w);
        }
        return list;
    }

    private static int count(List<Waiter> ws) {
        return ws == null ? 0 : ws.size();
    }

    private static void completeAll(List<Waiter> ws) {
        if (ws != null) {
            for (Waiter w : ws) {
                w.complete(null, true);
            }
        }
    }

    /**
     * Adds {@code readers} to R, then sets and clears flag bits, in one CAS (a loop: readers
     * may leave concurrently, which only changes R). Flags are set and cleared, never added,
     * so a bit already cleared by someone else stays cleared.
     */
    private void update(int readers, int set, int clear) {
        for (;;) {
            int s = state;
            int n = ((s + readers) | set) & ~clear;
            if (n == s || STATE.compareAndSet(this, s, n)) {
                return;
            }
        }
    }

    private void clearBits(int bits) {
        update(0, 0, bits);
    }

    private static FatalError unlockOfUnlocked() {
        return new FatalError("sync: Unlock of unlocked RWMutex");
    }

    private static FatalError rUnlockOfUnlocked() {
        return new FatalError("sync: RUnlock of unlocked RWMutex");
    }

    @Override
    public String toString() {
        int s = state;
        String held = (s & (WLOCKED | HANDOVER)) != 0 ? "write-locked"
                : (s & RMASK) != 0 ? (s & RMASK) + " readers" : "unlocked";
        return "RWMutex[" + held + ((s & WWAIT) != 0 ? ", writers waiting" : "")
                + ((s & RWAIT) != 0 ? ", readers waiting" : "") + "]";
    }
}
