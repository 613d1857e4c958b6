package dev.gochan;

import static dev.gochan.ChanTestSupport.BLOCK_CHECK;
import static dev.gochan.ChanTestSupport.LONG;
import static dev.gochan.ChanTestSupport.STRESS;
import static dev.gochan.ChanTestSupport.awaitAll;
import static dev.gochan.ChanTestSupport.receiveWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.ChanTestSupport.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SEMANTICS.md area CHAN: channel creation, len/cap, send/receive, buffering, ordering. One test
 * (or parameterized test over the capacity matrix {0, 1, 2, 10, 100, 1000}) per rule, named after
 * the rule, with the sizes of the Go test it ports.
 *
 * <p>Not applicable in Java: RULE-CHAN-21 [L] ({@code c <- false || true}): a send is a method
 * call whose argument is a complete expression, so there is no operator precedence to get wrong.
 * RULE-CHAN-20's Go-syntax part ({@code <-cc <- 2}) has its Java equivalent below
 * ({@code cc.receive().onSend(2)}).
 */
@Timeout(120)
class ChanRulesTest {
    private static final String MATRIX = "dev.gochan.ChanTestSupport#capacities";
    private static final String BUFFERED = "dev.gochan.ChanTestSupport#bufferedCapacities";

    // ---- len / cap -----------------------------------------------------------------------------

    @Test
    void rule_CHAN_01_newBufferedChannelIsEmptyWithItsCapacity() {
        Chan<Integer> c = Chan.make(10);
        assertThat(c.len()).isZero();
        assertThat(c.cap()).isEqualTo(10);
    }

    @Test
    void rule_CHAN_02_lenCountsBufferedValues() {
        Chan<Integer> c = Chan.make(10);
        for (int i = 0; i < 3; i++) {
            c.send(i);
        }
        assertThat(c.len()).isEqualTo(3);
        assertThat(c.cap()).isEqualTo(10);
        // the views report the same numbers
        assertThat(c.sendOnly().len()).isEqualTo(3);
        assertThat(c.recvOnly().len()).isEqualTo(3);
        assertThat(c.sendOnly().cap()).isEqualTo(10);
        assertThat(c.recvOnly().cap()).isEqualTo(10);
    }

