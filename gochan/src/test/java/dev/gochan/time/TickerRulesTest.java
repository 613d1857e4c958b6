package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.SCHED;
import static dev.gochan.time.TimeTestSupport.assertTick;
import static dev.gochan.time.TimeTestSupport.go;
import static dev.gochan.time.TimeTestSupport.millis;
import static dev.gochan.time.TimeTestSupport.ms;
import static dev.gochan.time.TimeTestSupport.noTick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS.md TIME-19..24: Ticker and Tick. */
@Timeout(60)
class TickerRulesTest {

    @Test
    @Tag("timing")
    void rule_TIME_19_tickerPeriodAndReset_thenStopDeliversNothing() {
        // Go: count 10, delta 20 ms, retried with count 8, delta 1 s; here the retries stay short.
        int[][] tries = {{10, 20}, {10, 50}, {8, 100}};
        List<String> errs = new ArrayList<>();
        for (int[] t : tries) {
            int count = t[0];
            Duration delta = ms(t[1]);
            Ticker ticker = Time.newTicker(delta);
            long t0 = System.nanoTime();
            for (int i = 0; i < count / 2; i++) {
                ticker.c().receive();
            }
            ticker.reset(delta.multipliedBy(2));
            for (int i = 0; i < count - count / 2; i++) {
                ticker.c().receive();
            }
            ticker.stop();
            long dt = System.nanoTime() - t0;
            long target = 3 * delta.toNanos() * (count / 2);
            long slop = target * 3 / 10;
            if (dt < target - slop || dt > target + slop) {
                errs.add(String.format("%d x %s then %d x %s took %.1f ms, want %.1f ms +-30%%",
                        count / 2, delta, count - count / 2, delta.multipliedBy(2), millis(dt), millis(target)));
                continue;
            }
            Time.sleep(delta.multipliedBy(2));
            noTick(ticker.c()); // stopped: nothing, although two periods passed
            return;
        }
        fail("%s", errs);
    }

    @Test
    void rule_TIME_20_tickWithNonPositiveDurationReturnsTheNilChannel() {
        RecvChan<Instant> nil = Chan.<Instant>nil().recvOnly();
        assertThat(Time.tick(Duration.ofNanos(-1))).isEqualTo(nil);
        assertThat(Time.tick(Duration.ZERO)).isEqualTo(nil);
        assertThat(Time.tick(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo(nil);
        assertThat(Time.tick(ms(1))).isNotEqualTo(nil);
        // and it behaves as nil: its case is never chosen
        String r = Select.select(Time.tick(Duration.ZERO).onReceive(t -> "tick"), Select.onTimeout(SCHED, () -> "none"));
        assertThat(r).isEqualTo("none");
    }

    @Test
    void rule_TIME_21_nonPositiveTickerIntervalsThrowWithGosMessages() {
        assertThatThrownBy(() -> Time.newTicker(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("non-positive interval for NewTicker");
        assertThatThrownBy(() -> Time.newTicker(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("non-positive interval for NewTicker");
        Ticker tk = Time.newTicker(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tk.reset(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("non-positive interval for Ticker.Reset");
        assertThatThrownBy(() -> tk.reset(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("non-positive interval for Ticker.Reset");
        // the failed reset changed nothing: the ticker still runs with its old period
        tk.stop();
    }

    @Test
    void rule_TIME_22_noHandMadeTickerCanExist() {
        // Go tolerates Stop on `&Ticker{C: c}` and panics on its Reset; a gochan Ticker can only
        // be made by Time.newTicker, so neither case arises.
        assertThat(Ticker.class.getConstructors()).isEmpty();
        assertThat(Modifier.isFinal(Ticker.class.getModifiers())).isTrue();
        for (var c : Ticker.class.getDeclaredConstructors()) {
            assertThat(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())).isFalse();
        }
    }

    @Test
    @Tag("timing")
    void rule_TIME_23_tickerStopDoesNotCloseTheChannel() {
        Ticker tk = Time.newTicker(ms(1));
        assertTick(tk.c());
        tk.stop();
        // a closed channel would be ready (with ok == false); a stopped ticker's is not
        assertThat(tk.c().tryReceive(SCHED)).isEmpty();
        String r = Select.select(tk.c().onReceiveOk(v -> "ready " + v), Select.onTimeout(SCHED, () -> "blocked"));
        assertThat(r).isEqualTo("blocked");
        tk.reset(ms(1)); // and it can be restarted
        assertTick(tk.c());
        tk.stop();
    }

    @Test
    @Tag("timing")
    void rule_TIME_24_tickerTeardownAndStressUnderGcPressure() throws Exception {
        for (int i = 0; i < 3; i++) {
            Ticker tk = Time.newTicker(ms(20));
            tk.c().receive();
            tk.stop();
        }
        AtomicBoolean stop = new AtomicBoolean();
        go(() -> { // GC pressure
            while (!stop.get()) {
                byte[][] junk = new byte[64][];
                for (int j = 0; j < junk.length; j++) {
                    junk[j] = new byte[1024];
                }
                if (junk[63].length != 1024) {
                    throw new AssertionError();
                }
                Thread.yield();
            }
        });
        try {
            Ticker fast = Time.newTicker(Duration.ofNanos(1));
            for (int i = 0; i < 100; i++) {
                fast.c().receive();
            }
            fast.stop();
            Ticker shared = Time.newTicker(Duration.ofNanos(1));
            AtomicInteger received = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(10);
            for (int g = 0; g < 10; g++) {
                go(() -> {
                    for (int i = 0; i < 100; i++) {
                        shared.c().receive();
                        received.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(PATIENCE.toMillis() * 2, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(received).hasValue(1000);
            shared.stop();
        } finally {
            stop.set(true);
        }
    }

    @Test
    @Tag("timing")
    void tickerValuesAreItsScheduleAndAStoppedTickerRestartsOnReset() {
        Duration p = ms(5);
        Ticker tk = Time.newTicker(p);
        Instant a = tk.c().receive();
        Instant b = tk.c().receive();
        long gap = Duration.between(a, b).toNanos();
        assertThat(gap % p.toNanos()).isZero();
        assertThat(gap).isPositive();
        tk.stop();
        Time.sleep(p.multipliedBy(2));
        noTick(tk.c());
        Instant before = Time.now();
        tk.reset(p);
        Instant c = tk.c().receive();
        assertThat(c).isAfterOrEqualTo(before.plus(p));
        tk.stop();
    }
}
