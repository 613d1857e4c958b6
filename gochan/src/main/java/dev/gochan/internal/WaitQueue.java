package dev.gochan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * FIFO queues of {@link Waiter} nodes: Go's {@code waitq}, two lanes of it (a channel's
 * {@code recvq} and {@code sendq}) and, optionally, the lock that guards them.
 *
 * <h2>Lanes</h2>
 * A node waits in the lane of its kind: sending nodes ({@link Waiter#isSend}) in the send lane,
 * every other node (receivers, and the waiters of locks, semaphores, groups and conditions) in
 * the receive lane. Methods without a {@code send} parameter work on the receive lane, which is
 * all that an owner with one kind of waiter ever uses.
 *
 * <h2>Why one object</h2>
 * A handoff takes the channel's lock and then reads and writes the head of a lane. With the lock
 * word in the channel and each lane in an object of its own, the three usually sat on two or
 * three cache lines, each moving between the carriers on every message; here they are a few
 * bytes apart. Measured on unbuffered W2 (gochan time / SynchronousQueue time, median of
 * same-JVM pairs, ADR 0007): 1.60 with the lanes apart, about the same with both lanes in one
 * object but the lock word outside, 1.36 with the lock word beside them. (Unbuffered channels
 * have since moved their first waiter into the channel itself, beside a lock of their own, and
 * use only the lanes of this class: ADR 0008.) Buffered channels keep using the lock here: moved
 * back into the buffered channel object, whose line every ring operation reads, each blocking
 * or waking operation dirtied that line, and W4 (4 producers, 4 consumers, capacity 128) fell
 * from about 3.35x to about 2.85x Jox (Paired, medians of 6 JVMs each).
 *
 * <h2>Thread safety</h2>
 * Every method but {@link #lock()} and {@link #unlock()} must be called with the owner's lock
 * held: this queue's own lock for the owners that use it (buffered channels), the owner's lock
 * otherwise.
 * Nodes of selects that were already won elsewhere (or cancelled) are <em>stale</em>; the claim
 * methods drop them as they meet them, and their owners remove the rest with
 * {@link #remove(Waiter)}, so a lane never grows with abandoned waiters.
 */
public final class WaitQueue {
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(WaitQueue.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private Waiter recvHead;
    private Waiter recvTail;
    private int recvSize;
    private Waiter sendHead;
    private Waiter sendTail;
    private int sendSize;

    // ---- the optional lock -------------------------------------------------------------------

    /**
     * Acquires this queue's lock: a spin lock ({@link SpinLock}), for owners whose critical
     * sections are a few writes and never park. Not reentrant, not interruptible.
     */
    public void lock() {
        if (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(LOCK, this);
        }
    }

    /** Releases this queue's lock. */
    public void unlock() {
        LOCK.setRelease(this, 0);
    }

    // ---- lane access -------------------------------------------------------------------------

    private Waiter head(boolean send) {
        return send ? sendHead : recvHead;
    }

    private void setHead(boolean send, Waiter w) {
        if (send) {
            sendHead = w;
        } else {
            recvHead = w;
        }
    }

    private void setTail(boolean send, Waiter w) {
        if (send) {
            sendTail = w;
        } else {
            recvTail = w;
        }
    }

    // ---- operations --------------------------------------------------------------------------

    /** Appends {@code w} (which must not be in any queue) to the lane of its kind. */
    public void enqueue(Waiter w) {
        boolean send = w.isSend;
        Waiter tail = send ? sendTail : recvTail;
        w.next = null;
        w.prev = tail;
        if (tail == null) {
            setHead(send, w);
        } else {
            tail.next = w;
        }
        setTail(send, w);
        w.queued = true;
        if (send) {
            sendSize++;
        } else {
            recvSize++;
        }
    }

    /** Removes {@code w} if it is still queued here; idempotent. */
    public void remove(Waiter w) {
        if (!w.queued) {
            return;
        }
        boolean send = w.isSend;
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            setHead(send, n);
        } else {
            p.next = n;
        }
        if (n == null) {
            setTail(send, p);
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
        if (send) {
            sendSize--;
        } else {
            recvSize--;
        }
    }

    /**
     * Dequeues the first node of a lane that takes a handoff ({@link Waiter#tryDeliver}); stale
     * nodes in front of it are dropped. The caller finishes it with
     * {@link Waiter#finishDelivery} after releasing the lock.
     *
     * @param send the lane: true for waiting senders, false for waiting receivers
     * @param item for a receiving node, the value delivered (ignored for a sending node)
     * @param success receive: ok; send: delivered
     * @return the node, or null when no live waiter exists in that lane
     */
    public Waiter deliverFirst(boolean send, Object item, boolean success) {
        Waiter w;
        while ((w = head(send)) != null) {
            remove(w);
            if (w.tryDeliver(item, success)) {
                return w;
            }
        }
        return null;
    }

    /**
     * Dequeues the first node of a lane whose group can still be claimed, and claims it. Stale
     * nodes in front of it are dropped.
     *
     * @param send the lane
     * @return the claimed node (the caller must complete it), or null when no live waiter exists
     */
    public Waiter claimFirst(boolean send) {
        Waiter w;
        while ((w = head(send)) != null) {
            remove(w);
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /** {@link #claimFirst(boolean)} on the receive lane. */
    public Waiter claimFirst() {
        return claimFirst(false);
    }

    /**
     * Whether a node that is still claimable is queued in the receive lane (stale nodes at its
     * head are dropped).
     */
    public boolean hasWaiter() {
        return hasWaiter(false);
    }

    /**
     * Whether a node that is still claimable is queued in a lane (stale nodes at its head are
     * dropped).
     *
     * @param send the lane
     */
    public boolean hasWaiter(boolean send) {
        Waiter w;
        while ((w = head(send)) != null) {
            if (w.isWaiting()) {
                return true;
            }
            remove(w);
        }
        return false;
    }

    /**
     * The first node of the receive lane that is still claimable, left in the queue and
     * unclaimed (stale nodes in front of it are dropped). For owners whose decision to serve the
     * head depends on the waiter itself: a weighted semaphore serves its head only when the
     * head's request fits, and must not claim it otherwise.
     *
     * @return the first live node, or null
     */
    public Waiter peek() {
        Waiter w;
        while ((w = recvHead) != null) {
            if (w.isWaiting()) {
                return w;
            }
            remove(w);
        }
        return null;
    }

    /**
     * The number of nodes in a lane, stale ones included. O(1). Buffered channels publish it so
     * that the lock-free side can tell whether anyone waits; the garbage and stress tests check
     * with it that abandoned waiters do not accumulate. Read without the lock (as an unbuffered
     * channel's select poll does, to skip a case that looks not ready), it is only a hint.
     *
     * @param send the lane
     */
    public int size(boolean send) {
        return send ? sendSize : recvSize;
    }

    /** {@link #size(boolean)} of the receive lane. */
    public int size() {
        return recvSize;
    }

    /** Whether no node at all is queued in the receive lane. */
    public boolean isEmpty() {
        return recvHead == null;
    }

    /**
     * Removes every claimable node of a lane, claims each, and returns them chained through
     * {@code next} (stale nodes are dropped). Used by close to release everyone.
     *
     * @param send the lane
     */
    public Waiter claimAll(boolean send) {
        Waiter first = null;
        Waiter last = null;
        Waiter w;
        while ((w = claimFirst(send)) != null) {
            if (last == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        return first;
    }

    /** {@link #claimAll(boolean)} on the receive lane. */
    public Waiter claimAll() {
        return claimAll(false);
    }
}
