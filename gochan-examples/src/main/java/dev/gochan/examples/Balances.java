package dev.gochan.examples;

import static dev.gochan.Go.go;

import dev.gochan.sync.RWMutex;
import dev.gochan.sync.WaitGroup;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Guide §5.3, the read-write lock: a map that several goroutines read at once under the read
 * lock, while a writer changes it under the write lock. The class is the program's
 * {@code Balances} type.
 *
 * <p>The guide's Go fragment:
 * <pre>{@code
 * var mu sync.RWMutex
 *
 * // Multiple readers can call this concurrently
 * mu.RLock()
 * // ... read operation ...
 * mu.RUnlock()
 *
 * // Only one writer at a time
 * mu.Lock()
 * // ... write operation ...
 * mu.Unlock()
 * }</pre>
 *
 * <p>Made into a program in the shape of §5.2's: a map of two balances whose total is always
 * 100. One writer moves alice's coins to bob, one at a time, taking from one entry and adding to
 * the other under the write lock; five readers meanwhile sum the balances under the read lock,
 * 1000 times each, and count the sums that are not 100:
 * <pre>{@code
 * type Balances struct {
 *     mu sync.RWMutex
 *     m  map[string]int
 * }
 *
 * // Multiple readers can call this concurrently
 * func (b *Balances) Total() int {
 *     b.mu.RLock()
 *     defer b.mu.RUnlock()
 *     total := 0
 *     for _, v := range b.m {
 *         total += v
 *     }
 *     return total
 * }
 *
 * func (b *Balances) Get(name string) int {
 *     b.mu.RLock()
 *     defer b.mu.RUnlock()
 *     return b.m[name]
 * }
 *
 * // Only one writer at a time
 * func (b *Balances) Move(from, to string, amount int) {
 *     b.mu.Lock()
 *     defer b.mu.Unlock()
 *     b.m[from] -= amount
 *     b.m[to] += amount
 * }
 *
 * func main() {
 *     b := Balances{m: map[string]int{"alice": 100, "bob": 0}}
 *     var wg sync.WaitGroup
 *
 *     // One writer: moves alice's 100 coins to bob, one at a time
 *     wg.Add(1)
 *     go func() {
 *         defer wg.Done()
 *         for i := 0; i < 100; i++ {
 *             b.Move("alice", "bob", 1)
 *         }
 *     }()
 *
 *     // Five readers: each sums the balances 1000 times meanwhile
 *     wrong := make([]int, 5)
 *     for r := 0; r < 5; r++ {
 *         wg.Add(1)
 *         go func(r int) {
 *             defer wg.Done()
 *             for i := 0; i < 1000; i++ {
 *                 if b.Total() != 100 {
 *                     wrong[r]++
 *                 }
 *             }
 *         }(r)
 *     }
 *
 *     wg.Wait()
 *     seen := 0
 *     for _, n := range wrong {
 *         seen += n
 *     }
 *     fmt.Println("reads with a total other than 100:", seen) // Always 0 (with RWMutex)
 *     fmt.Println("alice:", b.Get("alice"), "bob:", b.Get("bob"))
 * }
 * }</pre>
 *
 * <p>Output, always:
 * <pre>
 * reads with a total other than 100: 0
 * alice: 0 bob: 100
 * </pre>
 * Readers never see a move half done (alice debited, bob not yet credited: a total of 99),
 * because a reader cannot hold the read lock while the writer holds the write lock. Readers do
 * not exclude each other: the five sum at the same time, which a plain {@link
 * dev.gochan.sync.Mutex} would forbid. That is the point of an RWMutex, and it pays off only when
 * reads are many and short. Each reader counts into its own element of {@code wrong}, so the
 * readers share nothing but the balances; the WaitGroup makes their counts visible to
 * {@code main} after {@code wg.await()}.
 *
 * <p>Go's RWMutex prefers writers: once a writer waits, new readers wait too, so a steady
 * stream of readers cannot starve the writer; gochan's does the same. So a reader must not take
 * the read lock twice (the second {@code rLock()} waits behind a waiting writer, which waits for
 * the first).
 */
public final class Balances {
    /** Guards {@link #m}. Package-private so that a test can hold it. */
    final RWMutex mu = new RWMutex();
    private final Map<String, Integer> m = new HashMap<>();

    /**
     * Creates the balances alice 100 and bob 0: Go's
     * {@code Balances{m: map[string]int{"alice": 100, "bob": 0}}}.
     */
    public Balances() {
        m.put("alice", 100);
        m.put("bob", 0);
    }

    /**
     * The sum of all balances: Go's {@code b.Total()}. Takes the read lock, so any number of
     * goroutines may sum at once; blocks while a writer holds the lock or waits for it.
     *
     * @return the total
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the lock
     */
    public int total() {
        mu.rLock();
        try { // defer b.mu.RUnlock()
            int total = 0;
            for (int v : m.values()) {
                total += v;
            }
            return total;
        } finally {
            mu.rUnlock();
        }
    }

    /**
     * One balance, 0 for a name never seen: Go's {@code b.Get(name)}. Takes the read lock, like
     * {@link #total()}.
     *
     * @param name whose balance
     * @return the balance
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the lock
     */
    public int get(String name) {
        mu.rLock();
        try { // defer b.mu.RUnlock()
            return m.getOrDefault(name, 0);
        } finally {
            mu.rUnlock();
        }
    }

    /**
     * Moves {@code amount} from one balance to another: Go's {@code b.Move(from, to, amount)}.
     * Takes the write lock, so no reader and no other writer runs meanwhile; blocks until every
     * reader has left.
     *
     * @param from whose balance goes down
     * @param to whose balance goes up
     * @param amount how much
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the lock
     *     (nothing was moved)
     */
    public void move(String from, String to, int amount) {
        mu.lock();
        try { // defer b.mu.Unlock()
            m.merge(from, -amount, Integer::sum); // b.m[from] -= amount
            m.merge(to, amount, Integer::sum);    // b.m[to] += amount
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
     * Runs the example: one writer moves 100 coins while five readers sum the balances 1000
     * times each; then the number of wrong sums (0) and the balances are printed.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        Balances b = new Balances();
        WaitGroup wg = new WaitGroup();

        // One writer: moves alice's 100 coins to bob, one at a time
        wg.add(1);
        go(() -> {
            try { // defer wg.Done()
                for (int i = 0; i < 100; i++) {
                    b.move("alice", "bob", 1);
                }
            } finally {
                wg.done();
            }
        });

        // Five readers: each sums the balances 1000 times meanwhile
        int[] wrong = new int[5];
        for (int r = 0; r < 5; r++) {
            wg.add(1);
            int reader = r; // Go passes r as an argument; a lambda needs a final copy
            go(() -> {
                try { // defer wg.Done()
                    for (int i = 0; i < 1000; i++) {
                        if (b.total() != 100) {
                            wrong[reader]++;
                        }
                    }
                } finally {
                    wg.done();
                }
            });
        }

        wg.await();
        int seen = 0;
        for (int n : wrong) {
            seen += n;
        }
        out.println("reads with a total other than 100: " + seen); // Always 0 (with RWMutex)
        out.println("alice: " + b.get("alice") + " bob: " + b.get("bob"));
    }
}
