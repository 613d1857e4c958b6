/**
 * Go's {@code context} package: cancellation, deadlines and request-scoped values that travel
 * together down a tree of goroutines.
 *
 * <p>{@link dev.gochan.context.Context} is the interface and holds the factories
 * ({@code background}, {@code withCancel}, {@code withTimeout}, {@code withValue}, ...), the
 * package functions ({@code cause}, {@code afterFunc}) and the blocking helpers
 * ({@code receive}, {@code send}, {@code onDone}, {@code interruptWhenDone}). What Go returns as a
 * pair {@code (ctx, cancel)} is one object here, a {@link dev.gochan.context.CancelContext} that
 * is both the context and, as an {@link java.lang.AutoCloseable}, its cancel function:
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {   // defer cancel()
 *     return Select.select(results.onReceive(), ctx.onDone());
 * }
 * }</pre>
 *
 * <h2>Decisions a Go programmer may question</h2>
 * <ul>
 *   <li><b>Errors are shared exception values.</b> {@code ctx.err()} returns one of two
 *       singletons, {@link dev.gochan.context.Context#CANCELED} and
 *       {@link dev.gochan.context.Context#DEADLINE_EXCEEDED}, so Go's {@code err ==
 *       context.Canceled} is {@code ==} here, and {@code errors.Is} is {@code instanceof}. They
 *       are unchecked exceptions so that the helpers can throw them through lambdas; being
 *       shared, they carry no stack trace. The cause, which may be any {@code Throwable} with its
 *       own trace, is {@link dev.gochan.context.Context#cause}.</li>
 *   <li><b>Keys are typed objects compared by identity</b> ({@link dev.gochan.context.ContextKey}),
 *       replacing Go's "unexported key type" idiom; lookups need no cast.</li>
 *   <li><b>{@code done()} of a context that can never be done is the nil channel</b>, as in Go,
 *       not {@code null}: its select cases are simply never chosen.</li>
 *   <li><b>Interruption is opt-in.</b> Canceling a context never interrupts threads by itself;
 *       a thread that wants JDK blocking calls to stop ties itself with
 *       {@link dev.gochan.context.Context#interruptWhenDone()}.</li>
 *   <li><b>Timers use gochan's clock</b>, so deadlines follow a virtual clock in tests.</li>
 * </ul>
 */
package dev.gochan.context;
