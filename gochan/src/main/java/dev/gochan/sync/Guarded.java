package dev.gochan.sync;

import dev.gochan.internal.SpinLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The private lock word of one sync primitive: the counterpart of HChan's lock, guarding the
 * primitive's wait queues and the bookkeeping that must change together with them.
 *
 * <p>Why a spin lock: every critical section is a few plain writes and never parks (waiters are
 * completed and unparked after the lock is released), so a holder is always running. Each
 * primitive has its own word; nothing is shared between primitives.
 */
abstract class Guarded {
    private static final VarHandle QLOCK;
    static {
        try {
            QLOCK = MethodHandles.lookup().findVarHandle(Guarded.class, "qlock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through QLOCK
    private volatile int qlock;

    Guarded() {}

    /** Acquires the queue lock (spins: holders never park). */
    final void qlock() {
        if (!QLOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(QLOCK, this);
        }
    }

    /** Releases the queue lock. */
    final void qunlock() {
        QLOCK.setRelease(this, 0);
    }
}
