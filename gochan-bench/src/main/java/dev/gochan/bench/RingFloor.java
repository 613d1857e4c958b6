package dev.gochan.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
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
 * The floor under W3 at parallelism 1: what the ring's own work costs per message when nothing
 * else is left, for judging how far a buffered channel on one carrier can still go.
 *
 * <p>With one carrier, W3's producer fills the 1024 slots, parks, and the consumer drains them:
 * bursts of 1024 sends, then 1024 receives. This does exactly that in one thread, inlined into
 * one loop, with no goroutines, no parking, no wake-up checks and no calls: a send boxes the
 * value, checks the slot's stamp, claims the position, stores the value and releases the stamp;
 * a receive checks the stamp, claims the position, takes the value, clears the slot and releases
 * the stamp. {@link #claimed} claims each position with a CAS, as every multi-producer
 * multi-consumer ring must (one atomic instruction per side: gochan's ring, crossbeam's, Jox's);
 * {@link #unclaimed} with a plain store, which is only correct for one producer and one
 * consumer, to show what the two atomic instructions cost.
 *
 * <p>Measured on the 2-vCPU AMD EPYC machines here (2026-12-06, three runs of two forks):
 * claimed 8.3-8.5 ns per message, unclaimed 5.7-6.1. W3 at parallelism 1 takes gochan about
 * 10.5 ns per message in JMH, so the channel adds about 2 ns to the floor (the waits, the
 * wake-up checks, the calls); three times Jox's speed there (Jox: 40 M/s) would need 8.3 ns,
 * which is the floor itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingFloor {
    /** The ring's size, and the length of a burst (as W3). */
    public static final int CAPACITY = 1024;
    /** Messages per JMH operation: 64 bursts. */
    public static final int MESSAGES = 64 * CAPACITY;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RingFloor.class, "head", long.class);
            TAIL = l.findVarHandle(RingFloor.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head;
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile long tail;
    private final Object[] buf = new Object[CAPACITY];
    private final long[] stamps = new long[CAPACITY];
    /** The next value to send: counts up, so that boxing allocates as in W3. */
    private int next = 1 << 20;

    /** A ring whose slot {@code i} is free for the send at position {@code i}. */
    public RingFloor() {
        for (int i = 0; i < CAPACITY; i++) {
            stamps[i] = i;
        }
    }

    /**
     * Bursts of sends and receives, each claiming its position with a CAS.
     *
     * @return the sum of the values received (for JMH to consume)
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long claimed() {
        return bursts(true);
    }

    /**
     * The same with plain stores instead of the CASes (correct only for one sender and one
     * receiver): the cost of everything but the atomic instructions.
     *
     * @return the sum of the values received
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long unclaimed() {
        return bursts(false);
    }

    private long bursts(boolean cas) {
        long sum = 0;
        for (int b = 0; b < MESSAGES; b += CAPACITY) {
            for (int i = 0; i < CAPACITY; i++) {
                Integer v = next++;
                long t = (long) TAIL.getVolatile(this);
                int index = (int) (t & (CAPACITY - 1));
                if ((long) STAMP.getAcquire(stamps, index) != t) {
                    throw new IllegalStateException("slot " + index + " not free");
                }
                if (cas) {
                    if (!TAIL.compareAndSet(this, t, t + 1)) {
                        throw new IllegalStateException("lost a CAS with no one to lose it to");
                    }
                } else {
                    TAIL.setRelease(this, t + 1);
                }
                buf[index] = v;
                STAMP.setRelease(stamps, index, t + 1);
            }
            for (int i = 0; i < CAPACITY; i++) {
                long h = (long) HEAD.getVolatile(this);
                int index = (int) (h & (CAPACITY - 1));
                if ((long) STAMP.getAcquire(stamps, index) != h + 1) {
                    throw new IllegalStateException("slot " + index + " empty");
                }
                if (cas) {
                    if (!HEAD.compareAndSet(this, h, h + 1)) {
                        throw new IllegalStateException("lost a CAS with no one to lose it to");
                    }
                } else {
                    HEAD.setRelease(this, h + 1);
                }
                Object v = buf[index];
                buf[index] = null;
                STAMP.setRelease(stamps, index, h + CAPACITY);
                sum += (Integer) v;
            }
        }
        return sum;
    }
}
