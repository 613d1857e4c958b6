package dev.gochan.sync;

import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import dev.gochan.internal.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RULE-SEM-01, 02, 03 and 06, the non-context parts of the FIFO and oversize rules, and the
 * cancellation extension point that Acquire(ctx, n) will use (SEM-04/05/07/08/09 themselves
 * need contexts).
 */
@Timeout(60)
class SemaphoreTest {
    private static final Duration LONG = Threads.LONG;
    private static final Duration SHORT = Duration.ofMillis(100);

    @Test
    void rule_SEM_01_hammerWithWeightsIncludingZero() {
        int n = 4; // Go uses GOMAXPROCS goroutines; goroutine i acquires weight i (0..n-1)
        int loops = 4000 * Threads.STRESS / n;
        Semaphore sem = new Semaphore(n);
        AtomicLong held = new AtomicLong();
        AtomicInteger overflows = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < n; i++) {
            int weight = i;
            wg.go(() -> {
                for (int k = 0; k < loops; k++) {
                    sem.acquire(weight);
                    if (held.addAndGet(weight) > n) {
                        overflows.incrementAndGet();
                    }
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000));
                    held.addAndGet(-weight);
                    sem.release(weight);
                }
            });
        }
        wg.await();
        assertThat(overflows.get()).isZero();
        assertThat(sem.tryAcquire(n)).as("every token came back").isTrue();
    }

    @Test
    void rule_SEM_02_releasingMoreThanHeldPanics() {
        Semaphore sem = new Semaphore(1);
        assertThatThrownBy(() -> sem.release(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("semaphore: released more than held");
        // Unlike Go, the failed call released nothing.
        assertThat(sem).hasToString("Semaphore[size=1, held=0]");
        sem.acquire(1);
        assertThatThrownBy(() -> sem.release(2)).hasMessage("semaphore: released more than held");
        sem.release(1);
        assertThat(sem.tryAcquire(1)).isTrue();
    }

    @Test
    void rule_SEM_03_tryAcquireTruthTable() {
        Semaphore s = new Semaphore(2);
        List<Boolean> tries = new ArrayList<>();
        s.acquire(1);
        tries.add(s.tryAcquire(1));
        tries.add(s.tryAcquire(1));
        s.release(2);
        tries.add(s.tryAcquire(1));
        s.acquire(1);
        tries.add(s.tryAcquire(1));
        assertThat(tries).containsExactly(true, false, true, false);
    }

    @Test
    void rule_SEM_06_largeAcquireIsNotStarvedBySmallOnes() {
        int n = 4;
        Semaphore sem = new Semaphore(n);
        AtomicBoolean running = new AtomicBoolean(true);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = n; i > 0; i--) {
            sem.acquire(1);
            dev.gochan.Go.go(() -> {
                try {
                    while (running.get()) {
                        LockSupport.parkNanos(1_000_000);
                        sem.release(1);
                        sem.acquire(1);
                    }
                } finally {
                    sem.release(1);
                    wg.done();
                }
            });
        }
        sem.acquire(n); // succeeds: later small requests queue behind it
        running.set(false);
        sem.release(n);
        wg.await();
        assertThat(sem).hasToString("Semaphore[size=" + n + ", held=0]");
    }

    @Test
    void fifoALargeHeadBlocksSmallerRequestsBehindIt() throws InterruptedException {
        Semaphore sem = new Semaphore(4);
        sem.acquire(2);
        Threads threads = new Threads();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread big = threads.start(() -> {
            sem.acquire(3);
            order.add("big");
        });
        awaitBlocked(big, "semacquire");
        Thread small = threads.start(() -> {
            sem.acquire(1); // 2 tokens are free, but the head's request comes first
            order.add("small");
        });
        awaitBlocked(small, "semacquire");
        assertThat(sem.tryAcquire(1)).as("no barging while someone is queued").isFalse();
        assertThat(sem.tryAcquire(0)).as("not even weight 0").isFalse();
        assertThat(order).isEmpty();
        // 3 free: the head's request fits and is served; the small one behind it still waits
        // (and when both are served by one release, the order their goroutines then run in is
        // up to the scheduler, so serve them one release apart)
        sem.release(1);
        big.join();
        assertThat(order).containsExactly("big");
        awaitBlocked(small, "semacquire");
        sem.release(1);
        threads.joinAll();
        assertThat(order).containsExactly("big", "small");
        assertThat(sem).hasToString("Semaphore[size=4, held=4]");
    }

    @Test
    void zeroWeightSucceedsAtOnceWhenNobodyIsQueued() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        assertThat(sem.tryAcquire(0)).isTrue();
        sem.acquire(0);
        sem.release(0);
        sem.release(1);
        assertThatThrownBy(() -> sem.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sem.release(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oversizedRequestNeverBlocksOthers() {
        // The non-context half of RULE-SEM-05: size 2, a pending acquire(3); 6 goroutines
        // acquire(1)/release(1) all succeed. Without a context only an interrupt ends it.
        Semaphore sem = new Semaphore(2);
        Threads threads = new Threads();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread huge = threads.start(() -> {
            try {
                sem.acquire(3);
            } catch (GoInterruptedException e) {
                thrown.set(e);
            }
        });
        awaitBlocked(huge, "semacquire");
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 6; i++) {
            wg.go(() -> {
                sem.acquire(1);
                sem.release(1);
            });
        }
        wg.await();
        assertThat(sem.tryAcquire(2)).isTrue();
        sem.release(2);
        huge.interrupt();
        threads.joinAll();
        assertThat(thrown.get()).hasMessageContaining("semacquire");
        assertThat(sem).hasToString("Semaphore[size=2, held=0]");
    }

    @Test
    void interruptedHeadLetsThoseBehindItIn() {
        // RULE-SEM-07's situation, with an interrupt instead of a cancelled context.
        Semaphore sem = new Semaphore(10);
        sem.acquire(1);
        Threads threads = new Threads();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread head = threads.start(() -> {
            try {
                sem.acquire(10);
            } catch (GoInterruptedException e) {
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitBlocked(head, "semacquire");
        Chan<Boolean> got = Chan.make(1);
        Thread behind = threads.start(() -> {
            sem.acquire(1);
            got.send(true);
        });
        awaitBlocked(behind, "semacquire");
        assertThat(got.tryReceive(SHORT)).isEmpty();
        head.interrupt();
        assertThat(got.tryReceive(LONG)).as("the request behind the head is served").isPresent();
        threads.joinAll();
        assertThat(statusKept.get()).isTrue();
        assertThat(sem).hasToString("Semaphore[size=10, held=2]");
    }

    // ---- the extension point for Acquire(ctx, n) ---------------------------------------------

    /** A cancel signal fired by hand (a context's AfterFunc will play this role). */
    private static final class ManualSignal implements Semaphore.CancelSignal {
        private final AtomicReference<Runnable> hook = new AtomicReference<>();
        private final AtomicBoolean fired = new AtomicBoolean();
        final AtomicInteger registered = new AtomicInteger();
        final AtomicInteger withdrawn = new AtomicInteger();

        @Override
        public Runnable register(Runnable cancel) {
            registered.incrementAndGet();
            hook.set(cancel);
            if (fired.get()) {
                cancel.run();
            }
            return () -> {
                hook.set(null);
                withdrawn.incrementAndGet();
            };
        }

        void fire() {
            fired.set(true);
            Runnable c = hook.get();
            if (c != null) {
                c.run();
            }
        }
    }

    @Test
    void extension_cancellingTheFrontWaiterWakesThoseBehindIt() {
        Semaphore sem = new Semaphore(10);
        sem.acquire(1);
        ManualSignal signal = new ManualSignal();
        Threads threads = new Threads();
        AtomicInteger result = new AtomicInteger(-1);
        Thread head = threads.start(
                () -> result.set(sem.acquire(10, Waiter.NO_DEADLINE, signal)));
        awaitBlocked(head, "semacquire");
        Chan<Boolean> got = Chan.make(1);
        Thread behind = threads.start(() -> {
            sem.acquire(1);
            got.send(true);
        });
        awaitBlocked(behind, "semacquire");
        signal.fire();
        assertThat(got.tryReceive(LONG)).isPresent();
        threads.joinAll();
        assertThat(result.get()).isEqualTo(Semaphore.CANCELLED);
        assertThat(signal.withdrawn.get()).isEqualTo(1);
        assertThat(sem).hasToString("Semaphore[size=10, held=2]");
    }

    @Test
    void extension_cancellationBeforeTokensArriveWinsAndLeaksNothing() {
        Semaphore sem = new Semaphore(2);
        sem.acquire(1);
        ManualSignal signal = new ManualSignal();
        Threads threads = new Threads();
        AtomicInteger result = new AtomicInteger(-1);
        Thread t = threads.start(() -> result.set(sem.acquire(2, Waiter.NO_DEADLINE, signal)));
        awaitBlocked(t, "semacquire");
        signal.fire(); // cancel first...
        sem.release(1); // ...then the tokens become available
        threads.joinAll();
        assertThat(result.get()).isEqualTo(Semaphore.CANCELLED);
        assertThat(sem.tryAcquire(2)).as("no tokens leaked").isTrue();
    }

    @Test
    void extension_alreadyFiredSignalCancelsAQueuedRequestAtOnce() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        ManualSignal signal = new ManualSignal();
        signal.fire();
        assertThat(sem.acquire(1, Waiter.NO_DEADLINE, signal)).isEqualTo(Semaphore.CANCELLED);
        sem.release(1);
        assertThat(sem).hasToString("Semaphore[size=1, held=0]");
        // When the tokens are free, the internal acquire grants without asking the signal:
        // Acquire(ctx, n) checks ctx.Err() first (RULE-SEM-08).
        assertThat(sem.acquire(1, Waiter.NO_DEADLINE, signal)).isEqualTo(Semaphore.ACQUIRED);
    }

    @Test
    void extension_oversizedRequestEndsOnlyByItsSignal() {
        Semaphore sem = new Semaphore(2);
        ManualSignal signal = new ManualSignal();
        Threads threads = new Threads();
        AtomicInteger result = new AtomicInteger(-1);
        Thread t = threads.start(() -> result.set(sem.acquire(3, Waiter.NO_DEADLINE, signal)));
        awaitBlocked(t, "semacquire");
        assertThat(sem.tryAcquire(2)).isTrue();
        sem.release(2);
        signal.fire();
        threads.joinAll();
        assertThat(result.get()).isEqualTo(Semaphore.CANCELLED);
    }

    @Test
    @Tag("timing")
    void extension_deadlinePassesAndLeavesTheSemaphoreUnchanged() {
        Semaphore s = new Semaphore(2);
        s.acquire(2);
        long t0 = System.nanoTime();
        int r = s.acquire(1, System.nanoTime() + 10_000_000L, null);
        assertThat(r).isEqualTo(Semaphore.TIMED_OUT);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(10_000_000L);
        assertThat(s).hasToString("Semaphore[size=2, held=2]");
        s.release(2);
        assertThat(s.tryAcquire(2)).isTrue();
    }

    @Test
    void stressCancellingQueuedRequestsWhileAReleaseServesTheQueue() throws InterruptedException {
        // A cancel runs without the queue lock while its request is still queued, and a release
        // serving the queue reads each request's weight under that lock. A cancel that cleared
        // the weight made the server throw a NullPointerException with the queue lock held, and
        // every later user of the semaphore spun on that lock forever (seen once in ~17 runs of
        // SemaphoreContextTest's stress test). Every round here lines up queued requests and
        // fires all their cancels against one release; with that bug, a few thousand rounds
        // failed within seconds. All waiting is bounded, so a regression fails instead of hanging.
        int waiters = 6;
        int rounds = 2000 * Threads.STRESS;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int round = 0; round < rounds && failure.get() == null; round++) {
            Semaphore sem = new Semaphore(1);
            sem.acquire(1);
            ManualSignal[] signals = new ManualSignal[waiters];
            List<Thread> all = new ArrayList<>();
            for (int k = 0; k < waiters; k++) {
                ManualSignal signal = new ManualSignal();
                signals[k] = signal;
                Thread request = Thread.ofVirtual().start(() -> {
                    try {
                        if (sem.acquire(1, Waiter.NO_DEADLINE, signal) == Semaphore.ACQUIRED) {
                            sem.release(1);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                all.add(request);
                // register() runs once the request is queued: line them up in order
                long deadline = System.nanoTime() + LONG.toNanos();
                while (signal.registered.get() == 0 && request.isAlive()
                        && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                assertThat(signal.registered.get()).as("request %d queued", k).isOne();
            }
            AtomicBoolean go = new AtomicBoolean();
            all.add(Thread.ofVirtual().start(() -> {
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                for (ManualSignal signal : signals) {
                    signal.fire();
                }
            }));
            all.add(Thread.ofVirtual().start(() -> {
                go.set(true);
                try {
                    sem.release(1);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
            for (Thread t : all) {
                assertThat(t.join(LONG)).as("round %d: %s ended (failure: %s)", round, t,
                        failure.get()).isTrue();
            }
            assertThat(sem).hasToString("Semaphore[size=1, held=0]");
        }
        assertThat(failure.get()).as("no release or cancel failed").isNull();
    }

    @Test
    void stressGrantAndCancelRaceNeverLosesOrDuplicatesTokens() {
        int size = 3;
        Semaphore sem = new Semaphore(size);
        int rounds = 2000 * Threads.STRESS;
        AtomicLong held = new AtomicLong();
        AtomicInteger overflows = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 8; g++) {
            wg.go(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < rounds / 8; i++) {
                    long n = 1 + rnd.nextInt(size);
                    ManualSignal signal = new ManualSignal();
                    if (rnd.nextBoolean()) {
                        dev.gochan.Go.go(signal::fire); // races with the grant
                    }
                    if (sem.acquire(n, Waiter.NO_DEADLINE, signal) == Semaphore.ACQUIRED) {
                        if (held.addAndGet(n) > size) {
                            overflows.incrementAndGet();
                        }
                        held.addAndGet(-n);
                        sem.release(n);
                    }
                }
            });
        }
        wg.await();
        assertThat(overflows.get()).isZero();
        assertThat(sem).hasToString("Semaphore[size=" + size + ", held=0]");
    }
}
