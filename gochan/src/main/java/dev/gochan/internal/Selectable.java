package dev.gochan.internal;

/**
 * What the select engine needs from a channel kind: crossbeam's {@code SelectHandle}, shaped
 * after Go's lock-based {@code selectgo}. Buffered, unbuffered and timer channels implement it;
 * the nil channel does not exist at this level (its cases are never polled).
 *
 * <p>Protocol: the engine locks every distinct channel of a select in {@link #lockOrder()} order,
 * polls the cases in random order, and either completes one case or enqueues one node per case
 * and parks; the first counterpart to claim the select's group wins (a claim may be a wake-up to
 * retry, see {@link #enqueue}). All methods but
 * {@link #lockOrder()}, {@link #lock()} and {@link #unlock()} are called with the lock held.
 */
public interface Selectable {
    /** Poll result: the case cannot proceed now. */
    int NOT_READY = 0;
    /** Poll result: the case completed (a value or a close was received; a value was sent). */
    int READY = 1;
    /** Poll result: a send found the channel closed; the select must throw. */
    int CLOSED = 2;

    /** A unique, stable key; channels are locked in increasing order (no lock-order deadlock). */
    long lockOrder();

    /** Acquires this channel's lock. Never blocks for long: holders never park. */
    void lock();

    /** Releases this channel's lock. */
    void unlock();

    /**
     * Tries to receive without blocking. On {@link #READY} the value and ok are stored with
     * {@link Waiter#setPolled}; a sender claimed on the way is left in {@link Waiter#pending},
     * for the engine to complete after unlocking.
     *
     * @param g the select's group waiter (not yet enqueued anywhere)
     */
    int pollRecv(Waiter g);

    /**
     * Tries to send {@code value} without blocking: {@link #READY} when delivered (a receiver
     * claimed on the way is left in {@link Waiter#pending}), {@link #CLOSED} when the channel
     * is closed, {@link #NOT_READY} otherwise.
     */
    int pollSend(Waiter g, Object value);

    /**
     * {@link #pollRecv} for the select's first pass, called <em>without</em> the lock: a case
     * found ready here is ready at that instant. The default takes the lock around
     * {@link #pollRecv}; a channel whose values live in a lock-free structure (the buffered ring)
     * overrides it to take no lock at all when the case is ready, which is the common case of a
     * busy select. A counterpart claimed on the way is either left in {@link Waiter#pending}
     * (the default, as {@link #pollRecv} does; the engine completes it) or woken at once.
     */
    default int pollRecvUnlocked(Waiter g) {
        lock();
        int r = pollRecv(g);
        unlock();
        return r;
    }

    /**
     * {@link #pollSend} for the select's first pass, called without the lock (see
     * {@link #pollRecvUnlocked}).
     */
    default int pollSendUnlocked(Waiter g, Object value) {
        lock();
        int r = pollSend(g, value);
        unlock();
        return r;
    }

    /**
     * Enqueues {@code node} in the send or receive wait queue (by {@link Waiter#isSend}). A
     * channel whose fast path is lock-free (the buffered ring) rechecks readiness after
     * publishing the node and, if the case became ready meanwhile, claims the node's own group
     * with {@link Waiter#completeRetry()}: the engine then withdraws every node and runs the
     * select again instead of parking.
     */
    void enqueue(Waiter node);

    /** Removes {@code node} from its wait queue if still there; idempotent. */
    void dequeue(Waiter node);
}
