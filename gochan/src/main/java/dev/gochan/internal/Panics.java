package dev.gochan.internal;

import dev.gochan.ClosedChanException;

/** Go's panics on channels, as exceptions with Go's texts (shared by every channel kind). */
public final class Panics {
    private Panics() {}

    /** {@code send on closed channel}. */
    public static ClosedChanException sendOnClosed() {
        return new ClosedChanException("send on closed channel");
    }

    /** {@code close of closed channel}. */
    public static ClosedChanException closeOfClosed() {
        return new ClosedChanException("close of closed channel");
    }
}
