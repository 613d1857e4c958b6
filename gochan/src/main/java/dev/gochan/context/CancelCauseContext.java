package dev.gochan.context;

/**
 * A context whose cancel function records why: what Go's {@code WithCancelCause} returns as the
 * pair {@code (ctx, cancel)}, where {@code cancel(cause)} sets what
 * {@link Context#cause(Context)} reports.
 *
 * <pre>{@code
 * try (var ctx = Context.withCancelCause(parent)) {
 *     ...
 *     ctx.cancel(new IOException("upstream closed"));
 *     ctx.err();                  // Context.CANCELED
 *     Context.cause(ctx);         // the IOException
 * }
 * }</pre>
 */
public sealed interface CancelCauseContext extends CancelContext permits CancelCtx {

    /**
     * Cancels like {@link #cancel()}, recording {@code cause} as the cause of this context and of
     * every descendant it cancels. {@code err()} is still {@link Context#CANCELED}. A null cause
     * means {@link Context#CANCELED}. If the context is already done, nothing changes: the first
     * cancellation wins. Go's {@code cancel(cause)}.
     *
     * @param cause why the context is canceled, or null
     */
    void cancel(Throwable cause);
}
