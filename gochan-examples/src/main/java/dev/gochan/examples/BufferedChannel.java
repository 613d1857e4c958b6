package dev.gochan.examples;

import dev.gochan.Chan;
import java.io.PrintStream;

/**
 * Guide §2.2, buffered channels: a send blocks only when the buffer is full, a receive only when
 * it is empty.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * func main() {
 *     ch := make(chan int, 2) // buffer size 2
 *
 *     ch <- 1  // doesn't block
 *     ch <- 2  // doesn't block
 *     // ch <- 3  // would block (buffer full)
 *
 *     fmt.Println(<-ch) // 1
 *     fmt.Println(<-ch) // 2
 *     // fmt.Println(<-ch) // would block (buffer empty)
 * }
 * }</pre>
 *
 * <p>Output: {@code 1} then {@code 2}. One goroutine does everything, so the output is always
 * the same. Uncommenting the third send or the third receive would block {@code main} forever
 * (Go reports "all goroutines are asleep - deadlock!").
 */
public final class BufferedChannel {
    private BufferedChannel() {}

    /**
     * Runs the example, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example. Never blocks.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Chan<Integer> ch = Chan.make(2); // buffer size 2

        ch.send(1); // doesn't block
        ch.send(2); // doesn't block
        // ch.send(3); // would block (buffer full)

        out.println(ch.receive()); // 1
        out.println(ch.receive()); // 2
        // out.println(ch.receive()); // would block (buffer empty)
    }
}
