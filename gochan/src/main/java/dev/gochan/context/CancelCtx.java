package dev.gochan.context;

import dev.gochan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * The library's cancelable context: Go's {@code cancelCtx}, behind {@link Context#withCancel}
 * and {@link Context#withCancelCause} (and, as {@link TimerCtx}, the deadline factories).
 *
 * <h2>State (guarded by this object's monitor)</h2>
 * <pre>
 *   done      null until someone asks; then a DoneChan, closed by cancel
 *             (DoneChan.CLOSED if cancel came first: Go's closedchan)
 *   err       null, then CANCELED or DEADLINE_EXCEEDED, set once
 *   cause     set together with err, never null after
 *   children  head of a doubly-linked list of registered Cancelers; null once canceled
 * </pre>
 *
 * <h2>Invariants and happens-before</h2>
 * <ul>
 *   <li>{@code err} is written once, under the monitor, after {@code cause}; both are read
 *       without the lock: a reader that sees {@code err != null} (volatile) sees the cause
 *       (Go's TestCauseRace: no one ever sees a cause other than the final one).</li>
 *   <li>The done channel is closed right after the critical section that sets {@code err},
 *       before {@code cancel} returns (so a canceled context is observably done when its
 *       cancel function returns); readers of {@code err} may see it a moment before the
 *       channel is closed, as with Go's lock-free readers of the channel.</li>
 *   <li>A child is added only while {@code err == null} and removed only while
 *       {@code err == null}; cancel detaches the whole list in the critical section that sets
 *       {@code err} and then cancels the children outside any lock (the monitor is never held
 *       while another context's monitor is taken: no lock ordering to get wrong).</li>
 * </ul>
 * The monitor is held for a few writes; nothing parks or wakes anyone while holding it (on
 * JDK 21 a virtual thread contending for a monitor pins its carrier, so it must stay short).
 */
sealed class CancelCtx extends Canceler implements CancelCauseContext permits TimerCtx {
    final Context parent;
    private volatile DoneChan done;
    private volatile ContextException err;
    private Throwable cause;
    private Canceler children;
    private int childCount;

    CancelCtx(Context parent) {
        this.parent = parent;
    }

    // ---- Context -----------------------------------------------------------------------------

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        DoneChan d = done;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            d = done;
            if (d == null) {
                d = new DoneChan();
                done = d;
            }
            return d;
        }
    }

    @Override
    public ContextException err() {
        return err;
    }

    @Override
    public <T> T value(ContextKey<T> key) {
        return Contexts.lookup(this, key);
    }

    /** The cause, or null while not canceled. */
    final Throwable causeOrNull() {
        return err == null ? null : cause;
    }

    // ---- cancel functions --------------------------------------------------------------------

    @Override
    public void cancel() {
        cancel(true, Context.CANCELED, null);
    }

    @Override
    public void cancel(Throwable cause) {
        cancel(true, Context.CANCELED, cause);
    }

    @Override
    final Canceler cancelSelf(ContextException e, Throwable c) {
        Canceler kids;
        DoneChan d;
        synchronized (this) {
            if (err != null) {
                return ALREADY;
            }
            cause = c;
            err = e;
            d = done;
            if (d == null) {
                done = DoneChan.CLOSED;
            }
            kids = children;
            children = null;
            childCount = 0;
        }
        // Outside the monitor (it is never held while waking anyone): whoever got the channel
        // before is woken now, whoever asks from now on gets this same channel, closed.
        if (d != null) {
            d.close();
        }
        releaseTimer();
        return kids;
    }

    /** Hook for {@link TimerCtx}: release the timer (called once, after {@code err} is set). */
    void releaseTimer() {
    }

    // ---- children ----------------------------------------------------------------------------

    /**
     * Registers {@code child}, unless this context is already done: then {@code child} is
     * canceled with this context's error and cause (Go's propagateCancel, the locked branch).
     */
    final void addChild(Canceler child) {
        ContextException e;
        Throwable c;
        synchronized (this) {
            e = err;
            c = cause;
            if (e == null) {
                Canceler h = children;
                child.next = h;
                child.prev = null;
                if (h != null) {
                    h.prev = child;
                }
                children = child;
                child.registeredIn = this;
                childCount++;
                return;
            }
        }
        child.cancel(false, e, c);
    }

    /** Unregisters {@code child} if it is still in the list (Go's removeChild). */
    final void removeChild(Canceler child) {
        synchronized (this) {
            if (err != null || child.registeredIn != this) {
                return; // canceled: the list was detached and is being discarded
            }
            Canceler p = child.prev;
            Canceler n = child.next;
            if (p == null) {
                children = n;
            } else {
                p.next = n;
            }
            if (n != null) {
                n.prev = p;
            }
            child.prev = null;
            child.next = null;
            child.registeredIn = null;
            childCount--;
        }
    }

    /** The number of registered children (for tests of Go's XTestCancelRemoves). */
    final synchronized int childCount() {
        return childCount;
    }

    @Override
    public String toString() {
        return Contexts.name(parent) + ".WithCancel";
    }
}
