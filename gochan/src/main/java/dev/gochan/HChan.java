package dev.gochan;

import dev.gochan.internal.Durations;
import dev.gochan.internal.LockOrder;
import dev.gochan.internal.Panics;
import dev.gochan.internal.RecvIterator;
import dev.gochan.internal.SelectCase;
import dev.gochan.internal.Selectable;
import dev.gochan.internal.Spin;
import dev.gochan.internal.SpinLock;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A made channel, buffered or not: Go's {@code hchan}.
 *
 * <h2>State (all guarded by {@link #lock}, except {@code count}'s racy read by {@link #len()})</h2>
 * <pre>
 *   buf[head], buf[head+1], ... buf[head+count-1]   (mod capacity)   the buffered values
 *   recvq   receivers (plain or select nodes) waiting for a value
 *   sendq   senders waiting to hand over their value
 *   closed  set once by close()
 * </pre>
 *
 * <h2>Invariants (Go's runtime/chan.go)</h2>
 * <ul>
 *   <li>At least one of {@code recvq} and {@code sendq} holds no live waiter (stale select nodes
 *       aside): a receiver only waits when nothing can be received, a sender only when nothing
 *       can be sent.</li>
 *   <li>Buffered: {@code recvq} has live waiters only when {@code count == 0}; {@code sendq}
 *       only when {@code count == capacity}.</li>
 *   <li>Unbuffered: {@code count == 0} always; every value goes directly from sender to receiver.</li>
 *   <li>Once {@code closed}, {@code sendq} is empty and stays empty (close wakes every sender
 *       with failure; later senders throw), and {@code recvq} is empty once drained.</li>
 * </ul>
 *
 * <h2>Handoff</h2>
 * A sender that finds a waiting receiver gives it the value directly, bypassing the buffer. A
 * receiver that frees a slot in a full buffer moves the first waiting sender's value into the
 * tail, so FIFO order holds for the values of blocked senders too. Claimed waiters are completed
 * and unparked after the lock is released, keeping the critical section to a few writes.
 *
 * <h2>Linearization points</h2>
 * Every operation takes effect while holding the lock: a send when its value enters the buffer or
 * is assigned to a claimed receiver; a receive when it takes a buffered value or claims a sender;
 * a close when it sets {@code closed}. A blocked operation takes effect when a counterpart claims
 * its waiter (under the counterpart's lock).
 */
final class HChan<T> extends Chan<T> implements Selectable {
    private static final VarHandle LOCK;
    private static final VarHandle COUNT;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK = l.findVarHandle(HChan.class, "lock", int.class);
            COUNT = l.findVarHandle(HChan.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Private results of the internal operations (never escape this class). */
    private static final Object CLOSED_MARK = new Object();
    private static final Object NOT_READY_MARK = new Object();

    private final long id = LockOrder.next();
    private final int capacity;
    private final Object[] buf;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private int head;
    private int count;
    private boolean closed;
    /** How long blocked operations spin before parking; racy on purpose (see {@link Spin}). */
    private int spinHint = Spin.MAX;
    private final WaitQueue recvq = new WaitQueue();
    private final WaitQueue sendq = new WaitQueue();

    HChan(int capacity) {
        this.capacity = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
    }

    // ---- lock --------------------------------------------------------------------------------

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
        Waiter r = recvq.claimFirst();
        if (r != null) {
            unlock();
            r.complete(v, true);
            return true;
        }
        int c = count;
        if (c < capacity) {
            putTail(v, c);
            unlock();
            return true;
        }
        if (deadline == 0L) {
            unlock();
            return false;
        }
        Waiter w = new Waiter(true, v);
        sendq.enqueue(w);
        unlock();
        int hint = spinHint;
        int res = w.await(deadline, "chan send", this, Spin.budget(hint));
        spinHint = Spin.next(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            if (!w.success()) {
                throw Panics.sendOnClosed();
            }
            return true;
        }
        lock();
        sendq.remove(w);
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
        int c = count;
        if (c > 0) {
            Object v = takeHead();
            Waiter s = refill(c);
            unlock();
            if (s != null) {
                s.complete(null, true);
            }
            return v;
        }
        if (closed) {
            unlock();
            return CLOSED_MARK;
        }
        Waiter s = sendq.claimFirst(); // unbuffered: a sender waits with its value
        if (s != null) {
            unlock();
            Object v = s.item;
            s.complete(null, true);
            return v;
        }
        if (deadline == 0L) {
            unlock();
            return NOT_READY_MARK;
        }
        Waiter w = new Waiter(false, null);
        recvq.enqueue(w);
        unlock();
        int hint = spinHint;
        int res = w.await(deadline, "chan receive", this, Spin.budget(hint));
        spinHint = Spin.next(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            return w.success() ? w.item : CLOSED_MARK;
        }
        lock();
        recvq.remove(w);
        unlock();
        if (res == Waiter.INTERRUPTED) {
            throw new GoInterruptedException("chan receive");
        }
        return NOT_READY_MARK;
    }

    // ---- the ring buffer (called with the lock held) -------------------------------------------

    /** Appends {@code v} after the {@code c} buffered values ({@code c < capacity}). */
    private void putTail(Object v, int c) {
        int tail = head + c;
        if (tail >= capacity) {
            tail -= capacity;
        }
        buf[tail] = v;
        COUNT.setOpaque(this, c + 1);
    }

    /**
     * Removes and returns the head value (the buffer is not empty); the count is left to
     * {@link #refill}.
     */
    private Object takeHead() {
        Object[] b = buf;
        int h = head;
        Object v = b[h];
        b[h] = null;
        head = h + 1 == capacity ? 0 : h + 1;
        return v;
    }

    /**
     * After {@link #takeHead} freed a slot in a buffer that held {@code c} values: the first
     * blocked sender's value joins the tail (so FIFO holds for blocked senders too) and that
     * sender is returned, claimed, to be completed after unlocking; with no sender the count
     * drops by one and null is returned.
     */
    private Waiter refill(int c) {
        Waiter s = sendq.claimFirst();
        if (s == null) {
            COUNT.setOpaque(this, c - 1);
            return null;
        }
        int tail = head + c - 1;
        if (tail >= capacity) {
            tail -= capacity;
        }
        buf[tail] = s.item;
        return s;
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
        Waiter receivers = recvq.claimAll();
        Waiter senders = sendq.claimAll();
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

    @Override
    public int len() {
        return (int) COUNT.getOpaque(this);
    }

    @Override
    public int cap() {
        return capacity;
    }

    // ---- Selectable (called by the select engine with the lock held) -------------------------

    @Override
    public int pollRecv(Waiter g) {
        int c = count;
        if (c > 0) {
            Object v = takeHead();
            Waiter s = refill(c);
            if (s != null) {
                g.pending = s;
                g.pendingSuccess = true;
            }
            g.setPolled(v, true);
            return READY;
        }
        if (closed) {
            g.setPolled(null, false);
            return READY;
        }
        Waiter s = sendq.claimFirst();
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
        Waiter r = recvq.claimFirst();
        if (r != null) {
            g.pending = r;
            g.pendingItem = v;
            g.pendingSuccess = true;
            return READY;
        }
        int c = count;
        if (c < capacity) {
            putTail(v, c);
            return READY;
        }
        return NOT_READY;
    }

    @Override
    public void enqueue(Waiter node) {
        (node.isSend ? sendq : recvq).enqueue(node);
    }

    @Override
    public void dequeue(Waiter node) {
        (node.isSend ? sendq : recvq).remove(node);
    }

    // ---- test hooks (package-private) ------------------------------------------------------

    /** The number of nodes in the receive queue, stale select nodes included. For tests. */
    int recvQueueSize() {
        lock();
        try {
            return recvq.size();
        } finally {
            unlock();
        }
    }

    /** The number of nodes in the send queue, stale select nodes included. For tests. */
    int sendQueueSize() {
        lock();
        try {
            return sendq.size();
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap " + capacity + ")";
    }
}
