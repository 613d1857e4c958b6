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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A buffered channel ({@code make(chan T, n)}, n &gt; 0): a lock-free bounded ring for the values,
 * and wait queues under a lock only for goroutines that must block.
 *
 * <h2>Why not Go's lock</h2>
 * Go's buffered channel takes its lock on every send and receive. On virtual threads, with
 * senders and receivers on different carriers, that lock line and the wake-ups dominate: a
 * producer and a consumer that never need to block should touch nothing but the ring. So the
 * ring is crossbeam's bounded array queue (a stamp per slot; {@code head} and {@code tail}
 * positions of the form {@code lap | index}; the close mark is a bit of {@code tail}), and only a
 * goroutine that finds the ring full (send) or empty (receive) takes the lock, to queue itself.
 *
 * <h2>Ring invariants</h2>
 * <ul>
 *   <li>A position is {@code lap + index} with {@code index < capacity} and {@code lap} a multiple
 *       of {@code oneLap} (a power of two above twice the capacity); {@code markBit} (below
 *       {@code oneLap}, above every index) is set in {@code tail} once the channel is closed and
 *       never cleared.</li>
 *   <li>Slot {@code i} is free for the send at position {@code p} when its stamp is {@code p};
 *       a send claims {@code p} by CAS on {@code tail}, writes the value and sets the stamp to
 *       {@code p + 1}. The slot holds a value for the receive at position {@code p} when its stamp
 *       is {@code p + 1}; a receive claims {@code p} by CAS on {@code head}, takes the value and
 *       sets the stamp to {@code p + oneLap}, the next lap's send position for that slot.</li>
 *   <li>The ring is empty when {@code head == tail &amp; ~markBit}, full when
 *       {@code head + oneLap == tail &amp; ~markBit}. A send CAS fails on a marked {@code tail},
 *       so no value enters after close: a send linearizes at its {@code tail} CAS, a receive at
 *       its {@code head} CAS (or, for "closed", at reading a marked tail equal to head), a close at
 *       setting the mark.</li>
 *   <li>A slot's value and stamp live side by side in a {@code Slot} object for rings of up to
 *       {@link #MAX_SLOT_OBJECTS} slots, in the arrays {@code buf} and {@code stamps} for larger
 *       ones (ADR 0014); the invariants are the same.</li>
 * </ul>
 *
 * <h2>Blocking (no lost wake-up)</h2>
 * Waiters are woken to <em>retry</em> ({@link Waiter#completeRetry()}): values never pass from
 * hand to hand, the ring stays the only place they live, so per-sender FIFO holds. The
 * {@code recvWaiting} / {@code sendWaiting} counts mirror the queue sizes, written under the lock.
 * <ul>
 *   <li>A receiver that found the ring empty spins a while (adaptive, see {@link Spin}) watching
 *       the ring, then locks, queues its node, publishes the count (volatile write), and reads
 *       {@code head} and {@code tail} again (volatile reads). If a value (or the close mark)
 *       appeared it withdraws and retries; else it parks.</li>
 *   <li>A sender CASes {@code tail} and then reads {@code recvWaiting}; when non-zero it locks and
 *       wakes the first live receiver.</li>
 * </ul>
 * Both sides write then read, through volatiles and CAS (one total synchronization order), so
 * at least one of them sees the other: either the receiver sees the value and does not park, or
 * the sender sees the waiter and wakes it. Symmetrically for senders waiting on a full ring and
 * receivers freeing slots. A woken waiter that loses the value (or slot) to a barging goroutine
 * queues again; that goroutine's operation is the one the wake-up paid for. Go leaves the order in
 * which blocked goroutines are served unspecified (SEMANTICS.md, appendix B).
 *
 * <h2>A streaming receiver keeps behind the sender (ADR 0010)</h2>
 * When a receiver works right behind a sender, on the slots the sender is writing, every message
 * moves the stamp's and the value's cache lines from one carrier to the other and back, and both
 * sides run at the speed of those transfers (measured: about 57 ns per message against about
 * 6 ns when each side works on its own lines). So a blocking receive that finds the sender fewer
 * than {@code lag} positions ahead waits briefly for it to get that far ({@link #keepBehind}),
 * and then takes {@code lag} values without looking again (the {@code credit} position). The
 * wait is a heuristic only: it never decides what a receive returns, it only delays one that
 * could proceed, by at most a bounded spin; it gives up at once when the sender stalls or the
 * channel is closed, and cools down after a failure, so a sparse producer costs its receiver a
 * short spin now and then and nothing else. It is off with one carrier (nothing runs while we
 * spin) and for small rings.
 *
 * <h2>Select</h2>
 * A select polls the ring like any goroutine. When it queues a node, {@link #enqueue} rechecks the
 * ring after publishing the count, as a blocking receive does; if the case became ready it claims
 * its own select with a retry, and the engine runs the select again instead of parking.
 */
final class BufChan<T> extends Chan<T> implements Selectable {
    private static final VarHandle RECV_WAITING;
    private static final VarHandle SEND_WAITING;
    private static final VarHandle POS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOT_STAMP;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLOT_STAMP = l.findVarHandle(Slot.class, "stamp", long.class);
            RECV_WAITING = l.findVarHandle(BufChan.class, "recvWaiting", int.class);
            SEND_WAITING = l.findVarHandle(BufChan.class, "sendWaiting", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Private results of the ring operations (never escape this class). */
    private static final Object EMPTY_MARK = new Object();
    private static final Object CLOSED_MARK = new Object();
    private static final int OK = 0;
    private static final int FULL = 1;
    private static final int CLOSED = 2;

    /**
     * {@code head} and {@code tail} live in one array, 128 bytes apart and away from its header,
     * so that the producer's and the consumer's CAS do not share a cache line (nor one with the
     * read-mostly fields of this object).
     */
    private static final int HEAD = 16;
    private static final int TAIL = 32;
    /**
     * A position up to which receivers take values without {@link #keepBehind} looking ahead
     * again; on the receivers' line, beside {@code head}. Racy: a stale reading only makes a
     * receive look ahead once more, or once less.
     */
    private static final int CREDIT = HEAD + 1;

    /** The most a streaming receiver keeps behind the sender, in positions (ADR 0010). */
    private static final int MAX_LAG = Math.max(0, Integer.getInteger("gochan.recvLag", 64));
    /** The longest a receiver waits for the sender to get ahead, in spins (about 6 µs). */
    private static final int LAG_SPINS = 256;
    /** How many spins a waiting receiver gives the sender to move before it gives up. */
    private static final int LAG_STALL = 32;
    /** The first cool-down after the sender did not get ahead, in receives. */
    private static final int MIN_LAG_COOL_DOWN = 8;
    /** The longest cool-down after the sender did not get ahead, in receives. */
    private static final int MAX_LAG_COOL_DOWN = 1024;

    private final long id = LockOrder.next();
    private final int capacity;
    private final long markBit;
    private final long oneLap;
    /** A large ring's values and stamps, in two arrays (null for a small ring, ADR 0014). */
    private final Object[] buf;
    private final long[] stamps;
    /** A small ring's slots, each a value beside its stamp (null for a large ring). */
    private final Slot[] slots;
    private final long[] pos = new long[TAIL + 16];
    /** {@code q.size(false)}, published for the lock-free side (written under the lock). */
    private volatile int recvWaiting;
    /** {@code q.size(true)}, published for the lock-free side (written under the lock). */
    private volatile int sendWaiting;
    /** How far behind the sender a streaming receiver keeps; 0: never (ADR 0010). */
    private final int lag;
    /**
     * The look-ahead's state, racy: 0 ready, negative the receives left to cool down after a
     * failed wait; {@code lagCoolDown} is the length of the next cool-down (doubles after each
     * consecutive failure).
     */
    private int lagHint;
    private int lagCoolDown = MIN_LAG_COOL_DOWN;
    /**
     * A goroutine watching the ring reads {@code head} and {@code tail} once every this many
     * spins (a power of two). Each reading pulls the lines that the goroutine it waits for is
     * writing; read at every spin (about 24 ns), they slow that goroutine down. Measured on W5
     * cap 16, where four senders watch full rings (ADR 0010).
     */
    private static final int WATCH_INTERVAL = 8;
    /** How long a receiver that found the ring empty watches it before queueing; racy. */
    private int recvSpinHint = Spin.MAX;
    /** How long a sender that found the ring full watches it before queueing; racy. */
    private int sendSpinHint = Spin.MAX;
    /** The receive and send wait queues, and the lock that guards them (and only them). */
    private final WaitQueue q = new WaitQueue();

    BufChan(int capacity) {
        this(capacity, capacity <= MAX_SLOT_OBJECTS);
    }

    /**
     * A channel of {@code capacity} slots in the given layout, whatever the capacity: tests use
     * it to put the arrays layout through full and empty rings at small capacities.
     */
    BufChan(int capacity, boolean slotObjects) {
        this.capacity = capacity;
        this.markBit = Long.highestOneBit(capacity) << 1; // a power of two above every index
        this.oneLap = markBit << 1;
        // lap 0: slot i is free for the send at position i
        if (slotObjects) {
            this.buf = null;
            this.stamps = null;
            this.slots = new Slot[capacity];
            for (int i = 0; i < capacity; i++) {
                slots[i] = new Slot(i);
            }
        } else {
            this.buf = new Object[capacity];
            this.stamps = new long[capacity];
            this.slots = null;
            for (int i = 0; i < capacity; i++) {
                stamps[i] = i;
            }
        }
        int l = Math.min(MAX_LAG, capacity / 4);
        this.lag = Spin.MAX > 0 && l >= 8 ? l : 0;
    }

    // ---- lock (guards the wait queues only) ----------------------------------------------------

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

    // ---- the two layouts of the slots (ADR 0014) ---------------------------------------------

    /**
     * The largest capacity whose slots are objects, each value beside its stamp; larger rings keep
     * values and stamps in two arrays. A message moves its slot's lines from the sender's carrier
     * to the receiver's and back: one line when value and stamp share it, two when they do not.
     * But a slot object takes 24 bytes against 12 in the arrays, so a receiver that keeps
     * {@code lag} positions behind its sender (ADR 0010), and takes lines by the batch, pulls
     * twice as many of them. Measured (ADR 0014): objects faster at capacity 16 (W5) and 128
     * (W4), arrays faster at 1024 (W3).
     */
    static final int MAX_SLOT_OBJECTS = Integer.getInteger("gochan.maxSlotObjects", 256);

    /** One place of a small ring: a value and its stamp, on one cache line but for 1 in 8. */
    private static final class Slot {
        /** The value; written before the stamp's release, read after its acquire. */
        Object value;
        /** As a stamp of {@code stamps}: see "Ring invariants". */
        long stamp;

        Slot(long stamp) {
            this.stamp = stamp;
        }
    }

    /** The stamp of slot {@code index} (acquire). */
    private long stampAt(int index) {
        Slot[] s = slots;
        return s != null
                ? (long) SLOT_STAMP.getAcquire(s[index])
                : (long) STAMP.getAcquire(stamps, index);
    }

    /** Stores a claimed send's value in slot {@code index}, then releases {@code stamp}. */
    private void put(int index, Object v, long stamp) {
        Slot[] s = slots;
        if (s != null) {
            Slot slot = s[index];
            slot.value = v;
            SLOT_STAMP.setRelease(slot, stamp);
        } else {
            buf[index] = v;
            STAMP.setRelease(stamps, index, stamp);
        }
    }

    /**
     * Takes a claimed receive's value out of slot {@code index} (clearing it, so that the ring
     * keeps no garbage alive), then releases {@code stamp}.
     */
    private Object take(int index, long stamp) {
        Slot[] s = slots;
        Object v;
        if (s != null) {
            Slot slot = s[index];
            v = slot.value;
            slot.value = null;
            SLOT_STAMP.setRelease(slot, stamp);
        } else {
            Object[] b = buf;
            v = b[index];
            b[index] = null;
            STAMP.setRelease(stamps, index, stamp);
        }
        return v;
    }

    // ---- the ring (lock-free) ------------------------------------------------------------------

    /** The position after {@code p}: the next index, or index 0 of the next lap. */
    private long after(long p) {
        long index = p & (markBit - 1);
        return index + 1 < capacity ? p + 1 : (p & -oneLap) + oneLap;
    }

    /** Puts {@code v} at the tail: {@link #OK}, {@link #FULL} or {@link #CLOSED}. */
    private int offer(Object v) {
        long[] p = pos;
        int spins = 0;
        for (;;) {
            long t = (long) POS.getVolatile(p, TAIL);
            if ((t & markBit) != 0) {
                return CLOSED;
            }
            int index = (int) (t & (markBit - 1));
            long stamp = stampAt(index);
            if (stamp == t) {
                if (POS.compareAndSet(p, TAIL, t, after(t))) {
                    put(index, v, t + 1);
                    return OK;
                }
            } else if (stamp + oneLap == t + 1) {
                // the slot still holds last lap's value: full, unless a receive is taking it
                if ((long) POS.getVolatile(p, HEAD) + oneLap == t) {
                    return FULL;
                }
            }
            spins = backoff(spins);
        }
    }

    /** Takes the head value: the value, {@link #EMPTY_MARK} or {@link #CLOSED_MARK}. */
    private Object poll() {
        long[] p = pos;
        int spins = 0;
        for (;;) {
            long h = (long) POS.getVolatile(p, HEAD);
            int index = (int) (h & (markBit - 1));
            long stamp = stampAt(index);
            if (stamp == h + 1) {
                if (POS.compareAndSet(p, HEAD, h, after(h))) {
                    return take(index, h + oneLap);
                }
            } else if (stamp == h) {
                // no value in the slot yet: empty, unless a send has claimed it and is writing
                long t = (long) POS.getVolatile(p, TAIL);
                if ((t & ~markBit) == h) {
                    return (t & markBit) != 0 ? CLOSED_MARK : EMPTY_MARK;
                }
            }
            spins = backoff(spins);
        }
    }

    /**
     * Waits a little for a concurrent ring operation (a CAS lost, or a slot being written by a
     * goroutine between its CAS and its stamp): spin, then yield in case that goroutine's carrier
     * was descheduled.
     */
    private static int backoff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }

    /**
     * Before a blocking receive: when the sender is fewer than {@code lag} positions ahead of
     * {@code head}, waits (a bounded spin) until it gets that far, so that receiver and sender
     * work on different cache lines; then grants receives up to there without looking again.
     * Returns at once when the ring is empty (the receive's own path waits then), while credit
     * lasts, and while cooling down. Never changes the ring.
     */
    private void keepBehind() {
        long[] p = pos;
        long h = (long) POS.getVolatile(p, HEAD);
        if (h < p[CREDIT]) {
            return;
        }
        int index = (int) (h & (markBit - 1));
        int aheadIndex = index + lag;
        long ahead = h + lag; // the position lag after h, in this lap or the next
        if (aheadIndex >= capacity) {
            aheadIndex -= capacity;
            ahead = (h & -oneLap) + oneLap + aheadIndex;
        }
        if (stampAt(aheadIndex) == ahead + 1) {
            p[CREDIT] = ahead; // the sender is far enough ahead
            return;
        }
        if (stampAt(index) != h + 1) {
            return; // empty (or h already taken): nothing to keep behind
        }
        int hint = lagHint;
        if (hint < 0) {
            lagHint = hint + 1;
            return;
        }
        long t = (long) POS.getVolatile(p, TAIL);
        for (int i = 1; i <= LAG_SPINS; i++) {
            Thread.onSpinWait();
            if (stampAt(aheadIndex) == ahead + 1) {
                p[CREDIT] = ahead;
                if (lagCoolDown != MIN_LAG_COOL_DOWN) {
                    lagCoolDown = MIN_LAG_COOL_DOWN;
                }
                return;
            }
            if (i % LAG_STALL == 0) {
                long now = (long) POS.getVolatile(p, TAIL);
                if (now == t || (now & markBit) != 0) {
                    break; // the sender stalled, or the channel closed: not a stream
                }
                t = now;
            }
        }
        int coolDown = lagCoolDown;
        lagHint = -coolDown;
        if (coolDown < MAX_LAG_COOL_DOWN) {
            lagCoolDown = coolDown << 1;
        }
    }

    /** Whether a receive would not find the ring empty (a value, or the close mark). */
    private boolean recvReady() {
        long h = (long) POS.getVolatile(pos, HEAD);
        long t = (long) POS.getVolatile(pos, TAIL);
        return t != h; // a value is there or being written, or tail carries the mark
    }

    /** Whether a send would not find the ring full (a free slot, or the close mark). */
    private boolean sendReady() {
        long h = (long) POS.getVolatile(pos, HEAD);
        long t = (long) POS.getVolatile(pos, TAIL);
        return (t & markBit) != 0 || h + oneLap != t;
    }

    // ---- waking (the lock-free side tells the blocked side) ------------------------------------

    /**
     * Wakes the first live waiter of a lane, if any, to retry: a receiver after a send, a sender
     * after a receive.
     *
     * @param send the lane: true to wake a sender
     */
    private void wakeFirst(boolean send) {
        lock();
        Waiter w = q.claimFirst(send);
        publishWaiting(send);
        unlock();
        if (w != null) {
            w.completeRetry();
        }
    }

    /** Queues {@code w} (lock held) and publishes the new count. */
    private void queue(Waiter w) {
        q.enqueue(w);
        publishWaiting(w.isSend);
    }

    /** Withdraws {@code w} if still queued (lock held) and publishes the new count. */
    private void unqueue(Waiter w) {
        q.remove(w);
        publishWaiting(w.isSend);
    }

    /** Publishes the size of a lane (lock held) for the lock-free side. */
    private void publishWaiting(boolean send) {
        (send ? SEND_WAITING : RECV_WAITING).setVolatile(this, q.size(send));
    }

    // ---- the two internal entry points -------------------------------------------------------

    /**
     * Sends {@code v}: without blocking when {@code deadline == 0}, else until the deadline
     * ({@link Waiter#NO_DEADLINE}: forever).
     *
     * @return true when sent, false when it would block / timed out
     */
    private boolean send0(Object v, long deadline) {
        for (;;) {
            int r = offer(v);
            if (r == OK) {
                if ((int) RECV_WAITING.getVolatile(this) != 0) {
                    wakeFirst(false);
                }
                return true;
            }
            if (r == CLOSED) {
                throw Panics.sendOnClosed();
            }
            if (deadline == 0L) {
                return false;
            }
            // Full: watch the ring a while before queueing, so that a receiver that frees a slot
            // soon need not take the lock to wake us.
            int hint = sendSpinHint;
            if (watch(hint, true)) {
                if (hint != Spin.MAX) {
                    sendSpinHint = Spin.MAX;
                }
                continue;
            }
            sendSpinHint = Spin.next(hint, false);
            Waiter w = new Waiter(true, v);
            lock();
            queue(w);
            if (sendReady()) {
                unqueue(w);
                unlock();
                continue;
            }
            unlock();
            int res = w.await(deadline, "chan send", this, 0);
            if (res == Waiter.COMPLETED) {
                continue; // woken to retry: a slot was freed, or the channel closed
            }
            lock();
            unqueue(w);
            unlock();
            if (res == Waiter.INTERRUPTED) {
                throw new GoInterruptedException("chan send");
            }
            return false;
        }
    }

    /**
     * Receives: without blocking when {@code deadline == 0}, else until the deadline.
     *
     * @return the value, {@link #CLOSED_MARK} when closed and drained, or {@link #EMPTY_MARK}
     *     when it would block / timed out
     */
    private Object recv0(long deadline) {
        if (lag != 0 && deadline != 0L) {
            keepBehind();
        }
        for (;;) {
            Object v = poll();
            if (v != EMPTY_MARK) {
                if (v != CLOSED_MARK && (int) SEND_WAITING.getVolatile(this) != 0) {
                    wakeFirst(true);
                }
                return v;
            }
            if (deadline == 0L) {
                return EMPTY_MARK;
            }
            int hint = recvSpinHint;
            if (watch(hint, false)) {
                if (hint != Spin.MAX) {
                    recvSpinHint = Spin.MAX;
                }
                continue;
            }
            recvSpinHint = Spin.next(hint, false);
            Waiter w = new Waiter(false, null);
            lock();
            queue(w);
            if (recvReady()) {
                unqueue(w);
                unlock();
                continue;
            }
            unlock();
            int res = w.await(deadline, "chan receive", this, 0);
            if (res == Waiter.COMPLETED) {
                continue; // woken to retry: a value arrived, or the channel closed
            }
            lock();
            unqueue(w);
            unlock();
            if (res == Waiter.INTERRUPTED) {
                throw new GoInterruptedException("chan receive");
            }
            return EMPTY_MARK;
        }
    }

    /**
     * Watches the ring for up to the spin budget of {@code hint}, reading it once every
     * {@link #WATCH_INTERVAL} spins (at least 2).
     *
     * @return true when it became ready for the operation (send or receive) meanwhile
     */
    private boolean watch(int hint, boolean send) {
        for (int i = Spin.budget(hint); i > 0; i--) {
            Thread.onSpinWait();
            // every WATCH_INTERVAL spins, and at the last one: a budget halved below the
            // interval (see Spin) still reads the ring once
            if ((i & (WATCH_INTERVAL - 1)) == 1 && (send ? sendReady() : recvReady())) {
                return true;
            }
        }
        return false;
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
        long t = (long) POS.getAndBitwiseOr(pos, TAIL, markBit);
        if ((t & markBit) != 0) {
            unlock();
            throw Panics.closeOfClosed();
        }
        Waiter receivers = q.claimAll(false);
        Waiter senders = q.claimAll(true);
        publishWaiting(false);
        publishWaiting(true);
        unlock();
        // receivers drain what is left, then see the close; senders see it and panic
        Waiter.retryChain(receivers);
        Waiter.retryChain(senders);
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
        return v == EMPTY_MARK ? Optional.empty() : Optional.of(toReceived(v));
    }

    @Override
    public Optional<Received<T>> tryReceive(Duration timeout) {
        Object v = recv0(Durations.deadline(timeout, "tryReceive"));
        return v == EMPTY_MARK ? Optional.empty() : Optional.of(toReceived(v));
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

    /** The number of buffered values: a consistent reading of head and tail (Go's racy len). */
    @Override
    public int len() {
        long[] p = pos;
        for (;;) {
            long t = (long) POS.getVolatile(p, TAIL);
            long h = (long) POS.getVolatile(p, HEAD);
            if ((long) POS.getVolatile(p, TAIL) != t) {
                continue;
            }
            t &= ~markBit;
            int hix = (int) (h & (markBit - 1));
            int tix = (int) (t & (markBit - 1));
            if (hix < tix) {
                return tix - hix;
            }
            if (hix > tix) {
                return capacity - hix + tix;
            }
            return t == h ? 0 : capacity;
        }
    }

    @Override
    public int cap() {
        return capacity;
    }

    // ---- Selectable (called by the select engine with the lock held) -------------------------

    @Override
    public int pollRecv(Waiter g) {
        int r = takeInto(g);
        if (r == READY && sendWaiting != 0) {
            wakeAfterUnlock(g, true); // a slot was freed
        }
        return r;
    }

    @Override
    public int pollSend(Waiter g, Object v) {
        int r = offerFor(v);
        if (r == READY && recvWaiting != 0) {
            wakeAfterUnlock(g, false); // a value arrived
        }
        return r;
    }

    /**
     * Claims the first live waiter of a lane (lock held) and leaves it in the select's
     * {@link Waiter#pending}, to be woken to retry once the select released its locks.
     */
    private void wakeAfterUnlock(Waiter g, boolean send) {
        Waiter w = q.claimFirst(send);
        publishWaiting(send);
        if (w != null) {
            g.pending = w;
            g.pendingRetry = true;
        }
    }

    /** The ring is polled without the lock; only waking a blocked sender takes it. */
    @Override
    public Object pollRecvNow() {
        Object v = poll();
        if (v == EMPTY_MARK) {
            return NO_VALUE;
        }
        if (sendWaiting != 0) {
            wakeFirst(true); // a slot was freed (no lock is held here, so wake at once)
        }
        return v == CLOSED_MARK ? CLOSED_VALUE : v;
    }

    /** The ring is offered to without the lock; only waking a blocked receiver takes it. */
    @Override
    public int pollSendNow(Object v) {
        int r = offerFor(v);
        if (r == READY && recvWaiting != 0) {
            wakeFirst(false); // a value arrived
        }
        return r;
    }

    /** A select's receive from the ring: the value (or the close) goes into {@code g}. */
    private int takeInto(Waiter g) {
        Object v = poll();
        if (v == EMPTY_MARK) {
            return NOT_READY;
        }
        boolean ok = v != CLOSED_MARK;
        g.setPolled(ok ? v : null, ok);
        return READY;
    }

    /** A select's send into the ring, as a poll result. */
    private int offerFor(Object v) {
        int r = offer(v);
        return r == CLOSED ? Selectable.CLOSED : r == FULL ? NOT_READY : READY;
    }

    @Override
    public void enqueue(Waiter node) {
        queue(node);
        // The recheck of the blocking operations: if the case became ready since the poll, the
        // select must not park; it claims itself (nobody else can, its locks are held) to retry.
        if ((node.isSend ? sendReady() : recvReady()) && node.tryClaim()) {
            node.completeRetry();
        }
    }

    @Override
    public void dequeue(Waiter node) {
        unqueue(node);
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

    /** How far behind the sender a streaming receiver keeps (0: never). For tests. */
    int lag() {
        return lag;
    }

    /** The position up to which receives take values without looking ahead. For tests. */
    long credit() {
        return pos[CREDIT];
    }

    /** Whether receivers are cooling down after the sender did not get ahead. For tests. */
    boolean lagCoolingDown() {
        return lagHint < 0;
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap " + capacity + ")";
    }
}
