package dev.gochan.internal;

import dev.gochan.GoInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The one waiting protocol of gochan: the counterpart of Go's {@code sudog}.
 *
 * <h2>Overview</h2>
 * A goroutine that must block publishes one or more <em>nodes</em> in the wait queues of the
 * things it waits on, then parks. A node belongs to a <em>group</em>: the waiter that parks. For a
 * plain send or receive the node is its own group; a {@code select} has one group and a node per
 * case (all pointing at the group). Exactly one counterpart may <em>claim</em> a group, with a
 * single compare-and-set of its {@link #state}; the claimer hands the element over, records which
 * node won, publishes {@code DONE} and unparks the owner. The select's other nodes become stale:
 * a later counterpart that dequeues one fails its claim and drops it, and the owner removes the
 * rest when it wakes.
 *
 * <pre>
 *   WAITING --claim (CAS, by a counterpart)--> CLAIMED --complete--------> DONE
 *      |                                              \--completeRetry---> DONE, retried
 *      +--deliver (CAS, plain nodes only: see tryDeliver)-----------------> DONE
 *      +--cancel (CAS, by the owner: timeout or interrupt)--> CANCELLED
 * </pre>
 *
 * A claimer that has nothing to hand over (a buffered channel, whose values only live in its
 * ring) completes the group with {@link #completeRetry()}: the owner wakes, sees
 * {@link #retried()}, and runs its operation (or its whole select) again. The claim still
 * happens exactly once, so a retry is never lost to a concurrent timeout.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code state} leaves WAITING exactly once; whoever wins that CAS owns the outcome.</li>
 *   <li>Only the claimer writes {@code selected}, {@code success} and the winning node's
 *       {@code item}; it does so before its volatile write of {@code DONE}, so the owner reads
 *       them after seeing {@code DONE} (happens-before through the volatile). A deliverer
 *       ({@link #tryDeliver}) writes them before its CAS instead; that is safe because a plain
 *       node has one possible deliverer at a time (the holder of its queue's lock) and a
 *       cancelling owner ignores them.</li>
 *   <li>Queue links ({@code prev}, {@code next}, {@code queued}) are guarded by the lock of the
 *       queue that holds the node; a node is in at most one queue.</li>
 *   <li>An element is never lost or duplicated by a timeout or an interrupt: the owner may only
 *       give up by winning the CAS to CANCELLED, and then no counterpart took anything.</li>
 * </ul>
 *
 * <h2>Blocking</h2>
 * The owner spins briefly (only when more than one carrier thread exists: with one carrier the
 * peer cannot run while we spin), then announces {@code parked} and parks. The claimer writes
 * {@code DONE} and then reads {@code parked}; the owner writes {@code parked} and then reads
 * {@code state}. Both are volatile, so at least one of them sees the other: either the owner does
 * not park, or the claimer unparks it. A claimer that sees {@code parked == false} skips the
 * unpark, which is the common case when the handoff happens during the spin.
 */
public final class Waiter {
    /** Not yet claimed or cancelled. */
    public static final int WAITING = 0;
    /** Claimed by a counterpart that is handing over the element. */
    public static final int CLAIMED = 1;
    /** The operation completed; {@code selected} and {@code success} are set. */
    public static final int DONE = 2;
    /** The owner gave up (timeout or interrupt); nothing was transferred. */
    public static final int CANCELLED = 3;

    /** Result of {@link #await}: the operation was completed by a counterpart. */
    public static final int COMPLETED = 0;
    /** Result of {@link #await}: the deadline passed and the wait was cancelled. */
    public static final int TIMED_OUT = 1;
    /** Result of {@link #await}: the thread was interrupted and the wait was cancelled. */
    public static final int INTERRUPTED = 2;

    /** A deadline meaning "no deadline". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int SPINS = Spin.SPINS;
    /** Set by the owner when its wait completed during the spin (read by the owner only). */
    private boolean spinWon;

    // ---- node fields -------------------------------------------------------------------------
    Waiter prev;
    Waiter next;
    /**
     * Whether this node is in a wait queue; written under that queue's lock. Plain, not volatile
     * (two fences per wait saved on the handoff path): the only racy reader is the select's
     * owner deciding whether a withdrawn node needs the lock, and it reads a value it wrote
     * itself (true) or the final false, which never turns true again.
     */
    boolean queued;
    /** The group that parks: {@code this} for a single operation. */
    public final Waiter group;
    /** Index of the select case this node stands for (0 for a single operation). */
    public final int caseIndex;
    /** Whether this node waits to send (else to receive or acquire). */
    public final boolean isSend;
    /** Send: the value offered. Receive: the value received (written by the claimer). */
    public Object item;
    /** Lock order key of what the node is queued on (used by select cleanup). */
    public Selectable owner;

    // ---- group fields ------------------------------------------------------------------------
    private final Thread thread;
    private volatile int state;
    private volatile boolean parked;
    /** The node that won (written by the claimer before DONE). */
    private Waiter selected;
    /** Receive: ok. Send: delivered (false means the channel was closed). */
    private boolean success;
    /**
     * The counterpart woke the group without transferring anything: the operation must be tried
     * again (a buffered channel's waiters are woken this way when a slot or a value appears).
     */
    private boolean retry;
    /**
     * A counterpart delivered to during a select's poll ({@link #tryDeliver}), to be finished
     * after the locks are released.
     */
    public Waiter pending;
    /** The value to hand to {@link #pending}'s owner (a send's value, for a claimed receiver). */
    public Object pendingItem;
    /** Whether {@link #pending} is completed successfully. */
    public boolean pendingSuccess;
    /** Whether {@link #pending} is only woken to retry ({@link #completeRetry}). */
    public boolean pendingRetry;
    /**
     * A parked thread to unpark once the locks are released: the owner of an unbuffered
     * channel's waiting slot that a select's poll completed (the slot is not a node).
     */
    public Thread pendingUnpark;

    /** Creates a group waiter for the current thread (a single operation, or a select's group). */
    public Waiter(boolean isSend, Object item) {
        this.group = this;
        this.caseIndex = 0;
        this.isSend = isSend;
        this.item = item;
        this.thread = Thread.currentThread();
    }

    /** Creates a select node of {@code group} for case {@code caseIndex}. */
    public Waiter(Waiter group, int caseIndex, boolean isSend, Object item) {
        this.group = group;
        this.caseIndex = caseIndex;
        this.isSend = isSend;
        this.item = item;
        this.thread = null;
    }

    /** The thread that owns this group. */
    public Thread thread() {
        return group.thread;
    }

    /** Whether this group is still waiting (unclaimed and not cancelled). */
    public boolean isWaiting() {
        return group.state == WAITING;
    }

    /**
     * Tries to claim this node's group: the single CAS that decides who completes it.
     *
     * @return true when the caller now owns the completion and must call {@link #complete}
     */
    public boolean tryClaim() {
        Waiter g = group;
        return g.state == WAITING && STATE.compareAndSet(g, WAITING, CLAIMED);
    }

    /**
     * Completes a claimed node: records it as the winner, with the given item and success flag,
     * and wakes the owner. Call it after releasing locks where possible.
     *
     * <p>Only a successful completion of a receiving node writes {@link #item}: a failed one
     * delivers nothing, and the node keeps what its owner put there (null for a receiver, Go's
     * zero value). Owners that keep their request in {@code item} (a semaphore's weight, a
     * mutex waiter's start time) rely on this: a canceller may complete a node that is still
     * queued, without the queue's lock, while the queue's owner reads that item under it.
     *
     * @param item for a receiving node, the value delivered (ignored for a sending node, and
     *     when {@code success} is false)
     * @param success receive: ok; send: delivered (false: the channel was closed)
     */
    public void complete(Object item, boolean success) {
        Waiter g = group;
        if (success && !isSend) {
            this.item = item;
        }
        g.selected = this;
        g.success = success;
        g.state = DONE;
        if (g.parked) {
            LockSupport.unpark(g.thread);
        }
    }

    /**
     * Claims this node for a handoff and, when it is its own group (a plain send or receive),
     * completes it in the same atomic step: the handed-over fields are written first and one
     * CAS takes the group from WAITING straight to DONE. Why: the owner is usually spinning on
     * {@code state}, and every separate write to its line after it read the line costs another
     * cache-line transfer between the two carriers; a claim followed by a completion costs two,
     * this costs one. Writing the fields before the CAS is safe only because a plain node sits
     * in one queue and is claimed under that queue's lock (no other claimer writes them), and an
     * owner that cancels instead reads none of them: when the CAS fails, the writes are left in
     * a node its owner has abandoned.
     *
     * <p>A select node keeps the two-step protocol (several claimers may race for its group).
     * Either way, after a true result the caller releases its lock and calls
     * {@link #finishDelivery} with the same arguments.
     *
     * @param item for a receiving node, the value delivered (ignored for a sending node, and
     *     when {@code success} is false)
     * @param success receive: ok; send: delivered
     * @return true when the node is now the caller's to finish; false when it was cancelled or
     *     claimed elsewhere (drop it)
     */
    public boolean tryDeliver(Object item, boolean success) {
        if (group != this) {
            return tryClaim();
        }
        if (success && !isSend) {
            this.item = item; // as complete() does: only a delivery writes it
        }
        selected = this;
        this.success = success;
        return STATE.compareAndSet(this, WAITING, DONE);
    }

    /**
     * Finishes a handoff begun by a successful {@link #tryDeliver}, after the caller released
     * its lock: completes a select node, or only unparks the owner of a plain node (already
     * DONE) if it announced that it parks. For the latter, the CAS to DONE precedes this read of
     * {@code parked}, and the owner writes {@code parked} before it reads {@code state}: one of
     * the two sees the other.
     */
    public void finishDelivery(Object item, boolean success) {
        if (group != this) {
            complete(item, success);
        } else if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Completes a claimed node without transferring anything: the owner wakes and tries its
     * operation (or its whole select) again. Used where values do not pass from hand to hand
     * (a buffered channel's ring): the claimer only announces that the thing waited for (a value,
     * a free slot, a close) may now be there; if another goroutine takes it first, the owner
     * simply waits again.
     */
    public void completeRetry() {
        Waiter g = group;
        g.selected = this;
        g.retry = true;
        g.state = DONE;
        if (g.parked) {
            LockSupport.unpark(g.thread);
        }
    }

    /**
     * Completes every node of a chain made by {@link WaitQueue#claimAll()} with
     * {@link #completeRetry()}.
     *
     * @param first the first node, or null
     */
    public static void retryChain(Waiter first) {
        Waiter w = first;
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            w.completeRetry();
            w = next;
        }
    }

    /**
     * Completes every node of a chain made by {@link WaitQueue#claimAll()}.
     *
     * @param first the first node, or null
     * @param item the item for receiving nodes
     * @param success the success flag for all
     */
    public static void completeChain(Waiter first, Object item, boolean success) {
        Waiter w = first;
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            w.complete(item, success);
            w = next;
        }
    }

    /** Completes the counterpart claimed during a poll, if any (after the locks are released). */
    public void completePending() {
        Thread t = pendingUnpark;
        if (t != null) {
            pendingUnpark = null;
            LockSupport.unpark(t);
        }
        Waiter p = pending;
        if (p != null) {
            pending = null;
            if (pendingRetry) {
                pendingRetry = false;
                p.completeRetry();
                return;
            }
            Object v = pendingItem;
            pendingItem = null;
            p.finishDelivery(v, pendingSuccess);
        }
    }

    /** Whether the last {@link #await} completed during its spin, without parking. */
    public boolean spinWon() {
        return spinWon;
    }

    /** The winning node, after {@link #await} returned {@link #COMPLETED}. */
    public Waiter selected() {
        return selected;
    }

    /**
     * Whether the group was completed by {@link #completeRetry()}: nothing was transferred and
     * the operation must be tried again. Valid after {@link #await} returned {@link #COMPLETED}.
     */
    public boolean retried() {
        return retry;
    }

    /** Receive: ok; send: delivered. Valid after {@link #await} returned {@link #COMPLETED}. */
    public boolean success() {
        return success;
    }

    /** Sets the poll result of a select (no concurrency: only the owner calls it). */
    public void setPolled(Object value, boolean ok) {
        this.item = value;
        this.success = ok;
    }

    /**
     * Blocks the owner until the group is completed, the deadline passes, or the thread is
     * interrupted. Must be called by the owner thread on the group, after its nodes were
     * published and the locks released.
     *
     * @param deadlineNanos deadline on {@link Clock#current()}, or {@link #NO_DEADLINE}
     * @param reason the wait reason recorded for diagnostics, in Go's words
     * @param on what the goroutine waits on (a channel, a lock), for diagnostics
     * @return {@link #COMPLETED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}; after the latter two
     *     nothing was transferred and the caller must withdraw its nodes
     */
    public int await(long deadlineNanos, String reason, Object on) {
        return await(deadlineNanos, reason, on, true);
    }

    /**
     * {@link #await(long, String, Object)}, choosing whether to spin before parking. A waiter
     * that knows it cannot be completed soon (one queued behind others on a lock) must not
     * spin: with few carriers, its spinning delays the very goroutines it waits for (a lock
     * convoy). The spin still only happens when more than one carrier exists.
     *
     * @param spin whether to spin briefly before parking
     */
    public int await(long deadlineNanos, String reason, Object on, boolean spin) {
        return await(deadlineNanos, reason, on, spin ? SPINS : 0);
    }

    /**
     * {@link #await(long, String, Object)} with an explicit spin budget (see {@link Spin}):
     * afterwards {@link #spinWon()} tells whether the wait ended during the spin.
     *
     * @param spins how many times to spin before parking (0: park at once)
     */
    public int await(long deadlineNanos, String reason, Object on, int spins) {
        for (int i = Math.min(spins, SPINS); i > 0; i--) {
            if (state == DONE) {
                spinWon = true;
                return COMPLETED;
            }
            Thread.onSpinWait();
        }
        G g = Goroutines.beginWait(reason, on, deadlineNanos != NO_DEADLINE);
        try {
            return parkLoop(deadlineNanos);
        } finally {
            Goroutines.endWait(g);
        }
    }

    private int parkLoop(long deadlineNanos) {
        parked = true;
        for (;;) {
            int s = state;
            if (s == DONE) {
                return COMPLETED;
            }
            if (s == WAITING) {
                if (thread.isInterrupted()) {
                    if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                        return INTERRUPTED;
                    }
                    continue;
                }
                if (deadlineNanos == NO_DEADLINE) {
                    LockSupport.park(this);
                } else {
                    // Deadlines are readings of the library's clock (a virtual clock in a test
                    // bubble); only this slow path, after the spin, consults it.
                    Clock clock = Clock.current();
                    if (clock.nanoTime() - deadlineNanos >= 0L) {
                        if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                            return TIMED_OUT;
                        }
                        continue;
                    }
                    clock.parkUntil(this, deadlineNanos);
                }
            } else {
                // CLAIMED: the claimer is between its CAS and DONE, a handful of plain writes.
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Blocks the current thread until {@code deadlineNanos} on the library's clock: a sleep,
     * which nothing but an interrupt can end early, so it parks at once (no spin: nobody will
     * complete it). Spurious wake-ups do not end it.
     *
     * @param deadlineNanos deadline on {@link Clock#current()}, or {@link #NO_DEADLINE} (forever)
     * @param reason the wait reason recorded for diagnostics
     * @return true when the deadline passed; false when the thread was interrupted (status kept)
     */
    public static boolean sleepUntil(long deadlineNanos, String reason) {
        Thread t = Thread.currentThread();
        Clock clock = Clock.current();
        G g = Goroutines.beginWait(reason, null, deadlineNanos != NO_DEADLINE);
        try {
            for (;;) {
                if (t.isInterrupted()) {
                    return false;
                }
                if (deadlineNanos == NO_DEADLINE) {
                    LockSupport.park(reason);
                } else if (clock.nanoTime() - deadlineNanos >= 0L) {
                    return true;
                } else {
                    clock.parkUntil(reason, deadlineNanos);
                }
            }
        } finally {
            Goroutines.endWait(g);
        }
    }

    /**
     * Blocks the current thread forever (Go's {@code select {}}, or an operation on a nil
     * channel), until interrupted.
     *
     * @param reason the wait reason recorded for diagnostics
     * @throws GoInterruptedException when the thread is interrupted
     */
    public static void blockForever(String reason) {
        G g = Goroutines.beginWait(reason, null);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        } finally {
            Goroutines.endWait(g);
        }
        throw new GoInterruptedException(reason);
    }
}
