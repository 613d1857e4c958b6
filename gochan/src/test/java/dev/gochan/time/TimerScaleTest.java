package dev.gochan.time;

import static dev.gochan.Go.go;
import static dev.gochan.time.TimeTestSupport.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import dev.gochan.internal.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SEMANTICS.md TIME-12 and TIME-34, and the scaling promises: many pending timers need one
 * timer thread, and cancelled timeouts do not stay in the timer heap. Sizes scale with
 * {@code -Dgochan.stress}.
 */
@Timeout(120)
class TimerScaleTest {
    private static final int STRESS = Integer.getInteger("gochan.stress", 1);

    @Test
    void rule_TIME_12_zeroDurationTimersAreNeverLost() throws Exception {
        int n = 100_000 * STRESS; // Go: 1,000,000 each
        Duration two = Duration.ofSeconds(2);
        for (int i = 0; i < n; i++) {
            if (Time.newTimer(Duration.ZERO).c().tryReceive(two).isEmpty()) {
                fail("NewTimer(0) #%d lost", i);
            }
        }
        Chan<Integer> c = Chan.make();
        for (int i = 0; i < n; i++) {
            int k = i;
            Time.afterFunc(Duration.ZERO, () -> c.send(k));
            if (c.tryReceive(two).isEmpty()) {
                fail("AfterFunc(0) #%d lost", i);
            }
        }
        Timer reused = Time.newTimer(Duration.ofHours(1));
        for (int i = 0; i < n; i++) {
            reused.reset(Duration.ZERO);
            if (reused.c().tryReceive(two).isEmpty()) {
                fail("Reset(0) #%d lost", i);
            }
        }
    }

    @Test
    @Tag("timing")
    void rule_TIME_34_largeTimerHeapsStayEfficient() throws Exception {
        // Build up the timer heap with short sleepers, then push round trips through a queuing
        // goroutine, each receive in a select with a 5 s After. Go: 50000 x 20 within 60 s.
        int sleepers = 5000;
        CountDownLatch wg = new CountDownLatch(sleepers + 1);
        for (int i = 0; i < sleepers; i++) {
            go(() -> {
                Time.sleep(Duration.ofNanos(10_000));
                wg.countDown();
            });
        }
        for (int i = 0; i < sleepers; i++) {
            Time.sleep(Duration.ofNanos(1_000));
        }
        Chan<Void> done = Chan.make();
        Timer deadline = Time.afterFunc(Duration.ofSeconds(60), done::close);
        Chan<Runnable> inQ = Chan.make();
        Chan<Runnable> outQ = Chan.make();
        go(() -> {
            ArrayDeque<Runnable> q = new ArrayDeque<>();
            try {
                for (;;) {
                    // sending on the nil channel switches the send case off while q is empty
                    Chan<Runnable> sendTo = q.isEmpty() ? Chan.nil() : outQ;
                    Boolean more = Select.select(
                            sendTo.onSend(q.peekFirst(), () -> {
                                q.pollFirst();
                                return true;
                            }),
                            inQ.onReceiveOk(r -> {
                                if (!r.ok()) {
                                    return false;
                                }
                                q.addLast(r.value());
                                return true;
                            }),
                            done.onReceive(v -> false));
                    if (!more) {
                        return;
                    }
                }
            } finally {
                outQ.close();
                wg.countDown();
            }
        });
        int rounds = 5_000 * STRESS; // Go: 50,000
        // The producer is a goroutine, as in Go (a platform thread would pay for every park).
        Chan<String> result = Chan.make(1);
        long t0 = System.nanoTime();
        go(() -> {
            String err = null;
            try {
                for (int i = 0; i < rounds && err == null; i++) {
                    for (int j = 0; j < 20; j++) {
                        inQ.send(() -> { });
                    }
                    for (int j = 0; j < 20 && err == null; j++) {
                        int round = i;
                        err = Select.select(
                                outQ.onReceiveOk(r -> r.ok() ? null : "output channel is closed"),
                                Time.after(Duration.ofSeconds(5)).onReceive(t -> "failed to read work, round " + round),
                                done.onReceive(v -> "timer expired"));
                    }
                }
            } finally {
                inQ.close();
                deadline.stop();
                result.send(err == null ? "ok" : err);
            }
        });
        assertThat(result.receive()).isEqualTo("ok");
        long took = System.nanoTime() - t0;
        assertThat(wg.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(took).as("%d x 20 round trips took %.0f ms", rounds, millis(took))
                .isLessThan(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void manyGoroutinesEachInASelectWithATimeout_allWake_oneTimerThread() throws Exception {
        int n = 100_000 * STRESS;
        int before = Clock.system().pendingTimers();
        int threadsBefore = Thread.getAllStackTraces().size();
        Chan<Integer> never = Chan.make();
        CountDownLatch woke = new CountDownLatch(n);
        AtomicInteger wrong = new AtomicInteger();
        Duration timeout = Duration.ofMillis(300);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            go(() -> {
                String r = Select.select(never.onReceive(v -> "value"), Select.onTimeout(timeout, () -> "timeout"));
                if (!r.equals("timeout")) {
                    wrong.incrementAndGet();
                }
                woke.countDown();
            });
        }
        int peakThreads = Thread.getAllStackTraces().size();
        assertThat(woke.await(60, TimeUnit.SECONDS)).as("all woke").isTrue();
        long took = System.nanoTime() - t0;
        assertThat(took).isGreaterThanOrEqualTo(timeout.toNanos());
        assertThat(wrong).hasValue(0);
        assertThat(peakThreads - threadsBefore).as("platform threads added for %d timers", n).isLessThan(64);
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("gochan-timer")))
                .hasSize(1);
        assertThat(Clock.system().pendingTimers()).isLessThanOrEqualTo(before);
    }

    @Test
    void cancelledTimeoutsDoNotStayInTheTimerHeap() throws Exception {
        // Every goroutine blocks in a select with a one-hour timeout, then gets a value first:
        // the heap must drop every one of those timers, not keep them until they would fire.
        int n = 50_000 * STRESS;
        int before = Clock.system().pendingTimers();
        Chan<Void> release = Chan.make();
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger wrong = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            go(() -> {
                String r = Select.select(release.onReceiveOk(v -> "released"),
                        Select.onTimeout(Duration.ofHours(1), () -> "timeout"));
                if (!r.equals("released")) {
                    wrong.incrementAndGet();
                }
                done.countDown();
            });
        }
        awaitValue(() -> Clock.system().pendingTimers() >= before + n, "all timeouts pending");
        release.close();
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong).hasValue(0);
        assertThat(Clock.system().pendingTimers()).isLessThanOrEqualTo(before);
    }

    @Test
    @Tag("timing")
    void manyTimerChannelsFireOnTimeAndInOrder() throws Exception {
        // 20,000 timers spread over 200 ms, each received by its own goroutine: every value is
        // the timer's own fire time, and nobody is woken before it.
        int n = 20_000 * STRESS;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger early = new AtomicInteger();
        Instant start = Time.now();
        for (int i = 0; i < n; i++) {
            Duration d = Duration.ofNanos(200_000_000L * i / n);
            RecvChan<Instant> c = Time.after(d);
            go(() -> {
                Instant v = c.receive();
                if (v.isBefore(start.plus(d)) || Time.now().isBefore(v)) {
                    early.incrementAndGet();
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(early).hasValue(0);
    }

    private static void awaitValue(Supplier<Boolean> cond, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cond.get()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for: %s", what);
            }
            Thread.yield();
        }
    }
}
