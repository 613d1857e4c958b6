package dev.gochan.time;

import static dev.gochan.time.TimeTestSupport.PATIENCE;
import static dev.gochan.time.TimeTestSupport.awaitBlocked;
import static dev.gochan.time.TimeTestSupport.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Select;
import dev.gochan.internal.Clock;
import dev.gochan.internal.TimerChan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The clock's timer heap, driven by a hand-advanced clock (what a virtual-time bubble will do),
 * and the laziness of timer channels: only a blocked waiter puts a timer in the heap.
 */
@Timeout(30)
class ClockTest {

    /** A clock that only moves when told to: fires due entries on the caller's thread. */
    static final class ManualClock extends Clock {
        private volatile long now;

        ManualClock() {
            super(Instant.parse("2000-01-01T00:00:00Z"), 0L);
        }

        @Override
        public long nanoTime() {
            return now;
        }

        void advance(long nanos) {
            now += nanos;
            runDue(now);
        }

        @Override
        protected boolean needsWake(long deadline) {
            return false;
        }

        @Override
        protected void wake() {
            throw new AssertionError("never asked to wake");
        }
    }

    /** An entry that records the order in which entries fire. */
    private static final class Probe extends Clock.Entry {
        final int id;
        final List<Integer> log;

        Probe(int id, List<Integer> log) {
            this.id = id;
            this.log = log;
        }

        @Override
        protected void fire(long now) {
            log.add(id);
        }
    }

