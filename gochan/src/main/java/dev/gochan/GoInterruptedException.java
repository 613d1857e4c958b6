package dev.gochan;

/**
 * Thrown when a goroutine (any thread) is interrupted while blocked in a gochan operation.
 *
 * <p>Go has no interruption; Java does, and a blocked goroutine must be stoppable. The
 * exception is unchecked so that goroutine bodies stay plain {@link Runnable} lambdas. When it
 * is thrown:
 * <ul>
 *   <li>the thread's interrupt status is still set (it is not cleared), so enclosing code that
 *       checks {@link Thread#isInterrupted()} sees it;</li>
 *   <li>the interrupted operation did not take effect: an interrupted send delivered nothing, an
 *       interrupted receive consumed nothing, an interrupted select chose no case.</li>
 * </ul>
 * An operation that can complete without blocking completes even when the interrupt status is
 * already set; only blocking is refused.
 */
public final class GoInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an interrupted operation.
     *
     * @param operation what was blocked, in Go's wait-reason words (e.g. "chan receive")
     */
    public GoInterruptedException(String operation) {
        super("interrupted while blocked in " + operation);
    }
}
