package dev.gochan.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Test threads whose failures are collected, and a way to wait until a thread is blocked in a
 * gochan primitive (read from the runtime's wait record, the thing itself: no sleeps).
 */
final class Threads {
    static final int STRESS = Integer.getInteger("gochan.stress", 1);
    static final Duration LONG = Duration.ofSeconds(20);

    /**
     * A watchdog for a stress test's final wait: unless stopped (run the returned action)
     * within {@code after}, it prints {@code state} and the goroutine dump to standard error, so
     * that a hang that the test's own timeout will report leaves the evidence of what everyone was
     * blocked on. Stop it when the test's wait is over.
     */
    static Runnable dumpIfStalled(Duration after, java.util.function.Supplier<String> state) {
        CountDownLatch over = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("stall-watchdog").start(() -> {
            try {
                if (over.await(after.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("STALLED after " + after + ": " + state.get() + "\n"
                    + dev.gochan.runtime.GoRuntime.stack());
        });
        return over::countDown;
    }

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Thread> started = new ConcurrentLinkedQueue<>();

    /** Starts {@code body} on a new virtual thread; whatever escapes it is recorded. */
    Thread start(Runnable body) {
        Thread t = Thread.ofVirtual().unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        started.add(t);
        t.start();
        return t;
    }

    /** Starts {@code body} on a new platform thread; whatever escapes it is recorded. */
    Thread startPlatform(Runnable body) {
        Thread t = Thread.ofPlatform().daemon().unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        started.add(t);
        t.start();
        return t;
    }

    /** Joins every started thread (bounded) and fails on any recorded failure. */
    void joinAll() {
        for (Thread t : started) {
            join(t);
        }
        assertNoFailures();
    }

    void assertNoFailures() {
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("failures in test threads: " + failures.size());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    static void join(Thread t) {
        try {
            if (!t.join(LONG)) {
                fail("thread did not finish within " + LONG + ": " + t + " " + waitReasonOf(t));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The wait reason recorded for {@code t}, or null when it is not blocked in gochan. */
    static String waitReasonOf(Thread t) {
        for (G g : Goroutines.snapshot()) {
            if (g.thread() == t) {
                return g.waitReason();
            }
        }
        return null;
    }

    /** Returns once {@code t} is blocked in gochan with wait reason {@code reason}. */
    static void awaitBlocked(Thread t, String reason) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!reason.equals(waitReasonOf(t))) {
            if (!t.isAlive()) {
                fail("thread ended instead of blocking in " + reason);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("thread not blocked in " + reason + " within " + LONG + " (now: "
                        + waitReasonOf(t) + ")");
            }
            LockSupport.parkNanos(50_000);
        }
        assertThat(waitReasonOf(t)).isEqualTo(reason);
    }
}
