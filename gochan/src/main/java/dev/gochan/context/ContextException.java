package dev.gochan.context;

/**
 * Why a context is done: the value of {@link Context#err()}, Go's {@code ctx.Err()}. Exactly two
 * kinds exist, as in Go: {@link CanceledException} ("context canceled") and
 * {@link DeadlineExceededException} ("context deadline exceeded"). Branch on them with
 * {@code instanceof}, a {@code switch} over this sealed type, or by identity with
 * {@link Context#CANCELED} and {@link Context#DEADLINE_EXCEEDED}:
 *
 * <pre>{@code
 * switch (ctx.err()) {
 *     case null -> { }                                  // not done
 *     case CanceledException c -> log("canceled");
 *     case DeadlineExceededException d -> log("too slow");
 * }
 * }</pre>
 *
 * <h2>Values, not events</h2>
 * Like Go's {@code context.Canceled} and {@code context.DeadlineExceeded}, each kind has a single
 * instance, shared by every context. It is unchecked so that it can be thrown by the blocking
 * helpers ({@link Context#receive}, {@link Context#send}, {@link Context#onDone()}), and it carries
 * no stack trace and accepts no suppressed exceptions (it is a shared value: a trace would name
 * whichever thread created it first). The reason a context was canceled, with its own stack trace
 * if you give one, is {@link Context#cause(Context)}.
 */
public abstract sealed class ContextException extends RuntimeException
        permits CanceledException, DeadlineExceededException {
    private static final long serialVersionUID = 1L;

    ContextException(String goText) {
        super(goText, null, false, false);
    }

    /**
     * Whether this error means a deadline passed: Go's {@code Timeout() bool} (which
     * {@code net.Error} and friends share).
     *
     * @return true for {@link DeadlineExceededException}, false for {@link CanceledException}
     */
    public boolean timeout() {
        return false;
    }
}
