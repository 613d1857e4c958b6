package dev.gochan.sync;

import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OnceTest {
    @Test
    void rule_ONCE_01_runsOnceAndEveryCallerSeesTheEffect() {
        Once once = new Once();
        AtomicInteger calls = new AtomicInteger();
        int[] effect = {0}; // written by f, read by every caller after run returns
        CountDownLatch others = new CountDownLatch(9);
        Chan<Integer> seen = Chan.make(10);
        Threads threads = new Threads();
        Chan<Boolean> firstEntered = Chan.make(1);
        threads.start(() -> once.run(() -> {
            calls.incrementAndGet();
            firstEntered.send(true);
            try {
                // The first call is slow: the other nine arrive while it runs.
                assertThat(others.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            effect[0] = 1;
        }));
        assertThat(firstEntered.tryReceive(Threads.LONG)).isPresent();
        for (int i = 0; i < 9; i++) {
            Thread t = threads.start(() -> {
                once.run(calls::incrementAndGet);
                seen.send(effect[0]);
            });
            awaitBlocked(t, "sync.Mutex.Lock"); // waits for the first call to finish
            others.countDown();
        }
        for (int i = 0; i < 9; i++) {
            assertThat(seen.tryReceive(Threads.LONG)).hasValueSatisfying(
                    r -> assertThat(r.value()).as("caller saw f's effect").isEqualTo(1));
        }
        threads.joinAll();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void rule_ONCE_02_panickingFunctionStillMarksItDone() {
        Once once = new Once();
        RuntimeException boom = new IllegalStateException("failed");
        assertThatThrownBy(() -> once.run(() -> {
            throw boom;
        })).isSameAs(boom);
        AtomicInteger later = new AtomicInteger();
        once.run(later::incrementAndGet); // Do(g) after a panicking Do(f): g is not called
        assertThat(later.get()).isZero();
    }

    @Test
    void rule_ONCE_03_funcValueAndValuesCallOnceAndCache() {
        AtomicInteger calls = new AtomicInteger();
        Runnable f = Once.func(calls::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            f.run();
        }
        assertThat(calls.get()).isEqualTo(1);

        AtomicInteger vcalls = new AtomicInteger();
        Supplier<Integer> v = Once.value(() -> {
            vcalls.incrementAndGet();
            return vcalls.get();
        });
        for (int i = 0; i < 10; i++) {
            assertThat(v.get()).isEqualTo(1);
        }
        assertThat(vcalls.get()).isEqualTo(1);

        AtomicInteger vscalls = new AtomicInteger();
        Supplier<Once.Values<Integer, Integer>> vs = Once.values(() -> {
            vscalls.incrementAndGet();
            return new Once.Values<>(1, 2);
        });
        for (int i = 0; i < 10; i++) {
            assertThat(vs.get()).isEqualTo(new Once.Values<>(1, 2));
            assertThat(vs.get().first()).isEqualTo(1);
            assertThat(vs.get().second()).isEqualTo(2);
        }
        assertThat(vscalls.get()).isEqualTo(1);
    }

    @Test
    void rule_ONCE_03_concurrentCallersWaitForTheValue() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> v = Once.value(() -> {
            calls.incrementAndGet();
            Thread.yield();
            return "v";
        });
        WaitGroup wg = new WaitGroup();
        AtomicInteger wrong = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            wg.go(() -> {
                if (!"v".equals(v.get())) {
                    wrong.incrementAndGet();
                }
            });
        }
        wg.await();
        assertThat(wrong.get()).isZero();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void rule_ONCE_04_everyCallRethrowsTheSameException() {
        RuntimeException x = new IllegalStateException("x");
        AtomicInteger calls = new AtomicInteger();

        Runnable f = Once.func(() -> {
            calls.incrementAndGet();
            throw x;
        });
        assertThatThrownBy(f::run).as("first call").isSameAs(x);
        assertThatThrownBy(f::run).as("second call").isSameAs(x);
        assertThat(calls.get()).isEqualTo(1);

        Supplier<Integer> v = Once.value(() -> {
            calls.incrementAndGet();
            throw x;
        });
        assertThatThrownBy(v::get).isSameAs(x);
        assertThatThrownBy(v::get).isSameAs(x);
        assertThat(calls.get()).isEqualTo(2);

        Supplier<Once.Values<Integer, Integer>> vs = Once.values(() -> {
            calls.incrementAndGet();
            throw x;
        });
        assertThatThrownBy(vs::get).isSameAs(x);
        assertThatThrownBy(vs::get).isSameAs(x);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void rule_ONCE_04_checkedExceptionsThrownSneakilyAreRethrownAsIs() {
        Exception checked = new java.io.IOException("disk");
        Supplier<String> v = Once.value(() -> {
            throw OnceTest.<RuntimeException>sneaky(checked);
        });
        assertThat(catchThrowable(v::get)).isSameAs(checked);
        assertThat(catchThrowable(v::get)).isSameAs(checked);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void rule_ONCE_05_panicNilIsRememberedToo() {
        // Java's counterpart of panic(nil): `throw null` throws a NullPointerException.
        AtomicInteger calls = new AtomicInteger();
        Runnable f = Once.func(() -> {
            calls.incrementAndGet();
            RuntimeException nothing = null;
            throw nothing;
        });
        Throwable first = catchThrowable(f::run);
        Throwable second = catchThrowable(f::run);
        assertThat(first).isInstanceOf(NullPointerException.class);
        assertThat(second).isSameAs(first);
        assertThat(calls.get()).isEqualTo(1);
    }

    /** Stands for runtime.Goexit: an Error that unwinds the goroutine. */
    private static final class GoexitLike extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void rule_ONCE_06_goexitLikeUnwindingDoesNotCallItTwice() {
        AtomicInteger calls = new AtomicInteger();
        Runnable f = Once.func(() -> {
            calls.incrementAndGet();
            throw new GoexitLike();
        });
        Threads threads = new Threads();
        for (int i = 0; i < 3; i++) {
            threads.start(() -> {
                try {
                    f.run();
                } catch (GoexitLike expected) {
                    // unwound, as Goexit would
                }
            });
        }
        threads.joinAll();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void rule_ONCE_07_tracebackIsTheFirstCallsAndFunctionBecomesUnreachable() {
        Runnable f = Once.func(OnceTest::originalPanickingFrame);
        Throwable first = catchThrowable(f::run);
        Throwable second = catchThrowable(f::run);
        assertThat(second).isSameAs(first);
        assertThat(Arrays.stream(second.getStackTrace()).map(StackTraceElement::getMethodName))
                .contains("originalPanickingFrame");

        // The wrapped function is not referenced after the first call (Go's TestOnceXGC).
        Object[] big = new Object[1];
        big[0] = new byte[1 << 20];
        WeakReference<Object> ref = new WeakReference<>(big[0]);
        Supplier<Integer> v = onceValueHolding(big);
        big[0] = null;
        assertThat(v.get()).isEqualTo(1 << 20);
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc(); // a full, synchronous collection clears the weak reference
        }
        assertThat(ref.get()).as("wrapped function collected after the first call").isNull();
        assertThat(v.get()).isEqualTo(1 << 20);
    }

    private static Supplier<Integer> onceValueHolding(Object[] cell) {
        byte[] captured = (byte[]) cell[0];
        return Once.value(() -> captured.length);
    }

    private static void originalPanickingFrame() {
        throw new IllegalStateException("original");
    }

    @Test
    void interruptedWhileWaitingForTheFirstCall() {
        Once once = new Once();
        Chan<Boolean> inside = Chan.make(1);
        Chan<Boolean> finish = Chan.make();
        Threads threads = new Threads();
        threads.start(() -> once.run(() -> {
            inside.send(true);
            finish.receive();
        }));
        assertThat(inside.tryReceive(Threads.LONG)).isPresent();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicInteger ran = new AtomicInteger();
        Thread waiter = threads.start(() -> {
            try {
                once.run(ran::incrementAndGet);
            } catch (GoInterruptedException e) {
                thrown.set(e);
            }
        });
        awaitBlocked(waiter, "sync.Mutex.Lock");
        waiter.interrupt();
        Threads.join(waiter);
        assertThat(thrown.get()).isInstanceOf(GoInterruptedException.class);
        finish.send(true);
        threads.joinAll();
        once.run(ran::incrementAndGet);
        assertThat(ran.get()).isZero();
    }
}