    @Test
    void heapFiresInDeadlineOrder_rescheduleMoves_cancelRemoves() {
        ManualClock clock = new ManualClock();
        Random rnd = new Random(42);
        int n = 5000;
        List<Integer> log = new ArrayList<>();
        Probe[] probes = new Probe[n];
        long[] deadline = new long[n];
        boolean[] live = new boolean[n];
        for (int i = 0; i < n; i++) {
            probes[i] = new Probe(i, log);
            deadline[i] = 1 + rnd.nextInt(1_000_000);
            clock.schedule(probes[i], deadline[i]);
            live[i] = true;
        }
        for (int k = 0; k < 3 * n; k++) { // random moves and cancels, idempotent either way
            int i = rnd.nextInt(n);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    deadline[i] = 1 + rnd.nextInt(1_000_000);
                    clock.schedule(probes[i], deadline[i]);
                    live[i] = true;
                }
                case 1 -> {
                    clock.cancel(probes[i]);
                    live[i] = false;
                }
                default -> {
                    clock.schedule(probes[i], Long.MAX_VALUE); // never: removed as well
                    live[i] = false;
                }
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (live[i]) {
                expected.add(i);
            }
        }
        assertThat(clock.pendingTimers()).isEqualTo(expected.size());
        clock.advance(2_000_000);
        assertThat(clock.pendingTimers()).isZero();
        assertThat(log).containsExactlyInAnyOrderElementsOf(expected);
        for (int k = 1; k < log.size(); k++) {
            assertThat(deadline[log.get(k - 1)]).isLessThanOrEqualTo(deadline[log.get(k)]);
        }
    }

    @Test
    void heapExactness_cancelledEntriesNeverFire_andAreGoneAtOnce() {
        ManualClock clock = new ManualClock();
        List<Integer> log = new ArrayList<>();
        Probe a = new Probe(1, log);
        Probe b = new Probe(2, log);
        Probe c = new Probe(3, log);
        clock.schedule(a, 30);
        clock.schedule(b, 10);
        clock.schedule(c, 20);
        assertThat(clock.nextDeadline()).isEqualTo(10);
        clock.cancel(b);
        clock.cancel(b);
        assertThat(clock.pendingTimers()).isEqualTo(2);
        clock.schedule(a, 5); // earlier
        assertThat(clock.nextDeadline()).isEqualTo(5);
        clock.advance(19);
        assertThat(log).containsExactly(1);
        clock.advance(1);
        assertThat(log).containsExactly(1, 3);
        assertThat(clock.pendingTimers()).isZero();
        assertThat(clock.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        // a big heap shrinks back after a burst
        Probe[] many = new Probe[100_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = new Probe(i, log);
            clock.schedule(many[i], 1000 + i);
        }
        for (Probe p : many) {
            clock.cancel(p);
        }
        assertThat(clock.pendingTimers()).isZero();
        clock.advance(1_000_000);
        assertThat(log).containsExactly(1, 3);
    }

    @Test
    void timerChannelIsInTheHeapOnlyWhileSomeoneBlocksOnIt() throws Exception {
        ManualClock clock = new ManualClock();
        TimerChan c = TimerChan.after(clock, 100);
        assertThat(clock.pendingTimers()).isZero();
        assertThat(c.tryReceive()).isEmpty(); // polling schedules nothing
        assertThat(clock.pendingTimers()).isZero();

        AtomicReference<Instant> got = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = go(() -> {
            got.set(c.receive());
            done.countDown();
        });
        awaitBlocked(t);
        assertThat(clock.pendingTimers()).isEqualTo(1);
        assertThat(clock.nextDeadline()).isEqualTo(100);
        clock.advance(99);
        assertThat(done.getCount()).isEqualTo(1);
        clock.advance(1);
        assertThat(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(got.get()).isEqualTo(Instant.parse("2000-01-01T00:00:00.000000100Z"));
        assertThat(clock.pendingTimers()).isZero();
        assertThat(c.stop()).isFalse(); // received

        // a select that leaves through another case takes the timer out of the heap
        TimerChan late = TimerChan.after(clock, 1_000);
        dev.gochan.Chan<Integer> other = dev.gochan.Chan.make();
        CountDownLatch left = new CountDownLatch(1);
        Thread s = go(() -> {
            Select.run(late.onReceiveDo(v -> { }), other.onReceiveDo(v -> { }));
            left.countDown();
        });
        awaitBlocked(s);
        assertThat(clock.pendingTimers()).isEqualTo(1);
        other.send(1);
        assertThat(left.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(clock.pendingTimers()).isZero();

        // stop and reset move a blocked waiter's wake-up
        TimerChan r = TimerChan.after(clock, 1_000);
        CountDownLatch woke = new CountDownLatch(1);
        Thread w = go(() -> {
            r.receive();
            woke.countDown();
        });
        awaitBlocked(w);
        assertThat(clock.nextDeadline()).isEqualTo(clock.nanoTime() + 1_000);
        assertThat(r.stop()).isTrue();
        assertThat(clock.pendingTimers()).isZero();
        assertThat(r.reset(5)).isFalse();
        assertThat(clock.nextDeadline()).isEqualTo(clock.nanoTime() + 5);
        clock.advance(5);
        assertThat(woke.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void tickerChannelDeliversTheOldestPendingTickThenSkipsToTheSchedule() {
        ManualClock clock = new ManualClock();
        TimerChan tick = TimerChan.tick(clock, 10);
        clock.advance(55); // ticks due at 10, 20, 30, 40, 50
        assertThat(tick.tryReceive().orElseThrow().value()).isEqualTo(clock.instantAt(10));
        assertThat(tick.tryReceive()).isEmpty(); // 20..50 were dropped; next at 60
        clock.advance(5);
        assertThat(tick.tryReceive().orElseThrow().value()).isEqualTo(clock.instantAt(60));
        assertThat(tick.reset(7)).isTrue();
        clock.advance(6);
        assertThat(tick.tryReceive()).isEmpty();
        clock.advance(1);
        assertThat(tick.tryReceive().orElseThrow().value()).isEqualTo(clock.instantAt(67));
    }

    @Test
    void genericParkUntilWakesAtTheDeadlineOfTheClock() throws Exception {
        ManualClock clock = new ManualClock();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = go(() -> {
            long deadline = clock.nanoTime() + 1_000;
            while (clock.nanoTime() - deadline < 0) {
                clock.parkUntil(this, deadline);
            }
            done.countDown();
        });
        awaitBlocked(t);
        assertThat(clock.pendingTimers()).isEqualTo(1);
        assertThat(done.await(20, TimeUnit.MILLISECONDS)).isFalse();
        clock.advance(1_000);
        assertThat(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void anEntryThatThrowsDoesNotStopTheOthersNorTheTimerThread() throws Exception {
        ManualClock clock = new ManualClock();
        List<Integer> log = new ArrayList<>();
        List<Throwable> reported = new ArrayList<>();
        Thread me = Thread.currentThread();
        Thread.UncaughtExceptionHandler old = me.getUncaughtExceptionHandler();
        me.setUncaughtExceptionHandler((th, e) -> reported.add(e));
        try {
            clock.schedule(new Clock.Entry() {
                @Override
                protected void fire(long now) {
                    throw new IllegalStateException("entry failed");
                }
            }, 1);
            clock.schedule(new Probe(7, log), 2);
            clock.advance(2);
        } finally {
            me.setUncaughtExceptionHandler(old);
        }
        assertThat(log).containsExactly(7);
        assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage("entry failed"));

        // the system clock's timer thread survives the same
        Thread.UncaughtExceptionHandler dflt = Thread.getDefaultUncaughtExceptionHandler();
        CountDownLatch seen = new CountDownLatch(1);
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> seen.countDown());
        try {
            Clock sys = Clock.system();
            sys.schedule(new Clock.Entry() {
                @Override
                protected void fire(long now) {
                    throw new IllegalStateException("entry failed on the timer thread");
                }
            }, sys.nanoTime());
            assertThat(seen.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(dflt);
        }
        assertThat(Time.after(java.time.Duration.ofMillis(5)).tryReceive(PATIENCE)).isPresent();
    }
}
