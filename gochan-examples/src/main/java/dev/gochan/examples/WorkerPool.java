package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.SendChan;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §4.4, the worker pool: a fixed number of goroutines take jobs from one channel, so at
 * most that many jobs run at once, however many are queued.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func worker(id int, jobs <-chan int, results chan<- int) {
 *     for job := range jobs {
 *         fmt.Printf("Worker %d started job %d\n", id, job)
 *         time.Sleep(time.Second) // Simulate work
 *         fmt.Printf("Worker %d finished job %d\n", id, job)
 *         results <- job * 2
 *     }
 * }
 *
 * func main() {
 *     const numJobs = 5
 *     const numWorkers = 3
 *
 *     jobs := make(chan int, numJobs)
 *     results := make(chan int, numJobs)
 *
 *     // Start workers
 *     for w := 1; w <= numWorkers; w++ {
 *         go worker(w, jobs, results)
 *     }
 *
 *     // Send jobs
 *     for j := 1; j <= numJobs; j++ {
 *         jobs <- j
 *     }
 *     close(jobs)
 *
 *     // Collect results
 *     for a := 1; a <= numJobs; a++ {
 *         <-results
 *     }
 * }
 * }</pre>
 *
 * <p>Output: for each job j in 1..5, one "Worker w started job j" and, later, one
 * "Worker w finished job j" with the same w. The lines interleave differently from run to run
 * (Go's do too). What is guaranteed: a worker finishes a job before it starts its next one, and
 * takes its jobs in increasing order (the jobs channel is FIFO). The program takes about 2
 * seconds: five one-second jobs on three workers run as three, then two. It cannot take less,
 * since some worker does two jobs; five workers would take 1 second, with five jobs at once.
 *
 * <p>The pool is the same shape as §4.2's fan-out; what differs is the purpose: the number of
 * workers bounds how much runs at once (connections, memory, CPU).
 */
public final class WorkerPool {
    private WorkerPool() {}

    /** How many jobs the example queues. */
    static final int NUM_JOBS = 5;

    /** How many workers the pool has: at most this many jobs run at once. */
    static final int NUM_WORKERS = 3;

    /**
     * A worker: takes jobs until {@code jobs} is closed and drained; each job takes one second.
     *
     * @param id the worker's number, for the printout
     * @param jobs where the jobs come from
     * @param results where each job's result (twice the job) goes
     * @param out where to print
     */
    static void worker(int id, RecvChan<Integer> jobs, SendChan<Integer> results, PrintStream out) {
        for (int job : jobs) {
            out.printf("Worker %d started job %d\n", id, job);
            Time.sleep(Duration.ofSeconds(1)); // Simulate work
            out.printf("Worker %d finished job %d\n", id, job);
            results.send(job * 2);
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
     * Runs the example. Takes about 2 seconds; returns after the fifth result, when every line
     * has been printed (each worker prints before it sends its result).
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Integer> jobs = Chan.make(NUM_JOBS);
        Chan<Integer> results = Chan.make(NUM_JOBS);

        // Start workers
        for (int w = 1; w <= NUM_WORKERS; w++) {
            int id = w; // a lambda needs a final copy of the loop variable
            go(() -> worker(id, jobs, results, out));
        }

        // Send jobs
        for (int j = 1; j <= NUM_JOBS; j++) {
            jobs.send(j);
        }
        jobs.close();

        // Collect results
        for (int a = 1; a <= NUM_JOBS; a++) {
            results.receive();
        }
    }
}
