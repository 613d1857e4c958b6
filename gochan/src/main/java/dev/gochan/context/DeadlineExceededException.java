package dev.gochan.context;

/**
 * The context's deadline passed: Go's {@code context.DeadlineExceeded}, message
 * {@code "context deadline exceeded"}; {@link #timeout()} is true. The single instance is
 * {@link Context#DEADLINE_EXCEEDED}; see {@link ContextException} for why it is a shared value.
 */
public final class DeadlineExceededException extends ContextException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException() {
        super("context deadline exceeded");
    }

    /**
     * Always true: a deadline is a timeout (Go's {@code DeadlineExceeded.Timeout()}).
     *
     * @return true
     */
    @Override
    public boolean timeout() {
        return true;
    }

    /**
     * Keeps identity comparisons working after deserialization.
     *
     * @return the shared instance, {@link Context#DEADLINE_EXCEEDED}
     */
    private Object readResolve() {
        return Context.DEADLINE_EXCEEDED;
    }
}
