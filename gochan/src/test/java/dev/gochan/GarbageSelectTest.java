package dev.gochan;

import static dev.gochan.SelTestSupport.awaitValue;
import static dev.gochan.SelTestSupport.queued;
import static dev.gochan.SelTestSupport.stress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import dev.gochan.internal.Clock;
import dev.gochan.time.Time;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Selects and timed operations leave nothing behind: after a million selects with a timeout, the
 * channel's wait queues are empty and the timer thread's heap of pending wake-ups is back where
 * it started (it never grows while the loop runs). Also RULE-SEL-21 (test/chan/select2.go).
 *
 * <p>The wait-queue sizes and the heap size are read through test hooks
 * ({@code HChan.recvQueueSize/sendQueueSize}, {@code Clock.pendingTimers}). Heap sizes are
 * printed for the record and checked only against a generous bound.
 */
@Timeout(180)
class GarbageSelectTest {

    static final int MILLION = 1_000_000;

    private static int pending() {
        return Clock.current().pendingTimers();
    }

    /** Used heap after a few full collections (an estimate; only checked against wide bounds). */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** Waits until the wake-ups scheduled by this test have run or been removed. */
    private static void awaitTimerHeapBackTo(int baseline) {
        awaitValue("timer heap back to at most " + baseline + " (1 = yes)",
                () -> pending() <= baseline ? 1 : 0, 1, Duration.ofSeconds(30));
    }

    @Test
    void millionSelectsWithNanosecondTimeoutOnNeverReadyChannel() {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> buffered = Chan.make(1);
        int baseline = pending();
        long heapBefore = usedHeapAfterGc();
        int maxPending = 0;
        int timeouts = 0;
        for (int i = 0; i < MILLION * stress(); i++) {
            Chan<Integer> c = (i & 1) == 0 ? ch : buffered;
            int r = Select.select(c.onReceive(v -> 1), Select.onTimeout(Duration.ofNanos(1), () -> 0));
            timeouts += 1 - r;
            if ((i & 0x3fff) == 0) {
                maxPending = Math.max(maxPending, pending());
                assertThat(queued(ch) + queued(buffered)).as("queued after %d selects", i).isZero();
            }
        }
        assertThat(timeouts).isEqualTo(MILLION * stress());
        assertThat(queued(ch)).isZero();
        assertThat(queued(buffered)).isZero();
        assertThat(maxPending).as("timer heap during the loop").isLessThanOrEqualTo(baseline + 8);
        awaitTimerHeapBackTo(baseline);
        long heapAfter = usedHeapAfterGc();
        System.out.printf("1e6 selects, 1 ns timeout: heap %d -> %d KiB, timer heap %d (max %d)%n",
                heapBefore >> 10, heapAfter >> 10, pending(), maxPending);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(32L << 20);
    }

    @Test
    void millionSelectsWithLongTimeoutAndReadyChannel() {
        Chan<Integer> ch = Chan.make(1);
        int baseline = pending();
        long heapBefore = usedHeapAfterGc();
        int maxPending = 0;
        for (int i = 0; i < MILLION * stress(); i++) {
            ch.send(i);
            int r = (i & 1) == 0
                    ? Select.select(ch.onReceive(v -> v), Select.onTimeout(Duration.ofHours(1), () -> -1))
                    : Select.select(ch.onReceive(v -> v),
                            Time.after(Duration.ofHours(1)).onReceive(t -> -1));
            assertThat(r).isEqualTo(i);
            if ((i & 0x3fff) == 0) {
                maxPending = Math.max(maxPending, pending());
            }
        }
        assertThat(queued(ch)).isZero();
        assertThat(maxPending).as("timer heap during the loop").isLessThanOrEqualTo(baseline + 8);
        awaitTimerHeapBackTo(baseline);
        long heapAfter = usedHeapAfterGc();
        System.out.printf("1e6 selects, 1 h timeout, channel ready: heap %d -> %d KiB%n",
                heapBefore >> 10, heapAfter >> 10);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(32L << 20);
    }

