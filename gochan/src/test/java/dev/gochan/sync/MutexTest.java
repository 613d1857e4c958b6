package dev.gochan.sync;

import static dev.gochan.Go.go;
import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MutexTest {
    private static final Duration LONG = Threads.LONG;
    private static final Duration SHORT = Duration.ofMillis(100);

    @Test
    void rule_MU_01_tryLockFailsWhenLockedSucceedsAfterUnlock() {
        Mutex m = new Mutex();
        m.lock();
        assertThat(m.tryLock()).as("TryLock succeeded with mutex locked").isFalse();
        m.unlock();
        assertThat(m.tryLock()).as("TryLock failed with mutex unlocked").isTrue();
        m.unlock();
    }

    @Test
    void rule_MU_02_hammerWithLockAndTryLock() {
        Mutex m = new Mutex();
        int goroutines = 10;
        int iterations = 1000 * Threads.STRESS;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Chan<Boolean> done = Chan.make();
        for (int g = 0; g < goroutines; g++) {
            go(() -> {
                for (int i = 0; i < iterations; i++) {
                    if (i % 3 == 0) {
                        if (m.tryLock()) {
                            critical(inside, overlaps);
                            m.unlock();
                        }
                        continue;
                    }
                    m.lock();
                    critical(inside, overlaps);
                    m.unlock();
                }
                done.send(true);
            });
        }
        for (int g = 0; g < goroutines; g++) {
            assertThat(done.tryReceive(LONG)).isPresent();
        }
        assertThat(overlaps.get()).isZero();
        assertThat(m.tryLock()).isTrue();
    }

    private static void critical(AtomicInteger inside, AtomicInteger overlaps) {
        if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        inside.decrementAndGet();
    }

    @Test
    void rule_MU_03_unlockOfUnlockedIsFatal() {
        Mutex fresh = new Mutex();
        assertThatThrownBy(fresh::unlock).isInstanceOf(FatalError.class).isInstanceOf(Error.class)
                .hasMessage("sync: unlock of unlocked mutex");
        Mutex m = new Mutex();
        m.lock();
        m.unlock();
        assertThatThrownBy(m::unlock).isInstanceOf(FatalError.class)
                .hasMessage("sync: unlock of unlocked mutex");
        // The failed call changed nothing.
        assertThat(m.tryLock()).isTrue();
        m.unlock();
    }

    @Test
    void rule_MU_03_unlockOfUnlockedIsFatalAlsoWithWaitersQueued() {
        // The slow path (waiters present) checks too: lock, queue a waiter, unlock twice fast.
        Mutex m = new Mutex();
        m.lock();
        Threads threads = new Threads();
        Chan<Boolean> release = Chan.make();
        Thread waiter = threads.start(() -> {
            m.lock();
            release.receive();
            m.unlock();
        });
        awaitBlocked(waiter, "sync.Mutex.Lock");
        m.unlock(); // the waiter is woken (normal mode) or handed the lock
        release.send(true);
        Threads.join(waiter);
        assertThatThrownBy(m::unlock).isInstanceOf(FatalError.class)
                .hasMessage("sync: unlock of unlocked mutex");
        threads.joinAll();
    }

    @Test
    @Tag("timing")
    void rule_MU_04_starvationFreedomAgainstAGreedyHolder() {
        Mutex mu = new Mutex();
        AtomicBoolean stop = new AtomicBoolean();
        Chan<Boolean> stopped = Chan.make(1);
        go(() -> {
            while (!stop.get()) {
                mu.lock();
                LockSupport.parkNanos(100_000); // holds it 100 µs, then re-locks at once
                mu.unlock();
            }
            stopped.send(true);
        });
        Chan<Boolean> done = Chan.make(1);
        go(() -> {
            for (int i = 0; i < 10; i++) {
                LockSupport.parkNanos(100_000);
                mu.lock();
                mu.unlock();
            }
            done.send(true);
        });
        try {
            assertThat(done.tryReceive(Duration.ofSeconds(10)))
                    .as("can't acquire Mutex in 10 seconds").isPresent();
        } finally {
            stop.set(true);
            assertThat(stopped.tryReceive(LONG)).isPresent();
        }
    }

    @Test
    @Tag("timing")
    void starvationModeHandsTheLockToAWaiterQueuedOverOneMillisecond() {
        Mutex m = new Mutex();
        m.lock();
        Threads threads = new Threads();
        AtomicBoolean got = new AtomicBoolean();
        Chan<Boolean> release = Chan.make();
        Thread waiter = threads.start(() -> {
            m.lock();
            got.set(true);
            release.receive();
            m.unlock();
        });
        awaitBlocked(waiter, "sync.Mutex.Lock");
        // The waiter now waits longer than the 1 ms starvation threshold.
        long until = System.nanoTime() + 3 * Mutex.STARVATION_THRESHOLD_NANOS;
        while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
        m.unlock();
        // Handed over directly: a barging newcomer cannot take it, not even for an instant.
        assertThat(m.tryLock()).isFalse();
        release.send(true);
        threads.joinAll();
        assertThat(got.get()).isTrue();
        assertThat(m.tryLock()).isTrue();
        m.unlock();
    }

    @Test
    void rule_MU_05_unlockedByAnotherGoroutine() {
        // Go's one-shot signal idiom: main locks, a worker unlocks, main locks again to wait.
        for (int i = 0; i < 100; i++) {
            Mutex m = new Mutex();
            AtomicBoolean workerRan = new AtomicBoolean();
            m.lock();
            go(() -> {
                workerRan.set(true);
                m.unlock();
            });
            m.lock(); // blocks until the worker unlocked
            assertThat(workerRan.get()).isTrue();
            m.unlock();
        }
    }

    @Test
    void rule_MU_06_zeroValueIsUnlocked() {
        Mutex m = new Mutex();
        assertThat(m).hasToString("Mutex[unlocked]");
        assertThat(m.tryLock()).isTrue();
        assertThat(m).hasToString("Mutex[locked]");
        m.unlock();
    }

    @Test
    void notReentrantSecondLockBySameGoroutineBlocks() {
        Mutex m = new Mutex();
        Threads threads = new Threads();
        Chan<Boolean> relocked = Chan.make(1);
        Thread t = threads.start(() -> {
            m.lock();
            m.lock(); // blocks: the mutex is not owned by anyone, it is just locked
            relocked.send(true);
        });
        awaitBlocked(t, "sync.Mutex.Lock");
        assertThat(relocked.tryReceive(SHORT)).isEmpty();
        m.unlock(); // someone else unlocks: the blocked second lock() gets it
        assertThat(relocked.tryReceive(LONG)).isPresent();
        threads.joinAll();
        m.unlock();
    }

    @Test
    void interruptedLockThrowsKeepsStatusAndTakesNothing() {
        Mutex m = new Mutex();
        m.lock();
        Threads threads = new Threads();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread t = threads.start(() -> {
            try {
                m.lock();
            } catch (GoInterruptedException e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        // A second waiter, queued behind the interrupted one, still gets the lock.
        Chan<Boolean> second = Chan.make(1);
        Thread t2 = threads.start(() -> {
            m.lock();
            second.send(true);
            m.unlock();
        });
        awaitBlocked(t, "sync.Mutex.Lock");
        awaitBlocked(t2, "sync.Mutex.Lock");
        t.interrupt();
        Threads.join(t);
        assertThat(thrown.get()).hasMessageContaining("sync.Mutex.Lock");
        assertThat(statusKept.get()).isTrue();
        m.unlock();
        assertThat(second.tryReceive(LONG)).isPresent();
        threads.joinAll();
        assertThat(m.tryLock()).as("nobody holds the lock").isTrue();
        m.unlock();
        assertThat(m).hasToString("Mutex[unlocked]");
    }

    @Test
    void interruptedWhenTheLockIsFreeStillLocks() {
        Mutex m = new Mutex();
        Thread.currentThread().interrupt();
        try {
            m.lock(); // no need to block: taken
            assertThat(m.tryLock()).isFalse();
            m.unlock();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void withLockRunsUnderTheLockAndReleasesOnException() {
        Mutex m = new Mutex();
        int[] count = {0};
        m.withLock(() -> {
            count[0]++;
        });
        int v = m.withLock(() -> count[0] + 41);
        assertThat(v).isEqualTo(42);
        assertThatThrownBy(() -> m.withLock(() -> {
            assertThat(m.tryLock()).isFalse();
            throw new IllegalStateException("inside");
        })).hasMessage("inside");
        assertThat(m.tryLock()).as("released after the exception").isTrue();
        m.unlock();
    }

    /** The guide's SafeCounter: a map guarded by a mutex. */
    private static final class SafeCounter {
        private final Mutex mu = new Mutex();
        private final Map<String, Integer> v = new HashMap<>();

        void inc(String key) {
            mu.lock();
            v.merge(key, 1, Integer::sum);
            mu.unlock();
        }

        int value(String key) {
            mu.lock();
            try {
                return v.getOrDefault(key, 0);
            } finally {
                mu.unlock();
            }
        }
    }

    @Test
    void stressSafeCounterWithTenThousandGoroutinesIsExact() {
        SafeCounter c = new SafeCounter();
        int n = 10_000 * Threads.STRESS;
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < n; i++) {
            int k = i;
            wg.go(() -> {
                c.inc("somekey");
                c.inc("key" + (k % 10));
            });
        }
        wg.await();
        assertThat(c.value("somekey")).isEqualTo(n);
        for (int j = 0; j < 10; j++) {
            assertThat(c.value("key" + j)).isEqualTo(n / 10);
        }
    }

    @Test
    void stressThousandGoroutinesNeverTwoInside() {
        Mutex m = new Mutex();
        int goroutines = 1000;
        int iterations = 200 * Threads.STRESS;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        long[] plain = {0L}; // guarded by m only
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < goroutines; g++) {
            wg.go(() -> {
                for (int i = 0; i < iterations; i++) {
                    m.lock();
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    plain[0]++;
                    if ((i & 15) == 0) {
                        Thread.yield(); // let others pile up while the lock is held
                    }
                    inside.decrementAndGet();
                    m.unlock();
                }
            });
        }
        wg.await();
        assertThat(overlaps.get()).isZero();
        m.lock();
        assertThat(plain[0]).isEqualTo((long) goroutines * iterations);
        m.unlock();
        assertThat(m).hasToString("Mutex[unlocked]");
    }
}
