package dev.gochan.context;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import dev.gochan.internal.Clock;
import dev.gochan.internal.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The machinery behind {@link Context}'s static methods: Go's context.go package functions. */
final class Contexts {
    private Contexts() {}

    /**
     * The private key under which a library cancelable context answers {@code value()} with
     * itself: Go's {@code &cancelCtxKey}. It lets the library find the cancelable context behind
     * a custom wrapper (for {@link Context#cause} and to register children with it).
     */
    static final ContextKey<CancelCtx> CANCEL_KEY = new ContextKey<>("context.cancelCtxKey");

    /** The receive-only view of the nil channel, which custom contexts may return as done(). */
    private static final RecvChan<Void> NIL_VIEW = Chan.<Void>nil().recvOnly();

    /** Watcher goroutines started for custom parents (Go's goroutines counter; for tests). */
    static final AtomicLong WATCHERS = new AtomicLong();

    static void requireParent(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from nil parent");
    }

    // ---- factories ---------------------------------------------------------------------------

    static CancelCtx newCancelCtx(Context parent) {
        requireParent(parent);
        CancelCtx c = new CancelCtx(parent);
        propagate(parent, c);
        return c;
    }

    static CancelContext newTimeoutCtx(Context parent, Duration timeout, Throwable cause) {
        requireParent(parent);
        Objects.requireNonNull(timeout, "timeout");
        Clock clock = Clock.current();
        long now = clock.nanoTime();
        long left = Durations.nanos(timeout);
        Instant deadline;
        try {
            deadline = clock.instantAt(now).plus(timeout);
        } catch (ArithmeticException | DateTimeException overflow) {
            deadline = timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
        return newDeadlineCtx(parent, deadline, now, left, clock, cause);
    }

    static CancelContext newDeadlineCtx(Context parent, Instant deadline, Throwable cause) {
        requireParent(parent);
        Objects.requireNonNull(deadline, "deadline");
        Clock clock = Clock.current();
        long now = clock.nanoTime();
        long left = nanosBetween(clock.instantAt(now), deadline);
        return newDeadlineCtx(parent, deadline, now, left, clock, cause);
    }

    /**
     * Go's WithDeadlineCause. The deadline is given both as an instant (what {@code deadline()}
     * reports) and as {@code left} nanoseconds after {@code now} on the clock (what the timer
     * uses), so that no arithmetic on clock readings can overflow.
     */
    private static CancelContext newDeadlineCtx(Context parent, Instant deadline, long now,
            long left, Clock clock, Throwable cause) {
        Optional<Instant> cur = parent.deadline();
        if (cur.isPresent() && cur.get().isBefore(deadline)) {
            return newCancelCtx(parent); // the parent's deadline is sooner: it decides
        }
        TimerCtx c = new TimerCtx(parent, deadline, clock);
        propagate(parent, c);
        if (left <= 0) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // the deadline has already passed
            return c;
        }
        c.arm(saturatedAdd(now, left), cause);
        return c;
    }

    /** {@code now + left} for {@code left > 0}, saturating at "never" instead of overflowing. */
    private static long saturatedAdd(long now, long left) {
        long t = now + left;
        return left > 0 && t < now ? Long.MAX_VALUE : t;
    }

    private static long nanosBetween(Instant from, Instant to) {
        try {
            return Duration.between(from, to).toNanos();
        } catch (ArithmeticException overflow) {
            return to.isBefore(from) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // ---- propagation -------------------------------------------------------------------------

    /**
     * Arranges for {@code child} to be canceled when {@code parent} is done: Go's
     * {@code propagateCancel}.
     *
     * <ol>
     *   <li>Library layers that do not cancel by themselves (values) are skipped. The nearest
     *       library cancelable context takes {@code child} into its children list; the roots and
     *       {@code withoutCancel} are never done, so nothing is registered.</li>
     *   <li>A custom parent: if its {@code done()} is nil, nothing to do; if it is already
     *       closed, {@code child} is canceled now; if the custom context delegates
     *       {@code done()} to a library cancelable context (found through the private cancel
     *       key), {@code child} registers there; if it implements {@link AfterFuncContext},
     *       {@code child} registers one function with it; failing all that, one watcher
     *       goroutine waits for the parent or the child to be done.</li>
     * </ol>
     */
    static void propagate(Context parent, Canceler child) {
        Context c = parent;
        for (;;) {
            if (c instanceof ValueCtx v) {
                c = v.parent;
            } else if (c instanceof CancelCtx p) {
                p.addChild(child);
                return;
            } else if (c instanceof EmptyCtx || c instanceof WithoutCancelCtx) {
                return;
            } else {
                break;
            }
        }
        Context foreign = c;
        RecvChan<Void> d = doneChan(foreign);
        if (d == Chan.<Void>nil()) {
            return; // never done
        }
        if (d.tryReceive().isPresent()) {
            child.cancel(false, errOf(foreign), cause(foreign)); // parent is already done
            return;
        }
        if (foreign.value(CANCEL_KEY) instanceof CancelCtx p && p.done() == d) {
            p.addChild(child); // a wrapper that keeps the library context's done channel
            return;
        }
        if (foreign instanceof AfterFuncContext a) {
            child.foreignStop = a.afterFunc(() -> child.cancel(false, errOf(foreign), cause(foreign)));
            return;
        }
        DoneChan stop = new DoneChan();
        child.watchStop = stop;
        WATCHERS.incrementAndGet();
        Go.go(() -> Select.run(
                d.onReceiveDo(v -> child.cancel(false, errOf(foreign), cause(foreign))),
                stop.onReceiveDo(v -> { })));
    }

    // ---- lookups -----------------------------------------------------------------------------

    /** Go's {@code value(c, key)}: walks library layers without recursion, asks custom ones. */
    @SuppressWarnings("unchecked")
    static <T> T lookup(Context start, ContextKey<T> key) {
        Context c = start;
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (v.key == key) {
                    return (T) v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_KEY) {
                    return (T) cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_KEY) {
                    return null; // Cause(WithoutCancel(canceled)) is nil
                }
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /** Go's {@code context.Cause}. */
    static Throwable cause(Context c) {
        Object cc = c.value(CANCEL_KEY);
        if (cc instanceof CancelCtx p) {
            return p.causeOrNull();
        }
        return c.err();
    }

    /** {@code ctx.done()}, with null and nil views of custom contexts normalized to {@link Chan#nil()}. */
    static RecvChan<Void> doneChan(Context ctx) {
        RecvChan<Void> d = ctx.done();
        if (d == null || NIL_VIEW.equals(d)) {
            return Chan.nil();
        }
        return d;
    }

    /** {@code ctx.err()} of a context whose done channel is closed (a broken custom one: CANCELED). */
    static ContextException errOf(Context ctx) {
        ContextException e = ctx.err();
        return e != null ? e : Context.CANCELED;
    }

    /** Throws the context's error if it is done. */
    static void throwIfDone(Context ctx) {
        ContextException e = ctx.err();
        if (e != null) {
            throw e;
        }
    }

    /** Go's {@code contextName}: how a parent appears in a derived context's string. */
    static String name(Context c) {
        return String.valueOf(c);
    }
}
