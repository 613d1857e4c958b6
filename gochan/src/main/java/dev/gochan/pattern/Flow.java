package dev.gochan.pattern;

import dev.gochan.Case;
import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import dev.gochan.Select;
import dev.gochan.SendChan;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The channel operations every helper of this package is built on: a send, a receive or a select
 * that gives up when the helper's done channel is closed (Go's
 * {@code select { case out <- v: ...; case <-done: return }}).
 *
 * <p>The done case is always listed first in a biased select, so once the done channel is closed
 * no helper sends or receives another value, even when its channel is ready too (Go's fair select
 * would pick either). That costs nothing in fairness: a done channel is only ever closed, so its
 * case never competes with a value. When the helper can never be stopped (its context is
 * {@link Context#background()}, or the done channel is the nil channel), the operations are plain
 * sends and receives.
 *
 * <p>One instance per helper; it holds no mutable state and is shared by the helper's
 * goroutines.
 */
final class Flow {
    /** What {@link #select} returns when the done channel was chosen. */
    static final Object STOP = new Object();

    private static final RecvChan<Object> NIL_VIEW = Chan.<Object>nil().recvOnly();

    /** The context, or null for a helper stopped by a bare done channel. */
    private final Context ctx;
    /** Null when the helper can never be stopped. */
    private final RecvChan<?> done;
    /** done's case for a select whose result is a Boolean: false means stopped. */
    private final Case<Boolean> stopSend;
    /** done's case for a select of any other result: STOP. */
    private final Case<Object> stop;
    /** done's case for a receive: null. */
    private final Case<?> stopNull;

    private Flow(Context ctx, RecvChan<?> done) {
        this.ctx = ctx;
        this.done = isNil(done) ? null : done;
        this.stopSend = this.done == null ? null : this.done.onReceive(v -> Boolean.FALSE);
        this.stop = this.done == null ? null : this.done.onReceive(v -> STOP);
        this.stopNull = this.done == null ? null : this.done.onReceive(v -> null);
    }

    /** A flow that stops when {@code ctx} is done. */
    static Flow of(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return new Flow(ctx, ctx.done());
    }

    /** A flow that stops when {@code done} is closed. */
    static Flow of(RecvChan<?> done) {
        Objects.requireNonNull(done, "done");
        return new Flow(null, done);
    }

    private static boolean isNil(RecvChan<?> d) {
        return d == null || d == Chan.nil() || NIL_VIEW.equals(d);
    }

    /**
     * Why the flow stopped: the context's error, or {@link Context#CANCELED} for a done channel.
     */
    ContextException err() {
        ContextException e = ctx == null ? null : ctx.err();
        return e != null ? e : Context.CANCELED;
    }

    /**
     * Sends {@code v} on {@code out}, giving up when done.
     *
     * @return true if sent, false if done first (nothing was sent)
     */
    <T> boolean send(SendChan<? super T> out, T v) {
        if (done == null) {
            out.send(v);
            return true;
        }
        return Select.selectBiased(stopSend, out.onSend(v, () -> Boolean.TRUE));
    }

    /**
     * Receives from {@code in}, giving up when done.
     *
     * @return the value and ok (ok false: {@code in} is closed and drained), or null if done first
     *     (nothing was received)
     */
    <T> Received<T> receive(RecvChan<T> in) {
        if (done == null) {
            return in.receiveOk();
        }
        return Select.selectBiased(nullCase(), in.onReceiveOk(Function.identity()));
    }

    /**
     * Performs one of {@code cases}, or gives up when done; with several ready, the first listed
     * wins.
     *
     * @return the chosen case's result, or {@link #STOP} if done first
     */
    Object select(List<? extends Case<?>> cases) {
        if (done == null) {
            return Select.selectBiased(cases);
        }
        List<Case<?>> all = new ArrayList<>(cases.size() + 1);
        all.add(stop);
        all.addAll(cases);
        return Select.selectBiased(all);
    }

    @SuppressWarnings("unchecked") // the case's code returns null, a value of every type
    private <R> Case<R> nullCase() {
        return (Case<R>) stopNull;
    }
}
