package dev.gochan.context;

/**
 * A custom context that can run a function when it is done: Go's (unexported) {@code afterFuncer}
 * interface, {@code AfterFunc(func()) func() bool}.
 *
 * <p>When a library context, or an {@link Context#afterFunc} registration, is derived from a
 * custom context, the library must learn when the custom parent is done. If the parent's
 * {@code done()} is backed by a library context (a wrapper that delegates {@code done()} and
 * {@code value()}), the child simply registers there. Otherwise, if the parent implements this
 * interface, the library registers one function with it (and stops that registration when the
 * child is canceled first); failing both, it starts one watcher goroutine per child that waits
 * for either to be done. Implement this interface on a custom context to avoid those goroutines.
 */
public interface AfterFuncContext extends Context {

    /**
     * Arranges for {@code f} to run, in its own goroutine, once this context is done (at once if
     * it is already done); the same contract as {@link Context#afterFunc(Context, Runnable)}.
     *
     * @param f the function to run
     * @return the handle that unregisters {@code f}; its {@code stop()} returns true iff it
     *     prevented {@code f} from running
     */
    StopHandle afterFunc(Runnable f);
}
