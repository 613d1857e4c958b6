package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.ClosedChanException;
import dev.gochan.Received;
import java.io.PrintStream;

/**
 * Guide §3, channel operations: send, receive, {@code close}, {@code v, ok := <-ch} and
 * {@code range}.
 *
 * <p>The guide gives fragments ({@code close(ch)}; {@code value, ok := <-ch; if !ok {...}};
 * {@code for value := range ch {...}}); this is them made into one program, with the guide's
 * three rules of closing shown: only the sender closes, a send on a closed channel panics, a
 * receive on a closed (and drained) channel returns at once with {@code ok == false}.
 * <pre>{@code
 * func main() {
 *     ch := make(chan int)
 *
 *     go func() { // the sender
 *         for i := 1; i <= 3; i++ {
 *             ch <- i
 *         }
 *         close(ch) // only the sender closes: no more values will come
 *     }()
 *
 *     value, ok := <-ch
 *     fmt.Println(value, ok) // 1 true
 *
 *     for value := range ch { // stops when ch is closed (and drained)
 *         fmt.Println(value) // 2, then 3
 *     }
 *
 *     value, ok = <-ch
 *     if !ok {
 *         fmt.Println("closed: ok =", ok) // closed: ok = false
 *     }
 *
 *     sendAfterClose(ch)
 * }
 *
 * func sendAfterClose(ch chan int) {
 *     defer func() {
 *         fmt.Println("panic:", recover()) // panic: send on closed channel
 *     }()
 *     ch <- 4
 * }
 * }</pre>
 *
 * <p>Output (always the same):
 * <pre>
 * 1 true
 * 2
 * 3
 * closed: ok = false
 * panic: send on closed channel
 * </pre>
 * After the close, Go's {@code value} is the zero value {@code 0}; in Java it is {@code null}
 * (which is why the program prints {@code ok}, not the value). Go's panic is a
 * {@link ClosedChanException} here, with Go's message; {@code recover} is a {@code catch}.
 */
public final class CloseAndRange {
    private CloseAndRange() {}

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Returns once the sender has closed the channel.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Integer> ch = Chan.make();

        go(() -> { // the sender
            for (int i = 1; i <= 3; i++) {
                ch.send(i);
            }
            ch.close(); // only the sender closes: no more values will come
        });

        Received<Integer> r = ch.receiveOk();
        out.println(r.value() + " " + r.ok()); // 1 true

        for (int value : ch) { // stops when ch is closed (and drained)
            out.println(value); // 2, then 3
        }

        r = ch.receiveOk();
        if (!r.ok()) {
            out.println("closed: ok = " + r.ok()); // closed: ok = false
        }

        sendAfterClose(ch, out);
    }

    private static void sendAfterClose(Chan<Integer> ch, PrintStream out) {
        try {
            ch.send(4);
        } catch (ClosedChanException e) {
            out.println("panic: " + e.getMessage()); // panic: send on closed channel
        }
    }
}
