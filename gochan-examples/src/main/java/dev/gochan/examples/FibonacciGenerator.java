package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import dev.gochan.context.Context;
import dev.gochan.runtime.GoRuntime;
import dev.gochan.runtime.GoroutineInfo;
import dev.gochan.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guide §6.1, the generator: a function that returns a channel fed by its own goroutine, here
 * the Fibonacci numbers. The guide's version leaks its goroutine; the fixed ones take a done
 * channel or a context (§7.3: always provide an exit path).
 *
 * <p>The guide's Go code, made into a program:
 * <pre>{@code
 * func fibonacci() <-chan int {
 *     ch := make(chan int)
 *     go func() {
 *         a, b := 0, 1
 *         for {
 *             ch <- a
 *             a, b = b, a+b
 *         }
 *     }()
 *     return ch
 * }
 *
 * func main() {
 *     for num := range fibonacci() {
 *         if num > 100 {
 *             break
 *         }
 *         fmt.Println(num)
 *     }
 * }
 * }</pre>
 *
 * <p>It prints 0 1 1 2 3 5 8 13 21 34 55 89, one per line. Then the consumer breaks out of the
 * loop, but the generator's goroutine has no way to know: it computes the next number and blocks
 * on {@code ch <- a} forever, a goroutine leak (§7.3). Go's program ends right after the loop,
 * which hides the leak; in a long-running program every call leaks one more goroutine.
 * {@code runtime.NumGoroutine()} or a goroutine dump shows it as {@code [chan send]}; this
 * example finds it with {@link GoRuntime#goroutines()}.
 *
 * <p>The fix: the consumer says when it stops, by closing a done channel, and the generator
 * selects between its send and {@code done}:
 * <pre>{@code
 * func fibonacci(done <-chan struct{}) <-chan int {
 *     ch := make(chan int)
 *     go func() {
 *         defer close(ch)
 *         a, b := 0, 1
 *         for {
 *             select {
 *             case ch <- a:
 *                 a, b = b, a+b
 *             case <-done:
 *                 return
 *             }
 *         }
 *     }()
 *     return ch
 * }
 *
 * func main() {
 *     done := make(chan struct{})
 *     defer close(done) // however main leaves the loop, the generator is told to stop
 *     for num := range fibonacci(done) {
 *         if num > 100 {
 *             break
 *         }
 *         fmt.Println(num)
 *     }
 * }
 * }</pre>
 *
 * <p>The same fix with a context (§6.3), the way Go code passes a stop signal across API
 * boundaries: the generator selects on {@code ctx.Done()}, and the consumer's
 * {@code defer cancel()} is a try-with-resources around the loop:
 * <pre>{@code
 * func fibonacci(ctx context.Context) <-chan int {
 *     ch := make(chan int)
 *     go func() {
 *         defer close(ch)
 *         a, b := 0, 1
 *         for {
 *             select {
 *             case ch <- a:
 *                 a, b = b, a+b
 *             case <-ctx.Done():
 *                 return
 *             }
 *         }
 *     }()
 *     return ch
 * }
 *
 * func main() {
 *     ctx, cancel := context.WithCancel(context.Background())
 *     defer cancel() // however main leaves the loop, the generator is told to stop
 *     for num := range fibonacci(ctx) {
 *         if num > 100 {
 *             break
 *         }
 *         fmt.Println(num)
 *     }
 * }
 * }</pre>
 *
 * <p>Output, always the same:
 * <pre>
 * fibonacci():
 * 0
 * 1
 * ... (1 2 3 5 8 13 21 34 55)
 * 89
 * goroutines left behind: 1 [chan send]
 * fibonacci(done):
 * 0
 * ... (the same numbers)
 * 89
 * goroutines left behind: 0
 * fibonacci(ctx):
 * 0
 * ... (the same numbers)
 * 89
 * goroutines left behind: 0
 * </pre>
 */
public final class FibonacciGenerator {
    private FibonacciGenerator() {}

    /**
     * How long a new goroutine must have been blocked to count as stuck rather than about to
     * move on (a goroutine that was just woken is still "waiting" until it runs again).
     */
    private static final Duration STUCK = Duration.ofMillis(200);

    /** How long {@link #leftBehind} waits at most for the new goroutines to end or get stuck. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /**
     * The guide's generator: an endless stream of Fibonacci numbers (wrapping around on
     * overflow, as Go's {@code int} does). Its goroutine never ends: once the caller stops
     * receiving, it blocks on its next send forever.
     *
     * @return the receive side of the generator's channel
     */
    public static RecvChan<Integer> fibonacci() {
        Chan<Integer> ch = Chan.make();
        go(() -> {
            int a = 0;
            int b = 1;
            while (true) {
                ch.send(a);
                int next = a + b; // a, b = b, a+b
                a = b;
                b = next;
            }
        });
        return ch.recvOnly();
    }

    /**
     * The fixed generator: the same numbers until {@code done} is closed (or receives a value);
     * then its goroutine closes the output and ends.
     *
     * @param done closed by the consumer when it wants no more numbers
     * @return the receive side of the generator's channel, closed once the goroutine has stopped
     */
    public static RecvChan<Integer> fibonacci(RecvChan<Void> done) {
        Chan<Integer> ch = Chan.make();
        go(() -> {
            try { // defer close(ch)
                int a = 0;
                int b = 1;
                // Go's `return` from inside the select is the select's result here: false.
                while (Select.select(ch.onSend(a, () -> true), done.onReceive(v -> false))) {
                    int next = a + b; // a, b = b, a+b
                    a = b;
                    b = next;
                }
            } finally {
                ch.close();
            }
        });
        return ch.recvOnly();
    }

    /**
     * The fixed generator with a context: the same numbers until {@code ctx} is done (canceled,
     * or its deadline passed); then its goroutine closes the output and ends.
     *
     * @param ctx canceled by the consumer when it wants no more numbers
     * @return the receive side of the generator's channel, closed once the goroutine has stopped
     */
    public static RecvChan<Integer> fibonacci(Context ctx) {
        Chan<Integer> ch = Chan.make();
        go(() -> {
            try { // defer close(ch)
                int a = 0;
                int b = 1;
                // Go's `return` from inside the select is the select's result here: false.
                while (Select.select(ch.onSend(a, () -> true), ctx.onDone(err -> false))) {
                    int next = a + b; // a, b = b, a+b
                    a = b;
                    b = next;
                }
            } finally {
                ch.close();
            }
        });
        return ch.recvOnly();
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
     * Runs the three versions, each followed by the goroutines it left behind. Takes a little over
     * 0.2 seconds (the time {@link #leftBehind} gives the leaked goroutine to show it is stuck).
     * Leaves the guide's generator goroutine blocked forever, on purpose.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        out.println("fibonacci():");
        Set<Long> before = goroutineIds();
        for (int num : fibonacci()) {
            if (num > 100) {
                break;
            }
            out.println(num);
        }
        printLeftBehind(out, leftBehind(before));

        out.println("fibonacci(done):");
        before = goroutineIds();
        Chan<Void> done = Chan.make();
        try { // defer close(done)
            for (int num : fibonacci(done)) {
                if (num > 100) {
                    break;
                }
                out.println(num);
            }
        } finally {
            done.close();
        }
        printLeftBehind(out, leftBehind(before));

        out.println("fibonacci(ctx):");
        before = goroutineIds();
        try (var ctx = Context.withCancel(Context.background())) { // defer cancel()
            for (int num : fibonacci(ctx)) {
                if (num > 100) {
                    break;
                }
                out.println(num);
            }
        }
        printLeftBehind(out, leftBehind(before));
    }

    private static void printLeftBehind(PrintStream out, List<GoroutineInfo> left) {
        out.println("goroutines left behind: " + left.size()
                + left.stream().map(g -> " [" + (g.isWaiting() ? g.waitReason() : "running") + "]")
                        .collect(Collectors.joining()));
    }

    /**
     * The ids of the goroutines alive now.
     *
     * @return the ids
     */
    static Set<Long> goroutineIds() {
        return GoRuntime.goroutines().stream()
                .map(GoroutineInfo::id)
                .filter(id -> id != 0) // threads not started by go(...), blocked right now
                .collect(Collectors.toSet());
    }

    /**
     * The goroutines started since {@code before} was taken that are still alive, once they have
     * settled: each has either ended or been blocked for a while. A goroutine that was just told
     * to stop needs a moment to return, so, like Go's leak checkers (uber-go/goleak), this looks
     * again every few milliseconds, for at most a few seconds. The goroutine dump has no way to
     * wait for a change; programs synchronize on channels, only a leak check looks like this.
     *
     * @param before the ids from {@link #goroutineIds()} taken before the code under watch ran
     * @return the goroutines left behind, ordered by id
     */
    static List<GoroutineInfo> leftBehind(Set<Long> before) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<GoroutineInfo> left = GoRuntime.goroutines().stream()
                    .filter(g -> g.id() != 0 && !before.contains(g.id()))
                    .toList();
            boolean settled = left.stream()
                    .allMatch(g -> g.isWaiting() && g.waited().compareTo(STUCK) >= 0);
            if (settled || System.nanoTime() - deadline >= 0) {
                return left;
            }
            Time.sleep(Duration.ofMillis(10));
        }
    }
}
