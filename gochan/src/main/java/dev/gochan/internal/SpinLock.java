package dev.gochan.internal;

import java.lang.invoke.VarHandle;

/**
 * The slow path of the per-channel lock: a test-and-test-and-set spin on an {@code int} field
 * (0 free, 1 held).
 *
 * <p>Why a spin lock: every critical section is a few plain writes and never parks, so a holder
 * is always running (a virtual thread cannot be unmounted while it holds one). Parking a waiter
 * would cost far more than the wait. After a while the spinner yields its carrier, in case the
 * holder's OS thread was descheduled.
 */
public final class SpinLock {
    private SpinLock() {}

    /** Spins until the lock word of {@code owner} goes from 0 to 1. */
    public static void lockSlow(VarHandle word, Object owner) {
        int spins = 0;
        for (;;) {
            if ((int) word.getOpaque(owner) == 0 && word.weakCompareAndSetAcquire(owner, 0, 1)) {
                return;
            }
            if (++spins < 128) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                Thread.yield();
            }
        }
    }
}
