package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.ChanTestSupport.Task;
import dev.gochan.internal.Spin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffered channel's look-ahead (ADR 0010): a blocking receive that finds the sender right
 * ahead of it waits briefly for the sender to get further. It must never change what a receive
 * returns, never wait for a sender that does not come, and never outlive a close. Each path is
 * checked to be taken, through the channel's test hooks.
 */
@Timeout(60)
class BufChanLagTest {

    private static BufChan<Integer> chan(int capacity) {
        return (BufChan<Integer>) Chan.<Integer>make(capacity);
    }

    @Test
    void onlyLargeRingsOnSeveralCarriersLookAhead() {
        int expected = Spin.MAX > 0 ? 64 : 0;
        assertThat(chan(1024).lag()).isEqualTo(expected);
        assertThat(chan(128).lag()).isEqualTo(expected / 2);
        assertThat(chan(16).lag()).as("a ring of 16 is too small to keep 8 behind").isZero();
        assertThat(chan(1).lag()).isZero();
    }

    @Test
    void aSenderFarAheadGrantsCreditAndValuesComeInOrder() {
        BufChan<Integer> ch = chan(1024);
        for (int i = 0; i < 1000; i++) {
            ch.send(i);
        }
        assertThat(ch.receive()).isEqualTo(0);
        if (ch.lag() > 0) {
            assertThat(ch.credit()).as("the sender was 64 ahead: receives up to 64 look no more")
                    .isEqualTo(64);
        }
        for (int i = 1; i < 1000; i++) {
            assertThat(ch.receive()).isEqualTo(i);
        }
        assertThat(ch.len()).isZero();
    }

    @Test
    void aReceiveRightBehindAStalledSenderTakesItsValueAndCoolsDown() {
        BufChan<Integer> ch = chan(1024);
        // One value at a time, sent by this very thread: the sender never gets ahead, so the
        // look-ahead must see it stall and give up (a wait for it would never end).
        ch.send(0);
        assertThat(ch.receive()).isEqualTo(0);
        assertThat(ch.lagCoolingDown()).as("a failed look-ahead cools down").isEqualTo(ch.lag() > 0);
        for (int i = 1; i < 2000; i++) {
            ch.send(i);
            assertThat(ch.receive()).isEqualTo(i);
        }
        assertThat(ch.credit()).as("the sender never got ahead: no credit").isZero();
    }

    @Test
    void aReceiveLookingAheadSeesTheClose() {
        BufChan<Integer> ch = chan(1024);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertThat(ch.receive()).isEqualTo(1);
        assertThat(ch.receiveOk().ok()).isTrue();
        assertThat(ch.receiveOk().ok()).isFalse();
    }

    @Test
    void aStreamWithConsumersCatchingUpLosesAndDuplicatesNothing() {
        int n = 200_000 * ChanTestSupport.STRESS;
        BufChan<Integer> ch = chan(256);
        Task<Void> producer = Task.run("producer", () -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
        });
        // one consumer checks the order, which the look-ahead's waits must not disturb
        long expected = 0;
        for (Integer v : ch) {
            assertThat(v).isEqualTo((int) expected);
            expected++;
        }
        producer.await();
        assertThat(expected).isEqualTo(n);
    }
}
