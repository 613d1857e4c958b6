package dev.gochan.bench.sync;

import dev.gochan.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A contended counter: {@code goroutines} virtual threads each increment a shared counter
 * {@code increments} times under a lock; gochan's {@link Mutex} (Go semantics: barging normal
 * mode, 1 ms starvation handoff) beside {@link ReentrantLock} (non-fair) and {@code synchronized}
 * (not pinning on JDK 24+). Every contender runs in the same harness (start all virtual
 * threads, join all); the score is the time per lock/increment/unlock.
 *
 * <p>Run with both scheduler parallelisms: {@code -jvmArgs
 * -Djdk.virtualThreadScheduler.parallelism=1} and the default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MutexBench {
    private static final int OPS = 1000 * 1000;

    @Param("1000")
    int goroutines;

    private long counter;

    private interface Body {
        void run(int increments);
    }

    private long run(Body body) throws InterruptedException {
        int increments = OPS / goroutines;
        counter = 0;
        Thread[] ts = new Thread[goroutines];
        for (int i = 0; i < goroutines; i++) {
            ts[i] = Thread.ofVirtual().start(() -> body.run(increments));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (counter != (long) goroutines * increments) {
            throw new AssertionError("lost increments: " + counter);
        }
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long gochanMutex() throws InterruptedException {
        Mutex mu = new Mutex();
        return run(n -> {
            for (int i = 0; i < n; i++) {
                mu.lock();
                counter++;
                mu.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long reentrantLock() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        return run(n -> {
            for (int i = 0; i < n; i++) {
                lock.lock();
                try {
                    counter++;
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long synchronizedBlock() throws InterruptedException {
        Object monitor = new Object();
        return run(n -> {
            for (int i = 0; i < n; i++) {
                synchronized (monitor) {
                    counter++;
                }
            }
        });
    }
}
