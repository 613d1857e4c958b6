package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.go;
import static dev.gochan.time.TimeTestSupport.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS.md TIME-15..18 and 35: AfterFunc, and the timer system surviving failures. */
@Timeout(60)
class AfterFuncRulesTest {

    @Test
    @Tag("timing")
    void rule_TIME_15_afterFuncRunsFInItsOwnGoroutine_aChainOfTenCompletes() throws Exception {
        // Each f schedules the next one and then sleeps a second: the chain only completes
        // quickly if every f runs in a goroutine of its own.
        AtomicInteger left = new AtomicInteger(10);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Chan<Boolean> c = Chan.make();
        Runnable[] f = new Runnable[1];
        f[0] = () -> {
            ids.add(Go.goroutineId());
            if (left.decrementAndGet() >= 0) {
                Time.afterFunc(Duration.ZERO, f[0]);
                Time.sleep(Duration.ofSeconds(1));
            } else {
                c.send(true);
            }
        };
        long t0 = System.nanoTime();
        Time.afterFunc(Duration.ZERO, f[0]);
        assertThat(c.tryReceive(Duration.ofSeconds(5))).as("the chain completed").isPresent();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(ids).hasSize(11).doesNotContain(0L, Go.goroutineId());
        // The Timer of AfterFunc has no channel: its c() is the nil channel.
        Timer t = Time.afterFunc(Duration.ofHours(1), () -> { });
        assertThat(t.c()).isEqualTo(Chan.<Instant>nil().recvOnly());
        assertThat(t.c().tryReceive()).isEmpty();
        assertThat(t.stop()).isTrue();
    }

    @Test
    @Timeout(30)
    void rule_TIME_16_afterFuncIsNotStarvedByGoroutinesPingPonging() throws Exception {
        // Go runs this with GOMAXPROCS=1 and relies on preemption. Virtual threads are never
        // preempted, so with a single carrier two goroutines that never block would starve
        // every other goroutine, AfterFunc's included; we run it with the default carriers.
        AtomicBoolean stop = new AtomicBoolean();
        Chan<Boolean> c = Chan.make(1);
        CountDownLatch wg = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            go(() -> {
                while (!stop.get()) {
                    c.send(true);
                    c.receive();
                }
                wg.countDown();
            });
        }
        Time.afterFunc(Duration.ofNanos(1000), () -> stop.set(true));
        assertThat(wg.await(20, TimeUnit.SECONDS)).as("the AfterFunc ran and stopped the ping-pong").isTrue();
    }

    @Test
    @Tag("timing")
    void rule_TIME_17_aStoppedAfterFuncNeverRuns() throws Exception {
        // Go: 100 goroutines, AfterFunc(2s), Stop after 1s, nothing by 3s. Scaled by 1/5.
        int n = 100;
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(n);
        AtomicInteger stopFailed = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            go(() -> {
                Timer t = Time.afterFunc(ms(400), ran::countDown);
                Time.sleep(ms(200));
                if (!t.stop()) {
                    stopFailed.incrementAndGet();
                }
                stopped.countDown();
            });
        }
        assertThat(stopped.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        long waited = (System.nanoTime() - t0) / 1_000_000;
        if (stopFailed.get() == 0) {
            assertThat(ran.await(Math.max(0, 600 - waited), TimeUnit.MILLISECONDS)).as("a stopped f ran").isFalse();
        } else {
            // Only possible if the machine stalled the stopping goroutines past 400 ms.
            assertThat(waited).isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void rule_TIME_18_stopFalseMeansFStarted_stopDoesNotWaitForF() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Timer t = Time.afterFunc(Duration.ZERO, () -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(t.stop()).as("stop after f started").isFalse(); // returns while f is still blocked
        release.countDown();

        Timer pending = Time.afterFunc(Duration.ofHours(1), () -> { });
        assertThat(pending.stop()).isTrue();
        assertThat(pending.stop()).isFalse();
    }

    @Test
    void rule_TIME_18_resetTrueReschedulesAPendingF_falseSchedulesItAgainAndRunsMayOverlap() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Timer t = Time.afterFunc(Duration.ofHours(1), () -> {
            int r = running.incrementAndGet();
            maxRunning.accumulateAndGet(r, Math::max);
            int n = runs.incrementAndGet();
            (n == 1 ? firstStarted : secondStarted).countDown();
            await(release);
            running.decrementAndGet();
        });
        assertThat(t.reset(Duration.ofNanos(1))).as("reset of a pending f").isTrue();
        assertThat(firstStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(t.reset(Duration.ZERO)).as("reset after f started").isFalse();
        assertThat(secondStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(maxRunning).as("the two runs overlap").hasValue(2);
        release.countDown();
        assertThat(t.stop()).isFalse();
        assertThat(runs).hasValue(2);
    }

    @Test
    @Tag("timing")
    void rule_TIME_18_resetOfAStoppedAfterFuncSchedulesItAgain() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Timer t = Time.afterFunc(Duration.ofHours(1), ran::countDown);
        assertThat(t.stop()).isTrue();
        assertThat(t.reset(ms(20))).isFalse();
        assertThat(ran.await(5, TimeUnit.MILLISECONDS)).as("ran before its time").isFalse();
        assertThat(ran.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void rule_TIME_35_failuresLeaveTheTimerSystemUsable() throws Exception {
        // Go: a panic while stopping a nil *Timer, with a deferred ticker.Stop, does not wedge
        // the timer system. Here: an exception with a ticker stopped in a finally, and an
        // AfterFunc whose f throws (a goroutine panic), then timers still work.
        Timer nil = null;
        Ticker ticker = Time.newTicker(ms(1));
        try {
            try {
                nil.stop();
            } finally {
                ticker.stop();
            }
        } catch (NullPointerException expected) {
            // as Go's nil dereference
        }
        AtomicReference<Throwable> panic = new AtomicReference<>();
        CountDownLatch panicked = new CountDownLatch(1);
        Go.PanicHandler old = Go.setPanicHandler((id, th, p) -> {
            panic.set(p);
            panicked.countDown();
        });
        try {
            Time.afterFunc(ms(1), () -> {
                throw new IllegalStateException("boom");
            });
            assertThat(panicked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            Go.setPanicHandler(old);
        }
        assertThat(panic.get()).hasMessage("boom");
        RecvChan<Instant> c = Time.after(ms(5));
        assertThat(c.tryReceive(PATIENCE)).isPresent();
        CountDownLatch ran = new CountDownLatch(1);
        Time.afterFunc(ms(5), ran::countDown);
        assertThat(ran.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        ticker.reset(ms(1));
        assertThat(ticker.c().tryReceive(PATIENCE)).isPresent();
        ticker.stop();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
