package dev.gochan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every benchmark method, run once with a small message count outside JMH: each one checks that
 * its consumers received every value exactly once, so a passing run means the workload is what
 * it claims for every contender. Also the harness itself: failures in a goroutine must reach the
 * caller.
 */
@Timeout(60)
class WorkloadsTest {
    private static final int N = 4_000 * Integer.getInteger("gochan.stress", 1);

    @Test
    void w1_pingPong_everyContender() throws Exception {
        W1PingPong b = new W1PingPong();
        b.n = N;
        b.jox();
        b.synchronousQueue();
        b.gochan();
    }

    @Test
    void w2_unbuffered_everyContender() throws Exception {
        W2Unbuffered b = new W2Unbuffered();
        b.n = N;
        b.jox();
        b.synchronousQueue();
        b.linkedTransferQueue();
        b.gochan();
    }

    @Test
    void w3_buffered_everyContender() throws Exception {
        W3Buffered b = new W3Buffered();
        b.n = N;
        b.jox();
        b.arrayBlockingQueue();
        b.linkedTransferQueue();
        b.gochan();
    }

    @Test
    void w4_mpmc_everyContender() throws Exception {
        W4Mpmc b = new W4Mpmc();
        b.n = N;
        b.checkN();
        b.jox();
        b.arrayBlockingQueue();
        b.gochan();
    }

    @Test
    void ringFloor_receivesEveryValueOnceInBothVariants() {
        RingFloor f = new RingFloor();
        long n = RingFloor.MESSAGES;
        long first = 1 << 20; // the first value sent
        assertThat(f.claimed()).isEqualTo(n * first + n * (n - 1) / 2);
        assertThat(f.unclaimed()).isEqualTo(n * (first + n) + n * (n - 1) / 2);
    }

    @Test
    void w4_rejectsCountThatDoesNotSplitEvenly() {
        W4Mpmc b = new W4Mpmc();
        b.n = 10;
        assertThatThrownBy(b::checkN).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void w5_select_everyContender_unbufferedAndBuffered() throws Exception {
        for (int capacity : new int[] {0, 16}) {
            W5Select b = new W5Select();
            b.n = N;
            b.capacity = capacity;
            b.checkN();
            b.jox();
            b.gochan();
        }
    }

    @Test
    void workers_runEveryTaskOnItsOwnVirtualThread() throws Exception {
        AtomicInteger virtual = new AtomicInteger();
        Workers.run(() -> {
            if (Thread.currentThread().isVirtual()) {
                virtual.incrementAndGet();
            }
        }, () -> {
            if (Thread.currentThread().isVirtual()) {
                virtual.incrementAndGet();
            }
        });
        assertThat(virtual).hasValue(2);
    }

    @Test
    void workers_rethrowAFailureAfterAllTasksEnded() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> Workers.run(() -> {
            throw new IllegalStateException("boom");
        }, finished::incrementAndGet)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(finished).hasValue(1);
    }

    @Test
    void checkSum_rejectsALostOrDuplicatedMessage() {
        Workers.checkSum(4, 0 + 1, 2 + 3);
        assertThatThrownBy(() -> Workers.checkSum(4, 0 + 1, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Workers.checkSum(4, 0 + 1, 2 + 3 + 3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void memoryFootprint_measuresEveryContender() throws Exception {
        for (String c : new String[] {"jox", "synchronousQueue", "gochan", "gochanThread"}) {
            // A parked virtual thread with its stack and channel takes well over 200 bytes; a
            // measurement that counts nothing (or the wrong objects) would not.
            assertThat(MemoryFootprint.measure(MemoryFootprint.contender(c), 5_000)).as(c).isGreaterThan(200);
        }
    }
}
