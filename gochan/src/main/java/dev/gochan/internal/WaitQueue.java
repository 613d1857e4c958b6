package dev.gochan.internal;

/**
 * A FIFO queue of {@link Waiter} nodes: Go's {@code waitq}.
 *
 * <p>Not thread-safe: every method must be called with the lock of the object that owns the
 * queue held. Nodes of selects that were already won elsewhere (or cancelled) are <em>stale</em>;
 * {@link #claimFirst()} drops them as it meets them, and their owners remove the rest with
 * {@link #remove(Waiter)}, so a queue never grows with abandoned waiters.
 */
public final class WaitQueue {
    private Waiter head;
    private Waiter tail;
    private int size;

    /** Appends {@code w} (which must not be in any queue). */
    public void enqueue(Waiter w) {
        w.next = null;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        w.queued = true;
        size++;
    }

    /** Removes {@code w} if it is still queued here; idempotent. */
    public void remove(Waiter w) {
        if (!w.queued) {
            return;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
        size--;
    }

    /**
     * Dequeues the first node that takes a handoff ({@link Waiter#tryDeliver}); stale nodes in
     * front of it are dropped. The caller finishes it with {@link Waiter#finishDelivery} after
     * releasing the lock.
     *
     * @param item for a receiving node, the value delivered (ignored for a sending node)
     * @param success receive: ok; send: delivered
     * @return the node, or null when no live waiter exists
     */
    public Waiter deliverFirst(Object item, boolean success) {
        Waiter w;
        while ((w = head) != null) {
            remove(w);
            if (w.tryDeliver(item, success)) {
                return w;
            }
        }
        return null;
    }

    /**
     * Dequeues the first node whose group can still be claimed, and claims it. Stale nodes in
     * front of it are dropped.
     *
     * @return the claimed node (the caller must complete it), or null when no live waiter exists
     */
    public Waiter claimFirst() {
        Waiter w;
        while ((w = head) != null) {
            remove(w);
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /** Whether a node that is still claimable is queued (stale nodes at the head are dropped). */
    public boolean hasWaiter() {
        Waiter w;
        while ((w = head) != null) {
            if (w.isWaiting()) {
                return true;
            }
            remove(w);
        }
        return false;
    }

    /**
     * The first node that is still claimable, left in the queue and unclaimed (stale nodes in
     * front of it are dropped). For owners whose decision to serve the head depends on the
     * waiter itself: a weighted semaphore serves its head only when the head's request fits,
     * and must not claim it otherwise.
     *
     * @return the first live node, or null
     */
    public Waiter peek() {
        Waiter w;
        while ((w = head) != null) {
            if (w.isWaiting()) {
                return w;
            }
            remove(w);
        }
        return null;
    }

    /**
     * The number of nodes queued, stale ones included. O(1). Buffered channels publish it so that
     * the lock-free side can tell whether anyone waits; the garbage and stress tests check with
     * it that abandoned waiters do not accumulate.
     */
    public int size() {
        return size;
    }

    /** Whether no node at all is queued. */
    public boolean isEmpty() {
        return head == null;
    }

    /**
     * Removes every claimable node, claims each, and returns them chained through
     * {@code next} (stale nodes are dropped). Used by close to release everyone.
     */
    public Waiter claimAll() {
        Waiter first = null;
        Waiter last = null;
        Waiter w;
        while ((w = claimFirst()) != null) {
            if (last == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        return first;
    }
}
