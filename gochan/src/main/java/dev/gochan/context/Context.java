package dev.gochan.context;

import dev.gochan.Case;
import dev.gochan.Chan;
import dev.gochan.ClosedChanException;
import dev.gochan.GoInterruptedException;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import dev.gochan.Select;
import dev.gochan.SendChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values that
 * travel together across API boundaries and goroutines.
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
 *     go(() -> worker(ctx, jobs));              // pass ctx down explicitly, first argument
 *     String r = ctx.receive(results);          // gives up when ctx is done
 * } catch (ContextException e) {                // CANCELED or DEADLINE_EXCEEDED
 *     ...
 * }                                             // close() = cancel(): Go's defer cancel()
 *
 * static void worker(Context ctx, RecvChan<Job> jobs) {
 *     for (;;) {
 *         Job j = Select.select(jobs.onReceive(), ctx.onDone());   // case <-ctx.Done(): return ctx.Err()
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <h2>The tree</h2>
 * Contexts form a tree: every context but {@link #background()} and {@link #todo()} is derived
 * from a parent with one of the {@code with...} factories. Canceling a context cancels all its
 * descendants, synchronously: when {@code cancel()} returns, each of them is done. Canceling a
 * child affects neither its parent nor its siblings, and detaches it from its parent, so
 * short-lived children leave nothing behind. A child's deadline is the earlier of its own and its
 * parent's. The first cancellation of a context wins: its {@link #err()} and
 * {@link #cause(Context)} never change afterwards.
 *
 * <h2>Errors</h2>
 * {@link #err()} is null while the context is not done, then {@link #CANCELED} ("context
 * canceled") or {@link #DEADLINE_EXCEEDED} ("context deadline exceeded"), unchecked exceptions
 * of the sealed type {@link ContextException}. {@link #cause(Context)} tells why in more detail.
 *
 * <h2>Blocking with a context</h2>
 * {@link #done()} is a receive-only channel that is closed when the context is done; put
 * {@link #onDone()} in any {@link Select} to give up when the context is done. The helpers
 * {@link #receive}, {@link #receiveOk} and {@link #send} do that for one channel operation; none
 * of them loses an element (if they throw, nothing was received or sent). JDK blocking calls
 * (I/O, {@code Thread.sleep}, {@code Future.get}) are stopped with {@link #interruptWhenDone()}.
 *
 * <h2>Custom contexts</h2>
 * This is an interface so that programs can write their own contexts, as in Go (typically a
 * wrapper that delegates to another context and overrides one method). The library's own
 * implementations are hidden. A custom context must keep Go's contract: {@code done()} returns
 * the same channel on every call (or the nil channel, if it can never be done); once it is
 * closed, {@code err()} is non-null and never changes. A custom context whose {@code done()} is
 * not its parent's should implement {@link AfterFuncContext}; otherwise each library context
 * derived from it costs one watcher goroutine.
 *
 * <p>All methods are safe for concurrent use.
 */
public interface Context {

    /** Go's {@code context.Canceled}: the error of a context canceled by its cancel function. */
    CanceledException CANCELED = new CanceledException();

    /** Go's {@code context.DeadlineExceeded}: the error of a context whose deadline passed. */
    DeadlineExceededException DEADLINE_EXCEEDED = new DeadlineExceededException();

    // ---- the four methods of Go's interface --------------------------------------------------

    /**
     * When this context will be canceled for its deadline: Go's {@code Deadline()}.
     *
     * @return the deadline, or empty if there is none (a child's deadline is the earlier of its
     *     own and its parent's)
     */
    Optional<Instant> deadline();

    /**
     * A channel that is closed when this context is done (canceled, or its deadline passed):
     * Go's {@code Done()}. Use it in a select, or {@link #onDone()} which also gives the error.
     * Successive calls return the same channel. The channel never carries a value: a receive
     * returns {@code null} with {@code ok == false} once it is closed.
     *
     * @return the done channel; the nil channel ({@link Chan#nil()}, never ready) for a context
     *     that can never be done: {@link #background()}, {@link #todo()},
     *     {@link #withoutCancel(Context)}, and values derived from them
     */
    RecvChan<Void> done();

    /**
     * Why this context is done: Go's {@code Err()}. Never changes once non-null.
     *
     * @return null while not done; then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}
     */
    ContextException err();

    /**
     * The value stored under {@code key} by the nearest {@link #withValue} in this context's
     * chain, walking from this context towards the root: Go's {@code Value(key)}.
     *
     * @param key the key (compared by identity)
     * @param <T> the value type
     * @return the value, or null if no context in the chain has the key (or it was stored as
     *     null)
     */
    <T> T value(ContextKey<T> key);

    // ---- roots ------------------------------------------------------------------------------

    /**
     * The root context: never canceled, no deadline, no values. Go's {@code context.Background()}.
     * Use it in {@code main}, initialization and tests, as the top of a tree.
     *
     * @return the background context (one shared instance)
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * Like {@link #background()}, for code that has no context yet but should: Go's
     * {@code context.TODO()}.
     *
     * @return the TODO context (one shared instance)
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    // ---- derived contexts -------------------------------------------------------------------

    /**
     * A child of {@code parent} that is done when it is canceled or when {@code parent} is done,
     * whichever happens first: Go's {@code context.WithCancel}. If {@code parent} is already
     * done, so is the child, with the parent's error and cause.
     *
     * @param parent the parent
     * @return the child, which is also its cancel function ({@code close()} cancels it)
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelContext withCancel(Context parent) {
        return Contexts.newCancelCtx(parent);
    }

    /**
     * Like {@link #withCancel}, but {@link CancelCauseContext#cancel(Throwable)} records a cause:
     * Go's {@code context.WithCancelCause}.
     *
     * @param parent the parent
     * @return the child and its cancel function
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelCauseContext withCancelCause(Context parent) {
        return Contexts.newCancelCtx(parent);
    }

    /**
     * A child of {@code parent} that is also done, with {@link #DEADLINE_EXCEEDED}, when
     * {@code deadline} passes: Go's {@code context.WithDeadline}. If the parent's deadline is
     * earlier, this is {@link #withCancel} (its deadline is the parent's). A deadline in the past
     * (or now) gives a context that is already done. The deadline is measured on gochan's clock.
     *
     * @param parent the parent
     * @param deadline when the child times out
     * @return the child and its cancel function; cancel it when the work is done to release its
     *     timer
     * @throws NullPointerException if {@code parent} or {@code deadline} is null
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        return Contexts.newDeadlineCtx(parent, deadline, null);
    }

    /**
     * Like {@link #withDeadline}, but when the deadline passes the cause is {@code cause}:
     * Go's {@code context.WithDeadlineCause}. {@code err()} is still {@link #DEADLINE_EXCEEDED};
     * canceling the child first gives cause {@link #CANCELED}.
     *
     * @param parent the parent
     * @param deadline when the child times out
     * @param cause the cause reported once the deadline passed (null: {@link #DEADLINE_EXCEEDED})
     * @return the child and its cancel function
     * @throws NullPointerException if {@code parent} or {@code deadline} is null
     */
    static CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return Contexts.newDeadlineCtx(parent, deadline, cause);
    }

    /**
     * {@code withDeadline(parent, now + timeout)}: Go's {@code context.WithTimeout}.
     *
     * <pre>{@code
     * try (var ctx = Context.withTimeout(parent, Duration.ofMillis(100))) {
     *     return slowOperation(ctx);
     * }
     * }</pre>
     *
     * @param parent the parent
     * @param timeout how long from now until the child times out (zero or negative: already
     *     done)
     * @return the child and its cancel function
     * @throws NullPointerException if {@code parent} or {@code timeout} is null
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return Contexts.newTimeoutCtx(parent, timeout, null);
    }

    /**
     * {@code withDeadlineCause(parent, now + timeout, cause)}: Go's
     * {@code context.WithTimeoutCause}.
     *
     * @param parent the parent
     * @param timeout how long from now until the child times out
     * @param cause the cause reported once the timeout passed (null: {@link #DEADLINE_EXCEEDED})
     * @return the child and its cancel function
     * @throws NullPointerException if {@code parent} or {@code timeout} is null
     */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return Contexts.newTimeoutCtx(parent, timeout, cause);
    }

    /**
     * A child of {@code parent} that carries {@code value} under {@code key}: Go's
     * {@code context.WithValue}. The child is done exactly when {@code parent} is, and has its
     * deadline. Use values for request-scoped data that crosses API boundaries, not for optional
     * parameters.
     *
     * @param parent the parent
     * @param key the key (compared by identity); keys of different owners never collide
     * @param value the value (null allowed: it hides an outer value for the same key)
     * @param <T> the value type
     * @return the child
     * @throws NullPointerException if {@code parent} is null, or {@code key} is null ("nil key")
     */
    static <T> Context withValue(Context parent, ContextKey<T> key, T value) {
        Contexts.requireParent(parent);
        Objects.requireNonNull(key, "nil key");
        return new ValueCtx(parent, key, value);
    }

    /**
     * A child of {@code parent} that keeps its values but is never canceled: no deadline, the nil
     * {@code done()} channel, {@code err()} and {@code cause} always null, whatever happens to
     * {@code parent}. Go's {@code context.WithoutCancel} (for work that must outlive a request,
     * such as cleanup).
     *
     * @param parent the parent
     * @return the child
     * @throws NullPointerException if {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        Contexts.requireParent(parent);
        return new WithoutCancelCtx(parent);
    }

    // ---- functions on contexts --------------------------------------------------------------

    /**
     * Arranges for {@code f} to run in its own goroutine once {@code ctx} is done (at once if it
     * is already done): Go's {@code context.AfterFunc}. Several functions registered on one
     * context are independent. Neither {@code cancel()} nor {@code stop()} waits for {@code f}.
     *
     * @param ctx the context to watch
     * @param f the function to run
     * @return the handle whose {@code stop()} unregisters {@code f}: true if that prevented it
     *     from running, false if it has already been started (or stopped)
     * @throws NullPointerException if an argument is null
     */
    static StopHandle afterFunc(Context ctx, Runnable f) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(f, "f");
        AfterFuncNode a = new AfterFuncNode(f);
        Contexts.propagate(ctx, a);
        return a;
    }

    /**
     * Why {@code ctx} is done: Go's {@code context.Cause}. For a context canceled with
     * {@link CancelCauseContext#cancel(Throwable)}, or timed out by
     * {@link #withDeadlineCause}/{@link #withTimeoutCause}, that cause; a context canceled by an
     * ancestor has the ancestor's cause; otherwise the same as {@code ctx.err()}.
     *
     * @param ctx a context
     * @return null while {@code ctx} is not done; otherwise its cause (never null then)
     * @throws NullPointerException if {@code ctx} is null
     */
    static Throwable cause(Context ctx) {
        return Contexts.cause(Objects.requireNonNull(ctx, "ctx"));
    }

    // ---- blocking with a context ------------------------------------------------------------

    /**
     * A select case that is chosen when this context is done, and then throws its error: Go's
     * {@code case <-ctx.Done(): return ctx.Err()}. Nothing else of the select happens when it
     * is chosen. Never chosen for a context that cannot be done.
     *
     * <pre>{@code
     * Job j = Select.select(jobs.onReceive(), ctx.onDone());
     * }</pre>
     *
     * @param <R> the select's result type
     * @return the case; when chosen, the select throws {@link #err()}
     */
    default <R> Case<R> onDone() {
        return Contexts.doneChan(this).onReceive(v -> {
            throw Contexts.errOf(this);
        });
    }

    /**
     * A select case that is chosen when this context is done and maps its error to the select's
     * result (the non-throwing form of {@link #onDone()}).
     *
     * <pre>{@code
     * boolean sent = Select.select(out.onSend(v, () -> true), ctx.onDone(err -> false));
     * }</pre>
     *
     * @param f maps {@link #err()} to the select's result
     * @param <R> the select's result type
     * @return the case
     */
    default <R> Case<R> onDone(Function<? super ContextException, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return Contexts.doneChan(this).onReceive(v -> f.apply(Contexts.errOf(this)));
    }

    /**
     * Receives from {@code ch}, giving up when this context is done: Go's
     * {@code select { case v := <-ch: ...; case <-ctx.Done(): return ctx.Err() }}. If the
     * context is already done, throws at once without receiving. If a value and the end of the
     * context arrive together, either may win (Go's select is fair).
     *
     * @param ch the channel
     * @param <T> the element type
     * @return the value; null once {@code ch} is closed and drained
     * @throws ContextException the context's {@link #err()}, if it was done first (nothing was
     *     received)
     * @throws GoInterruptedException if the thread is interrupted while blocked (nothing was
     *     received)
     */
    default <T> T receive(RecvChan<? extends T> ch) {
        Objects.requireNonNull(ch, "ch");
        RecvChan<Void> d = Contexts.doneChan(this);
        if (d == Chan.<Void>nil()) {
            return ch.receive();
        }
        Contexts.throwIfDone(this);
        return Select.select(ch.onReceive(Function.identity()), onDone());
    }

    /**
     * Receives from {@code ch} with {@code ok}, giving up when this context is done; otherwise as
     * {@link #receive}.
     *
     * @param ch the channel
     * @param <T> the element type
     * @return the value and ok ({@code (null, false)} once {@code ch} is closed and drained)
     * @throws ContextException the context's {@link #err()}, if it was done first
     * @throws GoInterruptedException if the thread is interrupted while blocked
     */
    default <T> Received<T> receiveOk(RecvChan<T> ch) {
        Objects.requireNonNull(ch, "ch");
        RecvChan<Void> d = Contexts.doneChan(this);
        if (d == Chan.<Void>nil()) {
            return ch.receiveOk();
        }
        Contexts.throwIfDone(this);
        return Select.select(ch.onReceiveOk(Function.identity()), onDone());
    }

    /**
     * Sends {@code value} on {@code ch}, giving up when this context is done: Go's
     * {@code select { case ch <- v: ...; case <-ctx.Done(): return ctx.Err() }}. If the context
     * is already done, throws at once without sending.
     *
     * @param ch the channel
     * @param value the value ({@code null} allowed)
     * @param <T> the element type
     * @throws ContextException the context's {@link #err()}, if it was done first (nothing was
     *     sent)
     * @throws ClosedChanException if {@code ch} is closed
     * @throws GoInterruptedException if the thread is interrupted while blocked (nothing was
     *     sent)
     */
    default <T> void send(SendChan<? super T> ch, T value) {
        Objects.requireNonNull(ch, "ch");
        RecvChan<Void> d = Contexts.doneChan(this);
        if (d == Chan.<Void>nil()) {
            ch.send(value);
            return;
        }
        Contexts.throwIfDone(this);
        Select.run(ch.onSend(value), onDone());
    }

    /**
     * Ties the calling thread to this context: when the context is done, the thread is
     * interrupted, so that JDK blocking calls (I/O on interruptible channels, {@code Thread.sleep},
     * {@code BlockingQueue.take}, {@code Future.get}) and gochan operations stop. Opt-in, per
     * thread; undo it with the returned handle, normally through try-with-resources:
     *
     * <pre>{@code
     * try (var tie = ctx.interruptWhenDone()) {
     *     Thread.sleep(10_000);                 // ends early when ctx is canceled
     * } catch (InterruptedException e) {
     *     throw ctx.err() != null ? ctx.err() : e;
     * }
     * }</pre>
     *
     * <p>The interrupt is the context's: {@link StopHandle#stop()} (or {@code close()}) clears the
     * thread's interrupt status if the context set it, so the thread does not carry a stray
     * interrupt into unrelated code (an interrupt from elsewhere that arrives in the same window
     * is cleared with it). The interrupt is delivered synchronously by {@code cancel()} (by the
     * timer's goroutine when a deadline passes; under a custom parent, as soon as the library
     * learns that the parent is done). If the context is already done, the thread is interrupted
     * at once.
     *
     * <p>(Compiling with {@code -Xlint:try} warns that the resource is not referenced in the
     * body; that is intended here: suppress {@code "try"} on the method.)
     *
     * @return the handle; {@code stop()} must be called by the same thread
     */
    default StopHandle interruptWhenDone() {
        InterruptNode n = new InterruptNode(Thread.currentThread());
        Contexts.propagate(this, n);
        return n;
    }
}
