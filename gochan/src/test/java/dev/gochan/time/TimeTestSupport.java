package dev.gochan.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.Go;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers shared by the time tests. */
final class TimeTestSupport {
    /** How long a "this has not happened" check waits (Go's testTimerChan uses 10 ms). */
    static final Duration SCHED = Duration.ofMillis(10);
    /** How long a "this must happen" check waits at most (generous: the machine is shared). */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private TimeTestSupport() {}

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Asserts that nothing can be received from {@code c} right now. */
    static void noTick(RecvChan<Instant> c) {
        assertThat(c.tryReceive()).as("extra tick on %s", c).isEmpty();
    }

    /** Asserts that a value arrives on {@code c} (at once or within {@link #PATIENCE}). */
    static Instant assertTick(RecvChan<Instant> c) {
        Optional<Received<Instant>> r = c.tryReceive(PATIENCE);
        assertThat(r).as("missing tick on %s", c).isPresent();
        assertThat(r.get().ok()).isTrue();
        assertThat(r.get().value()).isNotNull();
        return r.get().value();
    }

    /** Starts a goroutine and returns its thread. */
    static Thread go(Runnable body) {
        CompletableFuture<Thread> self = new CompletableFuture<>();
        Go.go(() -> {
            self.complete(Thread.currentThread());
            body.run();
        });
        try {
            return self.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("goroutine did not start", e);
        }
    }

    /**
     * Waits until {@code t} is parked (blocked in a gochan operation, or finished). This
     * synchronizes on the thread's own state instead of sleeping "long enough".
     */
    static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (;;) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
                    || s == Thread.State.TERMINATED) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("thread %s did not block (state %s)", t, s);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Nanoseconds as milliseconds, for messages. */
    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
