package dev.gochan.bench;

import com.softwaremill.jox.Channel;
import dev.gochan.Chan;
import dev.gochan.Select;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: {@value #PRODUCERS} producers each send their quarter of 0..n-1 on their own channel; one
 * consumer receives all {@code n} values with a select over the four channels and adds them up
 * (the sum is checked). Run unbuffered ({@code capacity=0}) and buffered ({@code capacity=16}).
 * Reported in millions of messages per second.
 *
 * <p>Both contenders build their four receive cases anew for every select, as the plain way of
 * writing the loop does (gochan's cases could also be built once and reused). gochan's select is fair (random among ready cases), Jox's is
 * biased to the first ready clause. One JMH operation is {@code n} messages;
 * {@code report.Report} divides by {@code n}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W5Select {
    /** Sending goroutines, one channel each. */
    public static final int PRODUCERS = 4;

    /** Buffer size of each producer's channel. */
    @Param({"0", "16"})
    public int capacity;

    /** Messages per operation, all producers together; a multiple of {@value #PRODUCERS}. */
    @Param("1000000")
    public int n;

    /** Rejects a message count that does not split evenly. */
    @Setup
    public void checkN() {
        if (n % PRODUCERS != 0) {
            throw new IllegalArgumentException("n must be a multiple of 4: " + n);
        }
    }

    /**
     * Jox channels and {@code Select.select} over four receive clauses.
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void jox() throws Exception {
        @SuppressWarnings("unchecked")
        Channel<Integer>[] chs = (Channel<Integer>[]) new Channel<?>[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            chs[p] = capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity);
        }
        int count = n;
        long[] sum = new long[1];
        Workers.run(withProducers(count, (p, v) -> chs[p].send(v), () -> {
            Channel<Integer> c0 = chs[0];
            Channel<Integer> c1 = chs[1];
            Channel<Integer> c2 = chs[2];
            Channel<Integer> c3 = chs[3];
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += joxSelect(c0, c1, c2, c3);
            }
            sum[0] = s;
        }));
        Workers.checkSum(count, sum);
    }

    @SuppressWarnings("unchecked") // Jox's select takes generic varargs and is not @SafeVarargs
    private static Integer joxSelect(Channel<Integer> c0, Channel<Integer> c1, Channel<Integer> c2,
            Channel<Integer> c3) throws InterruptedException {
        return com.softwaremill.jox.Select.select(
                c0.receiveClause(), c1.receiveClause(), c2.receiveClause(), c3.receiveClause());
    }

    /**
     * gochan channels and {@link Select#select} over four receive cases.
     *
     * @throws Exception if the consumer's sum is wrong
     */
    @Benchmark
    public void gochan() throws Exception {
        @SuppressWarnings("unchecked")
        Chan<Integer>[] chs = (Chan<Integer>[]) new Chan<?>[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            chs[p] = Chan.make(capacity);
        }
        int count = n;
        long[] sum = new long[1];
        Workers.run(withProducers(count, (p, v) -> chs[p].send(v), () -> {
            Chan<Integer> c0 = chs[0];
            Chan<Integer> c1 = chs[1];
            Chan<Integer> c2 = chs[2];
            Chan<Integer> c3 = chs[3];
            long s = 0;
            for (int i = 0; i < count; i++) {
                s += Select.select(c0.onReceive(), c1.onReceive(), c2.onReceive(), c3.onReceive());
            }
            sum[0] = s;
        }));
        Workers.checkSum(count, sum);
    }

    /** Sends {@code v} on producer {@code p}'s channel. */
    @FunctionalInterface
    interface SendTo {
        void send(int p, Integer v) throws Exception;
    }

    /** The producers' tasks followed by the consumer's. */
    private static Workers.Task[] withProducers(int count, SendTo send, Workers.Task consumer) {
        int per = count / PRODUCERS;
        Workers.Task[] tasks = new Workers.Task[PRODUCERS + 1];
        tasks[PRODUCERS] = consumer;
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            int from = p * per;
            tasks[p] = () -> {
                for (int i = from, end = from + per; i < end; i++) {
                    send.send(producer, i);
                }
            };
        }
        return tasks;
    }
}
