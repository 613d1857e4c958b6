package dev.gochan.bench;

import com.softwaremill.jox.Channel;
import dev.gochan.Chan;
import java.util.concurrent.SynchronousQueue;
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
 * W1: ping-pong over two unbuffered channels. One goroutine sends {@code i} on {@code ping} and
 * waits for it back on {@code pong}; the other echoes. Reported per round trip.
 *
 * <p>One JMH operation is {@code n} round trips (a {@code @Param}, so that a smoke run can make
 * it small); JMH's score is the time of one operation, and {@code report.Report} divides it by
 * {@code n}. Go: {@code go/main.go}, workload {@code W1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W1PingPong {
    /** Round trips per operation. */
    @Param("100000")
    public int n;

    /**
     * Jox rendezvous channels.
     *
     * @throws Exception if a round trip came back wrong
     */
    @Benchmark
    public void jox() throws Exception {
        Channel<Integer> ping = Channel.newRendezvousChannel();
        Channel<Integer> pong = Channel.newRendezvousChannel();
        int rounds = n;
        Workers.run(() -> {
            for (int i = 0; i < rounds; i++) {
                ping.send(i);
                if (pong.receive() != i) {
                    throw new IllegalStateException("wrong echo");
                }
            }
        }, () -> {
            for (int i = 0; i < rounds; i++) {
                pong.send(ping.receive());
            }
        });
    }

    /**
     * {@link SynchronousQueue}s (non-fair, the default).
     *
     * @throws Exception if a round trip came back wrong
     */
    @Benchmark
    public void synchronousQueue() throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        int rounds = n;
        Workers.run(() -> {
            for (int i = 0; i < rounds; i++) {
                ping.put(i);
                if (pong.take() != i) {
                    throw new IllegalStateException("wrong echo");
                }
            }
        }, () -> {
            for (int i = 0; i < rounds; i++) {
                pong.put(ping.take());
            }
        });
    }

    /**
     * gochan unbuffered channels.
     *
     * @throws Exception if a round trip came back wrong
     */
    @Benchmark
    public void gochan() throws Exception {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        int rounds = n;
        Workers.run(() -> {
            for (int i = 0; i < rounds; i++) {
                ping.send(i);
                if (pong.receive() != i) {
                    throw new IllegalStateException("wrong echo");
                }
            }
        }, () -> {
            for (int i = 0; i < rounds; i++) {
                pong.send(ping.receive());
            }
        });
    }
}
