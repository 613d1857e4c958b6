/**
 * gochan: Go's model of concurrent communication for Java 21+.
 *
 * <p>Goroutines are virtual threads started with {@link dev.gochan.Go#go(Runnable)}; they talk
 * through typed channels ({@link dev.gochan.Chan}) and {@link dev.gochan.Select}. Timers live in
 * {@link dev.gochan.time}, locks and groups in {@link dev.gochan.sync}, cancellation in
 * {@link dev.gochan.context}, the guide's idioms (pipelines, fan-in, worker pools) in
 * {@link dev.gochan.pattern}, diagnostics in {@link dev.gochan.runtime}. The package
 * {@code dev.gochan.internal} holds the shared waiting protocol and is not exported.
 */
module dev.gochan {
    exports dev.gochan;
    exports dev.gochan.context;
    exports dev.gochan.pattern;
    exports dev.gochan.runtime;
    exports dev.gochan.sync;
    exports dev.gochan.time;
}
