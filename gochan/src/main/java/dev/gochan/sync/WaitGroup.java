package dev.gochan.sync;

import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Waits for a collection of goroutines to finish: Go's {@code sync.WaitGroup}.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();          // var wg sync.WaitGroup
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));             // wg.Go(func() { fetch(url) })   (Go 1.25)
 * }
 * wg.await();                              // wg.Wait()
 *
 * wg.add(1);                               // the classic form: Add before starting,
 * go(() -> { try { work(); } finally { wg.done(); } });   // defer wg.Done()
 * }</pre>
 *
 * <h2>Rules (Go's)</h2>
 * <ul>
 *   <li>An {@link #add} with a positive delta that starts from a zero counter must happen before
 *       {@link #await()}: call it before starting the goroutine, not inside it.</li>
 *   <li>A WaitGroup may be reused once its counter is back to zero, but new {@code add} calls
 *       must happen after every previous {@code await} has returned. A waiter that wakes to
 *       find the group already reused throws {@code sync: WaitGroup is reused before previous
 *       Wait has returned}.</li>
 *   <li>The counter must never go negative: {@code sync: negative WaitGroup counter}. Unlike Go,
 *       the failed call leaves the counter unchanged, so the group stays usable.</li>
 * </ul>
 * Go also reports {@code sync: WaitGroup misuse: Add called concurrently with Wait} when it
 * catches an {@code Add} from zero racing with the wake-up of waiters. Here the counter and
 * the waiter count are reset in one atomic step, so that window does not exist: such an
 * {@code add} either happens before the wake-up (the waiters keep waiting) or after it (the
 * waiters' check above reports the reuse).
 *
 * <h2>Blocking and interruption</h2>
 * {@link #await()} blocks with the wait reason {@code sync.WaitGroup.Wait}; interrupted, it
 * throws {@link GoInterruptedException} (the interrupt status stays set) and the group is as if
 * it had never waited. {@code add} and {@code done} never block: an add that takes the counter
 * to zero wakes every waiter.
 */
public final class WaitGroup extends Guarded {
    /*
     * Implementation overview
     *
     * state (one long, CAS): high 32 bits the counter v (signed), low 32 bits the number w of
     * waiters (goroutines in await() that found v > 0).
     *
     * queue (guarded by the queue lock, created lazily): the waiters. generation (guarded by the
     * queue lock): how many times waiters were released.
     *
     * Invariants
     *   - w > 0 only while v > 0: a waiter registers (w + 1, in a CAS that proves v > 0) and
     *     enqueues within one queue-lock section; the add that takes v to 0 with w > 0 resets
     *     the whole state to 0 and claims every queued waiter within one queue-lock section. An
     *     add that leaves w == 0 needs no lock: nobody waits.
     *   - So every waiter counted in w is either in the queue or being withdrawn under the lock;
     *     an interrupted waiter that is still in the queue's generation uncounts itself, one
     *     whose generation was released has nothing to undo.
     *
     * Linearization: add at its CAS; await returns when the counter was 0 at its read, or at the
     * add whose CAS reset the state.
     */
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String WAIT_REASON = "sync.WaitGroup.Wait";

    private volatile long state;
    private WaitQueue queue;
    private long generation;

    /** Creates a WaitGroup with a zero counter: Go's zero value {@code var wg sync.WaitGroup}. */
    public WaitGroup() {}

    /**
     * Adds {@code delta} (which may be negative) to the counter: Go's {@code wg.Add(delta)}.
     * When the counter becomes zero, every goroutine blocked in {@link #await()} is released.
     * Never blocks.
     *
     * @param delta the amount to add
     * @throws IllegalStateException {@code sync: negative WaitGroup counter} when the counter
     *     would go negative (the counter is left unchanged)
     */
    public void add(int delta) {
        for (;;) {
            long s = state;
            long v = counter(s) + (long) delta;
            int w = (int) s;
            if (v < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalStateException("sync: WaitGroup counter overflow");
            }
            if (v == 0 && w != 0) {
                releaseWaiters(delta);
                return;
            }
            if (STATE.compareAndSet(this, s, (v << 32) | (s & 0xFFFF_FFFFL))) {
                return;
            }
        }
    }

    /**
     * Decrements the counter by one: Go's {@code wg.Done()}, the same as {@code add(-1)}.
     *
     * @throws IllegalStateException {@code sync: negative WaitGroup counter} when the counter is
     *     already zero
     */
    public void done() {
        add(-1);
    }

    /**
     * Blocks until the counter is zero: Go's {@code wg.Wait()} (Java reserves the name
     * {@code wait}). Returns at once when the counter is already zero.
     *
     * @throws GoInterruptedException when interrupted while blocked (the interrupt status stays
     *     set)
     * @throws IllegalStateException {@code sync: WaitGroup is reused before previous Wait has
     *     returned} when, by the time this waiter woke up, the group was already counting
     *     again
     */
    public void await() {
        if (counter(state) == 0) {
            return;
        }
        Waiter w = new Waiter(false, null);
        long gen;
        qlock();
        for (;;) {
            long s = state;
            if (counter(s) == 0) {
                qunlock();
                return;
            }
            if ((int) s == -1) {
                qunlock();
                throw new IllegalStateException("sync: too many WaitGroup waiters");
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                break;
            }
        }
        if (queue == null) {
            queue = new WaitQueue();
        }
        boolean spin = !queue.hasWaiter(); // one spinning waiter is enough
        queue.enqueue(w);
        gen = generation;
        qunlock();
        if (w.await(Waiter.NO_DEADLINE, WAIT_REASON, this, spin) == Waiter.COMPLETED) {
            if (state != 0L) {
                throw new IllegalStateException(
                        "sync: WaitGroup is reused before previous Wait has returned");
            }
            return;
        }
        qlock();
        if (generation == gen) { // not released: still queued and counted
            queue.remove(w);
            for (;;) {
                long s = state;
                if (STATE.compareAndSet(this, s, s - 1)) {
                    break;
                }
            }
        }
        qunlock();
        throw new GoInterruptedException(WAIT_REASON);
    }

    /**
     * Starts {@code f} in a new goroutine counted by this group: Go 1.25's {@code wg.Go(f)},
     * that is {@code add(1)}, then a goroutine that runs {@code f} and calls {@link #done()}
     * however {@code f} ends (an exception escaping {@code f} is still reported as the
     * goroutine's panic). A goroutine started this way may itself call {@code go}; when the
     * group is empty, {@code go} must happen before {@link #await()}, like {@code add}.
     * Never blocks.
     *
     * @param f the goroutine's body
     * @throws NullPointerException if {@code f} is null
     */
    public void go(Runnable f) {
        Objects.requireNonNull(f, "wg.go: f");
        add(1);
        try {
            Go.go(() -> {
                try {
                    f.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done(); // the goroutine never started
            throw e;
        }
    }

    /** Takes the counter to zero with waiters: resets the state and releases them all. */
    private void releaseWaiters(int delta) {
        WaitQueue released = null;
        qlock();
        try {
            for (;;) {
                long s = state;
                long v = counter(s) + (long) delta;
                if (v < 0) {
                    throw new IllegalStateException("sync: negative WaitGroup counter");
                }
                if (v == 0 && (int) s != 0) {
                    if (STATE.compareAndSet(this, s, 0L)) {
                        released = queue;
                        queue = null;
                        generation++;
                        break;
                    }
                } else if (STATE.compareAndSet(this, s, (v << 32) | (s & 0xFFFF_FFFFL))) {
                    break; // the state moved on meanwhile (waiters left); a plain add
                }
            }
        } finally {
            qunlock();
        }
        if (released != null) {
            // The queue is detached: no one else can reach it, so no lock is needed.
            Waiter.completeChain(released.claimAll(), null, true);
        }
    }

    private static int counter(long s) {
        return (int) (s >> 32);
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[counter=" + counter(s) + ", waiters=" + (int) s + "]";
    }
}
