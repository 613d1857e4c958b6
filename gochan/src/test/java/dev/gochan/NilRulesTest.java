package dev.gochan;

import static dev.gochan.ChanTestSupport.awaitAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.ChanTestSupport.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SEMANTICS.md area NIL: the nil channel ({@link Chan#nil()}). "Blocks forever" is observed for
 * 100 ms (Go's select3.go figure) with a timed wait on the operation's outcome; the blocked
 * thread is then interrupted, which must end it with {@link GoInterruptedException} (the only way
 * out of a nil-channel operation in Java).
 *
 * <p>RULE-NIL-07 [D] (nil cases are left out of the poll and lock orders) has no observable
 * effect besides "never chosen, never locked": the test checks that a select over many nil cases
 * and one ready case always takes the ready case, and that only-nil selects with a default take
 * the default.
 */
@Timeout(120)
class NilRulesTest {
    private static final Duration FOREVER_CHECK = Duration.ofMillis(100);

    private static void assertBlocksForeverUntilInterrupted(Task<?> t, String reason) {
        t.awaitBlocked(reason);
        t.assertStillBlocked(FOREVER_CHECK);
        assertThat(t.interruptAndAwaitFailure()).isInstanceOf(GoInterruptedException.class);
        assertThat(t.interruptedAtEnd).as("interrupt status kept").isTrue();
    }

    @Tag("timing")
    @Test
    void rule_NIL_01_sendOnNilChannelBlocksForever() {
        Chan<Integer> nil = Chan.nil();
        assertBlocksForeverUntilInterrupted(Task.run("send", () -> nil.send(1)), "chan send");
        assertBlocksForeverUntilInterrupted(Task.run("view-send", () -> nil.sendOnly().send(1)), "chan send");
        assertThat(nil.trySend(1)).isFalse();
        long t0 = System.nanoTime();
        assertThat(nil.trySend(1, FOREVER_CHECK)).isFalse();
        assertThat(System.nanoTime() - t0).as("a timed send waits out its timeout")
                .isGreaterThanOrEqualTo(FOREVER_CHECK.toNanos());
    }

    @Tag("timing")
    @Test
    void rule_NIL_02_receiveFromNilChannelBlocksForever() {
        Chan<Integer> nil = Chan.nil();
        assertBlocksForeverUntilInterrupted(Task.start("receive", nil::receive), "chan receive");
        assertBlocksForeverUntilInterrupted(Task.start("receiveOk", nil::receiveOk), "chan receive");
        assertBlocksForeverUntilInterrupted(Task.start("range", () -> nil.iterator().hasNext()), "chan receive");
        assertBlocksForeverUntilInterrupted(Task.start("view", () -> nil.recvOnly().receive()), "chan receive");
        assertThat(nil.tryReceive()).isEmpty();
        long t0 = System.nanoTime();
        assertThat(nil.tryReceive(FOREVER_CHECK)).isEmpty();
        assertThat(System.nanoTime() - t0).as("a timed receive waits out its timeout")
                .isGreaterThanOrEqualTo(FOREVER_CHECK.toNanos());
        assertThat(nil.len()).isZero();
        assertThat(nil.cap()).isZero();
    }

    @Test
    void rule_NIL_03_nilCasesAreNeverChosenDefaultRuns() {
        Chan<Integer> nil = Chan.nil();
        for (int i = 0; i < 1000; i++) {
            assertThat(Select.select(nil.onSend(1, () -> "send"), Select.onDefault(() -> "default")))
                    .isEqualTo("default");
            assertThat(Select.select(nil.onReceive(v -> "recv"), Select.onDefault(() -> "default")))
                    .isEqualTo("default");
            assertThat(Select.select(nil.onReceiveOk(r -> "recvOk"), nil.onSend(2, () -> "send"),
                    Select.onDefault(() -> "default"))).isEqualTo("default");
        }
    }

    @Tag("timing")
    @Test
    void rule_NIL_04_selectWithOnlyNilCasesBlocksForever() {
        Chan<Integer> nil = Chan.nil();
        assertBlocksForeverUntilInterrupted(Task.run("recv-only", () -> Select.run(nil.onReceive())), "select");
        assertBlocksForeverUntilInterrupted(Task.run("send-only", () -> Select.run(nil.onSend(1))), "select");
        assertBlocksForeverUntilInterrupted(Task.run("both", () ->
                Select.run(nil.onReceive(), nil.onSend(1), nil.onReceiveOkDo(r -> { }))), "select");
    }

    private static int counter;
    private static int shift;

    private static int getValue() {
        counter++;
        return 1 << shift;
    }

    /** test/chan/select.go Send: each case is switched off (set to nil) once it has sent. */
    private static int send(SendChan<Integer> a, SendChan<Integer> b) {
        int i = 0;
        List<SendChan<Integer>> ab = new ArrayList<>(List.of(a, b));
        for (;;) {
            boolean sent = Select.select(
                    ab.get(0).onSend(getValue(), () -> {
                        ab.set(0, Chan.nil());
                        return true;
                    }),
                    ab.get(1).onSend(getValue(), () -> {
                        ab.set(1, Chan.nil());
                        return true;
                    }),
                    Select.onDefault(() -> false));
            if (!sent) {
                return i;
            }
            i++;
            shift++;
        }
    }

    /**
     * test/chan/select.go: with two cap-1 channels, the Send helper sends once on each (setting
     * each to nil after its send), returns 2, and the values OR to 3; with the second channel nil
     * it returns 1. Every case's send value is evaluated on every pass: 10 evaluations in all.
     */
    @Test
    void rule_NIL_05_nilingAChannelDisablesItsCase() {
        counter = 0;
        shift = 0;
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        assertThat(send(a, b)).isEqualTo(2);
        int av = a.receive();
        int bv = b.receive();
        assertThat(av | bv).isEqualTo(3);
        assertThat(send(a, Chan.nil())).isEqualTo(1);
        assertThat(counter).isEqualTo(10);
    }

    /**
     * Dynamic case sets by nil'ing, as test/chan/sieve2.go's sendproxy: a proxy buffers what it
     * receives without bound and offers the oldest value on its output, whose case is switched
     * off (the nil channel) while the buffer is empty. Everything arrives, in order.
     */
    @Test
    void rule_NIL_06_nilOutputCaseWhileBufferIsEmpty() {
        int n = 2000;
        Chan<Integer> in = Chan.make();
        Chan<Integer> out = Chan.make();
        Task<Integer> proxy = Task.start("sendproxy", () -> {
            ArrayDeque<Integer> buf = new ArrayDeque<>();
            Chan<Integer> src = in;
            int maxBuffered = 0;
            while (src != Chan.<Integer>nil() || !buf.isEmpty()) {
                Chan<Integer> dst = buf.isEmpty() ? Chan.nil() : out; // nothing to send: case off
                Integer head = buf.peekFirst();
                Chan<Integer> from = src;
                boolean closedInput = Select.select(
                        from.onReceiveOk(r -> {
                            if (!r.ok()) {
                                return true;
                            }
                            buf.addLast(r.value());
                            return false;
                        }),
                        dst.onSend(head, () -> {
                            buf.removeFirst();
                            return false;
                        }));
                if (closedInput) {
                    src = Chan.nil(); // input exhausted: its case is off from now on
                }
                maxBuffered = Math.max(maxBuffered, buf.size());
            }
            out.close();
            return maxBuffered;
        });
        Task<Void> producer = Task.run("producer", () -> {
            for (int i = 0; i < n; i++) {
                in.send(i);
            }
            in.close();
        });
        producer.await(); // the proxy buffered everything: the consumer has not started yet
        List<Integer> got = new ArrayList<>();
        for (int v : out) {
            got.add(v);
        }
        assertThat(proxy.await()).isEqualTo(n);
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    /**
     * Dynamic case sets by nil'ing, as runtime TestSelectStress: one goroutine sends N values on
     * each of 4 channels (cap 0, 0, 2, 3) through a single 4-case select, switching a case off
     * when its quota is reached; another receives N from each through a 4-case select the same
     * way; plain senders and receivers add N more per channel. Every count comes out exact.
     */
    @Test
    void rule_NIL_06_quotaReachedCasesAreSwitchedOff() {
        int n = 10000 * ChanTestSupport.STRESS;
        int[] caps = {0, 0, 2, 3};
        List<Chan<Integer>> c = new ArrayList<>();
        for (int cap : caps) {
            c.add(Chan.make(cap));
        }
        List<Task<?>> tasks = new ArrayList<>();
        AtomicInteger[] receivedPerChan = new AtomicInteger[4];
        for (int k = 0; k < 4; k++) {
            Chan<Integer> ch = c.get(k);
            AtomicInteger got = receivedPerChan[k] = new AtomicInteger();
            tasks.add(Task.run("plain-send-" + k, () -> {
                for (int i = 0; i < n; i++) {
                    ch.send(i);
                }
            }));
            tasks.add(Task.run("plain-recv-" + k, () -> {
                for (int i = 0; i < n; i++) {
                    ch.receive();
                    got.incrementAndGet();
                }
            }));
        }
        tasks.add(Task.run("select-send", () -> {
            int[] sent = new int[4];
            List<Chan<Integer>> live = new ArrayList<>(c);
            while (sent[0] + sent[1] + sent[2] + sent[3] < 4 * n) {
                List<Case<Void>> cases = new ArrayList<>(4);
                for (int k = 0; k < 4; k++) {
                    int kk = k;
                    cases.add(live.get(k).onSendDo(sent[k], () -> {
                        if (++sent[kk] == n) {
                            live.set(kk, Chan.nil());
                        }
                    }));
                }
                Select.run(cases);
            }
        }));
        tasks.add(Task.run("select-recv", () -> {
            int[] recv = new int[4];
            List<Chan<Integer>> live = new ArrayList<>(c);
            while (recv[0] + recv[1] + recv[2] + recv[3] < 4 * n) {
                List<Case<Void>> cases = new ArrayList<>(4);
                for (int k = 0; k < 4; k++) {
                    int kk = k;
                    cases.add(live.get(k).onReceiveDo(v -> {
                        receivedPerChan[kk].incrementAndGet();
                        if (++recv[kk] == n) {
                            live.set(kk, Chan.nil());
                        }
                    }));
                }
                Select.run(cases);
            }
        }));
        awaitAll(tasks);
        for (int k = 0; k < 4; k++) {
            assertThat(receivedPerChan[k].get()).as("values received on channel %d", k).isEqualTo(2 * n);
            assertThat(c.get(k).tryReceive()).isEmpty();
        }
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource("dev.gochan.ChanTestSupport#capacities")
    void rule_NIL_07_nilCasesNeverPolledOnlyTheReadyCaseIsChosen(int cap) {
        Chan<Integer> nil = Chan.nil();
        Chan<Integer> ready = Chan.make(cap);
        Chan<Integer> source = cap == 0 ? Chan.make(1) : ready;
        for (int i = 0; i < 200; i++) {
            List<Case<String>> cases = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                cases.add(nil.onReceive(v -> "nil receive"));
                cases.add(nil.onSend(k, () -> "nil send"));
            }
            source.send(i);
            cases.add(source.onReceive(v -> "ready " + v));
            assertThat(Select.select(cases)).isEqualTo("ready " + i);
        }
        List<Case<String>> onlyNil = List.of(nil.onReceive(v -> "nil"), nil.onSend(1, () -> "nil"),
                Select.onDefault(() -> "default"));
        assertThat(Select.select(onlyNil)).isEqualTo("default");
        assertThatThrownBy(() -> Chan.nil().close()).isInstanceOf(NilChanException.class);
    }
}
