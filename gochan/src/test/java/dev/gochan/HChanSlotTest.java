package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.ChanTestSupport.Task;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unbuffered channel's waiting slot (ADR 0008), path by path: the first blocked operation
 * waits in the channel itself, later ones in the lanes, and every way out of the slot (a
 * counterpart, a select, close, timeout, interrupt) leaves it free and loses nothing. The rule
 * tests cover the same behaviour from outside; these make sure each internal path is taken.
 *
 * <p>{@code awaitBlocked} returns once the waiter's wait record exists, which the slot writes
 * after its spin, just before parking: so the counterparts below meet a parked (or parking)
 * owner, the path that must unpark it.
 */
@Timeout(60)
class HChanSlotTest {

    private static HChan<Integer> chan() {
        return (HChan<Integer>) Chan.<Integer>make();
    }

    @Test
    void receiversAreServedInArrivalOrderAcrossTheSlotAndTheLane() {
        HChan<Integer> ch = chan();
        Task<Integer> first = Task.start("first", ch::receive).awaitBlocked("chan receive");
        Task<Integer> second = Task.start("second", ch::receive).awaitBlocked("chan receive");
        assertThat(ch.recvQueueSize()).as("slot owner plus one node in the lane").isEqualTo(2);
        ch.send(1);
        assertThat(first.await()).isEqualTo(1);
        ch.send(2);
        assertThat(second.await()).isEqualTo(2);
        assertThat(ch.recvQueueSize()).isZero();
    }

    @Test
    void sendersAreServedInArrivalOrderAcrossTheSlotAndTheLane() {
        HChan<Integer> ch = chan();
        Task<Void> first = Task.run("first", () -> ch.send(1)).awaitBlocked("chan send");
        Task<Void> second = Task.run("second", () -> ch.send(2)).awaitBlocked("chan send");
        assertThat(ch.sendQueueSize()).isEqualTo(2);
        assertThat(ch.receive()).isEqualTo(1);
        assertThat(ch.receive()).isEqualTo(2);
        first.await();
        second.await();
        assertThat(ch.sendQueueSize()).isZero();
    }

    @Test
    void aWaiterArrivingAfterASelectNodeQueuesBehindIt() {
        HChan<Integer> ch = chan();
        Task<Integer> select = Task.start("select",
                () -> Select.select(ch.onReceive(v -> v + 100))).awaitBlocked("select");
        Task<Integer> plain = Task.start("plain", ch::receive).awaitBlocked("chan receive");
        ch.send(1);
        assertThat(select.await()).as("the older waiter, a select in the lane").isEqualTo(101);
        ch.send(2);
        assertThat(plain.await()).isEqualTo(2);
    }

    @Test
    void aSelectSendCompletesAParkedReceiverInTheSlot() {
        HChan<Integer> ch = chan();
        Task<Integer> receiver = Task.start("receiver", ch::receive).awaitBlocked("chan receive");
        String chosen = Select.select(ch.onSend(7, () -> "sent"), Select.onDefault(() -> "default"));
        assertThat(chosen).isEqualTo("sent");
        assertThat(receiver.await()).isEqualTo(7);
    }

    @Test
    void aSelectReceiveCompletesAParkedSenderInTheSlot() {
        HChan<Integer> ch = chan();
        Task<Void> sender = Task.run("sender", () -> ch.send(8)).awaitBlocked("chan send");
        Chan<Integer> other = Chan.make();
        int got = Select.select(other.onReceive(v -> -1), ch.onReceive(v -> v));
        assertThat(got).isEqualTo(8);
        sender.await();
    }

    @Test
    void closeFailsTheSlotOwnerAndTheLaneAlike() {
        HChan<Integer> ch = chan();
        Task<Received<Integer>> first = Task.start("first", ch::receiveOk).awaitBlocked("chan receive");
        Task<Received<Integer>> second = Task.start("second", ch::receiveOk).awaitBlocked("chan receive");
        ch.close();
        assertThat(first.await().ok()).isFalse();
        assertThat(second.await().ok()).isFalse();
        assertThat(ch.recvQueueSize()).isZero();

        HChan<Integer> ch2 = chan();
        Task<Void> sender = Task.run("sender", () -> ch2.send(1)).awaitBlocked("chan send");
        ch2.close();
        assertThat(sender.awaitFailure()).isInstanceOf(ClosedChanException.class)
                .hasMessage("send on closed channel");
    }

    @Test
    void aTimedOutSenderLeavesTheSlotFreeAndItsValueUndelivered() {
        HChan<Integer> ch = chan();
        assertThat(ch.trySend(1, Duration.ofMillis(5))).isFalse();
        assertThat(ch.sendQueueSize()).isZero();
        assertThat(ch.tryReceive()).as("the value was withdrawn").isEmpty();
        Task<Void> sender = Task.run("sender", () -> ch.send(2)).awaitBlocked("chan send");
        assertThat(ch.sendQueueSize()).isEqualTo(1);
        assertThat(ch.receive()).isEqualTo(2);
        sender.await();
    }