    /**
     * The select blocks (registering a wake-up for its one-hour timeout) and is woken by a sender:
     * each wake-up must be removed from the timer heap when the select leaves.
     */
    @Test
    void blockedSelectsWithLongTimeoutWokenBySenderCancelTheirWakeups() {
        final int n = 100_000 * stress();
        Chan<Integer> ch = Chan.make();
        int baseline = pending();
        int[] maxPending = {0};
        try (Scope s = new Scope()) {
            s.go(() -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
            });
            for (int i = 0; i < n; i++) {
                int r = Select.select(ch.onReceive(v -> v),
                        Select.onTimeout(Duration.ofHours(1), () -> -1));
                assertThat(r).isEqualTo(i);
                if ((i & 0x3ff) == 0) {
                    maxPending[0] = Math.max(maxPending[0], pending());
                }
            }
            s.join();
        }
        assertThat(queued(ch)).isZero();
        assertThat(maxPending[0]).as("timer heap during the loop").isLessThanOrEqualTo(baseline + 8);
        awaitTimerHeapBackTo(baseline);
    }

    /**
     * Selects whose timeout has not expired when they poll: they block, register a wake-up, and
     * the timer thread wakes them. Each wake-up leaves the heap when it runs; the never-ready
     * channel keeps no registration.
     */
    @Test
    void selectsTimedOutByTheTimerThreadLeaveNothing() {
        final int n = 20_000 * stress();
        Chan<Integer> ch = Chan.make();
        int baseline = pending();
        int maxPending = 0;
        for (int i = 0; i < n; i++) {
            int r = Select.select(ch.onReceive(v -> 1), Select.onTimeout(Duration.ofNanos(10_000), () -> 0));
            assertThat(r).isZero();
            if ((i & 0xff) == 0) {
                maxPending = Math.max(maxPending, pending());
                assertThat(queued(ch)).isZero();
            }
        }
        assertThat(queued(ch)).isZero();
        assertThat(maxPending).as("timer heap during the loop").isLessThanOrEqualTo(baseline + 8);
        awaitTimerHeapBackTo(baseline);
    }

    /** Timed trySend/tryReceive that time out withdraw their waiters. */
    @Test
    void timedOutTrySendAndTryReceiveLeaveNoWaiters() {
        final int n = 100_000 * stress();
        for (int cap : new int[] {0, 1}) {
            Chan<Integer> empty = Chan.make(cap);
            Chan<Integer> full = Chan.make(cap);
            if (cap > 0) {
                full.send(-1);
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                Duration d = Duration.ofNanos(rnd.nextInt(1, 2_000));
                assertThat(empty.tryReceive(d)).isEmpty();
                assertThat(full.trySend(i, d)).isFalse();
            }
            assertThat(queued(empty)).as("cap %d: receivers left", cap).isZero();
            assertThat(queued(full)).as("cap %d: senders left", cap).isZero();
            assertThat(full.len()).isEqualTo(cap);
        }
    }

    /**
     * test/chan/select2.go: 100000 two-case selects, twice; the second round must not grow the
     * footprint (Go reports more than 110 kB). Here: the never-ready channel's queue holds no
     * abandoned registration after each round, and the heap growth is printed and bounded.
     */
    @Test
    void rule_SEL_21_repeatedSelectsDoNotLeak() {
        final int n = 100_000;
        Chan<Integer> c = Chan.make();
        Chan<Integer> dummy = Chan.make();
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = usedHeapAfterGc();
            }
            try (Scope s = new Scope()) {
                s.go(() -> {
                    for (int i = 0; i < n; i++) {
                        c.send(1);
                    }
                });
                for (int i = 0; i < n; i++) {
                    Select.run(c.onReceiveDo(v -> { }),
                            dummy.onReceiveDo(v -> {
                                throw new AssertionError("dummy");
                            }));
                }
                s.join();
            }
            assertThat(queued(dummy)).as("registrations left on dummy after round %d", round).isZero();
            assertThat(queued(c)).isZero();
        }
        long after = usedHeapAfterGc();
        System.out.printf("select2: heap growth over the second 100000 selects: %d KiB%n",
                (after - before) >> 10);
        assertThat(after - before).as("heap growth").isLessThan(16L << 20);
    }
}
