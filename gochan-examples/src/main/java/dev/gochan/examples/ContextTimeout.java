package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Select;
import dev.gochan.context.Context;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §6.3, the context: a cancellation signal with a deadline, handed down to every goroutine
 * that works for the caller. Here two workers stop by themselves when a two-second timeout
 * passes.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func worker(ctx context.Context, id int) {
 *     for {
 *         select {
 *         case <-ctx.Done():
 *             fmt.Printf("Worker %d cancelled\n", id)
 *             return
 *         default:
 *             fmt.Printf("Worker %d working...\n", id)
 *             time.Sleep(500 * time.Millisecond)
 *         }
 *     }
 * }
 *
 * func main() {
 *     ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
 *     defer cancel()
 *
 *     go worker(ctx, 1)
 *     go worker(ctx, 2)
 *
 *     time.Sleep(3 * time.Second)
 * }
 * }</pre>
 *
 * <p>Go's pair {@code ctx, cancel} is one object here, a
 * {@link dev.gochan.context.CancelContext}: closing it cancels it, so the try-with-resources
 * around {@code main}'s body is Go's {@code defer cancel()}. {@code case <-ctx.Done():} is
 * {@link Context#onDone(java.util.function.Function) ctx.onDone(err -> ...)} (the case of
 * {@code ctx.done()} that also hands over {@code ctx.err()}); Go's {@code return} inside it
 * becomes the select's result, as in §6.2.
 *
 * <p>Output: each worker prints "Worker N working..." every half second, at 0, 0.5, 1 and
 * 1.5 seconds, so 4 times; at 2 seconds the deadline passes, {@code ctx.done()} is closed, and
 * each worker, at its next turn, prints "Worker N cancelled" and returns. The two workers' lines
 * interleave differently from run to run (Go's do too). The fourth sleep ends at about the
 * moment of the deadline, so a worker that gets there first works a fifth time and is cancelled
 * half a second later; Go behaves the same. {@code main} sleeps on until 3 seconds; its
 * {@code cancel()} then finds the context already done and changes nothing ({@code ctx.err()}
 * stays {@link Context#DEADLINE_EXCEEDED}: the first cancellation wins).
 * <pre>
 * Worker 1 working...
 * Worker 2 working...
 * ... (3 more times each)
 * Worker 2 cancelled
 * Worker 1 cancelled
 * </pre>
 *
 * <p>A worker notices the deadline only between units of work: while it sleeps it is deaf, so it
 * may stop up to half a second late. Waiting with a select instead of sleeping,
 * {@code Select.run(ctx.onDone(...), Time.after(d).onReceiveDo(...))}, stops it at once. And the
 * context is what makes the difference from §6.2's done channel: the deadline travels with the
 * signal, so nobody has to remember to close anything when the time is up.
 */
public final class ContextTimeout {
    private ContextTimeout() {}

    /** How long the workers may work: the context's timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** How long one unit of work takes. */
    static final Duration WORK = Duration.ofMillis(500);

    /** How long {@code main} waits before it returns (and cancels). */
    static final Duration MAIN_SLEEP = Duration.ofSeconds(3);

    /**
     * A worker: a unit of work (a line and a half-second sleep) at each turn, until {@code ctx}
     * is done; then one "cancelled" line, and it returns. If {@code ctx} is already done, it
     * does no work at all (a select never takes its default while a case is ready).
     *
     * @param ctx the context whose end stops the worker
     * @param id the worker's number, for the printout
     * @param out where to print
     */
    static void worker(Context ctx, int id, PrintStream out) {
        while (true) {
            boolean cancelled = Select.select(
                    ctx.onDone(err -> {
                        out.printf("Worker %d cancelled\n", id);
                        return true; // return
                    }),
                    Select.onDefault(() -> {
                        out.printf("Worker %d working...\n", id);
                        Time.sleep(WORK);
                        return false;
                    }));
            if (cancelled) {
                return;
            }
        }
    }

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Takes 3 seconds; the workers have returned by then (at 2 to 2.5
     * seconds), so it leaves no goroutine behind.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        try (var ctx = Context.withTimeout(Context.background(), TIMEOUT)) { // defer cancel()
            go(() -> worker(ctx, 1, out));
            go(() -> worker(ctx, 2, out));

            Time.sleep(MAIN_SLEEP);
        }
    }
}
