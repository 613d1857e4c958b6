package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import java.io.PrintStream;

/**
 * Guide §4.1, the pipeline pattern: stages joined by channels, each the input of the next. Each
 * stage owns its output channel, closes it when done, and hands callers only its receive side.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * // Stage 1: Generate numbers
 * func generate(nums ...int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         for _, n := range nums {
 *             out <- n
 *         }
 *         close(out)
 *     }()
 *     return out
 * }
 *
 * // Stage 2: Square numbers
 * func square(in <-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         for n := range in {
 *             out <- n * n
 *         }
 *         close(out)
 *     }()
 *     return out
 * }
 *
 * // Stage 3: Filter even numbers
 * func filterEven(in <-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         for n := range in {
 *             if n%2 == 0 {
 *                 out <- n
 *             }
 *         }
 *         close(out)
 *     }()
 *     return out
 * }
 *
 * func main() {
 *     // Set up pipeline
 *     numbers := generate(1, 2, 3, 4, 5)
 *     squared := square(numbers)
 *     evens := filterEven(squared)
 *
 *     // Consume results
 *     for result := range evens {
 *         fmt.Println(result) // Output: 4, 16
 *     }
 * }
 * }</pre>
 *
 * <p>Output: {@code 4} then {@code 16}, always in this order (each stage is one goroutine and
 * channels keep order).
 *
 * <p>Go's {@code <-chan int} is {@link RecvChan}{@code <Integer>}; {@code out.recvOnly()} is
 * Go's implicit conversion on {@code return out}: the caller can receive, but can neither send
 * nor close, and cannot cast its way back to the {@code Chan}.
 */
public final class Pipeline {
    private Pipeline() {}

    /**
     * Stage 1: a goroutine sends {@code nums} in order, then closes the channel.
     *
     * @param nums the numbers to send
     * @return the receive side of the stage's output
     */
    public static RecvChan<Integer> generate(int... nums) {
        Chan<Integer> out = Chan.make();
        go(() -> {
            for (int n : nums) {
                out.send(n);
            }
            out.close();
        });
        return out.recvOnly();
    }

    /**
     * Stage 2: a goroutine sends the square of each number received, until {@code in} is closed.
     *
     * @param in the input stage
     * @return the receive side of the stage's output
     */
    public static RecvChan<Integer> square(RecvChan<Integer> in) {
        Chan<Integer> out = Chan.make();
        go(() -> {
            for (int n : in) {
                out.send(n * n);
            }
            out.close();
        });
        return out.recvOnly();
    }

    /**
     * Stage 3: a goroutine passes on the even numbers received, until {@code in} is closed.
     *
     * @param in the input stage
     * @return the receive side of the stage's output
     */
    public static RecvChan<Integer> filterEven(RecvChan<Integer> in) {
        Chan<Integer> out = Chan.make();
        go(() -> {
            for (int n : in) {
                if (n % 2 == 0) {
                    out.send(n);
                }
            }
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
     * Runs the example. Returns when the last stage has closed its output, so every stage's
     * goroutine has finished or is about to.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        // Set up pipeline
        RecvChan<Integer> numbers = generate(1, 2, 3, 4, 5);
        RecvChan<Integer> squared = square(numbers);
        RecvChan<Integer> evens = filterEven(squared);

        // Consume results
        for (int result : evens) {
            out.println(result); // Output: 4, 16
        }
    }
}
