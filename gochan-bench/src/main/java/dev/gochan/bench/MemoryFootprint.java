package dev.gochan.bench;

import com.softwaremill.jox.Channel;
import dev.gochan.Chan;
import dev.gochan.Go;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The memory workload: the live heap of one goroutine parked in a receive on its own unbuffered
 * channel, channel included. Starts {@code n} goroutines, each blocked receiving from its own
 * channel, and reports (heap used after - heap used before) / n, both read after forced full
 * collections. Run each contender in a fresh JVM.
 *
 * <p>Contenders: {@code gochan} (a goroutine started with {@link Go#go}, so its entry in the
 * goroutine registry counts, receiving from {@link Chan#make()}), {@code jox} (a virtual thread
 * receiving from a Jox rendezvous channel), {@code synchronousQueue} (a virtual thread in
 * {@link SynchronousQueue#take()}). {@code gochanThread} (a plain virtual thread on a gochan channel)
 * is a diagnostic, not in the table: the difference to {@code gochan} is what {@link Go#go} adds
 * (registry entry, thread name). A parked virtual thread keeps its stack in a heap object, so
 * the heap delta includes the stack.
 *
 * <p>Usage: {@code MemoryFootprint <contender> [n] [output.json]}. Prints one line; with an output
 * file, also writes a row for {@code report.Report}.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    /** One contender: makes a channel, parks a goroutine receiving on it, later wakes it. */
    interface Contender {
        Object make();

        void startReceiver(Object channel, Runnable beforeReceive);

        void send(Object channel) throws InterruptedException;
    }

    /**
     * Measures one contender.
     *
     * @param args contender, optional goroutine count (default 100000), optional output file
     * @throws Exception if a goroutine cannot be started or woken
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: MemoryFootprint jox|synchronousQueue|gochan|gochanThread [n] [output.json]");
            System.exit(2);
        }
        String name = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Contender c = contender(name);

        // Warm-up: loads the classes, starts the scheduler, and gets the park path compiled (a
        // parked virtual thread keeps its frames, and interpreted frames are larger).
        for (int i = 0; i < 3; i++) {
            measure(c, Math.min(n, 20_000));
        }
        double bytes = measure(c, n);

        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism", "default");
        System.out.printf(Locale.ROOT, "memory %s parallelism=%s n=%d: %.0f bytes per parked goroutine%n",
                name, parallelism, n, bytes);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), String.format(Locale.ROOT,
                    "[{\"workload\": \"memory\", \"parallelism\": \"%s\", \"contender\": \"%s\","
                            + " \"unit\": \"bytes\", \"values\": [%.1f]}]%n",
                    parallelism, name, bytes));
        }
    }

    /** Parks {@code n} goroutines, measures, wakes them all; returns bytes per goroutine. */
    static double measure(Contender c, int n) throws InterruptedException, IOException {
        // Allocated before the first reading so that only per-goroutine state is counted.
        Object[] channels = new Object[n];
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(n);

        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            int slot = i;
            channels[i] = c.make();
            c.startReceiver(channels[i], () -> threads.set(slot, Thread.currentThread()));
        }
        for (int i = 0; i < n; i++) { // wait until every receiver has parked
            Thread t;
            while ((t = threads.get(i)) == null || t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long after = usedHeapAfterGc();

        for (int i = 0; i < n; i++) {
            c.send(channels[i]);
        }
        for (int i = 0; i < n; i++) {
            threads.get(i).join();
        }
        return (double) (after - before) / n;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several full collections: the first may leave objects that only become unreachable
        // once finalization and reference processing have run.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static Contender contender(String name) {
        return switch (name) {
            case "gochan" -> new Contender() {
                @Override
                public Object make() {
                    return Chan.<Integer>make();
                }

                @Override
                public void startReceiver(Object channel, Runnable beforeReceive) {
                    @SuppressWarnings("unchecked")
                    Chan<Integer> ch = (Chan<Integer>) channel;
                    Go.go(() -> {
                        beforeReceive.run();
                        check(ch.receive());
                    });
                }

                @Override
                public void send(Object channel) {
                    @SuppressWarnings("unchecked")
                    Chan<Integer> ch = (Chan<Integer>) channel;
                    ch.send(1);
                }
            };
            case "gochanThread" -> new Contender() {
                @Override
                public Object make() {
                    return Chan.<Integer>make();
                }

                @Override
                public void startReceiver(Object channel, Runnable beforeReceive) {
                    @SuppressWarnings("unchecked")
                    Chan<Integer> ch = (Chan<Integer>) channel;
                    Thread.ofVirtual().start(() -> {
                        beforeReceive.run();
                        check(ch.receive());
                    });
                }

                @Override
                public void send(Object channel) {
                    @SuppressWarnings("unchecked")
                    Chan<Integer> ch = (Chan<Integer>) channel;
                    ch.send(1);
                }
            };
            case "jox" -> new Contender() {
                @Override
                public Object make() {
                    return Channel.<Integer>newRendezvousChannel();
                }

                @Override
                public void startReceiver(Object channel, Runnable beforeReceive) {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> ch = (Channel<Integer>) channel;
                    Thread.ofVirtual().start(() -> {
                        beforeReceive.run();
                        try {
                            check(ch.receive());
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }

                @Override
                public void send(Object channel) throws InterruptedException {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> ch = (Channel<Integer>) channel;
                    ch.send(1);
                }
            };
            case "synchronousQueue" -> new Contender() {
                @Override
                public Object make() {
                    return new SynchronousQueue<Integer>();
                }

                @Override
                public void startReceiver(Object channel, Runnable beforeReceive) {
                    @SuppressWarnings("unchecked")
                    SynchronousQueue<Integer> q = (SynchronousQueue<Integer>) channel;
                    Thread.ofVirtual().start(() -> {
                        beforeReceive.run();
                        try {
                            check(q.take());
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }

                @Override
                public void send(Object channel) throws InterruptedException {
                    @SuppressWarnings("unchecked")
                    SynchronousQueue<Integer> q = (SynchronousQueue<Integer>) channel;
                    q.put(1);
                }
            };
            default -> throw new IllegalArgumentException("unknown contender " + name
                    + " (jox, synchronousQueue, gochan, gochanThread)");
        };
    }

    private static void check(Integer v) {
        if (v == null || v != 1) {
            throw new IllegalStateException("received " + v);
        }
    }
}
