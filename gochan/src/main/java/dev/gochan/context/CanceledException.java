package dev.gochan.context;

/**
 * The context was canceled: Go's {@code context.Canceled}, message {@code "context canceled"}.
 * The single instance is {@link Context#CANCELED}; see {@link ContextException} for why it is a
 * shared value.
 */
public final class CanceledException extends ContextException {
    private static final long serialVersionUID = 1L;

    CanceledException() {
        super("context canceled");
    }

    /**
     * Keeps identity comparisons working after deserialization.
     *
     * @return the shared instance, {@link Context#CANCELED}
     */
    private Object readResolve() {
        return Context.CANCELED;
    }
}
