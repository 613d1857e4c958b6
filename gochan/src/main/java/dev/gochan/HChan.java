package dev.gochan;

import dev.gochan.internal.Durations;
import dev.gochan.internal.LockOrder;
import dev.gochan.internal.Panics;
import dev.gochan.internal.RecvIterator;
import dev.gochan.internal.SelectCase;
import dev.gochan.internal.Selectable;
import dev.gochan.internal.Spin;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An unbuffered channel ({@code make(chan T)}): Go's {@code hchan} with no buffer, where every
 * value passes directly from a sender to a receiver. (Buffered channels are {@link BufChan}.)
 *
 * <h2>State (all guarded by {@link #lock}, which is the lock of {@code q})</h2>
 * <pre>
 *   recvq   receivers (plain or select nodes) waiting for a value: q's receive lane
 *   sendq   senders waiting to hand over their value: q's send lane
 *   closed  set once by close()
 * </pre>
 *
 * <h2>Invariants (Go's runtime/chan.go)</h2>
 * <ul>
 *   <li>At least one of {@code recvq} and {@code sendq} holds no live waiter (stale select nodes
 *       aside): a receiver only waits when no sender waits, and the other way round.</li>
 *   <li>Once {@code closed}, both queues are empty and stay empty (close wakes every waiter:
 *       receivers with the zero value, senders with failure; later senders throw).</li>
 * </ul>
 *
 * <h2>Handoff</h2>
 * A sender that finds a waiting receiver gives it the value directly; a receiver that finds a
 * waiting sender takes its value. Claimed waiters are completed and unparked after the lock is
 * released, keeping the critical section to a few writes.
 *
 * <h2>Linearization points</h2>
 * Every operation takes effect while holding the lock: a send when it claims a receiver, a
 * receive when it claims a sender, a close when it sets {@code closed}. A blocked operation takes
 * effect when a counterpart claims its waiter (under the counterpart's lock).
 */
final class HChan<T> extends Chan<T> implements Selectable {
    /** Private results of the internal operations (never escape this class). */
    private static final Object CLOSED_MARK = new Object();
    private static final Object NOT_READY_MARK = new Object();

    private final long id = LockOrder.next();
    private boolean closed;
    /** How long blocked operations spin before parking; racy on purpose (see {@link Spin}). */
    private int spinHint = Spin.MAX;
    /**
     * Both wait queues and the lock that guards this channel, a few bytes apart: a handoff's lock,
     * lane head and unlock then usually touch one cache line (ADR 0007).
     */
    private final WaitQueue q = new WaitQueue();

    HChan() {}

    // ---- lock --------------------------------------------------------------------------------

    @Override
    public void lock() {
        q.lock();
    }

    @Override
    public void unlock() {
        q.unlock();
    }

    @Override
    public long lockOrder() {
        return id;
    }

    // ---- the two internal entry points -------------------------------------------------------

    /**
     * Sends {@code v}: without blocking when {@code deadline == 0}, else until the deadline
     * ({@link Waiter#NO_DEADLINE}: forever).
     *
     * @return true when sent, false when it would block / timed out
     */
    private boolean send0(Object v, long deadline) {
        lock();
        if (closed) {
            unlock();
            throw Panics.sendOnClosed();
        }
        Waiter r = q.deliverFirst(false, v, true);
        if (r != null) {
            unlock();
            r.finishDelivery(v, true);
            return true;
        }
        if (deadline == 0L) {
            unlock();
            return false;
        }
        Waiter w = new Waiter(true, v);
        q.enqueue(w);
        unlock();
        int hint = spinHint;
        int res = w.await(deadline, "chan send", this, Spin.budget(hint));
        learnSpin(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            if (!w.success()) {
                throw Panics.sendOnClosed();
            }
            return true;
        }
        lock();
        q.remove(w);
        unlock();
        if (res == Waiter.INTERRUPTED) {
            throw new GoInterruptedException("chan send");
        }
        return false;
    }

    /**
     * Receives: without blocking when {@code deadline == 0}, else until the deadline.
     *
     * @return the value, {@link #CLOSED_MARK} when closed and drained, or
     *     {@link #NOT_READY_MARK} when it would block / timed out
     */
    private Object recv0(long deadline) {
        lock();
        if (closed) {
            unlock();
            return CLOSED_MARK;
        }
        Waiter s = q.deliverFirst(true, null, true); // a sender waits with its value
        if (s != null) {
            Object v = s.item;
            unlock();
            s.finishDelivery(null, true);
            return v;
        }
        if (deadline == 0L) {
            unlock();
            return NOT_READY_MARK;
        }
        Waiter w = new Waiter(false, null);
        q.enqueue(w);
        unlock();
        int hint = spinHint;
        int res = w.await(deadline, "chan receive", this, Spin.budget(hint));
        learnSpin(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            return w.success() ? w.item : CLOSED_MARK;
        }
        lock();
        q.remove(w);
        unlock();
        if (res == Waiter.INTERRUPTED) {
            throw new GoInterruptedException("chan receive");
        }
        return NOT_READY_MARK;
    }

    /**
     * Updates the spin hint after a wait that began with {@code hint} (see {@link Spin#update}).
     * A full spin that won teaches nothing new, and is the common case of a stream: it returns
     * at once, without rereading the hint.
     */
    private void learnSpin(int hint, boolean won) {
        if (won && hint == Spin.MAX) {
            return;
        }
        int current = spinHint;
        int next = Spin.update(hint, current, won);
        if (next != current) {
            spinHint = next; // written only on change: this line is read by every waiter
        }
    }

    // ---- SendChan ----------------------------------------------------------------------------

    @Override
    public void send(T value) {
        send0(value, Waiter.NO_DEADLINE);
    }

    @Override
    public boolean trySend(T value) {
        return send0(value, 0L);
    }

    @Override
    public boolean trySend(T value, Duration timeout) {
        return send0(value, Durations.deadline(timeout, "trySend"));
    }

    @Override
    public void close() {
        lock();
        if (closed) {
            unlock();
            throw Panics.closeOfClosed();
        }
        closed = true;
        Waiter receivers = q.claimAll(false);
        Waiter senders = q.claimAll(true);
        unlock();
        Waiter.completeChain(receivers, null, false);
        Waiter.completeChain(senders, null, false);
    }

    @Override
    public <R> Case<R> onSend(T value, Supplier<? extends R> then) {
        return SelectCase.send(this, value, then);
    }

    // ---- RecvChan ----------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        Object v = recv0(Waiter.NO_DEADLINE);
        return v == CLOSED_MARK ? null : (T) v;
    }

    @Override
    public Received<T> receiveOk() {
        return toReceived(recv0(Waiter.NO_DEADLINE));
    }

    @Override
    public Optional<Received<T>> tryReceive() {
        Object v = recv0(0L);
        return v == NOT_READY_MARK ? Optional.empty() : Optional.of(toReceived(v));
    }

    @Override
    public Optional<Received<T>> tryReceive(Duration timeout) {
        Object v = recv0(Durations.deadline(timeout, "tryReceive"));
        return v == NOT_READY_MARK ? Optional.empty() : Optional.of(toReceived(v));
    }

    @SuppressWarnings("unchecked")
    private Received<T> toReceived(Object v) {
        return v == CLOSED_MARK ? Received.closed() : new Received<>((T) v, true);
    }

    @Override
    public <R> Case<R> onReceive(Function<? super T, ? extends R> f) {
        return SelectCase.recv(this, f);
    }

    @Override
    public <R> Case<R> onReceiveOk(Function<? super Received<T>, ? extends R> f) {
        return SelectCase.recvOk(this, f);
    }

    @Override
    public Iterator<T> iterator() {
        return new RecvIterator<>(this);
    }

    /** Always 0: an unbuffered channel holds no values. */
    @Override
    public int len() {
        return 0;
    }

    /** Always 0: unbuffered. */
    @Override
    public int cap() {
        return 0;
    }

    // ---- Selectable (called by the select engine with the lock held) -------------------------

    @Override
    public int pollRecv(Waiter g) {
        if (closed) {
            g.setPolled(null, false);
            return READY;
        }
        Waiter s = q.deliverFirst(true, null, true);
        if (s != null) {
            g.setPolled(s.item, true);
            g.pending = s;
            g.pendingSuccess = true;
            return READY;
        }
        return NOT_READY;
    }

    @Override
    public int pollSend(Waiter g, Object v) {
        if (closed) {
            return CLOSED;
        }
        Waiter r = q.deliverFirst(false, v, true);
        if (r != null) {
            g.pending = r;
            g.pendingItem = v;
            g.pendingSuccess = true;
            return READY;
        }
        return NOT_READY;
    }

    @Override
    public void enqueue(Waiter node) {
        q.enqueue(node);
    }

    @Override
    public void dequeue(Waiter node) {
        q.remove(node);
    }

    // ---- test hooks (package-private) ------------------------------------------------------

    /** The number of nodes in the receive queue, stale select nodes included. For tests. */
    int recvQueueSize() {
        lock();
        try {
            return q.size(false);
        } finally {
            unlock();
        }
    }

    /** The number of nodes in the send queue, stale select nodes included. For tests. */
    int sendQueueSize() {
        lock();
        try {
            return q.size(true);
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap 0)";
    }
}
