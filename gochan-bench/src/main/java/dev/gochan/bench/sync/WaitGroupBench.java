package dev.gochan.bench.sync;

import dev.gochan.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out and wait: start {@code goroutines} trivial goroutines and wait for all of them. The
 * score is the time per goroutine (start, run, count down, and the final wake-up).
 *
 * <ul>
 *   <li>{@code waitGroupGo}: the idiomatic {@code wg.go(f)} (a gochan goroutine: registered for
 *       diagnostics, panics reported) and {@code wg.await()};</li>
 *   <li>{@code waitGroupAddDone}: {@code add(1)} + a plain virtual thread calling
 *       {@code done()}: the WaitGroup's own cost, in the same harness as the latch;</li>
 *   <li>{@code countDownLatch}: {@link CountDownLatch} with plain virtual threads.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class WaitGroupBench {
    private static final int N = 1_000_000;

    private final int goroutines = N; // fixed: the score divides by N

    @Benchmark
    @OperationsPerInvocation(N)
    public long waitGroupGo() {
        WaitGroup wg = new WaitGroup();
        LongAdder ran = new LongAdder();
        for (int i = 0; i < goroutines; i++) {
            wg.go(ran::increment);
        }
        wg.await();
        return check(ran);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long waitGroupAddDone() {
        WaitGroup wg = new WaitGroup();
        LongAdder ran = new LongAdder();
        for (int i = 0; i < goroutines; i++) {
            wg.add(1);
            Thread.ofVirtual().start(() -> {
                ran.increment();
                wg.done();
            });
        }
        wg.await();
        return check(ran);
    }

    /**
     * The same work as {@link #countDownLatch}: one {@code add(N)} up front (a legal Go idiom
     * when the count is known), then one {@code done} per goroutine.
     *
     * @return the number of goroutines that ran
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long waitGroupAddOnce() {
        WaitGroup wg = new WaitGroup();
        LongAdder ran = new LongAdder();
        wg.add(goroutines);
        for (int i = 0; i < goroutines; i++) {
            Thread.ofVirtual().start(() -> {
                ran.increment();
                wg.done();
            });
        }
        wg.await();
        return check(ran);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long countDownLatch() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(goroutines);
        LongAdder ran = new LongAdder();
        for (int i = 0; i < goroutines; i++) {
            Thread.ofVirtual().start(() -> {
                ran.increment();
                latch.countDown();
            });
        }
        latch.await();
        return check(ran);
    }

    private long check(LongAdder ran) {
        long n = ran.sum();
        if (n != goroutines) {
            throw new AssertionError("ran " + n + " of " + goroutines);
        }
        return n;
    }
}
