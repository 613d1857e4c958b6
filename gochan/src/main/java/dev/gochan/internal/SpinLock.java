package dev.gochan.internal;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The slow path of the per-channel lock: a test-and-test-and-set spin on bit 0 of an {@code int}
 * field (0 free, 1 held). The other bits belong to the owner (an unbuffered channel keeps its
 * state beside the lock bit, ADR 0008); the lock keeps them as they are, and nobody but the
 * holder may change them while the bit is set.
 *
 * <p>Why a spin lock: every critical section is a few plain writes and never parks, so a holder
 * is almost always running. Parking a waiter would cost far more than the wait. After a while
 * the spinner yields its carrier, in case the holder is not running.
 *
 * <p>Yielding alone is not enough. A holder can be off its carrier: a select acquiring its
 * channels in order holds the first ones while it spins (and yields) for the next, and a select
 * registering a timer wake-up can park inside the executor's lock. Such a holder resumes through
 * a submission to the scheduler, and on JDK 25 virtual threads that keep calling
 * {@code Thread.yield()} can keep every carrier from ever taking that submission: a livelock
 * (reproduced by StressChannelsTest's select stress: 8 selects over the same 7 channels hang
 * within seconds). So after a few rounds of yielding the spinner parks for a short, timed while,
 * which frees its carrier. The park must really park: with the interrupt status set it would
 * return at once (and re-setting the status after each park re-arms the permit), so the status
 * is taken off for the whole wait and restored once the lock is held.
 */
public final class SpinLock {
    private static final int SPINS_PER_ROUND = 128;
    private static final int YIELD_ROUNDS = 8;
    private static final long BACKOFF_NANOS = 20_000;

    private SpinLock() {}

    /**
     * Spins until bit 0 of the lock word of {@code owner} goes from 0 to 1. Not interruptible.
     *
     * @return the lock word as this call left it (bit 0 set)
     */
    public static int lockSlow(VarHandle word, Object owner) {
        int spins = 0;
        int rounds = 0;
        boolean interrupted = false;
        for (;;) {
            int c = (int) word.getOpaque(owner);
            if ((c & 1) == 0 && word.weakCompareAndSetAcquire(owner, c, c | 1)) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return c | 1;
            }
            if (++spins < SPINS_PER_ROUND) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                if (++rounds < YIELD_ROUNDS) {
                    Thread.yield();
                } else {
                    interrupted |= Thread.interrupted();
                    LockSupport.parkNanos(owner, BACKOFF_NANOS);
                }
            }
        }
    }
}
