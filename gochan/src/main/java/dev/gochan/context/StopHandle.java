package dev.gochan.context;

/**
 * Undoes a registration made by {@link Context#afterFunc(Context, Runnable)} (Go's
 * {@code stop func() bool}) or by {@link Context#interruptWhenDone()}. Closing it is
 * {@link #stop()}, so try-with-resources is Go's {@code defer stop()}.
 */
public interface StopHandle extends AutoCloseable {

    /**
     * Stops the registration. Never blocks for long and never waits for the function to finish.
     *
     * <ul>
     *   <li>For {@code afterFunc}: returns true if this call stopped the function from being run;
     *       false if the context was already done and the function has been started in its own
     *       goroutine, or if it was already stopped.</li>
     *   <li>For {@code interruptWhenDone}: returns true if the thread had not been interrupted by
     *       the context; false if it had (the interrupt status that the context set is then
     *       cleared, see {@link Context#interruptWhenDone()}).</li>
     * </ul>
     *
     * @return whether this call stopped the action before it happened
     */
    boolean stop();

    /** {@link #stop()}, ignoring its result. */
    @Override
    default void close() {
        stop();
    }
}
