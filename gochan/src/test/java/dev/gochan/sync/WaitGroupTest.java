package dev.gochan.sync;

import static dev.gochan.Go.go;
import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {
    private static final Duration LONG = Threads.LONG;

    /** Go's testWaitGroup: a barrier of n goroutines, then a release by n Done calls. */
    private static void barrierRound(WaitGroup wg1, WaitGroup wg2) {
        int n = 16;
        wg1.add(n);
        wg2.add(n);
        Chan<Boolean> exited = Chan.make(n);
        for (int i = 0; i < n; i++) {
            go(() -> {
                wg1.done();
                wg2.await();
                exited.send(true);
            });
        }
        wg1.await();
        for (int i = 0; i < n; i++) {
            assertThat(exited.tryReceive()).as("WaitGroup released group too soon").isEmpty();
            wg2.done();
        }
        for (int i = 0; i < n; i++) {
            assertThat(exited.tryReceive(LONG)).as("goroutine %d exited", i).isPresent();
        }
    }

    @Test
    void rule_WG_01_barrierAndReuseForEightRounds() {
        WaitGroup wg1 = new WaitGroup();
        WaitGroup wg2 = new WaitGroup();
        for (int round = 0; round < 8; round++) {
            barrierRound(wg1, wg2);
        }
    }

    @Test
    void rule_WG_02_negativeCounterPanicsWithGoText() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        wg.done();
        assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        assertThatThrownBy(() -> wg.add(-5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("sync: negative WaitGroup counter");
        // Recoverable, and (unlike Go) the failed call changed nothing: the group still works.
        assertThat(wg).hasToString("WaitGroup[counter=0, waiters=0]");
        wg.await();
        barrierRound(wg, new WaitGroup());
    }

    @Test
    void rule_WG_03_waitReturnsOnlyAfterAllDone() {
        int iterations = 1000 * Threads.STRESS;
        for (int i = 0; i < iterations; i++) {
            WaitGroup wg = new WaitGroup();
            AtomicInteger n = new AtomicInteger();
            wg.add(2);
            for (int g = 0; g < 2; g++) {
                go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            assertThat(n.get()).as("iteration %d: spurious wakeup", i).isEqualTo(2);
        }
    }

    /** Holder whose WaitGroup field follows a byte field (Go's TestWaitGroupAlign). */
    private static final class Holder {
        @SuppressWarnings("unused")
        byte x;
        final WaitGroup wg = new WaitGroup();
    }

    @Test
    void rule_WG_04_zeroValueIsReadyToUse() {
        Holder h = new Holder();
        h.wg.add(1);
        go(() -> {
            h.x = 1;
            h.wg.done();
        });
        h.wg.await();
        assertThat(h.x).isEqualTo((byte) 1);
        WaitGroup fresh = new WaitGroup();
        assertThat(fresh).hasToString("WaitGroup[counter=0, waiters=0]");
    }

    @Test
    void rule_WG_05_waitOnZeroReturnsAtOnceAndGroupIsReusable() {
        WaitGroup wg = new WaitGroup();
        // Returns without blocking: even an interrupted thread is not refused.
        Thread.currentThread().interrupt();
        try {
            wg.await();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        for (int round = 0; round < 5; round++) {
            AtomicInteger n = new AtomicInteger();
            wg.add(3);
            for (int i = 0; i < 3; i++) {
                go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            assertThat(n.get()).isEqualTo(3);
            wg.await(); // still zero
        }
    }

    @Test
    void rule_WG_06_reuseBeforePreviousWaitReturnedPanics() {
        // The waiter is parked; Done releases it and an Add reuses the group before the woken
        // waiter has run again: Go's Wait panics. Parking is awaited through the wait record,
        // and waking a parked platform thread takes microseconds, so the reuse is almost
        // always first; a few attempts make the test robust.
        Threads threads = new Threads();
        String seen = null;
        for (int attempt = 0; attempt < 200 && seen == null; attempt++) {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            AtomicReference<String> outcome = new AtomicReference<>();
            // A platform thread: waking a parked virtual thread can take well under a
            // microsecond when a carrier is still scanning for work, which sometimes beat the
            // reuse below every time; a parked platform thread needs a futex wake-up.
            Thread waiter = threads.startPlatform(() -> {
                try {
                    wg.await();
                    outcome.set("returned");
                } catch (IllegalStateException e) {
                    outcome.set(e.getMessage());
                }
            });
            awaitBlocked(waiter, "sync.WaitGroup.Wait");
            // the wait record is written just before the park: wait for the park itself, so the
            // waiter cannot see the Done before the reuse without being woken first
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            wg.done();
            wg.add(1); // reused while the previous Wait has not returned
            Threads.join(waiter);
            wg.done();
            if (!"returned".equals(outcome.get())) {
                seen = outcome.get();
            }
        }
        threads.assertNoFailures();
        assertThat(seen).isEqualTo("sync: WaitGroup is reused before previous Wait has returned");
    }

    @Test
    void rule_WG_07_goAddsRunsAndDoneAndMayNest() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger n = new AtomicInteger();
        wg.go(() -> {
            n.incrementAndGet();
            for (int i = 0; i < 10; i++) {
                wg.go(() -> {
                    n.incrementAndGet();
                    for (int j = 0; j < 3; j++) {
                        wg.go(n::incrementAndGet);
                    }
                });
            }
        });
        wg.await();
        assertThat(n.get()).isEqualTo(1 + 10 + 30);
        assertThat(wg).hasToString("WaitGroup[counter=0, waiters=0]");
    }

    @Test
    void goCountsDoneEvenWhenTheFunctionPanics() {
        Chan<Throwable> panics = Chan.make(1);
        Go.PanicHandler old = Go.setPanicHandler((id, thread, panic) -> panics.trySend(panic));
        try {
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                throw new IllegalArgumentException("boom");
            });
            wg.await(); // would hang if done() were skipped
            // ...and the exception is still the goroutine's panic.
            assertThat(panics.tryReceive(LONG)).hasValueSatisfying(
                    r -> assertThat(r.value()).hasMessage("boom"));
        } finally {
            Go.setPanicHandler(old);
        }
    }

    @Test
    void interruptedWaitThrowsKeepsStatusAndUncountsItself() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> statusKept = new AtomicReference<>();
        Threads threads = new Threads();
        Thread waiter = threads.start(() -> {
            try {
                wg.await();
            } catch (GoInterruptedException e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitBlocked(waiter, "sync.WaitGroup.Wait");
        assertThat(wg).hasToString("WaitGroup[counter=1, waiters=1]");
        waiter.interrupt();
        threads.joinAll();
        assertThat(thrown.get()).isInstanceOf(GoInterruptedException.class)
                .hasMessageContaining("sync.WaitGroup.Wait");
        assertThat(statusKept.get()).isTrue();
        assertThat(wg).hasToString("WaitGroup[counter=1, waiters=0]");
        wg.done();
        assertThat(wg).hasToString("WaitGroup[counter=0, waiters=0]");
        barrierRound(wg, new WaitGroup()); // still healthy
    }

    @Test
    void oneDoneReleasesEveryWaiter() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Threads threads = new Threads();
        int n = 100;
        AtomicInteger released = new AtomicInteger();
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = threads.start(() -> {
                wg.await();
                released.incrementAndGet();
            });
        }
        for (Thread t : ts) {
            awaitBlocked(t, "sync.WaitGroup.Wait");
        }
        assertThat(released.get()).isZero();
        wg.done();
        threads.joinAll();
        assertThat(released.get()).isEqualTo(n);
        assertThat(wg).hasToString("WaitGroup[counter=0, waiters=0]");
    }

    @Test
    void stressManyGoroutinesAndWaitersCountEverything() {
        int rounds = 20 * Threads.STRESS;
        int workers = 1000;
        WaitGroup wg = new WaitGroup();
        for (int r = 0; r < rounds; r++) {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger early = new AtomicInteger();
            WaitGroup waitersDone = new WaitGroup();
            wg.add(1); // holds the group open while waiters arrive
            for (int w = 0; w < 4; w++) {
                waitersDone.go(() -> {
                    wg.await();
                    if (ran.get() != workers) {
                        early.incrementAndGet();
                    }
                });
            }
            for (int i = 0; i < workers; i++) {
                wg.go(ran::incrementAndGet);
            }
            wg.done();
            wg.await();
            assertThat(ran.get()).isEqualTo(workers);
            waitersDone.await(); // every waiter returned before the next round's add
            assertThat(early.get()).as("waiters released early").isZero();
        }
        assertThat(wg).hasToString("WaitGroup[counter=0, waiters=0]");
    }
}
