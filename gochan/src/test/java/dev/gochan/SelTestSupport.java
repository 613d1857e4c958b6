package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Shared helpers of the select, goroutine, classic-program, stress and garbage tests.
 *
 * <p>The central piece is {@link Scope}: the goroutines a test starts, tracked so that the test can
 * (a) wait until every one of them has finished, with a timeout (Go's {@code sync.WaitGroup}, which
 * is what proves "nothing left blocked"), and (b) tear down the goroutines that a Go program leaves
 * blocked by design when {@code main} returns (RULE-GO-05: sieve generators, powser splitters),
 * by interrupting them. An exception escaping a goroutine of a scope fails the test at
 * {@link Scope#join} / {@link Scope#close}, instead of being printed by the panic handler.
 */
final class SelTestSupport {
    private SelTestSupport() {}

    /** The stress scale: {@code -Dgochan.stress=N} multiplies the sizes of stress tests. */
    static int stress() {
        return Math.max(1, Integer.getInteger("gochan.stress", 1));
    }

    /** How long a test waits for goroutines that must finish; generous: the CI machine is shared. */
    static final Duration JOIN = Duration.ofSeconds(60);

    /**
     * Waits until {@code what} reaches {@code expected}, checking every 100 µs, at most
     * {@code timeout}. This is how a test waits until a goroutine is queued on a channel (the
     * wait-queue size is the thing itself) without sleeping "long enough".
     */
    static void awaitValue(String what, IntSupplier value, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int v;
        while ((v = value.getAsInt()) != expected) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": expected " + expected + ", still " + v
                        + " after " + timeout);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Waits until {@code ch} (a made channel) has {@code n} nodes in its receive queue. */
    static void awaitRecvQueued(Chan<?> ch, int n) {
        awaitValue("receivers queued on " + ch, () -> recvQueued(ch), n, JOIN);
    }

    /** Waits until {@code ch} (a made channel) has {@code n} nodes in its send queue. */
    static void awaitSendQueued(Chan<?> ch, int n) {
        awaitValue("senders queued on " + ch, () -> sendQueued(ch), n, JOIN);
    }

    /** Total nodes queued on a made channel (receive plus send queue), stale nodes included. */
    static int queued(Chan<?> ch) {
        return recvQueued(ch) + sendQueued(ch);
    }

    /** Nodes in a made channel's receive queue, stale ones included. */
    static int recvQueued(Chan<?> ch) {
        return ch instanceof BufChan<?> b ? b.recvQueueSize() : ((HChan<?>) ch).recvQueueSize();
    }

    /** Nodes in a made channel's send queue, stale ones included. */
    static int sendQueued(Chan<?> ch) {
        return ch instanceof BufChan<?> b ? b.sendQueueSize() : ((HChan<?>) ch).sendQueueSize();
    }

    /** Thrown inside a scope's goroutine when the scope is being torn down. */
    private static final class TornDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TornDown() {
            super("scope torn down", null, false, false);
        }
    }

    /** The goroutines of one test. Not reusable after {@link #close()}. */
    static final class Scope implements AutoCloseable {
        private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final AtomicInteger live = new AtomicInteger();
        private final AtomicInteger started = new AtomicInteger();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition idle = lock.newCondition();
        private volatile boolean tearingDown;

        /** Starts a goroutine of this scope: {@code Go.go(body)}, tracked. */
        void go(Runnable body) {
            if (tearingDown) {
                throw new TornDown(); // a goroutine being torn down must not start new ones
            }
            live.incrementAndGet();
            started.incrementAndGet();
            try {
                Go.go(() -> run(body));
            } catch (RuntimeException | Error e) {
                finished();
                throw e;
            }
        }

        private void run(Runnable body) {
            Thread me = Thread.currentThread();
            threads.add(me);
            try {
                if (tearingDown) {
                    return;
                }
                body.run();
            } catch (Throwable t) {
                boolean expected = tearingDown
                        && (t instanceof GoInterruptedException || t instanceof TornDown);
                if (!expected) {
                    failures.add(t);
                }
            } finally {
                threads.remove(me);
                finished();
            }
        }

        private void finished() {
            if (live.decrementAndGet() == 0) {
                lock.lock();
                try {
                    idle.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Goroutines of this scope that have not returned. */
        int live() {
            return live.get();
        }

        /** Goroutines started by this scope so far. */
        int started() {
            return started.get();
        }

        /** Records a failure seen by a goroutine that wants to go on (reported at join). */
        void fail(Throwable t) {
            failures.add(t);
        }

        private boolean awaitIdle(Duration timeout) {
            long nanos = timeout.toNanos();
            lock.lock();
            try {
                while (live.get() != 0) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = idle.awaitNanos(nanos);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining goroutines", e);
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits until every goroutine of the scope has returned (at most {@code timeout}), then
         * fails if one did not (something is left blocked) or one threw.
         */
        void join(Duration timeout) {
            boolean done = awaitIdle(timeout);
            if (!done) {
                StringBuilder sb = new StringBuilder();
                for (Thread t : threads) {
                    sb.append("\n  ").append(t.getName()).append(' ').append(t.getState());
                    for (StackTraceElement e : t.getStackTrace()) {
                        if (e.getClassName().startsWith("dev.gochan")) {
                            sb.append("\n      at ").append(e);
                        }
                    }
                }
                tearDown();
                throw new AssertionError(live() + " goroutine(s) still running after " + timeout
                        + " (left blocked?):" + sb);
            }
            rethrowFailures();
        }

        /** {@link #join(Duration)} with {@link SelTestSupport#JOIN}. */
        void join() {
            join(JOIN);
        }

        private void rethrowFailures() {
            Throwable first = failures.poll();
            if (first == null) {
                return;
            }
            AssertionError e = new AssertionError("a goroutine failed: " + first, first);
            for (Throwable t; (t = failures.poll()) != null; ) {
                e.addSuppressed(t);
            }
            throw e;
        }

        /**
         * Ends the goroutines still running: interrupts them (a blocked gochan operation then
         * throws {@link GoInterruptedException}) until none is left. For programs that, like
         * their Go originals, leave goroutines blocked when the test's "main" returns.
         */
        void tearDown() {
            tearingDown = true;
            long deadline = System.nanoTime() + JOIN.toNanos();
            while (live.get() != 0 && System.nanoTime() - deadline < 0) {
                for (Thread t : threads) {
                    t.interrupt();
                }
                awaitIdle(Duration.ofMillis(10));
            }
            if (live.get() != 0) {
                throw new AssertionError(live() + " goroutine(s) did not end when interrupted");
            }
        }

        /** Tears down whatever is left, then reports the failures of the goroutines. */
        @Override
        public void close() {
            tearDown();
            rethrowFailures();
        }
    }

    /** How long a "blocks forever" rule is watched before the blocked goroutine is interrupted. */
    static final Duration BLOCK_WATCH = Duration.ofMillis(100);

    /**
     * Runs {@code op} in a goroutine and asserts that it is still blocked after
     * {@link #BLOCK_WATCH} (a timed wait on a latch the op would count down, not a sleep); then
     * interrupts it and asserts that it ends with {@link GoInterruptedException}, interrupt status
     * kept. The caller then checks that the interrupted operation had no effect.
     */
    static void assertBlocksUntilInterrupted(String what, Runnable op) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Go.go(() -> {
            thread.set(Thread.currentThread());
            started.countDown();
            try {
                op.run();
                returned.countDown();
            } catch (Throwable t) {
                thrown.set(t);
                interruptKept.set(Thread.currentThread().isInterrupted());
            } finally {
                ended.countDown();
            }
        });
        assertThat(started.await(JOIN.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
        assertThat(returned.await(BLOCK_WATCH.toNanos(), TimeUnit.NANOSECONDS))
                .as("%s completed although it must block", what)
                .isFalse();
        thread.get().interrupt();
        assertThat(ended.await(JOIN.toNanos(), TimeUnit.NANOSECONDS))
                .as("%s did not end when interrupted", what)
                .isTrue();
        assertThat(returned.getCount()).as("%s returned normally", what).isEqualTo(1);
        assertThat(thrown.get()).as(what).isInstanceOf(GoInterruptedException.class);
        assertThat(interruptKept.get()).as("%s: interrupt status kept", what).isTrue();
    }

    /** Awaits {@code latch} for at most {@link #JOIN}, failing otherwise. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(JOIN.toNanos(), TimeUnit.NANOSECONDS))
                .as("%s did not happen within %s", what, JOIN)
                .isTrue();
    }
}
