package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.util.Objects;

/**
 * A condition variable, a rendezvous point for goroutines waiting for or announcing an event:
 * Go's {@code sync.Cond}.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);            // sync.NewCond(&mu)
 * // waiter                             // announcer
 * mu.lock();                            mu.lock();
 * while (!condition) {                  condition = true;
 *     ready.await();                    ready.broadcast();   // or signal()
 * }                                     mu.unlock();
 * use(...);
 * mu.unlock();
 * }</pre>
 *
 * <h2>Semantics (Go's)</h2>
 * <ul>
 *   <li>{@link #await()} atomically unlocks the locker and suspends the goroutine; it locks the
 *       locker again before it returns. A woken goroutine must recheck its condition (another
 *       goroutine may have changed it first), so call it in a loop.</li>
 *   <li>{@link #signal()} and {@link #broadcast()} wake only goroutines that are already
 *       waiting when they are called: a goroutine that starts waiting later is not woken by an
 *       earlier signal (no wake-up is stored). {@code signal} wakes the goroutine that has
 *       waited longest.</li>
 *   <li>Holding the lock while signalling is allowed, not required.</li>
 * </ul>
 * Go's advice applies: for simple cases channels are usually the better tool (closing a channel
 * is a broadcast; a send is a signal).
 *
 * <p>Go's {@code sync.Cond is copied} check has no counterpart: a Java reference cannot copy the
 * object it refers to.
 *
 * <h2>Blocking and interruption</h2>
 * {@link #await()} waits with the reason {@code sync.Cond.Wait}. Interrupted, it locks the
 * locker again (without giving up on the interrupt) and then throws
 * {@link GoInterruptedException} with the interrupt status set; it did not consume a signal.
 */
public final class Cond extends Guarded {
    /*
     * waiters (guarded by the queue lock): goroutines in await(), FIFO. A waiter enqueues before
     * it unlocks L, so a signal sent after the waiter released L (hence after any change the
     * waiter could have missed) finds it. signal claims the first, broadcast claims all: only
     * nodes queued before the call are claimed (Go's ticket "generations"). An interrupted
     * waiter removes its node; its cancel CAS and a signal's claim exclude each other, so a
     * signal is never consumed by a goroutine that then reports an interrupt.
     */
    static final String WAIT_REASON = "sync.Cond.Wait";

    private final Locker l;
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates a condition variable bound to {@code l}: Go's {@code sync.NewCond(l)}.
     *
     * @param l the locker held while observing or changing the condition (a {@link Mutex}, a
     *     {@link RWMutex}, or {@link RWMutex#rLocker()})
     * @throws NullPointerException if {@code l} is null
     */
    public Cond(Locker l) {
        this.l = Objects.requireNonNull(l, "sync.NewCond: locker");
    }

    /**
     * The locker bound to this condition: Go's {@code c.L}.
     *
     * @return the locker
     */
    public Locker locker() {
        return l;
    }

    /**
     * Unlocks the locker, waits for a {@link #signal()} or {@link #broadcast()}, and locks the
     * locker again: Go's {@code c.Wait()} (Java reserves the name {@code wait}). The caller must
     * hold the locker.
     *
     * @throws GoInterruptedException when interrupted while waiting; the locker is locked again
     *     first, the interrupt status stays set, and no signal was consumed
     * @throws FatalError when the locker was not locked (from its {@code unlock})
     */
    public void await() {
        Waiter w = new Waiter(false, null);
        qlock();
        waiters.enqueue(w);
        qunlock();
        try {
            l.unlock();
        } catch (RuntimeException | Error e) {
            qlock();
            waiters.remove(w);
            qunlock();
            throw e;
        }
        // No spin: a condition is signalled by someone who must first take the lock we just released.
        int r = w.await(Waiter.NO_DEADLINE, WAIT_REASON, this, false);
        if (r != Waiter.COMPLETED) {
            qlock();
            waiters.remove(w);
            qunlock();
        }
        relock();
        if (r != Waiter.COMPLETED) {
            throw new GoInterruptedException(WAIT_REASON);
        }
    }

    /**
     * Wakes the goroutine that has waited longest in {@link #await()}, if any: Go's
     * {@code c.Signal()}. Never blocks; a no-op when nobody waits.
     */
    public void signal() {
        qlock();
        Waiter w = waiters.claimFirst();
        qunlock();
        if (w != null) {
            w.complete(null, true);
        }
    }

    /**
     * Wakes every goroutine waiting in {@link #await()}: Go's {@code c.Broadcast()}. Never
     * blocks; goroutines that start waiting afterwards are not woken.
     */
    public void broadcast() {
        qlock();
        Waiter all = waiters.claimAll();
        qunlock();
        Waiter.completeChain(all, null, true);
    }

    /**
     * Locks {@code l} again even if the thread is interrupted (Go's Wait always returns with L
     * held): the interrupt is set aside while locking and restored afterwards.
     */
    private void relock() {
        boolean interrupted = false;
        for (;;) {
            try {
                l.lock();
                break;
            } catch (GoInterruptedException e) {
                interrupted |= Thread.interrupted(); // clear it, and block again
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
