package dev.gochan.sync;

/**
 * A Go fatal error raised by the sync package: misuse that Go does not let a program recover
 * from, such as unlocking an unlocked mutex.
 *
 * <p>Go aborts the process with {@code fatal error: <message>}; gochan throws this
 * {@link Error} instead, with Go's message (for example {@code sync: unlock of unlocked mutex}),
 * so that the misuse is reported where it happened and is not caught by ordinary
 * {@code catch (Exception e)} handlers. The primitive's state is left unchanged by the failed
 * call. Treat it as a bug in the program, not as a condition to handle.
 */
public final class FatalError extends Error {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message Go's fatal error text, without the {@code fatal error: } prefix
     */
    public FatalError(String message) {
        super(message);
    }
}
