package dev.gochan;

import dev.gochan.internal.Clock;
import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import dev.gochan.runtime.GoRuntime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a program's main goroutine in Go's closed world and detects a global deadlock: Go's
 * {@code fatal error: all goroutines are asleep - deadlock!}.
 *
 * <h2>When is the world asleep</h2>
 * Every goroutine started with {@code Go.go} (and the main goroutine) is blocked in a gochan
 * operation without a deadline, and no timer is pending on the clock (a pending timer, a sleep or
 * a timed receive will wake someone by itself). A goroutine that is running, spinning before it
 * parks, or blocked outside gochan (I/O, a JDK lock) counts as awake: detection never fires
 * while anything could still make progress by itself.
 *
 * <h2>Why two looks</h2>
 * The watcher reads the wait records one goroutine at a time, which is not an atomic snapshot: a
 * goroutine may wake and block again between two reads. So the watcher declares a deadlock only
 * when two looks, a period apart, see the same goroutines all asleep with the same wait sequence
 * numbers (each wait increments its goroutine's number): nothing moved in between.
 */
final class GoMain {
    private static final Duration PERIOD = Duration.ofMillis(50);

    private GoMain() {}

    /**
     * Runs {@code body} as goroutine 1 and waits for it.
     *
     * @return 0 when main returned; 2 when it panicked or the program deadlocked (Go's exit status)
     */
    static int run(Runnable body, PrintStream err) throws InterruptedException {
        Throwable[] panic = new Throwable[1];
        G main = new G(1L);
        Thread t = Thread.ofVirtual().name("goroutine-1").uncaughtExceptionHandler(main).unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                panic[0] = e;
            } finally {
                Goroutines.unregister(Thread.currentThread());
            }
        });
        main.bind(t);
        Goroutines.register(main);
        t.start();
        long[] lastSeqs = null;
        List<G> last = null;
        while (!t.join(PERIOD)) {
            List<G> now = asleep();
            if (now == null) {
                last = null;
                continue;
            }
            long[] seqs = new long[now.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = now.get(i).waitSeq();
            }
            if (last != null && last.equals(now) && Arrays.equals(lastSeqs, seqs)) {
                err.print("fatal error: all goroutines are asleep - deadlock!\n\n" + GoRuntime.stack());
                err.flush();
                return 2;
            }
            last = now;
            lastSeqs = seqs;
        }
        if (panic[0] != null) {
            Go.printPanic(err, 1L, panic[0]);
            return 2;
        }
        return 0;
    }

    /** The goroutines, ordered by id, if all of them are asleep; null otherwise. */
    private static List<G> asleep() {
        if (Clock.current().pendingTimers() > 0) {
            return null;
        }
        List<G> gs = new ArrayList<>();
        for (G g : Goroutines.snapshot()) {
            if (!g.isGoroutine()) {
                continue;
            }
            if (!g.isWaiting() || g.isTimedWait()) {
                return null;
            }
            gs.add(g);
        }
        gs.sort((a, b) -> Long.compare(a.id(), b.id()));
        return gs;
    }
}
