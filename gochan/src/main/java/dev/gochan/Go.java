package dev.gochan;

import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Goroutines: Go's {@code go} statement, on virtual threads.
 *
 * <pre>{@code
 * import static dev.gochan.Go.go;
 *
 * go(() -> ch.send("Hello"));      // go func() { ch <- "Hello" }()
 * }</pre>
 *
 * <p>Each goroutine runs on its own virtual thread named {@code goroutine-<id>}, with ids
 * counting up from 2 (Go's main goroutine is 1). Virtual threads are cheap: a million parked
 * goroutines fit in a few GiB. The JVM does not wait for goroutines when {@code main} returns,
 * as in Go.
 *
 * <h2>Panics</h2>
 * An exception that escapes a goroutine is a Go panic: it is reported, Go-style
 * ({@code panic: <message>}, a blank line, {@code goroutine <id> [running]:} and the stack), to
 * the {@linkplain #setPanicHandler panic handler}. Unlike Go, the process is not terminated by
 * default; install a handler that calls {@code System.exit(2)} to get Go's behaviour. To hand an
 * error to a waiting goroutine instead, send it on a channel or use an error group.
 */
public final class Go {
    private Go() {}

    /**
     * Receives the exceptions that escape goroutines.
     */
    @FunctionalInterface
    public interface PanicHandler {
        /**
         * Called on the dying goroutine's thread with what escaped it.
         *
         * @param goroutineId the goroutine's id
         * @param thread the goroutine's thread
         * @param panic what was thrown
         */
        void panicked(long goroutineId, Thread thread, Throwable panic);
    }

    /** The default handler: prints the panic to standard error in Go's format. */
    public static final PanicHandler PRINT_PANIC = (id, thread, panic) -> printPanic(System.err, id, panic);

    private static volatile PanicHandler handler = PRINT_PANIC;

    /**
     * Starts a goroutine running {@code body}: Go's {@code go f()}. Never blocks.
     *
     * @param body the code to run
     * @throws NullPointerException if {@code body} is null
     */
    public static void go(Runnable body) {
        Objects.requireNonNull(body, "go: body");
        long id = Goroutines.nextId();
        G g = new G(id);
        Thread t = Thread.ofVirtual().name("goroutine-" + id).uncaughtExceptionHandler(g)
                .unstarted(() -> run(id, body));
        g.bind(t);
        Goroutines.register(g);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            Goroutines.unregister(t);
            throw e;
        }
    }

    private static void run(long id, Runnable body) {
        Thread t = Thread.currentThread();
        try {
            body.run();
        } catch (Throwable panic) {
            try {
                handler.panicked(id, t, panic);
            } catch (Throwable ignored) {
                printPanic(System.err, id, panic); // a broken handler must not hide the panic
            }
        } finally {
            Goroutines.unregister(t);
        }
    }

    /**
     * Runs a program's main function as Go does: {@code body} runs as goroutine 1 (on a virtual
     * thread), and the program fails, as Go's runtime does, when every goroutine is blocked with
     * nothing that could ever wake it: it prints
     * {@code fatal error: all goroutines are asleep - deadlock!} and the goroutine dump to
     * standard error, and exits with status 2. A panic escaping {@code body} is printed Go-style
     * and also exits with status 2.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     Go.main(() -> {
     *         Chan<Integer> ch = Chan.make();
     *         ch.receive();        // nobody will ever send: fatal error, exit status 2
     *     });
     * }
     * }</pre>
     *
     * <p>Blocks until {@code body} returns, then returns normally (goroutines still running do not
     * keep it waiting, as in Go; unlike Go, the JVM is not forced to exit). Deadlock detection
     * watches every goroutine started with {@link #go}: a goroutine blocked outside gochan (I/O,
     * a JDK lock) or with a deadline (a sleep, a timer, a timed receive) counts as awake, so a
     * deadlock is reported only when nothing could ever make progress. Threads not started with
     * {@link #go} are outside this closed world: if they feed goroutines, do not use
     * {@code Go.main}.
     *
     * @param body the program's main function
     * @throws GoInterruptedException if the calling thread is interrupted while waiting
     */
    public static void main(Runnable body) {
        Objects.requireNonNull(body, "main: body");
        int status;
        try {
            status = GoMain.run(body, System.err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("main");
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Replaces the handler of exceptions that escape goroutines.
     *
     * @param h the new handler; {@link #PRINT_PANIC} restores the default
     * @return the previous handler
     */
    public static PanicHandler setPanicHandler(PanicHandler h) {
        PanicHandler old = handler;
        handler = Objects.requireNonNull(h, "panic handler");
        return old;
    }

    /**
     * The id of the calling goroutine: the {@code <id>} in {@code goroutine-<id>}.
     *
     * @return the id, or 0 when the caller was not started with {@link #go}
     */
    public static long goroutineId() {
        return Goroutines.currentId();
    }

    /**
     * The number of goroutines started with {@link #go} that have not returned: Go's
     * {@code runtime.NumGoroutine()}, without counting the main thread.
     *
     * @return the number of live goroutines
     */
    public static int numGoroutine() {
        return Goroutines.count();
    }

    /**
     * Yields the processor to other goroutines: Go's {@code runtime.Gosched()}. Use it only for
     * interleaving, never for correctness.
     */
    public static void gosched() {
        Thread.yield();
    }

    /** Prints a panic the way Go does. */
    static void printPanic(PrintStream out, long id, Throwable panic) {
        String what = panic instanceof ClosedChanException || panic instanceof NilChanException
                ? panic.getMessage()
                : panic.toString();
        StringBuilder sb = new StringBuilder();
        sb.append("panic: ").append(what).append("\n\n");
        sb.append("goroutine ").append(id).append(" [running]:\n");
        for (StackTraceElement e : panic.getStackTrace()) {
            sb.append('\t').append(e).append('\n');
        }
        int depth = 0;
        for (Throwable c = panic.getCause(); c != null && depth < 16; c = c.getCause(), depth++) {
            sb.append("caused by: ").append(c).append('\n'); // bounded: causes may form a cycle
        }
        out.print(sb);
        out.flush();
    }
}
