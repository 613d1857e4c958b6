package dev.gochan.sync;

import static dev.gochan.Go.go;
import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CondTest {
    private static final Duration LONG = Threads.LONG;

    @Test
    void rule_COND_01_signalWakesExactlyOneWaiter() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 2;
        Chan<Boolean> running = Chan.make(n);
        Chan<Boolean> awake = Chan.make(n);
        for (int i = 0; i < n; i++) {
            go(() -> {
                m.lock();
                running.send(true);
                c.await();
                awake.send(true);
                m.unlock();
            });
        }
        for (int i = 0; i < n; i++) {
            assertThat(running.tryReceive(LONG)).isPresent(); // everyone runs
        }
        while (n > 0) {
            assertThat(awake.tryReceive()).as("goroutine not asleep").isEmpty();
            m.lock();
            c.signal();
            m.unlock();
            assertThat(awake.tryReceive(LONG)).as("a goroutine wakes up").isPresent();
            assertThat(awake.tryReceive()).as("too many goroutines awake").isEmpty();
            n--;
        }
        c.signal(); // nobody waits: a no-op
    }

    @Test
    void rule_COND_02_signalWakesOnlyGoroutinesAlreadyWaitingInOrder() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 100;
        Chan<Boolean> running = Chan.make(n);
        Chan<Integer> awake = Chan.make(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            go(() -> {
                m.lock();
                running.send(true);
                c.await();
                awake.send(id);
                m.unlock();
            });
            if (i > 0) {
                assertThat(awake.tryReceive(LONG)).hasValueSatisfying(r -> assertThat(r.value())
                        .as("wrong goroutine woke up").isEqualTo(id - 1));
            }
            assertThat(running.tryReceive(LONG)).isPresent();
            m.lock();
            c.signal();
            m.unlock();
        }
        assertThat(awake.tryReceive(LONG)).hasValueSatisfying(
                r -> assertThat(r.value()).isEqualTo(n - 1));
    }

    @Test
    void rule_COND_03_broadcastWakesEveryWaiterExactlyOnce() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 200;
        Chan<Integer> running = Chan.make(n);
        Chan<Integer> awake = Chan.make(n);
        boolean[] exit = {false}; // guarded by m
        for (int i = 0; i < n; i++) {
            int g = i;
            go(() -> {
                m.lock();
                while (!exit[0]) {
                    running.send(g);
                    c.await();
                    awake.send(g);
                }
                m.unlock();
            });
        }
        for (int round = 0; round < n; round++) {
            for (int i = 0; i < n; i++) {
                assertThat(running.tryReceive(LONG)).as("all %d running", n).isPresent();
            }
            if (round == n - 1) {
                m.lock();
                exit[0] = true;
                m.unlock();
            }
            assertThat(awake.tryReceive()).as("goroutine not asleep").isEmpty();
            m.lock();
            c.broadcast();
            m.unlock();
            boolean[] seen = new boolean[n];
            for (int i = 0; i < n; i++) {
                int g = awake.tryReceive(LONG).orElseThrow().value();
                assertThat(seen[g]).as("goroutine woke up twice").isFalse();
                seen[g] = true;
            }
        }
        assertThat(running.tryReceive(Duration.ofMillis(50))).as("goroutine did not exit")
                .isEmpty();
        c.broadcast();
    }

    @Test
    void rule_COND_04_waitUnlocksAndRelocksAtomically() {
        // Go's TestRace: a three-goroutine handshake through x: 1 -> 2 -> 3.
        Cond c = new Cond(new Mutex());
        int[] x = {0}; // guarded by c.locker()
        Chan<Boolean> done = Chan.make(3);
        AtomicReference<String> error = new AtomicReference<>();
        go(() -> {
            c.locker().lock();
            x[0] = 1;
            c.await();
            if (x[0] != 2) {
                error.set("want 2, got " + x[0]);
            }
            x[0] = 3;
            c.signal();
            c.locker().unlock();
            done.send(true);
        });
        go(() -> {
            c.locker().lock();
            for (;;) {
                if (x[0] == 1) {
                    x[0] = 2;
                    c.signal();
                    break;
                }
                c.locker().unlock();
                Go.gosched();
                c.locker().lock();
            }
            c.locker().unlock();
            done.send(true);
        });
        go(() -> {
            c.locker().lock();
            for (;;) {
                if (x[0] == 2) {
                    c.await();
                    if (x[0] != 3) {
                        error.set("want 3, got " + x[0]);
                    }
                    break;
                }
                if (x[0] == 3) {
                    break;
                }
                c.locker().unlock();
                Go.gosched();
                c.locker().lock();
            }
            c.locker().unlock();
            done.send(true);
        });
        for (int i = 0; i < 3; i++) {
            assertThat(done.tryReceive(LONG)).isPresent();
        }
        assertThat(error.get()).isNull();
    }

    @Test
    @Tag("timing")
    void rule_COND_05_broadcastCannotBeStolenByALaterWaiter() {
        for (int iter = 0; iter < 1000; iter++) {
            Mutex m = new Mutex();
            Cond cond = new Cond(m);
            Chan<Boolean> ch = Chan.make();
            go(() -> {
                m.lock();
                ch.send(true);
                cond.await();
                m.unlock();
                ch.send(true);
            });
            assertThat(ch.tryReceive(LONG)).isPresent();
            m.lock();
            m.unlock();
            // The first waiter is in await(): we synchronized with it, then took and released
            // the mutex it held. Now a broadcast races with a new waiter.
            AtomicBoolean done = new AtomicBoolean();
            go(cond::broadcast);
            go(() -> {
                m.lock();
                while (!done.get()) {
                    cond.await();
                }
                m.unlock();
            });
            assertThat(ch.tryReceive(Duration.ofSeconds(2)))
                    .as("iteration %d: first waiter didn't get broadcast", iter).isPresent();
            m.lock();
            done.set(true);
            m.unlock();
            cond.broadcast(); // release the second waiter if it missed the broadcast
        }
    }

    @Test
    void rule_COND_06_aCondCannotBeCopied() {
        // Go panics "sync.Cond is copied" when a Cond value is copied after use. A Java
        // reference never copies its object, and Cond offers no other way (no clone).
        assertThat(Cloneable.class.isAssignableFrom(Cond.class)).isFalse();
        assertThat(Modifier.isFinal(Cond.class.getModifiers())).isTrue();
    }

    @Test
    void interruptedWaitRelocksThrowsAndConsumesNoSignal() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        Threads threads = new Threads();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean heldAfter = new AtomicBoolean();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread first = threads.start(() -> {
            m.lock();
            try {
                c.await();
            } catch (GoInterruptedException e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
                heldAfter.set(!m.tryLock()); // still held by us
            }
            m.unlock();
        });
        Chan<Boolean> secondWoke = Chan.make(1);
        Thread second = threads.start(() -> {
            m.lock();
            c.await();
            secondWoke.send(true);
            m.unlock();
        });
        awaitBlocked(first, "sync.Cond.Wait");
        awaitBlocked(second, "sync.Cond.Wait");
        // Hold the mutex so that the interrupted waiter must block to re-lock: that block
        // must not give up on the interrupt.
        m.lock();
        first.interrupt();
        awaitBlocked(first, "sync.Mutex.Lock");
        m.unlock();
        Threads.join(first);
        assertThat(thrown.get()).hasMessageContaining("sync.Cond.Wait");
        assertThat(statusKept.get()).isTrue();
        assertThat(heldAfter.get()).as("await returned holding the lock").isTrue();
        c.signal(); // goes to the second waiter: the interrupted one consumed nothing
        assertThat(secondWoke.tryReceive(LONG)).isPresent();
        threads.joinAll();
    }

    @Test
    void awaitWithoutHoldingTheLockIsFatalAndLeavesNoWaiter() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        assertThatThrownBy(c::await).isInstanceOf(FatalError.class)
                .hasMessage("sync: unlock of unlocked mutex");
        // No stale waiter swallows the next signal.
        Chan<Boolean> woke = Chan.make(1);
        Threads threads = new Threads();
        Thread t = threads.start(() -> {
            m.lock();
            c.await();
            woke.send(true);
            m.unlock();
        });
        awaitBlocked(t, "sync.Cond.Wait");
        c.signal();
        assertThat(woke.tryReceive(LONG)).isPresent();
        threads.joinAll();
    }

    @Test
    void condOnTheReadLockOfAnRWMutex() {
        RWMutex rw = new RWMutex();
        Cond c = new Cond(rw.rLocker());
        int n = 5;
        AtomicInteger woke = new AtomicInteger();
        Threads threads = new Threads();
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = threads.start(() -> {
                rw.rLock();
                c.await();
                woke.incrementAndGet();
                rw.rUnlock();
            });
        }
        for (Thread t : ts) {
            awaitBlocked(t, "sync.Cond.Wait");
        }
        assertThat(rw).hasToString("RWMutex[unlocked]"); // every waiter released its read lock
        rw.lock();
        c.broadcast();
        assertThat(woke.get()).isZero(); // they wait for the read lock again
        rw.unlock();
        threads.joinAll();
        assertThat(woke.get()).isEqualTo(n);
    }
}
