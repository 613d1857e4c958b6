package dev.gochan.context;

import java.util.ArrayDeque;

/**
 * Something that must be told when a context is done: a cancelable context, an
 * {@link Context#afterFunc} registration or an {@link Context#interruptWhenDone()} tie. Go's
 * {@code canceler} interface, as a base class because it also carries the registration links.
 *
 * <h2>Registration</h2>
 * A canceler is registered with its parent in exactly one of three ways (see
 * {@link Contexts#propagate}): in the children list of the nearest library {@link CancelCtx}
 * ({@link #registeredIn}, linked through {@link #prev}/{@link #next}), with a custom
 * {@link AfterFuncContext} ({@link #foreignStop}), or through a watcher goroutine
 * ({@link #watchStop}), or not at all when the parent can never be done. All three fields are
 * written before the canceler is published to other threads.
 *
 * <h2>Who writes what</h2>
 * {@code prev}/{@code next} are guarded by the monitor of {@code registeredIn} while its children
 * list is attached; once that context is canceled, the thread that canceled it detached the
 * whole list under the monitor and is its only reader from then on ({@link CancelCtx#removeChild}
 * refuses to touch a canceled parent's list).
 */
abstract class Canceler {
    /** Returned by {@link #cancelSelf} when the canceler was already canceled. */
    static final Canceler ALREADY = new Canceler() {
        @Override
        Canceler cancelSelf(ContextException err, Throwable cause) {
            return ALREADY;
        }
    };

    Canceler prev;
    Canceler next;
    /** The library context whose children list holds this, or null. */
    CancelCtx registeredIn;
    /** The registration with a custom {@link AfterFuncContext} parent, or null. */
    StopHandle foreignStop;
    /** Closed to stop the watcher goroutine of a custom parent, or null. */
    DoneChan watchStop;

    /**
     * Marks this canceler done with {@code err} and {@code cause} (already resolved: never null)
     * and runs its own action, without touching its registration with its parent and without
     * canceling its children.
     *
     * @return {@link #ALREADY} if it was done before; otherwise its detached children list
     *     (null if none), which the caller must cancel
     */
    abstract Canceler cancelSelf(ContextException err, Throwable cause);

    /**
     * Cancels this canceler and all its descendants: Go's {@code cancel(removeFromParent, err,
     * cause)}. Returns after every descendant is done.
     *
     * @param removeFromParent whether to undo the registration with the parent (false when the
     *     parent is the one canceling: its list is being discarded anyway)
     * @param err the error
     * @param cause the cause, or null for {@code err}
     */
    final void cancel(boolean removeFromParent, ContextException err, Throwable cause) {
        Throwable c = cause == null ? err : cause;
        Canceler kids = cancelSelf(err, c);
        if (kids == ALREADY) {
            return;
        }
        if (removeFromParent) {
            detach();
        }
        if (kids != null) {
            cancelAll(kids, err, c);
        }
    }

    /** Undoes the registration with the parent (whichever of the three kinds it is). */
    final void detach() {
        CancelCtx p = registeredIn;
        if (p != null) {
            p.removeChild(this);
        }
        StopHandle s = foreignStop;
        if (s != null) {
            s.stop();
        }
        DoneChan w = watchStop;
        if (w != null) {
            w.close();
        }
    }

    /**
     * Cancels every canceler of the detached list {@code first} and, transitively, their
     * children. Iterative, with an explicit stack: a chain of a million nested contexts must not
     * overflow the thread's stack (Go's goroutine stacks grow; ours do not).
     */
    static void cancelAll(Canceler first, ContextException err, Throwable cause) {
        ArrayDeque<Canceler> lists = null;
        Canceler c = first;
        for (;;) {
            while (c != null) {
                Canceler next = c.next;
                c.next = null;
                c.prev = null;
                Canceler kids = c.cancelSelf(err, cause);
                if (kids != null && kids != ALREADY) {
                    if (lists == null) {
                        lists = new ArrayDeque<>();
                    }
                    lists.push(kids);
                }
                c = next;
            }
            if (lists == null || lists.isEmpty()) {
                return;
            }
            c = lists.pop();
        }
    }
}
