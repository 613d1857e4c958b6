package dev.gochan.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait queue's two lanes and the single-CAS delivery, deterministically and on one thread:
 * the channel tests exercise them concurrently, these pin down each step.
 */
@Timeout(30)
class WaitQueueTest {
    private static Waiter receiver() {
        return new Waiter(false, null);
    }

    private static Waiter sender(Object v) {
        return new Waiter(true, v);
    }

    /** Cancels a plain waiter the way its owner does on a timeout. */
    private static void timeOut(Waiter w) {
        long past = Clock.current().nanoTime() - 1;
        assertThat(w.await(past, "test", null, 0)).isEqualTo(Waiter.TIMED_OUT);
    }

    @Test
    void aNodeWaitsInTheLaneOfItsKindAndEachLaneIsFifo() {
        WaitQueue q = new WaitQueue();
        Waiter r1 = receiver();
        Waiter s1 = sender("a");
        Waiter r2 = receiver();
        Waiter s2 = sender("b");
        q.enqueue(r1);
        q.enqueue(s1);
        q.enqueue(r2);
        q.enqueue(s2);
        assertThat(q.size(false)).isEqualTo(2);
        assertThat(q.size(true)).isEqualTo(2);
        assertThat(q.size()).as("the lane-less size is the receive lane's").isEqualTo(2);
        assertThat(q.claimFirst(true)).isSameAs(s1);
        assertThat(q.claimFirst(false)).isSameAs(r1);
        assertThat(q.claimFirst()).isSameAs(r2);
        assertThat(q.claimFirst(true)).isSameAs(s2);
        assertThat(q.claimFirst(true)).isNull();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size(true)).isZero();
    }

    @Test
    void removeUnlinksFromTheMiddleOfItsLaneAndIsIdempotent() {
        WaitQueue q = new WaitQueue();
        Waiter a = sender(1);
        Waiter b = sender(2);
        Waiter c = sender(3);
        q.enqueue(a);
        q.enqueue(b);
        q.enqueue(c);
        q.remove(b);
        q.remove(b);
        assertThat(q.size(true)).isEqualTo(2);
        assertThat(q.claimAll(true)).isSameAs(a);
        assertThat(a.next).as("claimAll chains what it claimed").isSameAs(c);
        assertThat(q.size(true)).isZero();
    }

    @Test
    void deliveringToAPlainWaiterCompletesItInOneStep() {
        WaitQueue q = new WaitQueue();
        Waiter r = receiver();
        q.enqueue(r);
        assertThat(q.deliverFirst(false, "v", true)).isSameAs(r);
        assertThat(r.isWaiting()).isFalse();
        assertThat(q.size(false)).isZero();
        // already DONE before finishDelivery: the owner's wait ends without parking
        assertThat(r.await(Waiter.NO_DEADLINE, "test", null, 1)).isEqualTo(Waiter.COMPLETED);
        assertThat(r.success()).isTrue();
        assertThat(r.selected()).isSameAs(r);
        assertThat(r.item).isEqualTo("v");
        r.finishDelivery("v", true); // owner not parked: nothing to unpark
    }

    @Test
    void deliveringToASenderLeavesItsValueForTheReceiver() {
        WaitQueue q = new WaitQueue();
        Waiter s = sender("payload");
        q.enqueue(s);
        Waiter got = q.deliverFirst(true, null, true);
        assertThat(got).isSameAs(s);
        assertThat(got.item).isEqualTo("payload");
        assertThat(s.await(Waiter.NO_DEADLINE, "test", null, 1)).isEqualTo(Waiter.COMPLETED);
        assertThat(s.success()).isTrue();
    }

    @Test
    void aSelectNodeIsOnlyClaimedUntilTheDeliveryIsFinished() {
        WaitQueue q = new WaitQueue();
        Waiter group = receiver();
        Waiter node = new Waiter(group, 3, false, null);
        q.enqueue(node);
        assertThat(q.deliverFirst(false, "x", true)).isSameAs(node);
        assertThat(group.isWaiting()).as("claimed").isFalse();
        assertThat(node.item).as("nothing written before the completion").isNull();
        node.finishDelivery("x", true);
        assertThat(group.await(Waiter.NO_DEADLINE, "test", null, 1)).isEqualTo(Waiter.COMPLETED);
        assertThat(group.selected()).isSameAs(node);
        assertThat(group.selected().caseIndex).isEqualTo(3);
        assertThat(node.item).isEqualTo("x");
    }

    @Test
    void deliveryDropsCancelledWaitersAndSelectNodesWonElsewhere() {
        WaitQueue q = new WaitQueue();
        Waiter cancelled = receiver();
        timeOut(cancelled);
        Waiter wonGroup = receiver();
        Waiter wonElsewhere = new Waiter(wonGroup, 0, false, null);
        assertThat(wonGroup.tryClaim()).isTrue(); // another channel's counterpart got there first
        Waiter live = receiver();
        q.enqueue(cancelled);
        q.enqueue(wonElsewhere);
        q.enqueue(live);
        assertThat(q.deliverFirst(false, 42, true)).isSameAs(live);
        assertThat(q.size(false)).as("the stale nodes were dropped on the way").isZero();
        assertThat(wonGroup.selected()).as("the select won elsewhere was not completed here")
                .isNull();
        assertThat(q.deliverFirst(false, 43, true)).isNull();
    }

    @Test
    void aFailedCompletionLeavesTheNodesItemAlone() {
        // A semaphore keeps a request's weight in item and reads it under its lock while a
        // context cancel completes the node without that lock (the bug behind this rule).
        Waiter w = new Waiter(false, 7L);
        assertThat(w.tryClaim()).isTrue();
        w.complete(null, false);
        assertThat(w.item).isEqualTo(7L);
        assertThat(w.await(Waiter.NO_DEADLINE, "test", null, 1)).isEqualTo(Waiter.COMPLETED);
        assertThat(w.success()).isFalse();
    }

    @Test
    void theQueueLockExcludesAndReleases() throws InterruptedException {
        WaitQueue q = new WaitQueue();
        q.lock();
        AtomicBoolean trying = new AtomicBoolean();
        boolean[] entered = new boolean[1];
        Thread other = Thread.ofVirtual().start(() -> {
            trying.set(true);
            q.lock();
            entered[0] = true;
            q.unlock();
        });
        while (!trying.get()) {
            Thread.onSpinWait();
        }
        assertThat(other.join(Duration.ofMillis(50))).as("held: the other waits")
                .isFalse();
        q.unlock();
        other.join();
        assertThat(entered[0]).isTrue();
    }
}
