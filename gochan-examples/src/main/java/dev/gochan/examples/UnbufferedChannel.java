package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §2.1, unbuffered channels: a send blocks until a receiver takes the value, so sender and
 * receiver meet.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func main() {
 *     ch := make(chan string) // unbuffered
 *
 *     go func() {
 *         time.Sleep(2 * time.Second)
 *         fmt.Println("Goroutine: about to send")
 *         ch <- "Hello"  // This will block until main receives
 *         fmt.Println("Goroutine: sent successfully")
 *     }()
 *
 *     fmt.Println("Main: about to receive")
 *     msg := <-ch  // This blocks until goroutine sends
 *     fmt.Println("Main: received", msg)
 * }
 * }</pre>
 *
 * <p>Output (after about 2 seconds):
 * <pre>
 * Main: about to receive
 * Goroutine: about to send
 * Main: received Hello
 * Goroutine: sent successfully
 * </pre>
 * The last two lines may come in either order: once the value is handed over, both goroutines
 * are runnable (Go 1.19 printed "Goroutine: sent successfully" first on the guide's machine).
 * What is guaranteed: "Main: received Hello" comes after "Goroutine: about to send" (the send
 * happens before the receive completes), and "Goroutine: sent successfully" comes after
 * "Main: about to receive" (an unbuffered send completes only once a receiver took the value).
 *
 * <p>One addition to Go's code: {@code run} waits for the goroutine before returning. In Go,
 * {@code main} returning ends the program, and the goroutine's last line may be cut off (it
 * rarely is); here {@code run} returns to the tour, and the line would land in the next section.
 */
public final class UnbufferedChannel {
    private UnbufferedChannel() {}

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Takes about 2 seconds (the goroutine sleeps before it sends).
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<String> ch = Chan.make(); // unbuffered
        Chan<Void> finished = Chan.make(); // not in Go's code: see the class comment

        go(() -> {
            Time.sleep(Duration.ofSeconds(2));
            out.println("Goroutine: about to send");
            ch.send("Hello"); // This will block until main receives
            out.println("Goroutine: sent successfully");
            finished.close();
        });

        out.println("Main: about to receive");
        String msg = ch.receive(); // This blocks until goroutine sends
        out.println("Main: received " + msg);

        finished.receive(); // wait for the goroutine's last line
    }
}
