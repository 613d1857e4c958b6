package dev.gochan.bench;

import com.softwaremill.jox.Channel;
import dev.gochan.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3: one producer sends the ints 0..n-1 through a channel buffered to {@value #CAPACITY} to one
 * consumer, which adds them up (the sum is checked). Reported in millions of messages per second.
 *
 * <p>One JMH operation is {@code n} messages; {@code report.Report} divides by {@code n}. The
 * workload's reference size is 2*10^7 messages (as in {@code go/main.go}). The
 * {@link LinkedTransferQueue} takes part with put/take, so it is unbounded: a reference, not a
 * like-for-like contender.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W3Buffered {
    /** The buffer size of every bounded contender. */
    public static final int CAPACITY = 1024;

    /** Messages per operation. */
    @Param("1000000")
    public int n;

    /**
     * Jox buffered channel.
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void jox() throws Exception {
        Channel<Integer> ch = Channel.newBufferedChannel(CAPACITY);
        int count = n;
        long[] sum = new long[1];
        Workers.run(() -> {
            for (int i = 0; i < count; i++) {
                ch.send(i);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += ch.receive();
            }
            sum[0] = s;
        });
        Workers.checkSum(count, sum);
    }

    /**
     * {@link ArrayBlockingQueue} put/take (non-fair, the default).
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void arrayBlockingQueue() throws Exception {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        int count = n;
        long[] sum = new long[1];
        Workers.run(() -> {
            for (int i = 0; i < count; i++) {
                q.put(i);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += q.take();
            }
            sum[0] = s;
        });
        Workers.checkSum(count, sum);
    }

    /**
     * {@link LinkedTransferQueue} put/take (unbounded).
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void linkedTransferQueue() throws Exception {
        LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
        int count = n;
        long[] sum = new long[1];
        Workers.run(() -> {
            for (int i = 0; i < count; i++) {
                q.put(i);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += q.take();
            }
            sum[0] = s;
        });
        Workers.checkSum(count, sum);
    }

    /**
     * gochan buffered channel.
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void gochan() throws Exception {
        Chan<Integer> ch = Chan.make(CAPACITY);
        int count = n;
        long[] sum = new long[1];
        Workers.run(() -> {
            for (int i = 0; i < count; i++) {
                ch.send(i);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += ch.receive();
            }
            sum[0] = s;
        });
        Workers.checkSum(count, sum);
    }
}
