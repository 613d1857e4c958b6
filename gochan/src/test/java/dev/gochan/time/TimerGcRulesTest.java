package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.Select;
import dev.gochan.internal.Clock;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS.md TIME-25: unreferenced, unstopped timers and tickers are garbage collected. */
@Timeout(60)
class TimerGcRulesTest {
    private static final int N = 10_000;
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void rule_TIME_25_unreferencedUnstoppedTimersAndTickersAreCollected() throws Exception {
        int before = Clock.system().pendingTimers();
        assertCollected("After", () -> Time.after(HOUR));
        assertCollected("Tick", () -> Time.tick(HOUR));
        assertCollected("NewTimer", () -> Time.newTimer(HOUR));
        assertCollected("NewTicker", () -> Time.newTicker(HOUR));
        assertCollected("NewTimer.c", () -> Time.newTimer(HOUR).c());
        assertCollected("NewTimerStop", () -> {
            Timer t = Time.newTimer(HOUR);
            t.stop();
            return t;
        });
        assertCollected("NewTickerStop", () -> {
            Ticker t = Time.newTicker(HOUR);
            t.stop();
            return t;
        });
        assertThat(Clock.system().pendingTimers()).as("timer heap entries").isLessThanOrEqualTo(before);
    }

    @Test
    void rule_TIME_25_timersWhoseWaitersLeftAreCollected_andLeaveTheHeap() throws Exception {
        // A goroutine blocked on a timer puts it in the timer heap; once the goroutine leaves
        // (its select took another case), the heap lets go and the timer can be collected.
        int n = 1000;
        int before = Clock.system().pendingTimers();
        Chan<Void> quit = Chan.make();
        List<Reference<Object>> refs = new ArrayList<>();
        ReferenceQueue<Object> q = new ReferenceQueue<>();
        CountDownLatch left = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Timer t = i % 2 == 0 ? Time.newTimer(HOUR) : null;
            Ticker tk = t == null ? Time.newTicker(HOUR) : null;
            refs.add(new WeakReference<>(t != null ? t : tk, q));
            refs.add(new WeakReference<>(t != null ? t.c() : tk.c(), q));
            threads.add(go(() -> {
                Select.run((t != null ? t.c() : tk.c()).onReceiveDo(v -> { }), quit.onReceiveDo(v -> { }));
                left.countDown();
            }));
        }
        threads.forEach(TimeTestSupport::awaitBlocked);
        assertThat(Clock.system().pendingTimers()).as("blocked waiters schedule their timers")
                .isGreaterThanOrEqualTo(before + n);
        threads.clear();
        quit.close();
        assertThat(left.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(Clock.system().pendingTimers()).isLessThanOrEqualTo(before);
        awaitCleared("timers whose waiters left", refs, q);
    }

    private static void assertCollected(String what, Supplier<Object> make) throws InterruptedException {
        ReferenceQueue<Object> q = new ReferenceQueue<>();
        List<Reference<Object>> refs = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            refs.add(new WeakReference<>(make.get(), q));
        }
        awaitCleared(what, refs, q);
    }

    /** Runs the GC until every reference in {@code refs} was cleared and enqueued. */
    private static void awaitCleared(String what, List<Reference<Object>> refs, ReferenceQueue<Object> q)
            throws InterruptedException {
        int cleared = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cleared < refs.size() && System.nanoTime() < deadline) {
            System.gc();
            Reference<?> r = q.remove(50);
            while (r != null) {
                cleared++;
                r = q.poll();
            }
        }
        assertThat(cleared).as("%s collected", what).isEqualTo(refs.size());
        refs.clear(); // keep the references themselves reachable until here
    }
}