    @Test
    void aTimedOutReceiverLeavesTheSlotFree() {
        HChan<Integer> ch = chan();
        assertThat(ch.tryReceive(Duration.ofMillis(5))).isEmpty();
        assertThat(ch.recvQueueSize()).isZero();
        assertThat(ch.trySend(1)).as("nobody waits any more").isFalse();
        Task<Integer> receiver = Task.start("receiver", ch::receive).awaitBlocked("chan receive");
        ch.send(3);
        assertThat(receiver.await()).isEqualTo(3);
    }

    @Test
    void anInterruptedSlotOwnerGivesUpWithoutLosingAValue() {
        HChan<Integer> ch = chan();
        Task<Void> sender = Task.run("sender", () -> ch.send(1)).awaitBlocked("chan send");
        assertThat(sender.interruptAndAwaitFailure()).isInstanceOf(GoInterruptedException.class);
        assertThat(sender.interruptedAtEnd).isTrue();
        assertThat(ch.sendQueueSize()).isZero();
        Optional<Received<Integer>> r = ch.tryReceive();
        assertThat(r).as("an interrupted send delivered nothing").isEmpty();
        Task<Integer> receiver = Task.start("receiver", ch::receive).awaitBlocked("chan receive");
        ch.send(5);
        assertThat(receiver.await()).isEqualTo(5);
    }

    /**
     * A receiver frees a waiting sender's slot itself (ADR 0011), so the next sender can wait in
     * it, with the very same state word, before the first one has looked: the first must still
     * see that its send is over (by the thread in the slot), or it waits for ever. Two senders
     * taking turns in the slot make that race frequent; a sender that misses it hangs the test.
     */
    @Test
    void sendersTakingTurnsInTheSlotAllReturnAndEveryValueArrivesOnce() {
        HChan<Integer> ch = chan();
        int perSender = 20_000 * ChanTestSupport.STRESS;
        Task<Void> a = Task.run("sender-a", () -> {
            for (int i = 0; i < perSender; i++) {
                ch.send(2 * i);
            }
        });
        Task<Void> b = Task.run("sender-b", () -> {
            for (int i = 0; i < perSender; i++) {
                ch.send(2 * i + 1);
            }
        });
        int nextEven = 0;
        int nextOdd = 1;
        for (int k = 0; k < 2 * perSender; k++) {
            int v = ch.receive();
            if (v % 2 == 0) {
                assertThat(v).as("sender a's values, once each, in order").isEqualTo(nextEven);
                nextEven += 2;
            } else {
                assertThat(v).as("sender b's values, once each, in order").isEqualTo(nextOdd);
                nextOdd += 2;
            }
        }
        a.await();
        b.await();
        assertThat(ch.sendQueueSize()).isZero();
    }

    /**
     * The receivers' side of the test above (ADR 0013): whoever completes a waiting receiver
     * frees the slot at once, so the next receiver to wait may bring back the very same state
     * word before the first has looked; the first must still find its value in its own
     * handoff. Two receivers taking turns make that race frequent; a receiver that misses its
     * value hangs the test, and a value delivered to the wrong wait shows up lost or twice.
     */
    @Test
    void receiversTakingTurnsInTheSlotAllReturnAndEveryValueArrivesOnce() {
        HChan<Integer> ch = chan();
        int perReceiver = 20_000 * ChanTestSupport.STRESS;
        int[][] got = new int[2][perReceiver];
        Task<Void> a = Task.run("receiver-a", () -> {
            for (int i = 0; i < perReceiver; i++) {
                got[0][i] = ch.receive();
            }
        });
        Task<Void> b = Task.run("receiver-b", () -> {
            for (int i = 0; i < perReceiver; i++) {
                got[1][i] = ch.receive();
            }
        });
        for (int v = 0; v < 2 * perReceiver; v++) {
            ch.send(v);
        }
        a.await();
        b.await();
        boolean[] seen = new boolean[2 * perReceiver];
        for (int[] values : got) {
            for (int i = 0; i < perReceiver; i++) {
                assertThat(seen[values[i]]).as("value %d received twice", values[i]).isFalse();
                seen[values[i]] = true;
                if (i > 0) {
                    assertThat(values[i]).as("one sender's values, in order").isGreaterThan(values[i - 1]);
                }
            }
        }
        assertThat(ch.recvQueueSize()).isZero();
    }

    /** A null sent to a receiver waiting in the slot arrives as a value, not as "closed". */
    @Test
    void nullReachesAReceiverWaitingInTheSlot() {
        HChan<Integer> ch = chan();
        Task<Received<Integer>> r = Task.start("receiver", ch::receiveOk).awaitBlocked("chan receive");
        ch.send(null);
        Received<Integer> got = r.await();
        assertThat(got.ok()).isTrue();
        assertThat(got.value()).isNull();
    }
}
