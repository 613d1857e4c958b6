package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Shared helpers of the channel rule tests: the capacity matrix, and {@link Task}, a thread whose
 * outcome a test can wait for, observe as still blocked, or interrupt.
 *
 * <p>Nothing here sleeps to "wait until ready": a test waits on the outcome itself (a future
 * completed by the task), or on the task's wait record, which the runtime publishes only after
 * the blocked operation has enqueued its waiter (see {@link Task#awaitBlocked(String)}).
 */
final class ChanTestSupport {
    private ChanTestSupport() {}

    /** The contract matrix of capacities every capacity-dependent rule runs over (Jox's). */
    static final int[] CAPACITIES = {0, 1, 2, 10, 100, 1000};

    /** Multiplier for stress sizes: {@code -Dgochan.stress=N} for long runs. */
    static final int STRESS = Math.max(1, Integer.getInteger("gochan.stress", 1));

    /** How long a test waits for something that must happen (generous: CI machines are slow). */
    static final Duration LONG = Duration.ofSeconds(20);

    /**
     * How long a test observes that something does not happen ("has not completed after X ms").
     * Go's tests use 1 ms; waiting longer only makes the check stronger.
     */
    static final Duration BLOCK_CHECK = Duration.ofMillis(50);

    /** The capacity matrix, for {@code @MethodSource}. */
    static IntStream capacities() {
        return Arrays.stream(CAPACITIES);
    }

    /** The buffered capacities of the matrix, for {@code @MethodSource}. */
    static IntStream bufferedCapacities() {
        return Arrays.stream(CAPACITIES).filter(c -> c > 0);
    }

    /** Something a task runs that returns nothing. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * A thread (virtual by default) running one body, with its outcome as a future. Made for
     * operations that block: the test can check the body is still blocked after a while, wait
     * until it is parked in a gochan operation, interrupt it, and wait for its result or failure.
     *
     * @param <T> the body's result type
     */
    static final class Task<T> {
        final Thread thread;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        /** Whether the thread's interrupt status was set when the body ended (normally or not). */
        volatile boolean interruptedAtEnd;

        private Task(Thread.Builder builder, Callable<T> body) {
            this.thread = builder.unstarted(() -> {
                try {
                    T v = body.call();
                    interruptedAtEnd = Thread.currentThread().isInterrupted();
                    outcome.complete(v);
                } catch (Throwable t) {
                    interruptedAtEnd = Thread.currentThread().isInterrupted();
                    outcome.completeExceptionally(t);
                }
            });
            thread.start();
        }

        /** Starts {@code body} on a new virtual thread. */
        static <T> Task<T> start(String name, Callable<T> body) {
            return new Task<>(Thread.ofVirtual().name(name), body);
        }

        /** Starts {@code body} on a new platform thread (daemon). */
        static <T> Task<T> startPlatform(String name, Callable<T> body) {
            return new Task<>(Thread.ofPlatform().name(name).daemon(true), body);
        }

        /** Starts {@code body}, which returns nothing, on a new virtual thread. */
        static Task<Void> run(String name, Body body) {
            return start(name, () -> {
                body.run();
                return null;
            });
        }

        /** Waits for the body to return and gives its result; fails if it threw or hangs. */
        T await() {
            try {
                return outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(thread.getName() + " failed", e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError(thread.getName() + " did not finish within " + LONG
                        + "; state " + thread.getState() + stack());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("test thread interrupted", e);
            }
        }

        /** Waits for the body to end with an exception and gives it; fails if it returned or hangs. */
        Throwable awaitFailure() {
            try {
                T v = outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(thread.getName() + " returned " + v + " instead of failing");
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError(thread.getName() + " did not finish within " + LONG
                        + "; state " + thread.getState() + stack());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("test thread interrupted", e);
            }
        }

        /** Whether the body ended (either way) within {@code d}. */
        boolean endsWithin(Duration d) {
            try {
                outcome.get(d.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("test thread interrupted", e);
            }
        }

        /** Asserts the body has not ended after {@code d}: a timed wait on the outcome itself. */
        Task<T> assertStillBlocked(Duration d) {
            if (endsWithin(d)) {
                fail(thread.getName() + " should still be blocked after " + d.toMillis()
                        + " ms but ended with " + describeOutcome());
            }
            return this;
        }

        /** Asserts the body has not ended after {@link #BLOCK_CHECK}. */
        Task<T> assertStillBlocked() {
            return assertStillBlocked(BLOCK_CHECK);
        }

        /**
         * Waits until the thread is blocked in a gochan operation whose wait reason starts with
         * {@code reason} ("chan send", "chan receive", "select", ...). The runtime records the
         * wait only after the operation has published its waiter, so from now on a counterpart
         * will find it: this is what makes hand-off tests deterministic without sleeping.
         */
        Task<T> awaitBlocked(String reason) {
            long deadline = System.nanoTime() + LONG.toNanos();
            int spins = 0;
            for (;;) {
                String r = waitReason(thread);
                if (r != null && r.startsWith(reason)) {
                    return this;
                }
                if (outcome.isDone()) {
                    fail(thread.getName() + " should block in '" + reason + "' but ended with "
                            + describeOutcome());
                }
                if (System.nanoTime() - deadline > 0) {
                    fail(thread.getName() + " did not block in '" + reason + "' within " + LONG
                            + "; wait reason " + r + ", state " + thread.getState() + stack());
                }
                if (++spins % 64 == 0) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        /** Interrupts the thread and waits for the body to end (cleanup of blocked-forever tasks). */
        Throwable interruptAndAwaitFailure() {
            thread.interrupt();
            return awaitFailure();
        }

        private String describeOutcome() {
            if (!outcome.isDone()) {
                return "(running)";
            }
            try {
                return "result " + outcome.getNow(null);
            } catch (RuntimeException e) {
                return "exception " + e.getCause();
            }
        }

        private String stack() {
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement e : thread.getStackTrace()) {
                sb.append("\n\tat ").append(e);
            }
            return sb.toString();
        }
    }

    /** The gochan wait reason of {@code t} right now, or null when it is not blocked in gochan. */
    static String waitReason(Thread t) {
        for (G g : Goroutines.snapshot()) {
            if (g.thread() == t) {
                return g.waitReason();
            }
        }
        return null;
    }

    /**
     * Waits until every task has returned, failing as soon as one of them fails (a failed
     * goroutine usually leaves its peers blocked; waiting for them would only hide the cause).
     * On failure or timeout the remaining tasks are interrupted.
     */
    static void awaitAll(Collection<? extends Task<?>> tasks) {
        CompletableFuture<?>[] fs = tasks.stream().map(t -> t.outcome).toArray(CompletableFuture<?>[]::new);
        CompletableFuture<Void> all = CompletableFuture.allOf(fs);
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        for (CompletableFuture<?> f : fs) {
            f.whenComplete((v, e) -> {
                if (e != null) {
                    firstFailure.completeExceptionally(e);
                }
            });
        }
        try {
            CompletableFuture.anyOf(all, firstFailure).get(LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            tasks.forEach(t -> t.thread.interrupt());
            throw new AssertionError("a goroutine failed", e.getCause());
        } catch (TimeoutException e) {
            StringBuilder sb = new StringBuilder();
            for (Task<?> t : tasks) {
                if (!t.outcome.isDone()) {
                    sb.append("\n  ").append(t.thread.getName()).append(" blocked in ")
                            .append(waitReason(t.thread)).append(t.stack());
                }
            }
            tasks.forEach(t -> t.thread.interrupt());
            throw new AssertionError("goroutines did not finish within " + LONG + ":" + sb);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("test thread interrupted", e);
        }
    }

    /** Receives one value, failing the test instead of hanging when none comes. */
    static <T> T receiveWithin(RecvChan<T> ch) {
        var r = ch.tryReceive(LONG);
        assertThat(r).as("a value within %s", LONG).isPresent();
        return r.get().value();
    }
}
