package dev.gochan.bench;

import com.softwaremill.jox.Channel;
import dev.gochan.Chan;
import java.util.concurrent.ArrayBlockingQueue;
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
 * W4: {@value #PRODUCERS} producers and {@value #CONSUMERS} consumers share one channel buffered to
 * {@value #CAPACITY}. Producer {@code p} sends its quarter of 0..n-1, each consumer receives
 * {@code n/4} values and adds them up (the total is checked). Reported in millions of messages
 * per second.
 *
 * <p>One JMH operation is {@code n} messages; {@code report.Report} divides by {@code n}. The
 * workload's reference size is 2*10^7 messages (as in {@code go/main.go}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W4Mpmc {
    /** The buffer size of every contender. */
    public static final int CAPACITY = 128;
    /** Sending goroutines. */
    public static final int PRODUCERS = 4;
    /** Receiving goroutines. */
    public static final int CONSUMERS = 4;

    /** Messages per operation; a multiple of {@value #PRODUCERS} and {@value #CONSUMERS}. */
    @Param("1000000")
    public int n;

    /** Rejects a message count that does not split evenly. */
    @Setup
    public void checkN() {
        if (n % PRODUCERS != 0 || n % CONSUMERS != 0) {
            throw new IllegalArgumentException("n must be a multiple of 4: " + n);
        }
    }

    /** The send half of a contender. */
    @FunctionalInterface
    interface Send {
        void send(Integer v) throws Exception;
    }

    /** The receive half of a contender. */
    @FunctionalInterface
    interface Receive {
        Integer receive() throws Exception;
    }

    /**
     * Jox buffered channel.
     *
     * @throws Exception if the consumers' total is wrong
     */
    @Benchmark
    public void jox() throws Exception {
        Channel<Integer> ch = Channel.newBufferedChannel(CAPACITY);
        mpmc(n, ch::send, ch::receive);
    }

    /**
     * {@link ArrayBlockingQueue} put/take (non-fair, the default).
     *
     * @throws Exception if the consumers' total is wrong
     */
    @Benchmark
    public void arrayBlockingQueue() throws Exception {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
        mpmc(n, q::put, q::take);
    }

    /**
     * gochan buffered channel.
     *
     * @throws Exception if the consumers' total is wrong
     */
    @Benchmark
    public void gochan() throws Exception {
        Chan<Integer> ch = Chan.make(CAPACITY);
        mpmc(n, ch::send, ch::receive);
    }

    /**
     * Runs the producers and consumers of one operation. Each benchmark method runs in its own
     * JVM fork, so {@code send} and {@code receive} stay monomorphic and get inlined.
     */
    static void mpmc(int count, Send send, Receive receive) throws Exception {
        int perProducer = count / PRODUCERS;
        int perConsumer = count / CONSUMERS;
        long[] sums = new long[CONSUMERS];
        Workers.Task[] tasks = new Workers.Task[PRODUCERS + CONSUMERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int from = p * perProducer;
            tasks[p] = () -> {
                for (int i = from, end = from + perProducer; i < end; i++) {
                    send.send(i);
                }
            };
        }
        for (int c = 0; c < CONSUMERS; c++) {
            int slot = c;
            tasks[PRODUCERS + c] = () -> {
                long s = 0;
                for (int i = 0; i < perConsumer; i++) {
                    s += receive.receive();
                }
                sums[slot] = s;
            };
        }
        Workers.run(tasks);
        Workers.checkSum(count, sums);
    }
}
