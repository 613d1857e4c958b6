package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.sync.WaitGroup;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §5.1, the WaitGroup: {@code main} starts five workers and waits until all of them have
 * finished.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func worker(id int, wg *sync.WaitGroup) {
 *     defer wg.Done() // Decrement when function returns
 *
 *     fmt.Printf("Worker %d starting\n", id)
 *     time.Sleep(time.Second)
 *     fmt.Printf("Worker %d done\n", id)
 * }
 *
 * func main() {
 *     var wg sync.WaitGroup
 *
 *     for i := 1; i <= 5; i++ {
 *         wg.Add(1)
 *         go worker(i, &wg)
 *     }
 *
 *     wg.Wait() // Block until all workers call Done()
 *     fmt.Println("All workers finished")
 * }
 * }</pre>
 *
 * <p>Go's {@code defer wg.Done()} is a {@code try}/{@code finally} around the worker's body: the
 * counter goes down however the worker ends, so a worker that throws cannot leave {@code main}
 * waiting forever. {@code wg.Wait()} is {@link WaitGroup#await()} (Java reserves {@code wait}).
 * As in Go, {@code wg.add(1)} comes before {@code go(...)}, not inside the goroutine: otherwise
 * {@code main} could reach {@code await()} while the counter is still 0 and return at once.
 * Go 1.25's {@code wg.Go(f)}, here {@link WaitGroup#go(Runnable)}, does the add, the goroutine
 * and the deferred done in one call.
 *
 * <p>Output: each worker's "starting" line and, a second later, its "done" line; the five
 * workers' lines interleave differently from run to run (Go's do too). What is guaranteed: a
 * worker's "starting" comes before its "done", and "All workers finished" is the last line,
 * since {@code await()} returns only after the fifth {@code done()}, which each worker calls
 * after its last line. The workers sleep at the same time, so the program takes about 1
 * second, not 5.
 * <pre>
 * Worker 5 starting
 * Worker 1 starting
 * ... (the other three)
 * Worker 1 done
 * Worker 5 done
 * ... (the other three)
 * All workers finished
 * </pre>
 */
public final class WaitGroupWorkers {
    private WaitGroupWorkers() {}

    /** How many workers {@code main} starts. */
    static final int NUM_WORKERS = 5;

    /** How long each worker works: Go's {@code time.Second}. */
    static final Duration WORK = Duration.ofSeconds(1);

    /**
     * A worker: prints that it starts, works for {@code work}, prints that it is done, and in
     * any case counts itself done in {@code wg}.
     *
     * @param id the worker's number, for the printout
     * @param wg the group that counts the running workers
     * @param work how long the work takes
     * @param out where to print
     */
    static void worker(int id, WaitGroup wg, Duration work, PrintStream out) {
        try { // defer wg.Done() // Decrement when function returns
            out.printf("Worker %d starting\n", id);
            Time.sleep(work);
            out.printf("Worker %d done\n", id);
        } finally {
            wg.done();
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
     * Runs the example. Takes about 1 second; returns after "All workers finished", when every
     * worker has printed both its lines.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        run(out, WORK);
    }

    /**
     * The example with another length of work, so that a test can run it many times.
     *
     * @param out where to print
     * @param work how long each worker works
     */
    static void run(PrintStream out, Duration work) {
        WaitGroup wg = new WaitGroup();

        for (int i = 1; i <= NUM_WORKERS; i++) {
            wg.add(1);
            int id = i; // Go's `go worker(i, &wg)` evaluates i here; a lambda needs a final copy
            go(() -> worker(id, wg, work, out));
        }

        wg.await(); // Block until all workers call Done()
        out.println("All workers finished");
    }
}
