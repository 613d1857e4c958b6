package dev.gochan.bench.time;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.Select;
import dev.gochan.time.Time;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * N goroutines, each blocked in a select whose only ready case is a timeout of D (the other case
 * receives from a channel nobody sends on): how long until all of them have woken. Measures the timer heap and the timer thread under a burst of pending
 * timers (all due at about the same time), beside the JDK's own timed waits on virtual threads.
 * The Go reference is {@code gochan-bench/go/time/timeouts.go}.
 *
 * <p>Run (after {@code mvn -q compile}):
 * <pre>
 * java -cp gochan/target/classes:gochan-bench/target/classes dev.gochan.bench.time.TimeoutWake [n] [ms] [reps]
 * </pre>
 * Columns: {@code spawn} = time to start all N; {@code all woke} = from the first start until
 * the last wake-up; {@code late} = how long after its own deadline the last one woke (the
 * wake-up burst's cost). A single-shot measurement: run it on a quiet machine, several reps.
 */
public final class TimeoutWake {
    private TimeoutWake() {}

    /** The contenders. */
    enum Mode {
        /** gochan: {@code Select.select(never.onReceive(..), Select.onTimeout(d, ..))}, one shared {@code never}. */
        GOCHAN_SELECT_TIMEOUT,
        /** The same with a {@code never} channel per goroutine (no contention on a shared channel lock). */
        GOCHAN_SELECT_TIMEOUT_OWN,
        /** gochan: {@code Select.select(never.onReceive(..), Time.after(d).onReceive(..))}. */
        GOCHAN_SELECT_AFTER,
        /** gochan: {@code Time.sleep(d)}. */
        GOCHAN_SLEEP,
        /** JDK: {@code SynchronousQueue.poll(d)} on a virtual thread. */
        JDK_POLL,
        /** JDK: {@code Thread.sleep(d)} on a virtual thread. */
        JDK_SLEEP
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Duration d = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "n=%d timeout=%dms reps=%d carriers=%s cpus=%d%n", n, d.toMillis(), reps,
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
                Runtime.getRuntime().availableProcessors());
        for (int rep = 0; rep < reps; rep++) {
            for (Mode m : Mode.values()) { // interleave contenders
                run(m, n, d);
            }
        }
        System.exit(0);
    }

    private static void run(Mode mode, int n, Duration d) throws InterruptedException {
        Chan<Integer> never = Chan.make();
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        CountDownLatch woke = new CountDownLatch(n);
        long[] lastLate = new long[1];
        Object lateLock = new Object();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Runnable body = () -> {
                long t0 = System.nanoTime();
                try {
                    switch (mode) {
                        case GOCHAN_SELECT_TIMEOUT -> Select.select(never.onReceive(v -> 1), Select.onTimeout(d, () -> 0));
                        case GOCHAN_SELECT_TIMEOUT_OWN -> Select.select(Chan.<Integer>make().onReceive(v -> 1),
                                Select.onTimeout(d, () -> 0));
                        case GOCHAN_SELECT_AFTER -> Select.select(never.onReceive(v -> 1), Time.after(d).onReceive(t -> 0));
                        case GOCHAN_SLEEP -> Time.sleep(d);
                        case JDK_POLL -> q.poll(d.toNanos(), TimeUnit.NANOSECONDS);
                        case JDK_SLEEP -> Thread.sleep(d);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                long late = System.nanoTime() - t0 - d.toNanos();
                synchronized (lateLock) {
                    lastLate[0] = Math.max(lastLate[0], late);
                }
                woke.countDown();
            };
            if (mode.name().startsWith("GOCHAN")) {
                Go.go(body);
            } else {
                Thread.ofVirtual().start(body);
            }
        }
        long spawned = System.nanoTime() - start;
        woke.await();
        long all = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "%-22s spawn %7.1f ms   all woke %7.1f ms   late %7.1f ms%n", mode,
                spawned / 1e6, all / 1e6, lastLate[0] / 1e6);
    }
}
