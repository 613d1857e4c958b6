package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.SCHED;
import static dev.gochan.time.TimeTestSupport.assertTick;
import static dev.gochan.time.TimeTestSupport.awaitBlocked;
import static dev.gochan.time.TimeTestSupport.go;
import static dev.gochan.time.TimeTestSupport.ms;
import static dev.gochan.time.TimeTestSupport.noTick;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SEMANTICS.md TIME-09..14 and the Go 1.23 timer-channel rules TIME-26..32, for Timer and Ticker. */
@Timeout(60)
class TimerRulesTest {

    // ---- TIME-09..14: Timer.stop and Timer.reset -----------------------------------------------

    @Test
    @Tag("timing")
    void rule_TIME_09_stopBeforeFiringReturnsTrueAndPreventsDelivery_secondStopReturnsFalse() {
        List<String> errs = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) { // Go tolerates 4 flaky failures of 5
            Time.afterFunc(ms(100), () -> { });
            Timer t0 = Time.newTimer(ms(50));
            Chan<Boolean> c1 = Chan.make(1);
            Timer t1 = Time.afterFunc(ms(150), () -> c1.send(true));
            RecvChan<Instant> c2 = Time.after(ms(200));
            if (!t0.stop()) {
                errs.add("could not stop the channel timer");
                continue;
            }
            if (!t1.stop()) {
                errs.add("could not stop the func timer");
                continue;
            }
            c2.receive();
            String extra = Select.select(t0.c().onReceive(v -> "channel timer fired after stop"),
                    c1.onReceive(v -> "func timer ran after stop"), Select.onDefault(() -> null));
            if (extra != null) {
                errs.add(extra);
                continue;
            }
            if (t1.stop()) {
                errs.add("stop returned true twice");
                continue;
            }
            assertThat(t0.stop()).as("second stop of the channel timer").isFalse();
            return;
        }
        fail("%s", errs);
    }

    @Test
    @Tag("timing")
    void rule_TIME_10_resetOfActiveTimerReturnsTrue_doesNotFireEarly_firesAfterNewDuration() {
        List<String> errs = new ArrayList<>();
        for (Duration d = ms(5); d.compareTo(ms(1000)) <= 0; d = d.multipliedBy(2)) {
            String err = resetOnce(d);
            if (err == null) {
                return;
            }
            errs.add(d + ": " + err);
        }
        fail("%s", errs);
    }

    private static String resetOnce(Duration d) {
        Timer t = Time.newTimer(d.multipliedBy(2));
        Time.sleep(d);
        if (!t.reset(d.multipliedBy(3))) {
            return "reset of an unfired timer returned false";
        }
        Time.sleep(d.multipliedBy(2));
        if (t.c().tryReceive().isPresent()) {
            return "timer fired early";
        }
        Time.sleep(d.multipliedBy(2));
        if (t.c().tryReceive().isEmpty()) {
            return "reset timer did not fire";
        }
        if (t.reset(ms(50))) {
            return "reset of an expired and received timer returned true";
        }
        return null;
    }

    @Test
    void rule_TIME_11_noUninitializedTimerCanExist() throws Exception {
        // Go's zero Timer panics on Stop/Reset ("called on uninitialized Timer"); a gochan Timer
        // can only be made by Time, so there is nothing to panic about.
        assertThat(Timer.class.getConstructors()).isEmpty();
        assertThat(Modifier.isFinal(Timer.class.getModifiers())).isTrue();
        for (var c : Timer.class.getDeclaredConstructors()) {
            assertThat(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())).isFalse();
        }
    }

    @Test
    @Tag("timing")
    void rule_TIME_13_movingATimerEarlierRepeatedlyNeverDropsIt() throws Exception {
        int n = 1000;
        CountDownLatch fired = new CountDownLatch(n);
        AtomicInteger errors = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            go(() -> {
                Timer t = Time.newTimer(Duration.ofHours(1));
                for (int j = 0; j < 10; j++) {
                    if (!t.stop()) {
                        t.c().receive(); // Go 1.23: never needed (Stop of an unreceived timer is true)
                        errors.incrementAndGet();
                    }
                    t.reset(Duration.ofNanos(-1)); // in the past
                }
                if (t.c().tryReceive(Duration.ofSeconds(8)).isPresent()) {
                    fired.countDown();
                }
            });
        }
        assertThat(fired.await(10, TimeUnit.SECONDS)).as("timers that fired").isTrue();
        assertThat(errors).as("stops that returned false").hasValue(0);
    }

    @Test
    @Tag("timing")
    void rule_TIME_14_randomResetStopStateMachineOverHundredTimers() {
        // Each timer walks: new(0) -> received -> {reset(long) -> stop} x3 -> reset(0) -> received.
        // Steps of different timers are interleaved at random.
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = 100;
        Timer[] timers = new Timer[n];
        int[] state = new int[n];
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            live.add(i);
        }
        while (!live.isEmpty()) {
            int k = rnd.nextInt(live.size());
            int i = live.get(k);
            Timer t = timers[i];
            switch (state[i]++) {
                case 0 -> timers[i] = Time.newTimer(Duration.ZERO);
                case 1 -> assertTick(t.c()); // now idle
                case 2, 4, 6 -> assertThat(t.reset(Duration.ofMinutes(1 + state[i] % 3)))
                        .as("reset of a fired, received or stopped timer").isFalse();
                case 3, 5, 7 -> assertThat(t.stop()).as("stop of a long pending timer").isTrue();
                case 8 -> assertThat(t.reset(Duration.ZERO)).as("reset(0) of a stopped timer").isFalse();
                case 9 -> {
                    long t0 = System.nanoTime();
                    assertTick(t.c());
                    assertThat(System.nanoTime() - t0).isLessThan(ms(750).toNanos());
                    noTick(t.c());
                }
                default -> live.remove(k);
            }
        }
    }

    // ---- TIME-26..32: Go 1.23 timer channels, for Timer and Ticker -----------------------------

    /** Timer and Ticker behind one face, as Go's testTimerChan does (a Ticker's "pending" is "not stopped"). */
    private interface Tim {
        RecvChan<Instant> c();

        boolean stop();

        boolean reset(Duration d);

        boolean isTicker();
    }

    private static Tim make(String kind, Duration d) {
        if (kind.equals("Timer")) {
            Timer t = Time.newTimer(d);
            return new Tim() {
                public RecvChan<Instant> c() {
                    return t.c();
                }

                public boolean stop() {
                    return t.stop();
                }

                public boolean reset(Duration d2) {
                    return t.reset(d2);
                }

                public boolean isTicker() {
                    return false;
                }
            };
        }
        Ticker t = Time.newTicker(d);
        return new Tim() {
            private boolean stopped;

            public RecvChan<Instant> c() {
                return t.c();
            }

            public boolean stop() {
                boolean pending = !stopped;
                stopped = true;
                t.stop();
                return pending;
            }

            public boolean reset(Duration d2) {
                boolean pending = !stopped;
                stopped = false;
                t.reset(d2);
                return pending;
            }

            public boolean isTicker() {
                return true;
            }
        };
    }

    private static final Duration FAR = Duration.ofSeconds(10_000);

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    void rule_TIME_26_timerChannelsAreUnbuffered_lenAndCapAlwaysZero(String kind) throws Exception {
        Tim tim = make(kind, ms(1));
        RecvChan<Instant> c = tim.c();
        assertThat(c.cap()).isZero();
        assertThat(c.len()).isZero();
        // fired and not received: still nothing "in" the channel
        tim.reset(Duration.ofNanos(1));
        Time.sleep(SCHED);
        assertThat(c.len()).isZero();
        assertThat(c.cap()).isZero();
        assertTick(c);
        assertThat(c.len()).isZero();
        tim.stop();
        assertThat(c.len()).isZero();
        assertThat(Time.after(Duration.ZERO).len()).isZero();
        assertThat(Time.after(Duration.ZERO).cap()).isZero();
        assertThat(Time.tick(ms(1)).cap()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    void rule_TIME_27_stopOfAnUnfiredTimerAndResetFarAwayLeaveNoValue(String kind) {
        Tim tim = make(kind, FAR);
        assertThat(tim.stop()).isTrue();
        noTick(tim.c());
        assertThat(tim.stop()).isFalse();
        noTick(tim.c());
        assertThat(tim.reset(FAR)).isFalse();
        noTick(tim.c());
        assertThat(tim.c().tryReceive(SCHED)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    @Tag("timing")
    void rule_TIME_28_noStaleValuesAfterReset(String kind) {
        Tim tim = make(kind, FAR);
        tim.reset(Duration.ofNanos(1));
        Time.sleep(SCHED);
        assertTick(tim.c());
        // A ticker has long since passed its next tick (1 ns period) and a fired timer may still
        // look due; after Reset none of that can be received, and no draining is needed.
        Time.sleep(SCHED);
        tim.reset(FAR);
        noTick(tim.c());
        assertThat(tim.c().tryReceive(SCHED)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    @Tag("timing")
    void rule_TIME_29_blockedReceiverIsNotWokenByResetFarAway_butByResetToOneNanosecond(String kind)
            throws Exception {
        Tim tim = make(kind, FAR);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = go(() -> {
            tim.c().receive();
            done.countDown();
        });
        awaitBlocked(t);
        assertThat(done.await(SCHED.toMillis(), TimeUnit.MILLISECONDS)).as("early done").isFalse();
        tim.reset(FAR.multipliedBy(2));
        assertThat(done.await(SCHED.toMillis(), TimeUnit.MILLISECONDS)).as("woken by a far reset").isFalse();
        tim.reset(Duration.ofNanos(1));
        assertThat(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("never woken").isTrue();
        if (tim.isTicker()) {
            assertTick(tim.c()); // 1 ns later, another tick is due
        } else {
            noTick(tim.c());
            assertThat(tim.c().tryReceive(SCHED)).isEmpty();
        }
        tim.stop();
        noTick(tim.c());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    @Tag("timing")
    void rule_TIME_30_oneFiringWakesExactlyOneOfTwoBlockedSelects_andAStoppedTimerWakesNone(String kind)
            throws Exception {
        Tim tim = make(kind, FAR);
        Chan<Boolean> done = Chan.make(2);
        Chan<Void> stop = Chan.make();
        Chan<Boolean> exited = Chan.make(2);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(go(() -> {
                Select.run(tim.c().onReceiveDo(v -> done.send(true)), stop.onReceiveDo(v -> { }));
                exited.send(true);
            }));
        }
        threads.forEach(TimeTestSupport::awaitBlocked);
        assertThat(done.tryReceive(SCHED)).isEmpty();
        tim.reset(SCHED.dividedBy(2));
        assertThat(done.tryReceive(PATIENCE)).as("one select received the firing").isPresent();
        assertThat(exited.tryReceive(PATIENCE)).isPresent();
        tim.stop();
        if (!tim.isTicker()) {
            // a timer fires once: the other select stays blocked until stop is closed
            assertThat(exited.tryReceive(SCHED)).as("the second select returned").isEmpty();
            assertThat(done.tryReceive()).as("a second select received the same firing").isEmpty();
        }
        stop.close();
        assertThat(exited.tryReceive(PATIENCE)).isPresent();
        if (tim.isTicker()) {
            done.tryReceive(); // a second tick may have reached the other select before the stop
        }
        assertThat(done.tryReceive()).isEmpty();

        // Goroutines blocked on the channel of a stopped timer never receive.
        Chan<Void> stop2 = Chan.make();
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch exited2 = new CountDownLatch(2);
        threads.clear();
        for (int i = 0; i < 2; i++) {
            threads.add(go(() -> {
                Select.run(tim.c().onReceiveDo(v -> unexpected.incrementAndGet()), stop2.onReceiveDo(v -> { }));
                exited2.countDown();
            }));
        }
        threads.forEach(TimeTestSupport::awaitBlocked);
        assertThat(exited2.await(SCHED.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        stop2.close();
        assertThat(exited2.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(unexpected).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Timer", "Ticker"})
    @Tag("timing")
    void rule_TIME_31_expiredButUnreceivedCountsAsPending(String kind) {
        Tim tim = make(kind, FAR);
        tim.reset(Duration.ofNanos(1));
        Time.sleep(SCHED); // it has expired; nobody received
        assertThat(tim.stop()).as("stop of an expired, unreceived timer").isTrue();
        noTick(tim.c());
        assertThat(tim.c().tryReceive(SCHED)).as("the expired value after stop").isEmpty();

        tim.reset(Duration.ofHours(1));
        noTick(tim.c());
        assertThat(tim.reset(Duration.ofNanos(1))).as("reset of a pending timer").isTrue();
        assertTick(tim.c());
        Time.sleep(SCHED);
        if (tim.isTicker()) {
            assertTick(tim.c());
            Time.sleep(SCHED);
        } else {
            noTick(tim.c());
        }
        assertThat(tim.reset(Duration.ofHours(1))).as("reset after the value was received")
                .isEqualTo(tim.isTicker());
        noTick(tim.c());
        tim.stop();
    }

    @Test
    void rule_TIME_31_timerDocumentedGuarantee_stopTrueWhenNotReceivedAndRunning() {
        // "if the program has not received from t.C already and the timer is running, Stop is
        // guaranteed to return true": immediately-due timers included.
        for (int i = 0; i < 10_000; i++) {
            Timer t = Time.newTimer(Duration.ZERO);
            assertThat(t.stop()).isTrue();
            assertThat(t.c().tryReceive()).isEmpty();
        }
    }

    @Test
    @Tag("timing")
    void rule_TIME_32_legacyAsyncTimerChannelsAreNotEmulated() {
        // Go's asynctimerchan=1 had cap(C) == 1 and len(C) == 1 once fired, and let Stop/Reset
        // leave a stale value behind. gochan implements only the Go 1.23 behaviour.
        Timer t = Time.newTimer(Duration.ofNanos(1));
        Time.sleep(SCHED);
        assertThat(t.c().cap()).isZero();
        assertThat(t.c().len()).isZero();
        assertThat(t.reset(FAR)).isTrue();
        assertThat(t.c().tryReceive()).as("stale value after reset").isEmpty();
    }
}
