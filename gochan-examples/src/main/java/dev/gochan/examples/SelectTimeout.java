package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.Select;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Guide §4.3, {@code select} with a timeout: wait for whichever comes first, a result or the
 * timer.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func main() {
 *     ch := make(chan string)
 *
 *     go func() {
 *         time.Sleep(2 * time.Second)
 *         ch <- "result"
 *     }()
 *
 *     select {
 *     case res := <-ch:
 *         fmt.Println("Received:", res)
 *     case <-time.After(1 * time.Second):
 *         fmt.Println("Timeout!")
 *     }
 * }
 * }</pre>
 *
 * <p>Output, after 1 second: {@code Timeout!} (the timer fires a second before the result is
 * ready).
 *
 * <p>Note the goroutine: nobody ever receives its result, so it blocks on its send forever, a
 * goroutine leak (guide §7.3). Go's program ends right after the select, which hides it; the
 * cure is a buffered channel of capacity 1 or a done channel/context.
 * {@code Select.onTimeout(Duration.ofSeconds(1), ...)} is a shorter way to write the timer case.
 */
public final class SelectTimeout {
    private SelectTimeout() {}

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Takes about 1 second; leaves one goroutine behind (see the class
     * comment).
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<String> ch = Chan.make();

        go(() -> {
            Time.sleep(Duration.ofSeconds(2));
            ch.send("result");
        });

        Select.run(
                ch.onReceiveDo(res -> out.println("Received: " + res)),
                Time.after(Duration.ofSeconds(1)).onReceiveDo(t -> out.println("Timeout!")));
    }
}
