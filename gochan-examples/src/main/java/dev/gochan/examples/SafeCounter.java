package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.sync.Mutex;
import dev.gochan.sync.WaitGroup;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Guide §5.2, the mutex: a map of counters that many goroutines increment at once, made safe by
 * a {@link Mutex}. The class is the guide's {@code SafeCounter} type; its {@code main} is the
 * guide's.
 *
 * <p>The guide's Go program:
 * <pre>{@code
 * type SafeCounter struct {
 *     mu sync.Mutex
 *     v  map[string]int
 * }
 *
 * func (c *SafeCounter) Inc(key string) {
 *     c.mu.Lock()
 *     c.v[key]++
 *     c.mu.Unlock()
 * }
 *
 * func (c *SafeCounter) Value(key string) int {
 *     c.mu.Lock()
 *     defer c.mu.Unlock()
 *     return c.v[key]
 * }
 *
 * func main() {
 *     c := SafeCounter{v: make(map[string]int)}
 *     var wg sync.WaitGroup
 *
 *     for i := 0; i < 1000; i++ {
 *         wg.Add(1)
 *         go func() {
 *             defer wg.Done()
 *             c.Inc("key")
 *         }()
 *     }
 *
 *     wg.Wait()
 *     fmt.Println(c.Value("key")) // Always 1000 (with mutex)
 * }
 * }</pre>
 *
 * <p>Go's {@code c.v[key]++} reads 0 for a missing key; {@code v.merge(key, 1, Integer::sum)} is
 * the same in one call. {@code Inc} unlocks by hand, as Go's does: nothing between lock and
 * unlock can fail. {@code Value}'s {@code defer c.mu.Unlock()} is a {@code try}/{@code finally}
 * (or {@code mu.withLock(() -> ...)}, which is exactly that).
 *
 * <p>Output, always:
 * <pre>
 * 1000
 * </pre>
 * Without the mutex the result would be unpredictable: {@code HashMap} is not safe for
 * concurrent use, and two goroutines that read the same count both write back count + 1, so
 * increments get lost. Unlike Go, which crashes with "concurrent map writes", Java gives no
 * warning at all. And the WaitGroup makes the last {@code Inc} happen before {@code Value}: the
 * program prints the final count, not a count taken while goroutines are still incrementing.
 */
public final class SafeCounter {
    /** Guards {@link #v}. Package-private so that a test can hold it. */
    final Mutex mu = new Mutex();
    private final Map<String, Integer> v = new HashMap<>();

    /** Creates a counter with every key at 0: Go's {@code SafeCounter{v: make(map[string]int)}}. */
    public SafeCounter() {}

    /**
     * Adds one to the count of {@code key}: Go's {@code c.Inc(key)}. Blocks while another
     * goroutine holds the mutex.
     *
     * @param key the counter to increment
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the mutex
     *     (nothing was counted)
     */
    public void inc(String key) {
        mu.lock();
        v.merge(key, 1, Integer::sum); // c.v[key]++
        mu.unlock();
    }

    /**
     * The count of {@code key}, 0 if it was never incremented: Go's {@code c.Value(key)}. Blocks
     * while another goroutine holds the mutex.
     *
     * @param key the counter to read
     * @return its count
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the mutex
     */
    public int value(String key) {
        mu.lock();
        try { // defer c.mu.Unlock()
            return v.getOrDefault(key, 0);
        } finally {
            mu.unlock();
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
     * Runs the example: 1000 goroutines increment one key, then the count is printed.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        SafeCounter c = new SafeCounter();
        WaitGroup wg = new WaitGroup();

        for (int i = 0; i < 1000; i++) {
            wg.add(1);
            go(() -> {
                try { // defer wg.Done()
                    c.inc("key");
                } finally {
                    wg.done();
                }
            });
        }

        wg.await();
        out.println(c.value("key")); // Always 1000 (with mutex)
    }
}
