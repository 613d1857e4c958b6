package dev.gochan;

/**
 * Thrown where Go panics on a closed channel: {@code "send on closed channel"} (a send, a
 * blocked send woken by {@code close}, or a send case of a select, even one with a default) and
 * {@code "close of closed channel"}.
 *
 * <p>The message is Go's panic text, exactly. The value of a failed send was not delivered to
 * anyone. Like Go's panic, this is recoverable: catch it and the channel stays usable for
 * receiving.
 */
public final class ClosedChanException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param goPanicText Go's panic text: {@code "send on closed channel"} or
     *     {@code "close of closed channel"}
     */
    public ClosedChanException(String goPanicText) {
        super(goPanicText);
    }
}
