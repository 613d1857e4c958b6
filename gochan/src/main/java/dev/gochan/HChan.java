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
 *   ctl     one int: the lock bit, the closed bit, and the state of the waiting slot
 *   slot    (in ctl, slotItem, slotThread) the first plain sender or receiver that blocks
 *   recvq   further receivers, and every select's receive nodes: q's receive lane
 *   sendq   further senders, and every select's send nodes: q's send lane
 * </pre>
 * Everything is guarded by the lock bit of {@code ctl}, except that the slot's owner frees the
 * slot after taking its result and sets {@code PARKED}, each with a CAS on {@code ctl} from an
 * unlocked value (a cancel takes the lock); so a lock holder sees {@code ctl} change under it
 * only by its own writes.
 *
 * <h2>Why a slot (ADR 0008)</h2>
 * The cost of an unbuffered handoff between two carriers is the cache lines that move between
 * them. A waiter in a queue node spins on the node's line while its counterpart takes the lock's
 * line: each message moved both lines there and back. The slot puts the waiter's whole state in
 * the channel's own line, beside the lock: the counterpart takes that one line, completes the
 * waiter with the same store that unlocks it, and the waiter finds the line already in hand for
 * its next operation. Ping-pong fell from about 8 line transfers per round trip to about 4.
 *
 * <h2>Slot states (bits 3-5 of ctl)</h2>
 * <pre>
 *   EMPTY --a blocking op, lanes empty of its kind (holder)--> WAIT_RECV / WAIT_SEND
 *   WAIT_RECV --a sender (holder)----------------------------> DONE
 *   WAIT_SEND --a receiver (holder), clearing slotThread-----> EMPTY
 *   WAIT_* --close (holder)----------------------------------> FAILED
 *   WAIT_* --timeout or interrupt (owner, under the lock)----> EMPTY
 *   DONE, FAILED --the owner, after taking its result (CAS)--> EMPTY
 *   PARKED (bit 1): set by the owner (CAS) before it parks; cleared with every change of state
 * </pre>
 * A completed sender has nothing to take from the slot, so its receiver frees the slot at once
 * instead of leaving it {@code DONE} for the sender to acknowledge (ADR 0011): in a stream the
 * next operation finds the slot free, and the sender saves a CAS. The sender then learns that
 * its wait is over from {@code slotThread} no longer being itself, not from the state, which the
 * next sender to wait may have set to {@code WAIT_SEND} again.
 * An operation that must block while the slot is {@code DONE} releases the lock and spins
 * briefly for its owner to free it, then retries (in a stream the owner is running and frees it
 * within nanoseconds); if it stays {@code DONE}, the operation waits in a lane.
 * A holder that completes the slot reads {@code PARKED} in the value it locked, which nobody
 * else can change while locked: if the owner set it first, the holder unparks it; if not, the
 * owner's CAS fails and it sees the completion. No wake-up is lost, with no extra fence.
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
 *   <li>A receiver's completed slot is not free until the receiver took its value: a
 *       counterpart never overwrites a value that was not yet received.</li>
 *   <li>{@code slotThread} is the owner's thread from the moment it takes the slot until the
 *       slot is freed, and only the owner writes its own thread there: so an owner that reads
 *       another thread (or null) after an unlocked {@code ctl} knows its wait is over.</li>
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
    private static final int SLOT = 7 << 3;
    private static final int EMPTY = 0;
    private static final int WAIT_RECV = 1 << 3;
    private static final int WAIT_SEND = 2 << 3;
    private static final int DONE = 3 << 3;
    private static final int FAILED = 4 << 3;

    /**
     * The slot's owner reads {@code ctl} once every this many spins (a power of two, at least 2)
     * while it spins for a plain counterpart. Each reading pulls the line that the counterpart
     * must take to complete it, so reading at every spin (about 24 ns) slows the counterpart
     * down; reading too rarely delays the owner's next operation, which in a stream is the next
     * message. Measured (ADR 0011): every 2 spins is best for W1 and W2, every 8 much worse.
     */
    private static final int SLOT_READ_INTERVAL = 2;
    /**
     * The same while the slot is served by a select (see {@link #servedBySelect}): a select
     * serves several channels, so its next completion of this slot is some selects away and the
     * owner's promptness matters less than leaving the line alone. Measured on W5 cap 0: every 4
     * spins, 1.90-2.16x Jox; every 2, 1.79-2.06x; every spin, 1.71-1.88x.
     */
    private static final int SELECT_SLOT_READ_INTERVAL = 4;

    /** Results of {@link #awaitSlot}, besides the slot states DONE and FAILED. */
    private static final int SLOT_TIMED_OUT = -1;
    private static final int SLOT_INTERRUPTED = -2;

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
    /** WAIT_SEND: the value offered. DONE: the value delivered to the waiting receiver. */
    private Object slotItem;
    /** The slot's owner, while it waits. */
    private Thread slotThread;
    /**
     * Whether the last completion of the slot's owner came from a select (a hint, racy, written
     * only on change): the owner then reads its slot less often while it spins (see
     * {@link #SELECT_SLOT_READ_INTERVAL}).
     */
    private boolean servedBySelect;
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
        return send0(v, deadline, true, false);
    }

    /**
     * @param mayWaitForSlot whether to wait for a DONE slot to be freed (once per operation)
     * @param bySelect whether a select's first pass calls (see {@link #servedBySelect})
     */
    private boolean send0(Object v, long deadline, boolean mayWaitForSlot, boolean bySelect) {
        int c = lockCtl();
        if ((c & CLOSED_BIT) != 0) {
            unlockCtl(c);
            throw Panics.sendOnClosed();
        }
        int slot = c & SLOT;
        if (slot == WAIT_RECV) {
            slotItem = v;
            completeAndUnlock(c, bySelect);
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
            slotItem = v;
            slotThread = Thread.currentThread();
            unlockCtl(withSlot(c, WAIT_SEND));
            int res = awaitSlot(WAIT_SEND, deadline, "chan send");
            if (res == DONE) {
                return true; // the receiver freed the slot already
            }
            if (res == FAILED) {
                freeSlot();
                throw Panics.sendOnClosed();
            }
            if (res == SLOT_INTERRUPTED) {
                throw new GoInterruptedException("chan send");
            }
            return false;
        }
        if (slot == DONE && mayWaitForSlot && awaitSlotFree(c)) {
            return send0(v, deadline, false, bySelect);
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
        return recv0(deadline, true, false);
    }

    /** As {@link #send0(Object, long, boolean, boolean)}. */
    private Object recv0(long deadline, boolean mayWaitForSlot, boolean bySelect) {
        int c = lockCtl();
        if ((c & CLOSED_BIT) != 0) {
            unlockCtl(c);
            return CLOSED_MARK;
        }
        int slot = c & SLOT;
        if (slot == WAIT_SEND) {
            Object v = slotItem;
            completeAndUnlock(c, bySelect);
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
            slotThread = Thread.currentThread();
            unlockCtl(withSlot(c, WAIT_RECV));
            int res = awaitSlot(WAIT_RECV, deadline, "chan receive");
            if (res == DONE || res == FAILED) {
                Object v = res == DONE ? slotItem : CLOSED_MARK;
                freeSlot();
                return v;
            }
            if (res == SLOT_INTERRUPTED) {
                throw new GoInterruptedException("chan receive");
            }
            return NOT_READY_MARK;
        }
        if (slot == DONE && mayWaitForSlot && awaitSlotFree(c)) {
            return recv0(deadline, false, bySelect);
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
     * Waits, as the slot's owner in state {@code mine}, until a counterpart completes the slot,
     * close fails it, the deadline passes or the thread is interrupted: spins first (see
     * {@link Spin}), then records the wait and parks.
     *
     * @return {@link #DONE} or {@link #FAILED} (a receiver takes its result, then calls
     *     {@link #freeSlot}; so does a failed sender; a completed sender's slot is free
     *     already), or {@link #SLOT_TIMED_OUT} / {@link #SLOT_INTERRUPTED} (the slot
     *     was emptied: nothing was transferred)
     */
    private int awaitSlot(int mine, long deadline, String reason) {
        int hint = spinHint;
        Thread me = Thread.currentThread();
        int every = servedBySelect ? SELECT_SLOT_READ_INTERVAL : SLOT_READ_INTERVAL;
        for (int i = Spin.budget(hint); i > 0; i--) {
            Thread.onSpinWait();
            // every `every` spins, and at the last one (see SLOT_READ_INTERVAL)
            if ((i & (every - 1)) == 1) {
                int c = ctl;
                if ((c & LOCKED) == 0) {
                    int s = outcome(c, me);
                    if (s != mine) {
                        learnSpin(hint, true);
                        return s;
                    }
                }
            }
        }
        int res;
        G g = Goroutines.beginWait(reason, this, deadline != Waiter.NO_DEADLINE);
        try {
            res = parkInSlot(mine, deadline, me);
        } finally {
            Goroutines.endWait(g);
        }
        learnSpin(hint, false);
        return res;
    }

    /**
     * The owner's view of its wait, read from an unlocked {@code c} (so that the slot's fields
     * are those of that state): {@code mine} while it still waits, else DONE or FAILED. A
     * receiver's completion and every failure stay in the slot until the owner frees it; a
     * completed sender has nothing to take, so its receiver frees the slot at once (clearing
     * {@code slotThread}) and the slot may already belong to someone else: the thread, not the
     * state, tells the sender its wait is over.
     */
    private int outcome(int c, Thread me) {
        return slotThread == me ? c & SLOT : DONE;
    }

    private int parkInSlot(int mine, long deadline, Thread me) {
        for (;;) {
            int c = ctl;
            if ((c & LOCKED) != 0) {
                // Wait for the holder as the lock does (it yields, then backs off). Spinning here
                // without end could keep the holder off every carrier: a select holding this
                // channel while it waits, yielding, for another of its channels (found as a
                // livelock by W5: two producers spun in their slots on both carriers).
                unlockCtl(lockCtl());
                continue;
            }
            int s = outcome(c, me);
            if (s != mine) {
                return s;
            }
            if (me.isInterrupted()) {
                return cancelSlot(mine, SLOT_INTERRUPTED);
            }
            Clock clock = null;
            if (deadline != Waiter.NO_DEADLINE) {
                // Deadlines are readings of the library's clock (a virtual clock in a test
                // bubble); only this slow path, after the spin, consults it.
                clock = Clock.current();
                if (clock.nanoTime() - deadline >= 0L) {
                    return cancelSlot(mine, SLOT_TIMED_OUT);
                }
            }
            if ((c & PARKED) == 0) {
                if (!CTL.compareAndSet(this, c, c | PARKED)) {
                    continue; // a holder came in between: look again
                }
                // A receiver's completion or a failure keeps the slot's state until we free it,
                // so c cannot come back; a sender's completion empties the slot, and the next
                // sender to wait in it brings back the very same c. Our CAS may then have
                // marked that sender's wait (a spurious unpark for it, harmless): the thread
                // tells, read after the CAS.
                if (slotThread != me) {
                    return DONE;
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
     * the lock, so that the slot's fields are cleared before anyone can take the slot again.
     *
     * @return {@code why}, or the slot's final state when it was completed after all
     */
    private int cancelSlot(int mine, int why) {
        int c = lockCtl();
        int slot = outcome(c, Thread.currentThread());
        if (slot != mine) {
            unlockCtl(c);
            return slot; // completed meanwhile: the operation happened
        }
        clearSlot();
        unlockCtl(withSlot(c, EMPTY));
        return why;
    }

    /**
     * Called with the lock held, by an operation that must block while the slot is DONE: its
     * owner was completed and is taking its result, which in a stream is a matter of
     * nanoseconds (the owner is running: it just saw the completion). Releases the lock and
     * spins briefly for the slot to be freed, so that the caller can retry and wait in it
     * rather than in a queue node.
     *
     * @return true when the slot left DONE (the caller retries), false when the lock was kept
     *     (the caller goes on to the lanes)
     */
    private boolean awaitSlotFree(int c) {
        if (Spin.MAX == 0) {
            return false; // one carrier: the owner cannot run while we spin
        }
        unlockCtl(c);
        for (int i = Spin.MAX; i > 0; i--) {
            Thread.onSpinWait();
            if ((ctl & SLOT) != DONE) {
                return true;
            }
        }
        return true; // retry anyway: the lock was released, the state must be read again
    }

    /**
     * Frees the slot after its owner took the result of a completed wait. Until now nobody
     * else touched slotItem and slotThread: a completed slot is not free.
     */
    private void freeSlot() {
        clearSlot();
        int c = ctl;
        if ((c & LOCKED) == 0 && CTL.compareAndSet(this, c, withSlot(c, EMPTY))) {
            return;
        }
        // A holder is in, or came in between: free it under the lock (which waits politely:
        // see parkInSlot).
        unlockCtl(withSlot(lockCtl(), EMPTY));
    }

    /**
     * Completes the slot's owner, whose value was taken (a sender) or delivered (a receiver),
     * with the lock held, and returns the new {@code ctl} for the caller to publish. A waiting
     * receiver's slot becomes DONE, freed by the receiver once it took its value; a waiting
     * sender has nothing to take, so its slot is freed here (ADR 0011, see {@link #outcome}).
     *
     * @param c ctl as locked, the slot in WAIT_RECV or WAIT_SEND
     * @param bySelect whether a select completes it (see {@link #servedBySelect})
     */
    private int complete(int c, boolean bySelect) {
        if (servedBySelect != bySelect) {
            servedBySelect = bySelect;
        }
        if ((c & SLOT) == WAIT_RECV) {
            return withSlot(c, DONE);
        }
        clearSlot();
        return withSlot(c, EMPTY);
    }

    /**
     * Completes the slot's owner ({@link #complete}) with the store that unlocks, then unparks
     * it if it parked (read in the locked {@code c}: see PARKED).
     */
    private void completeAndUnlock(int c, boolean bySelect) {
        Thread owner = slotThread;
        unlockCtl(complete(c, bySelect));
        if ((c & PARKED) != 0) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Completes the slot's owner ({@link #complete}) from a select's poll: the lock is held, and
     * stays held (the new state is published by the select's unlock). The owner is unparked by
     * the select after it released its locks ({@link Waiter#completePending}).
     */
    private void completeSlotLocked(int c, Waiter g) {
        if ((c & PARKED) != 0) {
            g.pendingUnpark = slotThread;
        }
        CTL.set(this, complete(c, true));
    }

    /** Forgets the slot's owner and value, as the slot becomes EMPTY. */
    private void clearSlot() {
        slotItem = null;
        slotThread = null;
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
        int slot = c & SLOT;
        Thread slotOwner = null;
        int next = c | CLOSED_BIT;
        if (slot == WAIT_RECV || slot == WAIT_SEND) {
            slotOwner = (c & PARKED) != 0 ? slotThread : null;
            next = withSlot(next, FAILED);
        }
        Waiter receivers = q.claimAll(false);
        Waiter senders = q.claimAll(true);
        unlockCtl(next);
        if (slotOwner != null) {
            LockSupport.unpark(slotOwner);
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
            completeSlotLocked(c, g);
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
            slotItem = v;
            completeSlotLocked(c, g);
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
        Object v = recv0(0L, true, true);
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
            return send0(v, 0L, true, true) ? READY : NOT_READY;
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
