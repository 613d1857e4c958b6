package dev.gochan.context;

/**
 * A context together with its cancel function: what Go's {@code WithCancel}, {@code WithDeadline}
 * and {@code WithTimeout} return as the pair {@code (ctx, cancel)}.
 *
 * <p>Closing it cancels it, so try-with-resources is Go's {@code defer cancel()}:
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {  // ctx, cancel := ...
 *     return fetch(ctx);                                                // defer cancel()
 * }
 * }</pre>
 *
 * <p>Always cancel a context once the work it governs is over: until then it stays registered
 * with its parent (and a timeout keeps its timer), which Go's vet check "lostcancel" warns about.
 */
public sealed interface CancelContext extends Context, AutoCloseable permits CancelCauseContext {

    /**
     * Cancels this context and, synchronously, all its descendants: when it returns, every one
     * of them has its {@code done()} channel closed and {@code err() == Context.CANCELED} (unless
     * it was done already: the first cancellation wins). Detaches this context from its parent,
     * so the parent no longer references it. Idempotent; never blocks for long; does not wait
     * for {@link Context#afterFunc} functions to run. Go's {@code cancel()}.
     */
    void cancel();

    /** {@link #cancel()}: try-with-resources is Go's {@code defer cancel()}. Never throws. */
    @Override
    default void close() {
        cancel();
    }
}
