package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §6.2, the done channel: closing a channel tells a goroutine (or any number of them) to
 * stop.
 *
 * <p>The guide's Go fragment:
 * <pre>{@code
 * func worker(done <-chan struct{}) {
 *     for {
 *         select {
 *         case <-done:
 *             return
 *         default:
 *             // Do work
 *         }
 *     }
 * }
 *
 * done := make(chan struct{})
 * go worker(done)
 * // ... later ...
 * close(done) // Signal worker to stop
 * }</pre>
 *
 * <p>Made into a program that shows the worker does stop: the worker counts its units of work
 * and returns the count, and main waits for the worker to return ({@code finished} is closed
 * when it has) before it ends:
 * <pre>{@code
 * func main() {
 *     done := make(chan struct{})
 *     finished := make(chan struct{})
 *     go func() {
 *         defer close(finished)
 *         units := worker(done)
 *         fmt.Printf("worker: stopped after %d units of work\n", units)
 *     }()
 *     time.Sleep(100 * time.Millisecond) // ... later ...
 *     fmt.Println("main: closing done")
 *     close(done) // Signal worker to stop
 *     <-finished
 *     fmt.Println("main: worker has returned")
 * }
 * }</pre>
 *
 * <p>Output: the three lines in this order, the count varying from run to run:
 * <pre>
 * main: closing done
 * worker: stopped after 1234567 units of work
 * main: worker has returned
 * </pre>
 * The count is large: the worker spins through its select 100 ms long. Neither Go nor gochan
 * promises it is not 0 (the worker might not have run yet), only that the worker returns once
 * {@code done} is closed: a select with a default never takes the default while a case is ready,
 * and a closed channel is always ready to receive.
 *
 * <p>Go's {@code struct{}} is {@link Void} here: a {@code Chan<Void>} carries only
 * {@code null}, which is as close to "no data, only the event" as Java gets. Closing, not
 * sending, is what makes it a broadcast: one close wakes every receiver, now and later.
 */
public final class DoneChannel {
    private DoneChannel() {}

    /**
     * The worker: does units of work until {@code done} is closed (or receives a value).
     *
     * @param done the stop signal
     * @return the number of units of work done; 0 if {@code done} was already closed
     */
    static long worker(RecvChan<Void> done) {
        long units = 0;
        while (true) {
            // Go's `return` inside the case is the select's result here.
            boolean stop = Select.select(done.onReceive(v -> true), Select.onDefault(() -> false));
            if (stop) {
                return units;
            }
            units++; // Do work
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
     * Runs the example. Takes about 0.1 seconds; returns after the worker has returned.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Void> done = Chan.make();
        Chan<Void> finished = Chan.make();
        go(() -> {
            try { // defer close(finished)
                long units = worker(done);
                out.printf("worker: stopped after %d units of work\n", units);
            } finally {
                finished.close();
            }
        });
        Time.sleep(Duration.ofMillis(100)); // ... later ...
        out.println("main: closing done");
        done.close(); // Signal worker to stop
        finished.receive();
        out.println("main: worker has returned");
    }
}
