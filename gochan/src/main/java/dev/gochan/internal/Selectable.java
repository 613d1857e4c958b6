package dev.gochan.internal;

/**
 * What the select engine needs from a channel kind: crossbeam's {@code SelectHandle}, shaped
 * after Go's lock-based {@code selectgo}. Buffered, unbuffered, timer and context done channels
 * implement it; the nil channel does not exist at this level (its cases are never polled).
 *
 * <p>Protocol: the engine locks every distinct channel of a select in {@link #lockOrder()} order,
 * polls the cases in random order, and either completes one case or enqueues one node per case
 * and parks; the first counterpart to claim the select's group wins (a claim may be a wake-up to
 * retry, see {@link #enqueue}). Before that, its first pass tries each case alone with
 * {@link #pollRecvNow()} / {@link #pollSendNow}, which take what lock they need themselves. All
 * other methods but {@link #lockOrder()}, {@link #lock()} and {@link #unlock()} are called with
 * the lock held.
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

    /** {@link #pollRecvNow()}'s result when no value is ready. */
    Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "no value";
        }
    };

    /** {@link #pollRecvNow()}'s result when the channel is closed (and drained). */
    Object CLOSED_VALUE = new Object() {
        @Override
        public String toString() {
            return "closed";
        }
    };

    /**
     * A receive for the select's first pass, called <em>without</em> the lock and without a
     * group waiter: a case found ready here is ready at that instant, and the select takes it
     * as it is. A select that finds a case ready in its first pass (the common case of a busy
     * one) thus allocates no waiter at all. The default locks around {@link #pollRecv} with a
     * waiter of its own; the channel kinds on the hot paths override it (a buffered ring takes
     * no lock at all; an unbuffered channel locks only when the case may be ready). Any
     * counterpart claimed on the way is completed before this returns.
     *
     * @return the value received, {@link #CLOSED_VALUE}, or {@link #NO_VALUE} when not ready
     */
    default Object pollRecvNow() {
        Waiter g = new Waiter(false, null);
        lock();
        int r = pollRecv(g);
        unlock();
        if (r == NOT_READY) {
            return NO_VALUE;
        }
        g.completePending();
        return g.success() ? g.item : CLOSED_VALUE;
    }

    /**
     * A send for the select's first pass, called without the lock and without a group waiter
     * (see {@link #pollRecvNow}).
     *
     * @return {@link #READY} when sent, {@link #NOT_READY}, or {@link #CLOSED}
     */
    default int pollSendNow(Object value) {
        Waiter g = new Waiter(false, null);
        lock();
        int r = pollSend(g, value);
        unlock();
        if (r == READY) {
            g.completePending();
        }
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
