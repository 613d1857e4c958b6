package dev.gochan.sync;

import static dev.gochan.Go.go;
import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class RWMutexTest {
    private static final Duration LONG = Threads.LONG;
    private static final Duration SHORT = Duration.ofMillis(100);

    @ParameterizedTest(name = "{0} readers")
    @ValueSource(ints = {1, 3, 4})
    void rule_RW_01_readersShareTheLock(int n) {
        RWMutex m = new RWMutex();
        Chan<Boolean> clocked = Chan.make();
        Chan<Boolean> cunlock = Chan.make();
        Chan<Boolean> cdone = Chan.make();
        for (int i = 0; i < n; i++) {
            go(() -> {
                m.rLock();
                clocked.send(true);
                cunlock.receive(); // nobody unlocks before all n hold the read lock
                m.rUnlock();
                cdone.send(true);
            });
        }
        for (int i = 0; i < n; i++) {
            assertThat(clocked.tryReceive(LONG)).as("reader %d holds the read lock", i).isPresent();
        }
        assertThat(m).hasToString("RWMutex[" + n + " readers]");
        for (int i = 0; i < n; i++) {
            cunlock.send(true);
        }
        for (int i = 0; i < n; i++) {
            assertThat(cdone.tryReceive(LONG)).isPresent();
        }
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    static Stream<Arguments> hammerConfigurations() {
        // Go's (GOMAXPROCS, readers) pairs; the JVM's carrier count is fixed per run, so the
        // parallelism axis is goroutines (virtual threads on the shared carriers) or platform
        // threads (one OS thread each).
        List<Arguments> args = new ArrayList<>();
        for (boolean platform : new boolean[] {false, true}) {
            for (int readers : new int[] {1, 3, 10, 5}) {
                args.add(Arguments.of(platform ? "platform threads" : "goroutines", readers));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}, {1} readers")
    @MethodSource("hammerConfigurations")
    void rule_RW_02_writersExcludeEveryoneUnderLoad(String kind, int readers) {
        int iterations = 1000 * Threads.STRESS;
        RWMutex rwm = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        Threads threads = new Threads();
        Consumer<Runnable> start = "goroutines".equals(kind)
                ? threads::start : r -> threads.startPlatform(r);
        Runnable writer = () -> {
            for (int i = 0; i < iterations; i++) {
                rwm.lock();
                int n = activity.addAndGet(10000);
                if (n != 10000) {
                    rwm.unlock();
                    throw new AssertionError("wlock(" + n + ")");
                }
                busy();
                activity.addAndGet(-10000);
                rwm.unlock();
            }
        };
        Runnable reader = () -> {
            for (int i = 0; i < iterations; i++) {
                rwm.rLock();
                int n = activity.addAndGet(1);
                if (n < 1 || n >= 10000) {
                    rwm.rUnlock();
                    throw new AssertionError("rlock(" + n + ")");
                }
                busy();
                activity.addAndGet(-1);
                rwm.rUnlock();
            }
        };
        start.accept(writer);
        int i = 0;
        for (; i < readers / 2; i++) {
            start.accept(reader);
        }
        start.accept(writer);
        for (; i < readers; i++) {
            start.accept(reader);
        }
        threads.joinAll();
        assertThat(activity.get()).isZero();
        assertThat(rwm).hasToString("RWMutex[unlocked]");
    }

    private static volatile int sink;

    private static void busy() {
        int x = 0;
        for (int i = 0; i < 100; i++) {
            x += i;
        }
        sink = x;
    }

    @Test
    void rule_RW_03_tryLockTruthTable() {
        RWMutex m = new RWMutex();
        m.lock();
        assertThat(m.tryLock()).as("TryLock succeeded with mutex locked").isFalse();
        assertThat(m.tryRLock()).as("TryRLock succeeded with mutex locked").isFalse();
        m.unlock();
        assertThat(m.tryLock()).as("TryLock failed with mutex unlocked").isTrue();
        m.unlock();
        assertThat(m.tryRLock()).as("TryRLock failed with mutex unlocked").isTrue();
        assertThat(m.tryRLock()).as("TryRLock failed with mutex rlocked").isTrue();
        assertThat(m.tryLock()).as("TryLock succeeded with mutex rlocked").isFalse();
        m.rUnlock();
        m.rUnlock();
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    @Test
    void rule_RW_04_rLockerReadLocksAndRespectsTheWriteLock() {
        RWMutex wl = new RWMutex();
        Locker rl = wl.rLocker();
        assertThat(wl.rLocker()).isSameAs(rl);
        Chan<Boolean> wlocked = Chan.make(1);
        Chan<Boolean> rlocked = Chan.make(1);
        int n = 10;
        Threads threads = new Threads();
        Thread t = threads.start(() -> {
            for (int i = 0; i < n; i++) {
                rl.lock();
                rl.lock();
                rlocked.send(true);
                wl.lock();
                wlocked.send(true);
            }
        });
        for (int i = 0; i < n; i++) {
            assertThat(rlocked.tryReceive(LONG)).isPresent();
            awaitBlocked(t, "sync.RWMutex.Lock");
            rl.unlock();
            assertThat(wlocked.tryReceive()).as("RLocker() didn't read-lock it").isEmpty();
            rl.unlock();
            assertThat(wlocked.tryReceive(LONG)).isPresent();
            if (i < n - 1) {
                awaitBlocked(t, "sync.RWMutex.RLock"); // the next read lock waits for the writer
            }
            assertThat(rlocked.tryReceive()).as("RLocker() didn't respect the write lock")
                    .isEmpty();
            wl.unlock();
        }
        threads.joinAll();
        assertThat(wl).hasToString("RWMutex[unlocked]");
    }

    @Test
    void rule_RW_05_misuseIsFatalWithGoTexts() {
        String unlock = "sync: Unlock of unlocked RWMutex";
        String rUnlock = "sync: RUnlock of unlocked RWMutex";

        RWMutex a = new RWMutex(); // Unlock of unlocked
        assertThatThrownBy(a::unlock).isInstanceOf(FatalError.class).hasMessage(unlock);

        RWMutex b = new RWMutex(); // RLock, then Unlock
        b.rLock();
        assertThatThrownBy(b::unlock).isInstanceOf(FatalError.class).hasMessage(unlock);
        assertThat(b).as("unchanged by the failed call").hasToString("RWMutex[1 readers]");
        b.rUnlock();

        RWMutex c = new RWMutex(); // double Unlock
        c.lock();
        c.unlock();
        assertThatThrownBy(c::unlock).isInstanceOf(FatalError.class).hasMessage(unlock);

        RWMutex d = new RWMutex(); // RUnlock of unlocked
        assertThatThrownBy(d::rUnlock).isInstanceOf(FatalError.class).hasMessage(rUnlock);

        RWMutex e = new RWMutex(); // Lock, then RUnlock
        e.lock();
        assertThatThrownBy(e::rUnlock).isInstanceOf(FatalError.class).hasMessage(rUnlock);
        assertThat(e).as("unchanged by the failed call").hasToString("RWMutex[write-locked]");
        e.unlock();

        RWMutex f = new RWMutex(); // double RUnlock
        f.rLock();
        f.rUnlock();
        assertThatThrownBy(f::rUnlock).isInstanceOf(FatalError.class).hasMessage(rUnlock);

        for (RWMutex m : new RWMutex[] {a, b, c, d, e, f}) {
            assertThat(m).hasToString("RWMutex[unlocked]");
        }
    }

    @Test
    void rule_RW_06_blockedWriterStopsNewReaders() {
        RWMutex m = new RWMutex();
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        Threads threads = new Threads();
        m.rLock(); // reader 1: main
        Thread writer = threads.start(() -> {
            m.lock();
            order.add("writer");
            m.unlock();
        });
        awaitBlocked(writer, "sync.RWMutex.Lock");
        assertThat(m.tryRLock()).as("a new reader passes a waiting writer").isFalse();
        Thread reader2 = threads.start(() -> {
            m.rLock();
            order.add("reader2");
            m.rUnlock();
        });
        awaitBlocked(reader2, "sync.RWMutex.RLock");
        assertThat(order).isEmpty();
        m.rUnlock(); // the writer goes first, then the reader it held back
        threads.joinAll();
        assertThat(order).containsExactly("writer", "reader2");
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    @Test
    void rule_RW_06_recursiveReadLockDeadlocksOnceAWriterWaits() {
        RWMutex m = new RWMutex();
        Threads threads = new Threads();
        Chan<Boolean> outerHeld = Chan.make();
        Chan<Boolean> goOn = Chan.make();
        AtomicReference<Throwable> inner = new AtomicReference<>();
        Thread r = threads.start(() -> {
            m.rLock();
            outerHeld.send(true);
            goOn.receive();
            try {
                m.rLock(); // recursive: blocks behind the writer, which waits for us
            } catch (GoInterruptedException e) {
                inner.set(e);
            }
            Thread.interrupted();
            m.rUnlock(); // the outer read lock
        });
        assertThat(outerHeld.tryReceive(LONG)).isPresent();
        AtomicBoolean wrote = new AtomicBoolean();
        Thread w = threads.start(() -> {
            m.lock();
            wrote.set(true);
            m.unlock();
        });
        awaitBlocked(w, "sync.RWMutex.Lock");
        goOn.send(true);
        awaitBlocked(r, "sync.RWMutex.RLock"); // deadlocked: each waits for the other
        r.interrupt(); // break the deadlock
        threads.joinAll();
        assertThat(inner.get()).hasMessageContaining("sync.RWMutex.RLock");
        assertThat(wrote.get()).isTrue();
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    @Test
    void writerUnlockAdmitsEveryBlockedReaderBeforeTheNextWriter() {
        RWMutex m = new RWMutex();
        m.lock(); // writer 1: main
        Threads threads = new Threads();
        Chan<Boolean> readerIn = Chan.make(3);
        Chan<Boolean> readersLeave = Chan.make();
        Thread[] readers = new Thread[3];
        for (int i = 0; i < 3; i++) {
            readers[i] = threads.start(() -> {
                m.rLock();
                readerIn.send(true);
                readersLeave.receive();
                m.rUnlock();
            });
        }
        for (Thread t : readers) {
            awaitBlocked(t, "sync.RWMutex.RLock");
        }
        AtomicBoolean writer2In = new AtomicBoolean();
        Thread w2 = threads.start(() -> {
            m.lock();
            writer2In.set(true);
            m.unlock();
        });
        awaitBlocked(w2, "sync.RWMutex.Lock");
        m.unlock();
        for (int i = 0; i < 3; i++) {
            assertThat(readerIn.tryReceive(LONG)).as("blocked reader %d admitted", i).isPresent();
        }
        assertThat(writer2In.get()).isFalse();
        assertThat(Threads.waitReasonOf(w2)).isEqualTo("sync.RWMutex.Lock");
        assertThat(m.tryRLock()).as("writer 2 waits: new readers are held back").isFalse();
        for (int i = 0; i < 3; i++) {
            readersLeave.send(true);
        }
        threads.joinAll();
        assertThat(writer2In.get()).isTrue();
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    @Test
    void interruptedWriterLetsTheReadersItHeldBackIn() {
        RWMutex m = new RWMutex();
        m.rLock(); // reader 1: main, keeps holding
        Threads threads = new Threads();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread w = threads.start(() -> {
            try {
                m.lock();
            } catch (GoInterruptedException e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitBlocked(w, "sync.RWMutex.Lock");
        Chan<Boolean> reader2In = Chan.make(1);
        Thread r2 = threads.start(() -> {
            m.rLock();
            reader2In.send(true);
            m.rUnlock();
        });
        awaitBlocked(r2, "sync.RWMutex.RLock");
        w.interrupt();
        assertThat(reader2In.tryReceive(LONG)).as("reader 2 let in").isPresent();
        threads.joinAll();
        assertThat(thrown.get()).hasMessageContaining("sync.RWMutex.Lock");
        assertThat(statusKept.get()).isTrue();
        m.rUnlock();
        assertThat(m).hasToString("RWMutex[unlocked]");
        assertThat(m.tryLock()).isTrue();
        m.unlock();
    }

    @Test
    void interruptedReaderTakesNothing() {
        RWMutex m = new RWMutex();
        m.lock();
        Threads threads = new Threads();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread r = threads.start(() -> {
            try {
                m.rLock();
            } catch (GoInterruptedException e) {
                thrown.set(e);
            }
        });
        awaitBlocked(r, "sync.RWMutex.RLock");
        r.interrupt();
        threads.joinAll();
        assertThat(thrown.get()).hasMessageContaining("sync.RWMutex.RLock");
        m.unlock();
        assertThat(m).hasToString("RWMutex[unlocked]");
        assertThat(m.tryLock()).as("no reader was left counted").isTrue();
        m.unlock();
    }

    @Test
    void lastReaderHandsTheLockToTheWriterWhenEarlierWritersGaveUp() {
        RWMutex m = new RWMutex();
        m.rLock();
        Threads threads = new Threads();
        Thread w1 = threads.start(() -> {
            try {
                m.lock();
            } catch (GoInterruptedException expected) {
                // gave up
            }
        });
        awaitBlocked(w1, "sync.RWMutex.Lock");
        AtomicBoolean w2In = new AtomicBoolean();
        Thread w2 = threads.start(() -> {
            m.lock();
            w2In.set(true);
            m.unlock();
        });
        awaitBlocked(w2, "sync.RWMutex.Lock");
        w1.interrupt();
        Threads.join(w1);
        assertThat(m.tryRLock()).as("writer 2 still holds new readers back").isFalse();
        m.rUnlock();
        threads.joinAll();
        assertThat(w2In.get()).isTrue();
        assertThat(m).hasToString("RWMutex[unlocked]");
    }

    @Test
    void stressMixedTryAndBlockingOperationsKeepInvariants() {
        RWMutex m = new RWMutex();
        AtomicInteger readersIn = new AtomicInteger();
        AtomicInteger writersIn = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        int goroutines = 50;
        int iterations = 400 * Threads.STRESS;
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < goroutines; g++) {
            int id = g;
            wg.go(() -> {
                for (int i = 0; i < iterations; i++) {
                    int op = (id + i) % 5;
                    boolean write = op == 0 || op == 3;
                    boolean ok;
                    if (op >= 3) {
                        ok = write ? m.tryLock() : m.tryRLock();
                    } else {
                        if (write) {
                            m.lock();
                        } else {
                            m.rLock();
                        }
                        ok = true;
                    }
                    if (!ok) {
                        continue;
                    }
                    if (write) {
                        if (writersIn.incrementAndGet() != 1 || readersIn.get() != 0) {
                            violations.incrementAndGet();
                        }
                        writersIn.decrementAndGet();
                        m.unlock();
                    } else {
                        readersIn.incrementAndGet();
                        if (writersIn.get() != 0) {
                            violations.incrementAndGet();
                        }
                        readersIn.decrementAndGet();
                        m.rUnlock();
                    }
                }
            });
        }
        wg.await();
        assertThat(violations.get()).isZero();
        assertThat(m).hasToString("RWMutex[unlocked]");
    }
}
