package dev.gochan.bench.context;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.Select;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Cancellation fan-out: N goroutines are blocked in a select on a context's done channel and on a
 * channel of their own; the root context is canceled; we time from the cancel call until every
 * goroutine has returned from its select. Two shapes:
 * <ul>
 *   <li>{@code flat}: all goroutines select on the root's done channel (one close wakes all);</li>
 *   <li>{@code tree}: each goroutine selects on its own {@code withCancel(root)} child (the
 *       cancel walks N children, closing N channels).</li>
 * </ul>
 * The Go reference is {@code gochan-bench/go/context/main.go} (same shapes, same output format).
 *
 * <p>Run (after {@code mvn -q compile} in the reactor):
 * <pre>
 * java -cp gochan/target/classes:gochan-bench/target/classes \
 *     dev.gochan.bench.context.CancelFanout [goroutines=10000] [rounds=15]
 * java -Djdk.virtualThreadScheduler.parallelism=1 -cp ... dev.gochan.bench.context.CancelFanout
 * </pre>
 * A main rather than JMH: one measurement is one cancel of a freshly built set of parked
 * goroutines, which JMH's per-invocation setup would dominate; the shape mirrors the Go program.
 */
public final class CancelFanout {
    private CancelFanout() {}

    /**
     * Runs the benchmark and prints, per shape, the median and the range of the round times.
     *
     * @param args goroutines per round (default 10000), rounds (default 15)
     * @throws InterruptedException never in practice (the main thread is not interrupted)
     */
    public static void main(String[] args) throws InterruptedException {
        // Go's main is a goroutine: run the driver on a virtual thread too, so that the wake-ups
        // it issues go to its carrier's local queue as Go's go to the P's run queue.
        Thread driver = Thread.ofVirtual().start(() -> {
            try {
                run(args);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        driver.join();
    }

    private static void run(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        System.out.printf("cancel fan-out: %d goroutines, %d rounds, %d CPUs, VT parallelism %s%n",
                n, rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
        for (String shape : List.of("flat", "tree")) {
            round(n, shape.equals("tree")); // warm-up
            round(n, shape.equals("tree"));
            double[] ms = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ms[r] = round(n, shape.equals("tree")) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%-4s median %7.2f ms   min %7.2f ms   max %7.2f ms%n",
                    shape, ms[rounds / 2], ms[0], ms[rounds - 1]);
        }
    }

    /** One round: start n parked goroutines, cancel, return the nanoseconds until all returned. */
    private static long round(int n, boolean tree) throws InterruptedException {
        CancelContext root = Context.withCancel(Context.background());
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch returned = new CountDownLatch(n);
        List<Chan<Integer>> own = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Context ctx = tree ? Context.withCancel(root) : root;
            Chan<Integer> mine = Chan.make();
            own.add(mine);
            Go.go(() -> {
                ready.countDown();
                Select.run(ctx.done().onReceiveDo(v -> { }), mine.onReceiveDo(v -> { }));
                returned.countDown();
            });
        }
        ready.await();
        Thread.sleep(50); // let the last goroutines park (a benchmark, not a test: no correctness rides on it)
        long t0 = System.nanoTime();
        root.cancel();
        if (!returned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("goroutines did not return");
        }
        long t = System.nanoTime() - t0;
        own.clear();
        return t;
    }
}
