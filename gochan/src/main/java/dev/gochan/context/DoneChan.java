package dev.gochan.context;

import dev.gochan.Case;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import dev.gochan.internal.LockOrder;
import dev.gochan.internal.Durations;
import dev.gochan.internal.RecvIterator;
import dev.gochan.internal.SelectCase;
import dev.gochan.internal.Selectable;
import dev.gochan.internal.Selector;
import dev.gochan.internal.SpinLock;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/**
 * A context's {@code Done()} channel: a receive-only signal channel that is closed exactly once
 * and never carries a value (Go's {@code chan struct{}} that only {@code cancel} closes).
 *
 * <h2>Why not a {@code Chan<Void>}</h2>
 * A made channel would let a caller cast the result of {@code done()} back and close it or send
 * on it; this kind has no sending side at all. It is also smaller (one object and its wait
 * queue) and its closed check is a volatile read, so a context nobody waits on costs little.
 *
 * <h2>State and invariants</h2>
 * {@code closed} goes false to true once, under {@link #lock}; {@code recvq} holds blocked
 * receivers and select nodes and is guarded by the lock. Once {@code closed} is set nothing is
 * ever enqueued again, because every enqueue happens after a poll under the same lock that saw
 * {@code closed == false}; {@link #close()} then drains the queue, claiming waiters in batches
 * under the lock and completing them ({@code ok == false}) after releasing it. A waiter that
 * withdraws meanwhile (its select won elsewhere) removes its node under the lock as usual. The
 * lock is held for a few writes per waiter at most; nobody is unparked while it is held.
 */
final class DoneChan implements RecvChan<Void>, Selectable {
    /**
     * Lock-order keys: distinct from every other channel kind's (made channels count up from 0,
     * timer channels from {@code Long.MIN_VALUE}), so two selects always lock in one order.
     */
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(DoneChan.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The done channel of contexts canceled before anyone asked for theirs (Go's closedchan). */
    static final DoneChan CLOSED = closedChan();

    /** How many waiters {@link #close()} claims per lock hold before waking them. */
    private static final int WAKE_BATCH = 64;

    private final long id = LockOrder.next();
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private volatile boolean closed;
    private final WaitQueue recvq = new WaitQueue();

    DoneChan() {}

    private static DoneChan closedChan() {
        DoneChan c = new DoneChan();
        c.closed = true;
        return c;
    }

    /** Whether {@link #close()} has run. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Closes the channel and wakes every receiver and select waiting on it. Idempotent (only
     * {@code cancel} calls it, and a context is canceled once, but watcher stop signals may be
     * closed from two paths).
     */
    void close() {
        lock();
        if (closed) {
            unlock();
            return;
        }
        closed = true;
        // Wake in batches: carriers start running the first woken goroutines while the rest are
        // still being claimed, instead of idling until a claim of every waiter is done. No waiter
        // can join the queue any more (every enqueue follows a poll that saw closed == false).
        Waiter[] batch = null;
        for (;;) {
            int n = 0;
            Waiter w;
            while ((w = recvq.claimFirst()) != null) {
                if (batch == null) {
                    batch = new Waiter[WAKE_BATCH];
                }
                batch[n++] = w;
                if (n == WAKE_BATCH) {
                    break;
                }
            }
            unlock();
            for (int i = 0; i < n; i++) {
                batch[i].complete(null, false);
                batch[i] = null;
            }
            if (n < WAKE_BATCH) {
                return;
            }
            lock();
        }
    }

    // ---- Selectable --------------------------------------------------------------------------

    @Override
    public long lockOrder() {
        return id;
    }

    @Override
    public void lock() {
        if (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(LOCK, this);
        }
    }

    @Override
    public void unlock() {
        LOCK.setRelease(this, 0);
    }

    @Override
    public int pollRecv(Waiter g) {
        if (closed) {
            g.setPolled(null, false);
            return READY;
        }
        return NOT_READY;
    }

    /** A select's first pass: one volatile read, no lock (a closed done channel stays closed). */
    @Override
    public Object pollRecvNow() {
        return closed ? CLOSED_VALUE : NO_VALUE;
    }

    @Override
    public int pollSend(Waiter g, Object value) {
        throw new IllegalStateException("send on a context's done channel"); // no send cases exist
    }

    @Override
    public void enqueue(Waiter node) {
        recvq.enqueue(node);
    }

    @Override
    public void dequeue(Waiter node) {
        recvq.remove(node);
    }

    // ---- RecvChan ----------------------------------------------------------------------------

    @Override
    public Void receive() {
        if (!closed) {
            Selector.receive(this, Waiter.NO_DEADLINE, "chan receive", new Selector.Outcome());
        }
        return null;
    }

    @Override
    public Received<Void> receiveOk() {
        receive();
        return Received.closed();
    }

    @Override
    public Optional<Received<Void>> tryReceive() {
        return closed ? Optional.of(Received.closed()) : Optional.empty();
    }

    @Override
    public Optional<Received<Void>> tryReceive(Duration timeout) {
        if (closed) {
            return Optional.of(Received.closed());
        }
        long deadline = Durations.deadline(timeout);
        if (deadline == 0L) {
            return Optional.empty();
        }
        return Selector.receive(this, deadline, "chan receive", new Selector.Outcome())
                ? Optional.of(Received.closed())
                : Optional.empty();
    }

    @Override
    public int len() {
        return 0;
    }

    @Override
    public int cap() {
        return 0;
    }

    @Override
    public <R> Case<R> onReceive(Function<? super Void, ? extends R> f) {
        return SelectCase.recv(this, f);
    }

    @Override
    public <R> Case<R> onReceiveOk(Function<? super Received<Void>, ? extends R> f) {
        return SelectCase.recvOk(this, f);
    }

    @Override
    public Iterator<Void> iterator() {
        return new RecvIterator<>(this);
    }

    @Override
    public String toString() {
        return "<-chan struct{} (context done#" + id + (closed ? ", closed)" : ")");
    }
}
