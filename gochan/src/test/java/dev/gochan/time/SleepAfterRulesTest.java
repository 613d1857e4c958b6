package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.awaitBlocked;
import static dev.gochan.time.TimeTestSupport.go;
import static dev.gochan.time.TimeTestSupport.millis;
import static dev.gochan.time.TimeTestSupport.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS.md TIME-01..08 and 33: Sleep, After, Tick, and the values they deliver. */
@Timeout(60)
class SleepAfterRulesTest {

    @Test
    @Tag("timing")
    void rule_TIME_01_sleepSleepsAtLeastD_evenWhenWokenSpuriouslyHalfway() throws Exception {
        Duration d = ms(100);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong slept = new AtomicLong();
        Thread t = go(() -> {
            started.countDown();
            long t0 = System.nanoTime();
            Time.sleep(d);
            slept.set(System.nanoTime() - t0);
            done.countDown();
        });
        started.await();
        awaitBlocked(t);
        // Go sends a signal at d/2; the Java counterpart of a stray wake-up is an unpark.
        assertThat(done.await(d.toMillis() / 2, TimeUnit.MILLISECONDS)).isFalse();
        LockSupport.unpark(t);
        assertThat(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(slept.get()).as("slept %.1f ms", millis(slept.get())).isGreaterThanOrEqualTo(d.toNanos());
    }

    @Test
    void sleepEndsWithGoInterruptedExceptionOnInterrupt_statusKept() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = go(() -> {
            try {
                Time.sleep(Duration.ofHours(1));
            } catch (Throwable e) {
                thrown.set(e);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
            done.countDown();
        });
        awaitBlocked(t);
        t.interrupt();
        assertThat(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(GoInterruptedException.class)
                .hasMessageContaining("sleep");
        assertThat(statusKept).isTrue();
    }

    @Test
    @Timeout(10)
    void rule_TIME_02_sleepZeroOrNegativeReturnsAtOnce() {
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            Time.sleep(Duration.ZERO);
            Time.sleep(Duration.ofNanos(-1));
            Time.sleep(Duration.ofNanos(Long.MIN_VALUE)); // Go's Sleep(-1<<63)
            Time.sleep(Duration.ofSeconds(Long.MIN_VALUE)); // beyond Go's range
        }
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(2).toNanos());
        // and even with the interrupt status set, nothing blocks, so nothing throws
        Thread.currentThread().interrupt();
        try {
            Time.sleep(Duration.ZERO);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @Tag("timing")
    void rule_TIME_03_overflowingDurationsNeverFire_andDoNotDisturbOtherTimers() throws Exception {
        Duration max = Duration.ofNanos(Long.MAX_VALUE); // Go's 1<<63-1
        Duration beyond = ChronoUnit.FOREVER.getDuration(); // beyond Go's range: saturates
        CountDownLatch woke = new CountDownLatch(1);
        Thread sleeper = go(() -> {
            try {
                Time.sleep(max);
                woke.countDown();
            } catch (GoInterruptedException expected) {
                // the test ends the sleep this way
            }
        });
        RecvChan<Instant> never = Time.after(max);
        RecvChan<Instant> neverEither = Time.after(beyond);
        RecvChan<Instant> soon = Time.after(ms(25));
        // A select whose timeout cannot be represented in nanoseconds must not throw.
        Chan<Integer> idle = Chan.make();
        String r = Select.select(idle.onReceive(v -> "value"), Select.onTimeout(beyond, () -> "timeout"),
                soon.onReceive(t -> "soon"));
        assertThat(r).isEqualTo("soon"); // the 25 ms timer fired; the huge ones did not disturb it
        assertThat(never.tryReceive(ms(25))).isEmpty();
        assertThat(neverEither.tryReceive()).isEmpty();
        assertThat(woke.await(25, TimeUnit.MILLISECONDS)).isFalse();
        sleeper.interrupt();
        // After(-1<<63) fires promptly.
        long t0 = System.nanoTime();
        assertThat(Time.after(Duration.ofNanos(Long.MIN_VALUE)).tryReceive(Duration.ofSeconds(1))).isPresent();
        assertThat(Time.after(Duration.ofSeconds(Long.MIN_VALUE)).tryReceive(Duration.ofSeconds(1))).isPresent();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(1).toNanos());
    }

    @Test
    @Tag("timing")
    void rule_TIME_04_afterReturnsNoEarlierThanD_andDeliversATimeAtLeastStartPlusD() {
        Duration d = ms(100);
        Instant start = Time.now();
        long t0 = System.nanoTime();
        Instant v = Time.after(d).receive();
        long took = System.nanoTime() - t0;
        assertThat(took).as("took %.1f ms", millis(took)).isGreaterThanOrEqualTo(d.toNanos());
        assertThat(v).isAfterOrEqualTo(start.plus(d));
        assertThat(Time.since(start)).isGreaterThanOrEqualTo(d);
    }

    @Test
    @Tag("timing")
    void rule_TIME_05_tenSequentialAftersTakeBetween0_9And3TimesTenDelta() {
        Duration delta = ms(20);
        long target = 10 * delta.toNanos();
        List<String> errs = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) { // the upper bound may flake on a busy machine
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                Time.after(delta).receive();
            }
            long took = System.nanoTime() - t0;
            assertThat(took).as("lower bound").isGreaterThanOrEqualTo(target * 9 / 10);
            if (took <= 3 * target) {
                return;
            }
            errs.add(String.format("10 x After(%s) took %.1f ms", delta, millis(took)));
        }
        fail("too slow: %s", errs);
    }

    private record Arrival(int slot, long atNanos) {}

    private static final int[] SLOTS = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};

    @Test
    @Tag("timing")
    void rule_TIME_06_timersFireInDeadlineOrder_channelTimers() {
        afterQueuing(false);
    }

    @Test
    @Tag("timing")
    void rule_TIME_06_timersFireInDeadlineOrder_afterFuncTimers() {
        afterQueuing(true);
    }

    private static void afterQueuing(boolean funcTimers) {
        List<String> errs = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Duration delta = ms(20 + 50L * attempt);
            String err = afterQueuingOnce(delta, funcTimers);
            if (err == null) {
                return;
            }
            errs.add(err);
        }
        fail("timers out of order or out of time: %s", errs);
    }

    private static String afterQueuingOnce(Duration delta, boolean funcTimers) {
        Chan<Arrival> result = Chan.make(SLOTS.length);
        Instant start = Time.now();
        long startNanos = toNanos(start);
        for (int slot : SLOTS) {
            Duration d = delta.multipliedBy(slot);
            if (funcTimers) {
                Time.afterFunc(d, () -> result.send(new Arrival(slot, toNanos(Time.now()))));
            } else {
                RecvChan<Instant> c = Time.after(d); // evaluated here, as Go's `go await(slot, result, After(d))`
                dev.gochan.Go.go(() -> result.send(new Arrival(slot, toNanos(c.receive()))));
            }
        }
        int last = Integer.MIN_VALUE;
        long dn = delta.toNanos();
        for (int i = 0; i < SLOTS.length; i++) {
            Arrival a = result.receive();
            if (a.slot < last) {
                return String.format("delta %s: slot %d after slot %d", delta, a.slot, last);
            }
            long dt = a.atNanos - startNanos;
            long target = a.slot * dn;
            if (dt < target - dn / 2 || dt > target + 10 * dn) {
                return String.format("delta %s: slot %d at %.1f ms, want [%.1f, %.1f]", delta, a.slot,
                        millis(dt), millis(target - dn / 2), millis(target + 10 * dn));
            }
            last = a.slot;
        }
        return null;
    }

    private static long toNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    @Tag("timing")
    void rule_TIME_07_afterDeliversTheFireTime_notTheReceiveTime() {
        for (int attempt = 0; attempt < 10; attempt++) {
            Instant start = Time.now();
            RecvChan<Instant> c = Time.after(ms(10));
            Time.sleep(ms(500));
            Duration dt = Duration.between(start, c.receive());
            assertThat(dt).isGreaterThanOrEqualTo(ms(10));
            if (dt.compareTo(ms(400)) < 0) {
                return;
            }
        }
        fail("After(10ms) read 500 ms later kept delivering the receive time");
    }

    @Test
    @Tag("timing")
    void rule_TIME_08_slowTickReaderGetsTheOldestPendingTick_andMissedTicksAreDropped() {
        Duration period = ms(10);
        for (int attempt = 0; attempt < 10; attempt++) {
            Instant start = Time.now();
            RecvChan<Instant> c = Time.tick(period);
            Time.sleep(ms(500));
            Instant first = c.receive();
            Duration dt = Duration.between(start, first);
            if (dt.compareTo(ms(400)) >= 0) {
                continue; // a scheduling hiccup; Go retries too
            }
            assertThat(dt).isGreaterThanOrEqualTo(period);
            // The ~48 ticks missed while sleeping are dropped, not queued: the next tick is not
            // due before the moment the stale one was taken.
            Instant second = c.receive();
            assertThat(Duration.between(start, second)).isGreaterThanOrEqualTo(ms(500));
            assertThat(Duration.between(first, second).toNanos() % period.toNanos()).isZero();
            return;
        }
        fail("Tick(10ms) read 500 ms later kept delivering the receive time");
    }

    @Test
    @Timeout(30)
    void rule_TIME_33_sleepZeroInALoopWithConcurrentGcsDoesNotHang() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread gc = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                System.gc();
            }
        });
        try {
            int n = 20_000 * Integer.getInteger("gochan.stress", 1);
            CountDownLatch done = new CountDownLatch(2);
            go(() -> {
                for (int i = 0; i < n; i++) {
                    Time.sleep(Duration.ZERO);
                }
                done.countDown();
            });
            go(() -> {
                for (int i = 0; i < n / 10; i++) {
                    Time.sleep(Duration.ofNanos(1)); // the shortest sleep that really parks
                }
                done.countDown();
            });
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop.set(true);
            gc.join();
        }
    }
}
