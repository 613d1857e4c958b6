package dev.gochan;

/**
 * Thrown by {@code close} on the nil channel ({@link Chan#nil()}), where Go panics with
 * {@code "close of nil channel"}. Every other operation on the nil channel blocks forever,
 * as in Go.
 */
public final class NilChanException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NilChanException() {
        super("close of nil channel");
    }
}
