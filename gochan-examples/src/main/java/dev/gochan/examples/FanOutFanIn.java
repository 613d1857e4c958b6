package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.SendChan;
import dev.gochan.sync.WaitGroup;
import java.io.PrintStream;

/**
 * Guide §4.2, fan-out and fan-in: several workers take jobs from one channel (fan-out), and
 * {@link #merge} funnels several channels into one (fan-in).
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * // Worker function
 * func worker(id int, jobs <-chan int, results chan<- int) {
 *     for job := range jobs {
 *         fmt.Printf("Worker %d processing job %d\n", id, job)
 *         results <- job * 2 // Simulate work
 *     }
 * }
 *
 * // Fan-in: Merge multiple channels
 * func merge(channels ...<-chan int) <-chan int {
 *     var wg sync.WaitGroup
 *     out := make(chan int)
 *
 *     // Start goroutine for each input channel
 *     for _, ch := range channels {
 *         wg.Add(1)
 *         go func(c <-chan int) {
 *             defer wg.Done()
 *             for val := range c {
 *                 out <- val
 *             }
 *         }(ch)
 *     }
 *
 *     // Close output when all inputs are done
 *     go func() {
 *         wg.Wait()
 *         close(out)
 *     }()
 *
 *     return out
 * }
 *
 * func main() {
 *     jobs := make(chan int, 100)
 *     results := make(chan int, 100)
 *
 *     // Fan-out: Start 3 workers
 *     for w := 1; w <= 3; w++ {
 *         go worker(w, jobs, results)
 *     }
 *
 *     // Send jobs
 *     for j := 1; j <= 9; j++ {
 *         jobs <- j
 *     }
 *     close(jobs)
 *
 *     // Collect results (Note: We know we'll get 9 results)
 *     for i := 0; i < 9; i++ {
 *         result := <-results
 *         fmt.Println("Result:", result)
 *     }
 * }
 * }</pre>
 *
 * <p>Output: nine "Worker w processing job j" lines (w in 1..3, each job 1..9 exactly once) and
 * nine "Result: r" lines (r = 2, 4, ..., 18, each once), interleaved differently from run to run.
 * What is guaranteed: "Result: 2j" comes after the line of the worker that processed job j, and
 * each worker processes its jobs in increasing order (the jobs channel is FIFO). The guide's
 * {@code main} does not call {@code merge}; it is here for the pattern (and tested on its own).
 */
public final class FanOutFanIn {
    private FanOutFanIn() {}

    /**
     * A worker: processes jobs until {@code jobs} is closed and drained, sending each result.
     *
     * @param id the worker's number, for the printout
     * @param jobs where the jobs come from
     * @param results where the results go
     * @param out where to print
     */
    static void worker(int id, RecvChan<Integer> jobs, SendChan<Integer> results, PrintStream out) {
        for (int job : jobs) {
            out.printf("Worker %d processing job %d\n", id, job);
            results.send(job * 2); // Simulate work
        }
    }

    /**
     * Fan-in: forwards every value of every input to one output, which is closed once all the
     * inputs are closed and drained. Values of one input keep their order; values of different
     * inputs interleave in any order.
     *
     * @param channels the inputs
     * @return the receive side of the merged output
     */
    @SafeVarargs
    public static RecvChan<Integer> merge(RecvChan<Integer>... channels) {
        WaitGroup wg = new WaitGroup();
        Chan<Integer> out = Chan.make();

        // Start goroutine for each input channel
        for (RecvChan<Integer> ch : channels) {
            wg.add(1);
            go(() -> { // Go passes ch as an argument; the lambda captures this iteration's ch
                try { // defer wg.Done()
                    for (int val : ch) {
                        out.send(val);
                    }
                } finally {
                    wg.done();
                }
            });
        }

        // Close output when all inputs are done
        go(() -> {
            wg.await();
            out.close();
        });

        return out.recvOnly();
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
     * Runs the example. Returns after the ninth result; every line has been printed by then.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Integer> jobs = Chan.make(100);
        Chan<Integer> results = Chan.make(100);

        // Fan-out: Start 3 workers
        for (int w = 1; w <= 3; w++) {
            int id = w; // Go's `go worker(w, ...)` evaluates w here; a lambda needs a final copy
            go(() -> worker(id, jobs, results, out));
        }

        // Send jobs
        for (int j = 1; j <= 9; j++) {
            jobs.send(j);
        }
        jobs.close();

        // Collect results (Note: We know we'll get 9 results)
        for (int i = 0; i < 9; i++) {
            int result = results.receive();
            out.println("Result: " + result);
        }
    }
}
