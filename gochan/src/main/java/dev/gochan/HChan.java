package dev.gochan;

import dev.gochan.internal.Clock;
import dev.gochan.internal.Durations;
import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An unbuffered channel ({@code make(chan T)}): Go's {@code hchan} with no buffer, where every
 * value passes directly from a sender to a receiver. (Buffered channels are {@link BufChan}.)
 *
 * <h2>State</h2>
 * <pre>
 *   ctl     one int: the lock bit, PARKED, the closed bit, and the state of the waiting slot
 *   slot    (in ctl, slotItem, slotOwner) the first plain sender or receiver that blocks
 *   recvq   further receivers, and every select's receive nodes: q's receive lane
 *   sendq   further senders, and every select's send nodes: q's send lane
 * </pre>
 * Everything is guarded by the lock bit of {@code ctl}, except that the slot's owner sets
 * {@code PARKED} with a CAS on {@code ctl} from an unlocked value; so a lock holder sees
 * {@code ctl} change under it only by its own writes.
 *
 * <h2>Why a slot (ADR 0008), and why the owner waits on its own line (ADR 0013)</h2>
 * The cost of an unbuffered handoff between two carriers is the cache lines that move between
 * them. The first waiter waits in the channel's slot (no node allocated): a counterpart that
 * finds it takes it out of the slot, which is free again at once, and delivers its result (the
 * value for a receiver, "taken" for a sender) into the owner's {@link G#handoff()}: a line that
 * only the owner reads, so the owner spins there without pulling the channel's line from the
 * goroutines that must lock it, and sees its result in one transfer. Nothing is left for the
 * owner to acknowledge in the channel: in a stream the next operation finds the slot free or
 * already waited in.
 *
 * <h2>Slot states (bits 3-4 of ctl)</h2>
 * <pre>
 *   EMPTY --a blocking op, lanes empty of its kind (holder)--> WAIT_RECV / WAIT_SEND
 *   WAIT_* --a counterpart or close (holder), delivering-----> EMPTY
 *   WAIT_* --timeout or interrupt (owner, under the lock)----> EMPTY
 *   PARKED (bit 1): set by the owner (CAS) before it parks; cleared with every change of state
 * </pre>
 * The result is delivered under the lock, before the unlock that frees the slot. So an owner
 * that reads an unlocked {@code ctl} in which it is no longer the owner finds its result in its
 * handoff; and a holder that completes the slot reads {@code PARKED} in the value it locked,
 * which nobody else can change while locked: if the owner set it first, the holder unparks it;
 * if not, the owner's CAS fails, and it looks at its handoff again. The owner's CAS may land on
 * a later owner's identical state (it was completed, and someone else took the slot); its
 * result was delivered before that, so its look after the CAS finds it. No wake-up is lost.
 *
 * <h2>Invariants (Go's runtime/chan.go)</h2>
 * <ul>
 *   <li>No live receiver and live sender wait at once (a select's own nodes aside): a receiver
 *       only waits when no sender waits, and the other way round.</li>
 *   <li>FIFO per kind: a blocking operation takes the slot only when no live waiter of its
 *       kind is queued in the lanes; so the slot's owner is older than every queued waiter of
 *       its kind, and counterparts serve the slot first, then the lane's head.</li>
 *   <li>Selects never take the slot (their nodes go to the lanes), so a select never meets
 *       itself there.</li>
 *   <li>Once closed, nothing waits: close fails the slot's owner and every queued waiter.</li>
 *   <li>An owner's handoff is written once per wait, by whoever took it out of the slot, under
 *       the lock; the owner resets it before it publishes itself, and does not wait again
 *       before it has read the result: a delivery never lands in a later wait.</li>
 * </ul>
 *
 * <h2>Linearization points</h2>
 * Every operation takes effect while holding the lock: a send when it completes a receiver, a
 * receive when it completes a sender, a close when it sets the closed bit. A blocked operation
 * takes effect when a counterpart completes it (under the counterpart's lock).
 */
final class HChan<T> extends Chan<T> implements Selectable {
    /** Private results of the internal operations (never escape this class). */
    private static final Object CLOSED_MARK = new Object();
    private static final Object NOT_READY_MARK = new Object();

    private static final VarHandle CTL;
    static {
        try {
            CTL = MethodHandles.lookup().findVarHandle(HChan.class, "ctl", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- ctl bits ----------------------------------------------------------------------------
    /** The lock (bit 0, as {@link SpinLock} expects). */
    private static final int LOCKED = 1;
    /** The slot's owner parked, or is about to: a completer must unpark it. */
    private static final int PARKED = 2;
    /** Set once by close(). */
    private static final int CLOSED_BIT = 4;
    /** The slot's state. */
    private static final int SLOT = 3 << 3;
    private static final int EMPTY = 0;
    private static final int WAIT_RECV = 1 << 3;
    private static final int WAIT_SEND = 2 << 3;

    /** Results delivered to a slot's owner through its handoff (see {@link G#handoff()}). */
    private static final Object TAKEN = new Object();
    private static final Object FAILED = new Object();
    private static final Object NULL_VALUE = new Object();
    /** Results of {@link #awaitSlot} that no counterpart delivered. */
    private static final Object TIMED_OUT = new Object();
    private static final Object INTERRUPTED = new Object();

    private final long id = LockOrder.next();
    /**
     * Padding. HotSpot (JDK 25, compressed oops) puts the int and reference fields below in the
     * 16 bytes after the header (ctl at 28, the slot's fields at 16 and 20, measured with
     * {@code Unsafe.objectFieldOffset}) and the longs after them: so these 56 bytes keep the hot
     * line of this channel from the next object in the heap, typically another channel made
     * right after it (W5 makes four in a row, one per producer). W5 cap 0 and W2, Paired: about
     * +5-10% (within the noise of two JVMs, but no workload lost).
     */
    @SuppressWarnings("unused")
    private long pad0, pad1, pad2, pad3, pad4, pad5, pad6;
    @SuppressWarnings("unused") // accessed through CTL
    private volatile int ctl;
    /** WAIT_SEND: the value offered. */
    private Object slotItem;
    /** The slot's owner, while it waits (WAIT_RECV, WAIT_SEND); null when EMPTY. */
    private G slotOwner;
    /** How long blocked operations spin before parking; racy on purpose (see {@link Spin}). */
    private int spinHint = Spin.MAX;
    /** The wait lanes (their own lock is unused: {@code ctl} guards them). */
    private final WaitQueue q = new WaitQueue();

    HChan() {}

    // ---- lock --------------------------------------------------------------------------------

    /**
     * Takes the lock. One exchange when the guess is right, and a failed exchange still brings
     * the line in exclusively and tells the current value, so the retry is local.
     *
     * @return ctl as locked (with {@link #LOCKED})
     */
    private int lockCtl() {
        int c = (int) CTL.compareAndExchangeAcquire(this, EMPTY, EMPTY | LOCKED);
        if (c == EMPTY) {
            return EMPTY | LOCKED;
        }
        if ((c & LOCKED) == 0 && CTL.weakCompareAndSetAcquire(this, c, c | LOCKED)) {
            return c | LOCKED;
        }
        return SpinLock.lockSlow(CTL, this);
    }

    /** Releases the lock, storing {@code c} (its lock bit is ignored). */
    private void unlockCtl(int c) {
        CTL.setRelease(this, c & ~LOCKED);
    }

    @Override
    public void lock() {
        lockCtl();
    }

    @Override
    public void unlock() {
        unlockCtl((int) CTL.get(this)); // only the holder writes ctl while it is locked
    }

    @Override
    public long lockOrder() {
        return id;
    }

    /** {@code c} with the slot in {@code state} and PARKED cleared (the new state's owner, if
     * any, has not parked). */
    private static int withSlot(int c, int state) {
        return (c & ~(SLOT | PARKED)) | state;
    }

    // ---- the two internal entry points -------------------------------------------------------

    /**
     * Sends {@code v}: without blocking when {@code deadline == 0}, else until the deadline
     * ({@link Waiter#NO_DEADLINE}: forever).
     *
     * @return true when sent, false when it would block / timed out
     */
    private boolean send0(Object v, long deadline) {
        int c = lockCtl();
        if ((c & CLOSED_BIT) != 0) {
            unlockCtl(c);
            throw Panics.sendOnClosed();
        }
        int slot = c & SLOT;
        if (slot == WAIT_RECV) {
            completeAndUnlock(c, delivered(v));
            return true;
        }
        Waiter r = q.deliverFirst(false, v, true);
        if (r != null) {
            unlockCtl(c);
            r.finishDelivery(v, true);
            return true;
        }
        if (deadline == 0L) {
            unlockCtl(c);
            return false;
        }
        if (slot == EMPTY && !q.hasWaiter(true)) {
            G me = takeSlot(v);
            unlockCtl(withSlot(c, WAIT_SEND));
            Object res = awaitSlot(me, WAIT_SEND, deadline, "chan send");
            if (res == TAKEN) {
                return true;
            }
            if (res == FAILED) {
                throw Panics.sendOnClosed();
            }
            if (res == INTERRUPTED) {
                throw new GoInterruptedException("chan send");
            }
            return false;
        }
        Waiter w = new Waiter(true, v);
        q.enqueue(w);
        unlockCtl(c);
        int hint = spinHint;
        int res = w.await(deadline, "chan send", this, Spin.budget(hint));
        learnSpin(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            if (!w.success()) {
                throw Panics.sendOnClosed();
            }
            return true;
        }
        withdraw(w);
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
        int c = lockCtl();
        if ((c & CLOSED_BIT) != 0) {
            unlockCtl(c);
            return CLOSED_MARK;
        }
        int slot = c & SLOT;
        if (slot == WAIT_SEND) {
            Object v = slotItem;
            completeAndUnlock(c, TAKEN);
            return v;
        }
        Waiter s = q.deliverFirst(true, null, true); // a sender waits with its value
        if (s != null) {
            Object v = s.item;
            unlockCtl(c);
            s.finishDelivery(null, true);
            return v;
        }
        if (deadline == 0L) {
            unlockCtl(c);
            return NOT_READY_MARK;
        }
        if (slot == EMPTY && !q.hasWaiter(false)) {
            G me = takeSlot(null);
            unlockCtl(withSlot(c, WAIT_RECV));
            Object res = awaitSlot(me, WAIT_RECV, deadline, "chan receive");
            if (res == FAILED) {
                return CLOSED_MARK;
            }
            if (res == TIMED_OUT) {
                return NOT_READY_MARK;
            }
            if (res == INTERRUPTED) {
                throw new GoInterruptedException("chan receive");
            }
            return res == NULL_VALUE ? null : res;
        }
        Waiter w = new Waiter(false, null);
        q.enqueue(w);
        unlockCtl(c);
        int hint = spinHint;
        int res = w.await(deadline, "chan receive", this, Spin.budget(hint));
        learnSpin(hint, w.spinWon());
        if (res == Waiter.COMPLETED) {
            return w.success() ? w.item : CLOSED_MARK;
        }
        withdraw(w);
        if (res == Waiter.INTERRUPTED) {
            throw new GoInterruptedException("chan receive");
        }
        return NOT_READY_MARK;
    }

    /** Removes a plain waiter that gave up from its lane. */
    private void withdraw(Waiter w) {
        int c = lockCtl();
        q.remove(w);
        unlockCtl(c);
    }

    // ---- the waiting slot --------------------------------------------------------------------

    /**
     * Makes the current goroutine the slot's owner (lock held, slot EMPTY), offering
     * {@code item} (a sender's value; null for a receiver). Its handoff is reset first, so that
     * no delivery can come before the reset; the caller's unlock publishes the new state.
     */
    private G takeSlot(Object item) {
        G me = Goroutines.self();
        me.handoffReset();
        slotItem = item;
        slotOwner = me;
        return me;
    }

    /** A value as delivered to a waiting receiver's handoff: null as {@link #NULL_VALUE}. */
    private static Object delivered(Object v) {
        return v == null ? NULL_VALUE : v;
    }

    /**
     * Waits, as the slot's owner {@code me} in state {@code mine}, until a counterpart or close
     * delivers its result, the deadline passes or the thread is interrupted: spins on its own
     * handoff first (see {@link Spin}), then records the wait and parks.
     *
     * @return what was delivered (a value, {@link #NULL_VALUE}, {@link #TAKEN} or
     *     {@link #FAILED}), or {@link #TIMED_OUT} / {@link #INTERRUPTED} (the slot was emptied:
     *     nothing was transferred)
     */
    private Object awaitSlot(G me, int mine, long deadline, String reason) {
        int hint = spinHint;
        for (int i = Spin.budget(hint); i > 0; i--) {
            Thread.onSpinWait();
            Object r = me.handoff();
            if (r != G.HANDOFF_WAITING) {
                learnSpin(hint, true);
                return r;
            }
        }
        Object res;
        G g = Goroutines.beginWait(me, reason, this, deadline != Waiter.NO_DEADLINE);
        try {
            res = parkInSlot(me, mine, deadline);
        } finally {
            Goroutines.endWait(g);
        }
        learnSpin(hint, false);
        return res;
    }

    private Object parkInSlot(G me, int mine, long deadline) {
        for (;;) {
            Object r = me.handoff();
            if (r != G.HANDOFF_WAITING) {
                return r;
            }
            int c = ctl;
            if ((c & LOCKED) != 0) {
                // Wait for the holder as the lock does (it yields, then backs off). Spinning here
                // without end could keep the holder off every carrier: a select holding this
                // channel while it waits, yielding, for another of its channels (found as a
                // livelock by W5: two producers spun in their slots on both carriers).
                unlockCtl(lockCtl());
                continue;
            }
            if ((c & SLOT) != mine || slotOwner != me) {
                continue; // taken from the slot: the result was delivered before that unlock
            }
            if (Thread.currentThread().isInterrupted()) {
                return cancelSlot(me, mine, INTERRUPTED);
            }
            Clock clock = null;
            if (deadline != Waiter.NO_DEADLINE) {
                // Deadlines are readings of the library's clock (a virtual clock in a test
                // bubble); only this slow path, after the spin, consults it.
                clock = Clock.current();
                if (clock.nanoTime() - deadline >= 0L) {
                    return cancelSlot(me, mine, TIMED_OUT);
                }
            }
            if ((c & PARKED) == 0) {
                if (!CTL.compareAndSet(this, c, c | PARKED)) {
                    continue; // a holder came in between: look again
                }
                // The CAS may have landed on a later owner's identical state (we were completed,
                // and someone else took the slot): then our result was delivered before that,
                // and the read below finds it (the later owner gets a spurious unpark, harmless).
                r = me.handoff();
                if (r != G.HANDOFF_WAITING) {
                    return r;
                }
            }
            if (clock == null) {
                LockSupport.park(this);
            } else {
                clock.parkUntil(this, deadline);
            }
        }
    }

    /**
     * Gives up the slot (timeout or interrupt) unless a counterpart completed it first. Under
     * the lock, so that no counterpart can take the owner from the slot meanwhile.
     *
     * @return {@code why}, or the result delivered when the wait was completed after all
     */
    private Object cancelSlot(G me, int mine, Object why) {
        int c = lockCtl();
        if ((c & SLOT) == mine && slotOwner == me) {
            clearSlot();
            unlockCtl(withSlot(c, EMPTY));
            return why;
        }
        unlockCtl(c);
        return me.handoff(); // delivered under the lock of whoever took us from the slot
    }

    /**
     * Takes the slot's owner out of the slot (lock held, its state WAIT_RECV or WAIT_SEND),
     * delivers its {@code result} and returns it. The slot is free at once (ADR 0013): the
     * caller publishes {@code withSlot(c, EMPTY)} and unparks the owner if {@code c} has PARKED.
     */
    private G completeOwner(Object result) {
        G owner = slotOwner;
        clearSlot();
        owner.handoffDeliver(result);
        return owner;
    }

    /** Completes the slot's owner with {@code result}, unlocks, and unparks it if it parked. */
    private void completeAndUnlock(int c, Object result) {
        G owner = completeOwner(result);
        unlockCtl(withSlot(c, EMPTY));
        if ((c & PARKED) != 0) {
            LockSupport.unpark(owner.thread());
        }
    }

    /**
     * Completes the slot's owner from a select's poll: the lock is held, and stays held (the
     * select's unlock publishes the new state). An unpark, if needed, is left to the select for
     * after it released its locks ({@link Waiter#completePending}).
     */
    private void completeSlotLocked(int c, Waiter g, Object result) {
        G owner = completeOwner(result);
        CTL.set(this, withSlot(c, EMPTY));
        if ((c & PARKED) != 0) {
            g.pendingUnpark = owner.thread();
        }
    }

    /** Forgets the slot's owner and value, as the slot becomes EMPTY. */
    private void clearSlot() {
        slotItem = null;
        slotOwner = null;
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
        int c = lockCtl();
        if ((c & CLOSED_BIT) != 0) {
            unlockCtl(c);
            throw Panics.closeOfClosed();
        }
        Thread parked = null;
        int next = c | CLOSED_BIT;
        if ((c & SLOT) != EMPTY) {
            G owner = completeOwner(FAILED);
            parked = (c & PARKED) != 0 ? owner.thread() : null;
            next = withSlot(next, EMPTY);
        }
        Waiter receivers = q.claimAll(false);
        Waiter senders = q.claimAll(true);
        unlockCtl(next);
        if (parked != null) {
            LockSupport.unpark(parked);
        }
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

    // ---- Selectable (with the lock held, but for the first pass's pollRecvNow/pollSendNow) ---

    @Override
    public int pollRecv(Waiter g) {
        int c = (int) CTL.get(this); // held by the caller
        if ((c & CLOSED_BIT) != 0) {
            g.setPolled(null, false);
            return READY;
        }
        if ((c & SLOT) == WAIT_SEND) {
            g.setPolled(slotItem, true);
            completeSlotLocked(c, g, TAKEN);
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
        int c = (int) CTL.get(this); // held by the caller
        if ((c & CLOSED_BIT) != 0) {
            return CLOSED;
        }
        if ((c & SLOT) == WAIT_RECV) {
            completeSlotLocked(c, g, delivered(v));
            return READY;
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

    /**
     * The select's first pass: looks before it locks. A case that looks not ready without the
     * lock is skipped (the select polls every case again under all its locks before it parks or
     * takes default, so a wrong "not ready" here costs nothing but that); only a case that may
     * be ready takes the lock, as a non-blocking receive. In a busy select most channels are
     * not ready at any instant, and reading a channel's line is much cheaper than taking it
     * from its owner's cache.
     */
    @Override
    public Object pollRecvNow() {
        int c = ctl;
        if ((c & SLOT) != WAIT_SEND && (c & CLOSED_BIT) == 0 && q.size(true) == 0) {
            return NO_VALUE; // q.size read without the lock: a hint, as all of this
        }
        Object v = recv0(0L);
        return v == NOT_READY_MARK ? NO_VALUE : v == CLOSED_MARK ? CLOSED_VALUE : v;
    }

    /** The select's first pass for a send: as {@link #pollRecvNow}. */
    @Override
    public int pollSendNow(Object v) {
        int c = ctl;
        if ((c & CLOSED_BIT) != 0) {
            return CLOSED;
        }
        if ((c & SLOT) != WAIT_RECV && q.size(false) == 0) {
            return NOT_READY;
        }
        try {
            return send0(v, 0L) ? READY : NOT_READY;
        } catch (ClosedChanException e) {
            return CLOSED; // closed since the look above
        }
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

    /**
     * The number of receivers waiting: the slot's owner and the receive lane's nodes, stale
     * select nodes included. For tests.
     */
    int recvQueueSize() {
        int c = lockCtl();
        int n = q.size(false) + ((c & SLOT) == WAIT_RECV ? 1 : 0);
        unlockCtl(c);
        return n;
    }

    /**
     * The number of senders waiting: the slot's owner and the send lane's nodes, stale select
     * nodes included. For tests.
     */
    int sendQueueSize() {
        int c = lockCtl();
        int n = q.size(true) + ((c & SLOT) == WAIT_SEND ? 1 : 0);
        unlockCtl(c);
        return n;
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap 0)";
    }
}