    @Test
    void rule_CHAN_03_unbufferedChannelHasLenAndCapZero() {
        Chan<Integer> c = Chan.make();
        assertThat(c.len()).isZero();
        assertThat(c.cap()).isZero();
        Chan<Integer> c0 = Chan.make(0);
        assertThat(c0.len()).isZero();
        assertThat(c0.cap()).isZero();
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_04_lenCapForEveryCapacity(int cap) {
        assertLenCap(cap);
    }

    /** Go's own range: every capacity 0..199 (runtime TestChan; short mode 0..19). */
    @Test
    void rule_CHAN_04_lenCapForCapacities0To199() {
        for (int cap = 0; cap < 200; cap++) {
            assertLenCap(cap);
        }
    }

    private static void assertLenCap(int cap) {
        Chan<Integer> c = Chan.make(cap);
        assertThat(c.len()).as("len of new cap-%d chan", cap).isZero();
        assertThat(c.cap()).as("cap of new cap-%d chan", cap).isEqualTo(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        assertThat(c.len()).as("len after %d sends", cap).isEqualTo(cap);
        assertThat(c.cap()).isEqualTo(cap);
    }

    // ---- blocking and non-blocking -----------------------------------------------------------

    @Tag("timing")
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_05_receiveFromEmptyChannelBlocks(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Task<Integer> plain = Task.start("recv", c::receive);
        Task<Received<Integer>> commaOk = Task.start("recv-ok", c::receiveOk);
        plain.assertStillBlocked();
        commaOk.assertStillBlocked(Duration.ofMillis(1));
        c.send(1);
        c.send(2);
        Received<Integer> r = commaOk.await();
        assertThat(r.ok()).isTrue();
        assertThat(List.of(plain.await(), r.value())).containsExactlyInAnyOrder(1, 2);
        assertThat(c.len()).isZero();
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_06_nonBlockingReceiveOnEmptyChannelTakesDefault(int cap) {
        Chan<Integer> c = Chan.make(cap);
        assertThat(Select.select(c.onReceive(v -> "received " + v), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(Select.select(c.onReceiveOk(r -> "received " + r), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(c.tryReceive()).isEmpty();
        assertThat(c.recvOnly().tryReceive()).isEmpty();
        // and the channel is untouched: a later value is still received
        if (cap > 0) {
            c.send(7);
            assertThat(c.receive()).isEqualTo(7);
        }
    }

    @Tag("timing")
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_07_sendToFullChannelBlocks(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        Task<Void> sender = Task.run("send", () -> c.send(cap));
        sender.assertStillBlocked();
        assertThat(c.receive()).isEqualTo(0);
        sender.await();
        // the blocked sender's value joined the tail: FIFO holds
        for (int i = 1; i <= cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(c.tryReceive()).isEmpty();
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_08_nonBlockingSendOnFullChannelTakesDefault(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        assertThat(Select.select(c.onSend(-1, () -> "sent"), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(c.trySend(-2)).isFalse();
        assertThat(c.sendOnly().trySend(-3)).isFalse();
        assertThat(c.len()).isEqualTo(cap);
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(c.tryReceive()).as("no value of a failed non-blocking send was stored").isEmpty();
    }

    // ---- ordering ----------------------------------------------------------------------------

    /** test/chan/fifo.go AsynchFifo: N = 10 values through a cap-N channel by one goroutine. */
    @Test
    void rule_CHAN_09_asyncFifo() {
        int n = 10;
        Chan<Integer> c = Chan.make(n);
        for (int i = 0; i < n; i++) {
            c.send(i);
        }
        for (int i = 0; i < n; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
    }

    /** AsynchFifo with the buffer filled to each buffered capacity of the matrix. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(BUFFERED)
    void rule_CHAN_09_asyncFifoFillsEveryCapacity(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
    }

    /** runtime TestChan "Send 100 integers": one sender goroutine, both receive forms. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_10_fifoForSingleSenderAnyCapacity(int cap) {
        for (boolean commaOk : new boolean[] {false, true}) {
            Chan<Integer> c = Chan.make(cap);
            Task<Void> sender = Task.run("sender", () -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            });
            for (int i = 0; i < 100; i++) {
                if (commaOk) {
                    Received<Integer> r = c.receiveOk();
                    assertThat(r.ok()).isTrue();
                    assertThat(r.value()).isEqualTo(i);
                } else {
                    assertThat(c.receive()).isEqualTo(i);
                }
            }
            sender.await();
        }
    }

    /**
     * test/chan/fifo.go SynchFifo: N = 10 receivers, each waiting for its turn on a daisy chain,
     * receive in turn; the i-th gets the i-th value sent.
     */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_11_syncFifoWithDaisyChainedReceivers(int cap) {
        int n = 10;
        Chan<Integer> ch = Chan.make(cap);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Chan<Integer> start = Chan.make();
        Chan<Integer> in = start;
        List<Task<Void>> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> out = Chan.make();
            RecvChan<Integer> myIn = in;
            SendChan<Integer> myOut = out;
            int val = i;
            chain.add(Task.run("chain-" + i, () -> {
                myIn.receive();
                int got = ch.receive();
                if (got != val) {
                    wrong.add("receiver " + val + " got " + got);
                }
                myOut.send(1);
            }));
            in = out;
        }
        start.send(0);
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        assertThat(receiveWithin(in)).isEqualTo(1);
        awaitAll(chain);
        assertThat(wrong).isEmpty();
    }

    /** runtime TestChan "Send 1000 integers in 4 goroutines": each value received exactly 4 times. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_12_noLossNoDuplicationManySendersManyReceivers(int cap) {
        manySendersManyReceivers(cap);
    }

    /** The same over Go's own range of capacities, 0..199. */
    @Test
    void rule_CHAN_12_noLossNoDuplicationCapacities0To199() {
        for (int cap = 0; cap < 200; cap++) {
            manySendersManyReceivers(cap);
        }
    }

    private static void manySendersManyReceivers(int cap) {
        int p = 4;
        int l = 1000;
        Chan<Integer> c = Chan.make(cap);
        List<Task<int[]>> tasks = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            tasks.add(Task.start("sender-" + s, () -> {
                for (int i = 0; i < l; i++) {
                    c.send(i);
                }
                return null;
            }));
        }
        for (int r = 0; r < p; r++) {
            tasks.add(Task.start("receiver-" + r, () -> {
                int[] recv = new int[l];
                for (int i = 0; i < l; i++) {
                    recv[c.receive()]++;
                }
                return recv;
            }));
        }
        awaitAll(tasks);
        int[] total = new int[l];
        for (Task<int[]> t : tasks) {
            int[] recv = t.await();
            if (recv != null) {
                for (int i = 0; i < l; i++) {
                    total[i] += recv[i];
                }
            }
        }
        for (int i = 0; i < l; i++) {
            assertThat(total[i]).as("cap %d: times value %d was received", cap, i).isEqualTo(p);
        }
        assertThat(c.tryReceive()).isEmpty();
    }

    // ---- test/chan/nonblock.go ---------------------------------------------------------------

    /**
     * test/chan/nonblock.go, for one element type and one buffer size: a non-blocking receive on
     * the empty channel takes default; a receiver goroutine expecting {@code v1} gets it from a
     * non-blocking send; a sender goroutine's {@code v2} is taken by a non-blocking receive.
     * Instead of Go's retry loop (up to 10000 tries with 20 µs sleeps) the test waits until the
     * goroutine is parked in the channel operation; then the single non-blocking try must succeed.
     */
    private static <T> void nonblockRound(int buffer, T v1, T v2) {
        Chan<T> c = Chan.make(buffer);
        Chan<Boolean> sync = Chan.make();
        assertThat(Select.select(c.onReceive(v -> "received"), Select.onDefault(() -> "default")))
                .as("blocked %s sender", v1.getClass().getSimpleName()).isEqualTo("default");

        Task<Void> receiver = Task.run("receiver", () -> {
            T got = c.receive();
            assertThat(got).isEqualTo(v1);
            sync.send(true);
        });
        if (buffer == 0) {
            receiver.awaitBlocked("chan receive");
        }
        assertThat(Select.select(c.onSend(v1, () -> "sent"), Select.onDefault(() -> "default")))
                .as("non-blocking send to %s receiver, buffer %d", v1.getClass().getSimpleName(), buffer)
                .isEqualTo("sent");
        assertThat(receiveWithin(sync)).isTrue();
        receiver.await();

        Task<Void> sender = Task.run("sender", () -> {
            c.send(v2);
            sync.send(true);
        });
        if (buffer > 0) {
            assertThat(receiveWithin(sync)).isTrue(); // RULE-CHAN-15: sent before anyone receives
        } else {
            sender.awaitBlocked("chan send");
        }
        Object got = Select.select(c.onReceive(v -> (Object) v), Select.onDefault(() -> "default"));
        assertThat(got).isEqualTo(v2);
        if (buffer == 0) {
            assertThat(receiveWithin(sync)).isTrue();
        }
        sender.await();
    }

    /** test/chan/nonblock.go: int32, int64, bool and string values at cap 0 and 1 arrive intact. */
    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {0, 1})
    void rule_CHAN_13_valuesOfEveryElementTypeArriveIntact(int buffer) {
        nonblockRound(buffer, 123, 234);
        nonblockRound(buffer, 123456L, 234567L);
        nonblockRound(buffer, true, true);
        nonblockRound(buffer, "hello", "hello again");
    }

    /**
     * test/chan/nonblock.go, buffer 0: a non-blocking send succeeds only while a receiver waits,
     * a non-blocking receive only while a sender waits, and the blocked sender's send completes
     * only at the hand-off (its signal comes after the receive).
     */
    @Test
    void rule_CHAN_14_unbufferedHandOffOnlyWithAWaitingPartner() {
        Chan<Integer> c = Chan.make();
        Chan<Boolean> sync = Chan.make(1);
        assertThat(c.trySend(1)).as("no receiver waiting").isFalse();
        Task<Integer> receiver = Task.start("receiver", c::receive);
        receiver.awaitBlocked("chan receive");
        assertThat(c.trySend(123)).as("a receiver is waiting").isTrue();
        assertThat(receiver.await()).isEqualTo(123);
        assertThat(c.trySend(2)).as("the receiver is gone").isFalse();

        assertThat(c.tryReceive()).as("no sender waiting").isEmpty();
        Task<Void> sender = Task.run("sender", () -> {
            c.send(234);
            sync.send(true);
        });
        sender.awaitBlocked("chan send");
        assertThat(sync.tryReceive(BLOCK_CHECK)).as("the send has not completed before the receive").isEmpty();
        assertThat(c.tryReceive()).contains(new Received<>(234, true));
        assertThat(receiveWithin(sync)).isTrue();
        sender.await();
        assertThat(c.tryReceive()).as("the sender is gone").isEmpty();
    }

    /** test/chan/nonblock.go, buffer 1: the sender proceeds past its send before anyone receives. */
    @Test
    void rule_CHAN_15_bufferedSendCompletesWithoutReceiver() {
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> sync = Chan.make();
        Task<Void> sender = Task.run("sender", () -> {
            c.send(234);
            sync.send(true);
        });
        assertThat(receiveWithin(sync)).isTrue();
        sender.await();
        assertThat(c.len()).isEqualTo(1);
        assertThat(c.receive()).isEqualTo(234);
    }

    /**
     * test/ken/chan1.go: one sender marks h[r] = 1 (a plain write) before sending r; ten receivers,
     * each in a select, must see the mark (the send happens-before the receive completes) and set
     * h[r] = 2; each message is received once. Cap 2, 1000 messages.
     */
    @Test
    void rule_CHAN_16_sendHappensBeforeReceiveCompletes() {
        int n = 1000;
        int m = 10;
        int[] h = new int[n]; // deliberately plain: visibility comes from the channel only
        Chan<Integer> c = Chan.make(2);
        List<Task<Integer>> receivers = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            receivers.add(Task.start("r" + k, () -> {
                int count = 0;
                for (;;) {
                    Received<Integer> got = Select.select(c.onReceiveOk(x -> x));
                    if (!got.ok()) {
                        return count;
                    }
                    int r = got.value();
                    if (h[r] != 1) {
                        throw new AssertionError("r=" + r + " h=" + h[r]);
                    }
                    h[r] = 2;
                    count++;
                }
            }));
        }
        for (int r = 0; r < n; r++) {
            assertThat(h[r]).isZero();
            h[r] = 1;
            c.send(r);
        }
        c.close();
        awaitAll(receivers);
        int total = 0;
        for (Task<Integer> t : receivers) {
            total += t.await();
        }
        assertThat(total).isEqualTo(n);
        for (int r = 0; r < n; r++) {
            assertThat(h[r]).as("h[%d]", r).isEqualTo(2);
        }
    }

    // ---- test/ken/chan.go ----------------------------------------------------------------------

    /** One channel of ken/chan.go: the values it carries and who may still use it. */
    private static final class KenChan {
        static final int END = 10000;
        Chan<Integer> sc; // the nil channel once the sender is done
        Chan<Integer> rc; // the nil channel once the receiver is done
        int sv;
        int rv;

        KenChan(Chan<Integer> c, int base) {
            sc = c;
            rc = c;
            sv = base;
            rv = base;
        }

        static int expect(int v, int v0) {
            if (v != v0) {
                throw new AssertionError("got " + v + " expected " + v0);
            }
            return v % 100 == 75 ? END : v + 1;
        }
    }

    /** One run of ken/chan.go's tests at one buffer size: totals of sends and receives. */
    private static final class Ken {
        final KenChan nc = new KenChan(Chan.nil(), 0);
        final AtomicInteger tots = new AtomicInteger();
        final AtomicInteger totr = new AtomicInteger();
        final List<Task<Void>> running = new ArrayList<>();
        int cval;

        KenChan[] mkchan(int cap, int n) {
            KenChan[] ca = new KenChan[n];
            for (int i = 0; i < n; i++) {
                cval += 100;
                ca[i] = new KenChan(Chan.make(cap), cval);
            }
            return ca;
        }

        boolean sent(KenChan c) {
            tots.incrementAndGet();
            c.sv = KenChan.expect(c.sv, c.sv);
            if (c.sv == KenChan.END) {
                c.sc = Chan.nil();
                return true;
            }
            return false;
        }

        boolean received(KenChan c, int v) {
            totr.incrementAndGet();
            c.rv = KenChan.expect(c.rv, v);
            if (c.rv == KenChan.END) {
                c.rc = Chan.nil();
                return true;
            }
            return false;
        }

        static void gosched(int upTo) {
            for (int r = ThreadLocalRandom.current().nextInt(upTo); r >= 0; r--) {
                Thread.yield();
            }
        }

        void send(KenChan c) {
            running.add(Task.run("send", () -> {
                do {
                    gosched(10);
                    c.sc.send(c.sv);
                } while (!sent(c));
            }));
        }

        void recv(KenChan c) {
            running.add(Task.run("recv", () -> {
                int v;
                do {
                    gosched(10);
                    v = c.rc.receive();
                } while (!received(c, v));
            }));
        }

        /** A select over four receive and four send slots; finished slots hold the nil channel. */
        void sel(KenChan r0, KenChan r1, KenChan r2, KenChan r3,
                KenChan s0, KenChan s1, KenChan s2, KenChan s3) {
            KenChan[] rs = {r0, r1, r2, r3};
            KenChan[] ss = {s0, s1, s2, s3};
            running.add(Task.run("sel", () -> {
                int[] active = {0};
                for (KenChan r : rs) {
                    if (r.rc != Chan.<Integer>nil()) {
                        active[0]++;
                    }
                }
                for (KenChan s : ss) {
                    if (s.sc != Chan.<Integer>nil()) {
                        active[0]++;
                    }
                }
                while (active[0] > 0) {
                    gosched(5);
                    List<Case<Void>> cases = new ArrayList<>(8);
                    for (KenChan r : rs) {
                        cases.add(r.rc.onReceiveDo(v -> {
                            if (received(r, v)) {
                                active[0]--;
                            }
                        }));
                    }
                    for (KenChan s : ss) {
                        cases.add(s.sc.onSendDo(s.sv, () -> {
                            if (sent(s)) {
                                active[0]--;
                            }
                        }));
                    }
                    Select.run(cases);
                }
            }));
        }

        void await() {
            awaitAll(running);
            running.clear();
        }

        void tests(int cap) {
            KenChan[] ca = mkchan(cap, 4);
            for (KenChan c : ca) { // test1: direct send to direct recv
                send(c);
                recv(c);
            }
            await();

            ca = mkchan(cap, 4); // test2: direct send to select recv
            for (KenChan c : ca) {
                send(c);
            }
            sel(ca[0], ca[1], ca[2], ca[3], nc, nc, nc, nc);
            await();

            ca = mkchan(cap, 4); // test3: select send to direct recv
            for (KenChan c : ca) {
                recv(c);
            }
            sel(nc, nc, nc, nc, ca[0], ca[1], ca[2], ca[3]);
            await();

            ca = mkchan(cap, 4); // test4: select send to select recv
            sel(nc, nc, nc, nc, ca[0], ca[1], ca[2], ca[3]);
            sel(ca[0], ca[1], ca[2], ca[3], nc, nc, nc, nc);
            await();

            ca = mkchan(cap, 8); // test5: two selects, each sending to and receiving from the other
            sel(ca[4], ca[5], ca[6], ca[7], ca[0], ca[1], ca[2], ca[3]);
            sel(ca[0], ca[1], ca[2], ca[3], ca[4], ca[5], ca[6], ca[7]);
            await();

            ca = mkchan(cap, 12); // test6: direct senders and receivers around two selects
            for (int i = 4; i < 8; i++) {
                send(ca[i]);
            }
            for (int i = 8; i < 12; i++) {
                recv(ca[i]);
            }
            sel(ca[4], ca[5], ca[6], ca[7], ca[0], ca[1], ca[2], ca[3]);
            sel(ca[0], ca[1], ca[2], ca[3], ca[8], ca[9], ca[10], ca[11]);
            await();
        }
    }

    /**
     * test/ken/chan.go: per-channel FIFO holds for any mix of direct operations and 8-case selects
     * (with finished slots switched off by the nil channel); each channel carries 76 consecutive
     * values; per buffer size 36 channels, so 2736 sends and 2736 receives (Go runs sizes 0, 1,
     * 10, 100: 10944 in all).
     */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_17_perChannelFifoAcrossDirectOpsAndSelects(int cap) {
        Ken ken = new Ken();
        ken.tests(cap);
        int perSize = (4 * 4 + 8 + 12) * 76;
        assertThat(ken.tots.get()).isEqualTo(perSize);
        assertThat(ken.totr.get()).isEqualTo(perSize);
    }

    // ---- range -------------------------------------------------------------------------------

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_18_rangeEndsAfterCloseAndDrain(int cap) {
        int n = cap + 100;
        Chan<Integer> c = Chan.make(cap);
        Task<Void> sender = Task.run("sender", () -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
            }
            c.close();
        });
        List<Integer> got = new ArrayList<>();
        for (int v : c.recvOnly()) {
            got.add(v);
        }
        sender.await();
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());

        // a channel closed with a full buffer: range still yields every value, then ends
        if (cap > 0) {
            Chan<Integer> full = Chan.make(cap);
            for (int i = 0; i < cap; i++) {
                full.send(i);
            }
            full.close();
            assertThat(full.stream().toList()).containsExactlyElementsOf(
                    IntStream.range(0, cap).boxed().toList());
            assertThat(full.iterator().hasNext()).isFalse();
        }
    }

    /**
     * runtime TestMultiConsumer: 23 workers range over q (cap 69) and forward to r (cap 69); the
     * feeder sends 271828 values cycling through 10 primes-ish, closes q, waits for the workers and
     * closes r; the consumer counts 271828 values summing to 4158941.
     */
    @Test
    void rule_CHAN_19_multiConsumerWorkQueue() {
        int nwork = 23;
        int niter = 271828;
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Chan<Integer> q = Chan.make(nwork * 3);
        Chan<Integer> r = Chan.make(nwork * 3);
        CountDownLatch workersDone = new CountDownLatch(nwork);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < nwork; i++) {
            int w = i;
            tasks.add(Task.run("worker-" + w, () -> {
                for (int v : q) {
                    if (pn[w % pn.length] == v) {
                        Thread.yield(); // mess with the FIFO-ish nature of range
                    }
                    r.send(v);
                }
                workersDone.countDown();
            }));
        }
        long[] expect = {0};
        tasks.add(Task.run("feeder", () -> {
            for (int i = 0; i < niter; i++) {
                int v = pn[i % pn.length];
                expect[0] += v;
                q.send(v);
            }
            q.close();
            workersDone.await();
            r.close();
        }));
        long n = 0;
        long s = 0;
        for (int v : r) {
            n++;
            s += v;
        }
        awaitAll(tasks);
        assertThat(n).isEqualTo(niter);
        assertThat(s).isEqualTo(expect[0]).isEqualTo(4158941L);
    }

    /** test/chan/sendstmt.go chanchan: {@code select { case <-cc <- 2: default: panic }}. */
    @Test
    void rule_CHAN_20_channelOfChannelsSendInSelect() {
        Chan<Chan<Integer>> cc = Chan.make(1);
        Chan<Integer> c = Chan.make(1);
        cc.send(c);
        // Go evaluates the operand <-cc on entering the select; Java evaluates it building the case
        String r = Select.select(cc.receive().onSend(2, () -> "sent"), Select.onDefault(() -> "default"));
        assertThat(r).isEqualTo("sent");
        assertThat(c.receive()).isEqualTo(2);

        // and with the inner channel unbuffered, through a goroutine: the same value arrives
        Chan<Chan<Integer>> cc2 = Chan.make();
        Chan<Integer> inner = Chan.make();
        Task<Void> t = Task.run("sender", () -> Select.run(cc2.receive().onSend(3)));
        cc2.send(inner);
        assertThat(receiveWithin(inner)).isEqualTo(3);
        t.await();
    }

    /** An element type with no state: Go's {@code struct{}} / {@code [0]byte}. */
    private record Empty() {}

    /** test/chan/zerosize.go: channels of zero-size element types, buffered or not. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CHAN_22_zeroSizeElementTypes(int cap) {
        Chan<Void> signals = Chan.make(cap);
        Chan<Empty> empties = Chan.make(cap);
        Task<Void> sender = Task.run("sender", () -> {
            for (int i = 0; i < cap + 3; i++) {
                signals.send(null);
                empties.send(new Empty());
            }
            signals.close();
            empties.close();
        });
        for (int i = 0; i < cap + 3; i++) {
            assertThat(signals.receiveOk()).isEqualTo(new Received<Void>(null, true));
            assertThat(empties.receive()).isEqualTo(new Empty());
        }
        assertThat(signals.receiveOk()).isEqualTo(Received.closed());
        assertThat(empties.receiveOk()).isEqualTo(Received.closed());
        sender.await();
        if (cap > 0) {
            Chan<Void> buffered = Chan.make(cap);
            buffered.send(null);
            assertThat(buffered.len()).isEqualTo(1);
            assertThat(buffered.tryReceive()).contains(new Received<>(null, true));
        }
    }

    /** runtime TestChanSendInterface: non-blocking sends on a full {@code chan any}. */
    @Test
    void rule_CHAN_23_nonBlockingSendsOfInterfaceValuesOnFullChannel() {
        Object m = new Object();
        Chan<Object> c = Chan.make(1);
        c.send(m);
        assertThat(Select.select(c.onSend(m, () -> "sent"), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(Select.select(c.onSend(m, () -> "sent m"), c.onSend(new Object(), () -> "sent new"),
                Select.onDefault(() -> "default"))).isEqualTo("default");
        assertThat(c.receive()).isSameAs(m);
        assertThat(c.tryReceive()).isEmpty();
    }

    /** A response whose fields are plain (not final): only the channel publishes them. */
    private static final class Async {
        Object resp;
        Exception err;
    }

    /**
     * runtime TestChanSendBarrier / TestChanSendSelectBarrier: a freshly allocated value sent on
     * an unbuffered channel (plain send, or a 2-case select send) is seen intact. Go's short
     * sizes, 10 goroutines x 1000 requests (times -Dgochan.stress).
     */
    @ParameterizedTest(name = "select {0}")
    @ValueSource(booleans = {false, true})
    void rule_CHAN_24_freshlyAllocatedValueArrivesIntact(boolean useSelect) {
        int outer = 10;
        int inner = 1000 * STRESS;
        AtomicInteger ok = new AtomicInteger();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < outer; i++) {
            tasks.add(Task.run("client-" + i, () -> {
                for (int j = 0; j < inner; j++) {
                    Async r = doRequest(useSelect);
                    if (r.resp == null && r.err instanceof IllegalStateException e
                            && "my error".equals(e.getMessage())) {
                        ok.incrementAndGet();
                    }
                }
            }));
        }
        awaitAll(tasks);
        assertThat(ok.get()).isEqualTo(outer * inner);
    }

    private static Async doRequest(boolean useSelect) {
        Chan<Async> ch = Chan.make();
        Chan<Void> done = Chan.make();
        if (useSelect) {
            Go.go(() -> {
                Async a = new Async();
                a.err = new IllegalStateException("my error");
                Select.run(ch.onSend(a), done.onReceive());
            });
        } else {
            Go.go(() -> {
                Async a = new Async();
                a.err = new IllegalStateException("my error");
                ch.send(a);
            });
        }
        Async r = ch.receive();
        Thread.yield();
        return r;
    }

    private static int stackGrowthRecursive(int i) {
        long[] pad = new long[128]; // use lots of stack, briefly
        pad[i % pad.length] = i;
        return i == 0 ? (int) pad[0] : stackGrowthRecursive(i - 1) + (int) pad[i % pad.length];
    }

    /**
     * runtime TestShrinkStackDuringBlockedSend: values arrive in order while the blocked sender's
     * (virtual thread) stack is moved by the GC between receives; n = 10.
     */
    @Test
    void rule_CHAN_25_inOrderDeliveryAcrossGcWhileSenderBlocked() {
        int n = 10;
        Chan<Integer> c = Chan.make();
        Chan<Void> done = Chan.make();
        Task<Void> sender = Task.run("sender", () -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
                stackGrowthRecursive(200);
            }
            done.send(null);
        });
        for (int i = 0; i < n; i++) {
            sender.awaitBlocked("chan send");
            System.gc();
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(done.tryReceive(LONG)).isPresent();
        sender.await();
    }

    /**
     * test/chanlinear.go: withdrawing a select's waiter from a channel is O(1). n goroutines each
     * run 10 selects {@code {<-c; <-d_i}} (so n waiters stay queued on the shared c) while main
     * wakes each through its d_i; time(2n) must stay under 3 x time(n). n starts at 1000 and
     * doubles while a failing time(n) is under 1 s; five failures at >= 1 s fail the test.
     */
    @Tag("timing")
    @Test
    void rule_CHAN_26_selectWaiterRemovalIsConstantTime() {
        chanSelect(1000); // warm up the JIT so the first measurement is not dominated by it
        int n = 1000;
        int fails = 0;
        StringBuilder log = new StringBuilder();
        for (;;) {
            long t1 = timeChanSelect(n);
            long t2 = timeChanSelect(2 * n);
            if (t1 * 3 > t2) {
                return;
            }
            log.append(n).append(' ').append(t1 / 1000).append("us ").append(2 * n).append(' ')
                    .append(t2 / 1000).append("us\n");
            if (t1 < 1_000_000_000L) {
                n *= 2;
                continue;
            }
            if (++fails >= 5) {
                throw new AssertionError("chanSelect is not linear:\n" + log);
            }
        }
    }

    private static long timeChanSelect(int n) {
        long t0 = System.nanoTime();
        chanSelect(n);
        return System.nanoTime() - t0;
    }

    private static void chanSelect(int n) {
        int messages = 10;
        Chan<Boolean> c = Chan.make(); // the shared channel nobody sends on
        List<Chan<Boolean>> a = new ArrayList<>(n);
        List<Task<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Chan<Boolean> d = Chan.make();
            a.add(d);
            tasks.add(Task.run("g" + i, () -> {
                for (int j = 0; j < messages; j++) {
                    Select.run(c.onReceive(), d.onReceive()); // queue ourselves on c
                }
            }));
        }
        for (int i = 0; i < messages; i++) {
            for (Chan<Boolean> d : a) {
                d.send(true); // wake it: it dequeues from c and enqueues again
            }
        }
        awaitAll(tasks);
    }

    // ---- make ----------------------------------------------------------------------------------

    /** runtime/chan.go makechan: a negative or unrepresentable size is "makechan: size out of range". */
    @Test
    void rule_CHAN_27_makeWithSizeOutOfRangeThrows() {
        for (int bad : new int[] {-1, -1000, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> Chan.make(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("makechan: size out of range")
                    .hasMessageContaining(String.valueOf(bad));
        }
        // beyond the largest array the JVM can make: Go's "size out of range", not an Error
        for (int bad : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1}) {
            assertThatThrownBy(() -> Chan.make(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("makechan: size out of range")
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThat(Chan.make(0).cap()).isZero();
    }
}
