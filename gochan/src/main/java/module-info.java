/**
 * gochan: Go's model of concurrent communication for Java 21+.
 *
 * <p>Goroutines are virtual threads started with {@link dev.gochan.Go#go(Runnable)}; they talk
 * through typed channels ({@link dev.gochan.Chan}) and {@link dev.gochan.Select}; timers live in
 * {@link dev.gochan.time.Time}. The package {@code dev.gochan.internal} holds the shared waiting
 * protocol and is not exported.
 */
module dev.gochan {
    exports dev.gochan;
    exports dev.gochan.sync;
    exports dev.gochan.time;
}
