package dev.gochan;

import static dev.gochan.SelTestSupport.assertBlocksUntilInterrupted;
import static dev.gochan.SelTestSupport.await;
import static dev.gochan.SelTestSupport.awaitRecvQueued;
import static dev.gochan.SelTestSupport.queued;
import static dev.gochan.SelTestSupport.stress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.SelTestSupport.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SEL rules of SEMANTICS.md, one test per rule, ported from Go's own tests (test/chan/select*.go,
 * doubleselect.go, runtime/chan_test.go).
 *
 * <p>Rules tagged [L] are about Go syntax inside a select. Their Java equivalents: Go evaluates
 * channel operands and send values on entering the select, gochan when the case is made (Java's
 * argument evaluation, left to right, exactly once: SEL-17); a receive case's assignment target
 * is the case's lambda, run only for the chosen case (SEL-18, SEL-19); Go's {@code break} inside a
 * case is a {@code return} from the case's lambda (SEL-16). All three have tests below.
 */
@Timeout(120)
class SelectRulesTest {

    // ---- SEL-01 .. SEL-06: blocking, default, self-pairing ------------------------------------

    @Test
    @Tag("timing")
    void rule_SEL_01_emptySelectBlocksForever() throws Exception {
        assertBlocksUntilInterrupted("select {}", () -> Select.run());
        assertBlocksUntilInterrupted("select {} over an empty list", () -> Select.run(List.of()));
        assertBlocksUntilInterrupted("select {} (select form)", () -> Select.<String>select());
    }

    @Test
    void rule_SEL_02_defaultOnlySelectNeverBlocks() {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            assertThat(Select.select(Select.onDefault(() -> "default"))).isEqualTo("default");
            Select.run(Select.onDefaultDo(ran::incrementAndGet));
        }
        assertThat(ran.get()).isEqualTo(1000);
    }

    @Test
    void rule_SEL_03_readyCaseIsPreferredToDefault() {
        for (int i = 0; i < 1000; i++) {
            Chan<Integer> c = Chan.make(1);
            // send into a cap-1 empty channel
            String r = Select.select(c.onSend(i, () -> "sent"), Select.onDefault(() -> "default"));
            assertThat(r).isEqualTo("sent");
            assertThat(c.len()).isEqualTo(1);
            // receive from a cap-1 channel holding a value
            Chan<Integer> empty = Chan.make(1);
            Integer v = Select.select(empty.onReceive(x -> -2), c.onReceive(x -> x),
                    Select.onDefault(() -> -1));
            assertThat(v).isEqualTo(i);
            assertThat(c.len()).isZero();
        }
    }

    @Test
    @Tag("timing")
    void rule_SEL_04_selectOverNonReadyChannelsBlocks() throws Exception {
        Chan<Integer> unbuffered = Chan.make();
        Chan<Integer> emptyBuf = Chan.make(1);
        Chan<Integer> fullBuf = Chan.make(1);
        fullBuf.send(7);
        Chan<Integer> noReceiver = Chan.make();
        assertBlocksUntilInterrupted("select over non-ready channels", () -> Select.run(
                unbuffered.onReceiveDo(v -> fail("received from an empty channel")),
                emptyBuf.onReceiveDo(v -> fail("received from an empty buffer")),
                fullBuf.onSendDo(8, () -> fail("sent into a full buffer")),
                noReceiver.onSendDo(9, () -> fail("sent without a receiver"))));
        // the interrupted select had no effect and left no registration behind
        assertThat(fullBuf.len()).isEqualTo(1);
        assertThat(fullBuf.receive()).isEqualTo(7);
        assertThat(emptyBuf.len()).isZero();
        for (Chan<Integer> c : List.of(unbuffered, emptyBuf, fullBuf, noReceiver)) {
            assertThat(queued(c)).isZero();
        }

        // ... and it blocks until one case becomes ready, then performs that case
        try (Scope s = new Scope()) {
            Chan<String> result = Chan.make(1);
            s.go(() -> result.send(Select.select(
                    unbuffered.onReceive(v -> "unbuffered " + v),
                    emptyBuf.onReceive(v -> "emptyBuf " + v))));
            assertThat(result.tryReceive(SelTestSupport.BLOCK_WATCH)).isEmpty();
            emptyBuf.send(5);
            assertThat(result.receive()).isEqualTo("emptyBuf 5");
            s.join();
        }
    }

    @Test
    @Tag("timing")
    void rule_SEL_05_selectNeverPairsWithItself() throws Exception {
        Chan<Integer> c = Chan.make();
        assertBlocksUntilInterrupted("select { case c <- 1: case <-c: }", () -> Select.run(
                c.onSendDo(1, () -> fail("own send paired")),
                c.onReceiveDo(v -> fail("own receive paired: " + v))));
        assertBlocksUntilInterrupted("select { case <-c: case c <- 1: }", () -> Select.run(
                c.onReceiveDo(v -> fail("own receive paired: " + v)),
                c.onSendDo(1, () -> fail("own send paired"))));
        assertBlocksUntilInterrupted("biased select { case c <- 1: case <-c: }",
                () -> Select.runBiased(
                        c.onSendDo(1, () -> fail("own send paired")),
                        c.onReceiveDo(v -> fail("own receive paired: " + v))));
        assertThat(queued(c)).isZero();
        // with a default it is not ready either
        for (int i = 0; i < 1000; i++) {
            String r = Select.select(c.onSend(1, () -> "send"), c.onReceive(v -> "recv"),
                    Select.onDefault(() -> "default"));
            assertThat(r).isEqualTo("default");
        }
    }

    /** test/chan/select8.go's last select: the send case has no receiver but this select. */
    @Test
    void rule_SEL_06_ownSendCaseNeverChosenBesideReceive() {
        try (Scope s = new Scope()) {
            Chan<Integer> ch = Chan.make();
            s.go(() -> {
                for (;;) {
                    ch.send(5);
                }
            });
            int received = 0;
            for (int i = 0; i < 20_000; i++) {
                String r = Select.select(
                        ch.onReceive(v -> v == 5 ? "recv" : "bad value " + v),
                        ch.onSend(10, () -> "send"),
                        Select.onDefault(() -> "default"));
                assertThat(r).isIn("recv", "default");
                if (r.equals("recv")) {
                    received++;
                }
            }
            assertThat(received).as("the sender's values are received").isPositive();
        } // tears down the endless sender, as the Go program's exit does
    }

    // ---- SEL-07 .. SEL-10: self select, fairness, choice ----------------------------------

    /** runtime TestSelfSelect. */
    @Test
    void rule_SEL_07_selfSelectNoCrashNoDeadlockNoSelfReceive() {
        for (int cap : new int[] {0, 10}) {
            try (Scope s = new Scope()) {
                Chan<Integer> c = Chan.make(cap);
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    s.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            Case<Void> send = c.onSendDo(me, () -> { });
                            Case<Void> recv = c.onReceiveDo(v -> {
                                if (cap == 0 && v == me) {
                                    throw new AssertionError("self receive (cap 0, p " + me + ")");
                                }
                            });
                            if (me == 0 || i % 2 == 0) {
                                Select.run(send, recv);
                            } else {
                                Select.run(recv, send);
                            }
                        }
                    });
                }
                s.join();
            }
        }
    }

    /** runtime TestSelectFairness: two always-ready cases among four, 10000 trials, 10 sigma. */
    @Test
    void rule_SEL_08_fairness10Sigma() {
        final int trials = 10_000;
        Chan<Integer> c1 = Chan.make(trials + 1);
        Chan<Integer> c2 = Chan.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Chan<Integer> c3 = Chan.make();
        Chan<Integer> c4 = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Void> done = Chan.make();
        try (Scope s = new Scope()) {
            s.go(() -> {
                for (;;) {
                    Integer b = Select.select(c3.onReceive(), c4.onReceive(), c1.onReceive(),
                            c2.onReceive());
                    boolean stop = Select.select(out.onSend(b, () -> false),
                            done.onReceive(v -> true));
                    if (stop) {
                        return;
                    }
                }
            });
            int cnt1 = 0;
            int cnt2 = 0;
            for (int i = 0; i < trials; i++) {
                int b = out.receive();
                switch (b) {
                    case 1 -> cnt1++;
                    case 2 -> cnt2++;
                    default -> fail("unexpected value " + b + " on channel");
                }
            }
            double mean = trials * 0.5;
            double stddev = Math.sqrt(trials * 0.5 * (1 - 0.5));
            assertThat(Math.abs(cnt1 - mean))
                    .as("unfair select: in %d trials, results were %d, %d", trials, cnt1, cnt2)
                    .isLessThanOrEqualTo(10 * stddev);
            done.close();
            s.join();
        }
    }

    /** runtime TestPseudoRandomSend. */
    @Test
    void rule_SEL_09_pseudoRandomChoiceAmongReadySends() throws Exception {
        final int n = 100;
        for (int cap : new int[] {0, n}) {
            try (Scope s = new Scope()) {
                Chan<Integer> c = Chan.make(cap);
                int[] l = new int[n];
                CountDownLatch received = new CountDownLatch(1);
                s.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Go.gosched();
                        l[i] = c.receive();
                    }
                    received.countDown();
                });
                for (int i = 0; i < n; i++) {
                    Select.run(c.onSend(1), c.onSend(0));
                }
                await(received, "receiving " + n + " values");
                int n0 = 0;
                int n1 = 0;
                for (int v : l) {
                    n0 += (v + 1) % 2;
                    n1 += v;
                }
                assertThat(n0 > n / 10 && n1 > n / 10)
                        .as("want pseudorandom, got %d zeros and %d ones (chan cap %d)", n0, n1, cap)
                        .isTrue();
                s.join();
            }
        }
    }

    @Test
    void rule_SEL_10_randomPollOrderThenDefaultThenFirstCounterpart() throws Exception {
        // (a) a uniform random choice among the ready cases; nil cases are not in the poll order
        final int trials = 30_000;
        List<Chan<Integer>> ready = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Chan<Integer> c = Chan.make(trials);
            for (int i = 0; i < trials; i++) {
                c.send(k);
            }
            ready.add(c);
        }
        Chan<Integer> nil = Chan.nil();
        Chan<Integer> never = Chan.make();
        int[] count = new int[3];
        for (int i = 0; i < trials; i++) {
            int k = Select.select(nil.onReceive(v -> -1), ready.get(0).onReceive(), never.onReceive(),
                    ready.get(1).onReceive(), ready.get(2).onReceive(), nil.onSend(9, () -> -2));
            count[k]++;
        }
        double sigma = Math.sqrt(trials * (1.0 / 3) * (2.0 / 3));
        for (int k = 0; k < 3; k++) {
            assertThat(Math.abs(count[k] - trials / 3.0))
                    .as("case %d chosen %d times of %d", k, count[k], trials)
                    .isLessThanOrEqualTo(10 * sigma);
        }
        // (b) none ready: the default runs
        assertThat(Select.select(never.onReceive(v -> "recv"), nil.onReceive(v -> "nil"),
                Select.onDefault(() -> "default"))).isEqualTo("default");
        // (c) none ready, no default: enqueued on every channel; the first counterpart wins and
        //     the other registrations are withdrawn
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> c = Chan.make();
        Chan<String> result = Chan.make(1);
        try (Scope s = new Scope()) {
            s.go(() -> result.send(Select.select(a.onReceive(v -> "a" + v), b.onReceive(v -> "b" + v),
                    c.onReceive(v -> "c" + v))));
            awaitRecvQueued(a, 1);
            awaitRecvQueued(b, 1);
            awaitRecvQueued(c, 1);
            b.send(2);
            assertThat(result.receive()).isEqualTo("b2");
            s.join();
        }
        assertThat(queued(a) + queued(b) + queued(c)).isZero();
        assertThat(a.trySend(1)).as("no stale receiver left on a").isFalse();
        assertThat(c.trySend(1)).as("no stale receiver left on c").isFalse();
    }

    // ---- SEL-11 .. SEL-15: exactly once, single instant, queues ---------------------------

    /** test/chan/doubleselect.go, with every value also checked to arrive (not only once). */
    @Test
    void rule_SEL_11_doubleSelectExactlyOneCasePerSelect() {
        final int n = 100_000 * stress();
        Chan<Integer> c1 = Chan.make();
        Chan<Integer> c2 = Chan.make();
        Chan<Integer> c3 = Chan.make();
        Chan<Integer> c4 = Chan.make();
        Chan<Boolean> done = Chan.make();
        Chan<Integer> cmux = Chan.make();
        try (Scope s = new Scope()) {
            s.go(() -> { // sender: one counter value to one of four channels per select
                for (int i = 0; i < n; i++) {
                    Select.run(c1.onSend(i), c2.onSend(i), c3.onSend(i), c4.onSend(i));
                }
                c1.close();
                c2.close();
                c3.close();
                c4.close();
            });
            for (Chan<Integer> in : List.of(c1, c2, c3, c4)) {
                s.go(() -> { // mux
                    for (int v : in) {
                        cmux.send(v);
                    }
                    done.send(true);
                });
            }
            s.go(() -> {
                for (int i = 0; i < 4; i++) {
                    done.receive();
                }
                cmux.close();
            });
            boolean[] seen = new boolean[n];
            int count = 0;
            for (int v : cmux) {
                if (seen[v]) {
                    fail("got duplicate value: " + v);
                }
                seen[v] = true;
                count++;
            }
            assertThat(count).isEqualTo(n);
            s.join();
        }
    }

    /** runtime TestNonblockSelectRace and TestNonblockSelectRace2. */
    @Test
    void rule_SEL_12_nonblockingSelectObservesASingleInstant() throws Exception {
        final int n = 100_000 * stress();
        for (boolean closeVariant : new boolean[] {false, true}) {
            try (Scope s = new Scope()) {
                Chan<Boolean> done = Chan.make(1);
                for (int i = 0; i < n; i++) {
                    Chan<Integer> c1 = Chan.make(1);
                    Chan<Integer> c2 = closeVariant ? Chan.make() : Chan.make(1);
                    c1.send(1);
                    s.go(() -> done.send(Select.select(c1.onReceive(v -> true),
                            c2.onReceive(v -> true), Select.onDefault(() -> false))));
                    if (closeVariant) {
                        c2.close();
                    } else {
                        c2.send(1);
                    }
                    c1.tryReceive();
                    if (!done.receive()) {
                        fail("no chan is ready (iteration " + i + ", close variant " + closeVariant
                                + ")");
                    }
                }
                s.join();
            }
        }
    }

    /** runtime TestSelectDuplicateChannel; the Go test's sleeps become waits on the queue sizes. */
    @Test
    void rule_SEL_13_sameChannelInSeveralCases() throws Exception {
        for (int round = 0; round < 100; round++) {
            Chan<Integer> c = Chan.make();
            Chan<Integer> d = Chan.make();
            Chan<Integer> e = Chan.make();
            try (Scope s = new Scope()) {
                s.go(() -> { // goroutine A
                    int got = Select.select(c.onReceive(v -> -1), c.onReceive(v -> -2),
                            d.onReceive(v -> v));
                    e.send(got);
                });
                awaitRecvQueued(c, 2); // A is queued on c, twice
                CountDownLatch bDone = new CountDownLatch(1);
                AtomicInteger bGot = new AtomicInteger();
                s.go(() -> { // goroutine B
                    bGot.set(c.receive());
                    bDone.countDown();
                });
                awaitRecvQueued(c, 3); // B is queued on c behind A
                d.send(7); // wakes A, which withdraws both its registrations on c
                assertThat(e.receive()).isEqualTo(7);
                c.send(8); // must reach B, not a stale registration of A
                await(bDone, "B receiving 8");
                assertThat(bGot.get()).isEqualTo(8);
                assertThat(queued(c) + queued(d) + queued(e)).isZero();
                s.join();
            }
        }
    }

    /** test/chan/select6.go (issue 2075): as written, and with the queue order forced. */
    @Test
    void rule_SEL_14_abandonedSelectRegistrationsDoNotCorruptQueues() {
        for (int round = 0; round < 200; round++) {
            boolean forceOrder = round % 2 == 1;
            Chan<Boolean> c1 = Chan.make();
            Chan<Boolean> c2 = Chan.make();
            Chan<Boolean> c3 = Chan.make();
            try (Scope s = new Scope()) {
                s.go(c1::receive); // G1
                if (forceOrder) {
                    awaitRecvQueued(c1, 1);
                }
                s.go(() -> { // G2
                    Select.run(
                            c1.onReceiveDo(v -> {
                                throw new AssertionError("dummy: c1 case must not fire");
                            }),
                            c2.onReceiveDo(v -> c3.send(true)));
                    c1.receive();
                });
                if (forceOrder) {
                    awaitRecvQueued(c1, 2); // G2's select is last in c1's queue
                }
                s.go(() -> c2.send(true));
                c3.receive();
                c1.send(true);
                c1.send(true);
                s.join();
                assertThat(queued(c1) + queued(c2) + queued(c3)).isZero();
            }
        }
    }

    /** test/chan/select7.go: {plain, 1-case select, 2-case select} x the same, all complete. */
    @Test
    void rule_SEL_15_allNinePairingsOfPlainAndSelectComplete() {
        Chan<Integer> nilch = Chan.nil();
        List<java.util.function.Consumer<Chan<Integer>>> recvs = List.of(
                c -> c.receive(), // recv1: <-c
                c -> Select.run(c.onReceiveDo(v -> { })), // recv2: select { case <-c: }
                c -> Select.run(c.onReceiveDo(v -> { }), nilch.onReceiveDo(v -> { }))); // recv3
        List<java.util.function.Consumer<Chan<Integer>>> sends = List.of(
                c -> c.send(1), // send1: c <- 1
                c -> Select.run(c.onSend(1)), // send2: select { case c <- 1: }
                c -> Select.run(c.onSend(1), Chan.<Integer>make().onSend(1))); // send3
        for (int round = 0; round < 50; round++) {
            for (int si = 0; si < 3; si++) {
                for (int ri = 0; ri < 3; ri++) {
                    var recv = recvs.get(ri);
                    var send = sends.get(si);
                    try (Scope s = new Scope()) {
                        Chan<Integer> c = Chan.make();
                        s.go(() -> recv.accept(c));
                        Go.gosched();
                        send.accept(c);
                        s.join();
                    }
                }
            }
        }
    }

    // ---- SEL-16 .. SEL-19: the [L] rules' Java equivalents ----------------------------------

    /**
     * test/chan/select8.go: Go's {@code break} inside a case leaves the select only. In Java it is
     * a {@code return} from the case's lambda; the code after it does not run, the code after the
     * select does. 1-case, default-only, 2-case and 3-case forms.
     */
    @Test
    void rule_SEL_16_breakInCaseLeavesTheSelectOnly() {
        try (Scope s = new Scope()) {
            Chan<Integer> ch = Chan.make();
            s.go(() -> {
                for (;;) {
                    ch.send(5);
                }
            });
            AtomicInteger unreachable = new AtomicInteger();
            AtomicInteger after = new AtomicInteger();
            Select.run(ch.onReceiveDo(v -> {
                if (v == 5) {
                    return; // break
                }
                unreachable.incrementAndGet();
            }));
            after.incrementAndGet();
            Select.run(Select.onDefaultDo(() -> {
                if (after.get() > 0) {
                    return; // break
                }
                unreachable.incrementAndGet();
            }));
            after.incrementAndGet();
            Select.run(ch.onReceiveDo(v -> {
                if (v == 5) {
                    return;
                }
                unreachable.incrementAndGet();
            }), Select.onDefaultDo(() -> {
                if (after.get() > 0) {
                    return;
                }
                unreachable.incrementAndGet();
            }));
            after.incrementAndGet();
            Select.run(ch.onReceiveDo(v -> {
                if (v == 5) {
                    return;
                }
                unreachable.incrementAndGet();
            }), ch.onSendDo(10, () -> fail("unreachable: send case chosen")),
                    Select.onDefaultDo(() -> {
                        if (after.get() > 0) {
                            return;
                        }
                        unreachable.incrementAndGet();
                    }));
            after.incrementAndGet();
            assertThat(unreachable.get()).isZero();
            assertThat(after.get()).isEqualTo(4);
        }
    }

    private static final class SendProbe {
        int counter;
        int shift;
        final List<Integer> order = new ArrayList<>();

        int getValue(int position) {
            counter++;
            order.add(position);
            return 1 << shift;
        }

        /** select.go's Send: nils each channel once it was sent on; the default ends the loop. */
        int send(Chan<Integer> a, Chan<Integer> b) {
            int[] i = {0};
            Chan<Integer>[] ab = pair(a, b);
            for (;;) {
                boolean stop = Select.select(
                        ab[0].onSend(getValue(1), () -> {
                            i[0]++;
                            ab[0] = Chan.nil();
                            return false;
                        }),
                        ab[1].onSend(getValue(2), () -> {
                            i[0]++;
                            ab[1] = Chan.nil();
                            return false;
                        }),
                        Select.onDefault(() -> true));
                if (stop) {
                    return i[0];
                }
                shift++;
            }
        }

        @SuppressWarnings("unchecked")
        private static Chan<Integer>[] pair(Chan<Integer> a, Chan<Integer> b) {
            return (Chan<Integer>[]) new Chan<?>[] {a, b};
        }
    }

    /**
     * test/chan/select.go: every case's send value is evaluated on every select entry, in source
     * order, for nil and unchosen cases too (in Java: when the case is made, by argument
     * evaluation). Send(a, b) returns 2, the values OR to 3, Send(a, nil) returns 1, and GetValue
     * ran 10 times.
     */
    @Test
    void rule_SEL_17_caseOperandsEvaluatedOnceInSourceOrder() {
        SendProbe p = new SendProbe();
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        assertThat(p.send(a, b)).isEqualTo(2);
        int av = a.receive();
        int bv = b.receive();
        assertThat(av | bv).isEqualTo(3);
        assertThat(p.send(a, Chan.nil())).isEqualTo(1);
        assertThat(p.counter).isEqualTo(10);
        // source order on every entry: 1, 2, 1, 2, ...
        for (int k = 0; k < p.order.size(); k++) {
            assertThat(p.order.get(k)).isEqualTo(k % 2 + 1);
        }
    }

    /**
     * test/chan/select4.go and select5.go's "nonblock" template: the target of a receive case (in
     * Java, the case's lambda) is evaluated only for the chosen case; a never-chosen case whose
     * target would crash (nil pointer) or call f never does.
     */
    @Test
    void rule_SEL_18_receiveTargetEvaluatedOnlyForChosenCase() {
        AtomicInteger fCalls = new AtomicInteger();
        int[] nilTarget = null;
        for (int i = 0; i < 1000; i++) {
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> c1 = Chan.make();
            c.send(42);
            int[] x = {0};
            int[] p = nilTarget;
            Select.run(
                    c1.onReceiveDo(v -> { // case *f() = <-c1
                        fCalls.incrementAndGet();
                        p[0] = v;
                    }),
                    c.onReceiveDo(v -> x[0] = v)); // case x.a = <-c
            assertThat(x[0]).isEqualTo(42);
            // non-blocking form: the default runs, the receive target is untouched
            Select.run(c1.onReceiveDo(v -> p[0] = v), Select.onDefaultDo(() -> { }));
        }
        assertThat(fCalls.get()).isZero();
    }

    /**
     * runtime TestSelectStackAdjust's check: a receive case not chosen leaves its target as it was.
     * Two selects {@code {cx = <-c; <-d}} are both woken by one {@code close(d)}.
     */
    @Test
    void rule_SEL_19_unchosenReceiveCaseLeavesTargetUntouched() {
        for (int round = 0; round < 100; round++) {
            Chan<Integer> c = Chan.make();
            Chan<Integer> d = Chan.make();
            Integer val = 42;
            AtomicReference<Integer> cx1 = new AtomicReference<>(val);
            AtomicReference<Integer> cx2 = new AtomicReference<>(val);
            Chan<Boolean> woke = Chan.make(2);
            try (Scope s = new Scope()) {
                for (AtomicReference<Integer> cx : List.of(cx1, cx2)) {
                    s.go(() -> Select.run(c.onReceiveDo(cx::set),
                            d.onReceiveOkDo(r -> woke.send(r.ok()))));
                }
                awaitRecvQueued(d, 2);
                d.close();
                assertThat(woke.receive()).isFalse();
                assertThat(woke.receive()).isFalse();
                s.join();
            }
            assertThat(cx1.get()).isSameAs(val);
            assertThat(cx2.get()).isSameAs(val);
            assertThat(queued(c)).isZero();
        }
    }

    // ---- SEL-20: mixed heavy traffic ---------------------------------------------------------

    /**
     * runtime TestSelectStress at its -short size (N = 10000, times gochan.stress), with every
     * value made unique so the test also proves nothing is lost or duplicated.
     */
    @Test
    void rule_SEL_20_selectStressNoDeadlockNoLoss() {
        final int n = 10_000 * stress();
        List<Chan<Integer>> c = List.of(Chan.make(), Chan.make(), Chan.make(2), Chan.make(3));
        // values: channel k, plain sender: [k*2n, k*2n+n); select sender: [k*2n+n, (k+1)*2n)
        AtomicIntegerArray seen = new AtomicIntegerArray(8 * n);
        try (Scope s = new Scope()) {
            java.util.function.IntConsumer record = v -> {
                if (seen.incrementAndGet(v) != 1) {
                    throw new AssertionError("value received twice: " + v);
                }
            };
            for (int k = 0; k < 4; k++) {
                Chan<Integer> ck = c.get(k);
                int base = k * 2 * n;
                s.go(() -> {
                    for (int i = 0; i < n; i++) {
                        ck.send(base + i);
                    }
                });
                s.go(() -> {
                    for (int i = 0; i < n; i++) {
                        record.accept(ck.receive());
                    }
                });
            }
            s.go(() -> { // one goroutine sends n on each channel with a single 4-case select
                int[] sent = new int[4];
                List<Chan<Integer>> c1 = new ArrayList<>(c);
                for (int i = 0; i < 4 * n; i++) {
                    List<Case<Integer>> cases = new ArrayList<>();
                    for (int k : new int[] {3, 2, 0, 1}) {
                        int kk = k;
                        cases.add(c1.get(k).onSend(k * 2 * n + n + sent[k], () -> kk));
                    }
                    int k = Select.select(cases);
                    if (++sent[k] == n) {
                        c1.set(k, Chan.nil());
                    }
                }
            });
            s.go(() -> { // and one receives n from each with a single 4-case select
                int[] got = new int[4];
                List<Chan<Integer>> c1 = new ArrayList<>(c);
                for (int i = 0; i < 4 * n; i++) {
                    List<Case<Integer>> cases = new ArrayList<>();
                    for (int k = 0; k < 4; k++) {
                        int kk = k;
                        cases.add(c1.get(k).onReceive(v -> {
                            record.accept(v);
                            return kk;
                        }));
                    }
                    int k = Select.select(cases);
                    if (++got[k] == n) {
                        c1.set(k, Chan.nil());
                    }
                }
            });
            s.join();
        }
        for (int v = 0; v < 8 * n; v++) {
            if (seen.get(v) != 1) {
                fail("value " + v + " received " + seen.get(v) + " times");
            }
        }
        for (Chan<Integer> ch : c) {
            assertThat(queued(ch)).isZero();
            assertThat(ch.len()).isZero();
        }
    }

    // ---- SEL-21 .. SEL-23 ----------------------------------------------------------------------

    // RULE-SEL-21 (repeated selects do not leak) is tested in GarbageSelectTest.

    /**
     * Many cases are allowed (Go caps a select at 65536 cases); the dynamic select over a list
     * with zero cases blocks forever, with only a default returns the default.
     */
    @Test
    @Tag("timing")
    void rule_SEL_22_manyCasesZeroCasesDefaultOnly() throws Exception {
        final int n = 65_536;
        List<Chan<Integer>> chans = new ArrayList<>(n);
        List<Case<Integer>> cases = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = Chan.make(1);
            chans.add(ch);
            int idx = i;
            cases.add(ch.onReceive(v -> idx * 1000 + v));
        }
        for (int target : new int[] {n - 1, 0, n / 2}) {
            chans.get(target).send(7);
            assertThat(Select.select(cases)).isEqualTo(target * 1000 + 7);
        }
        // blocking over the many cases, woken by the last one
        try (Scope s = new Scope()) {
            Chan<Integer> result = Chan.make(1);
            s.go(() -> result.send(Select.select(cases)));
            awaitRecvQueued(chans.get(n - 1), 1);
            chans.get(n - 1).send(3);
            assertThat(result.receive()).isEqualTo((n - 1) * 1000 + 3);
            s.join();
        }
        for (Chan<Integer> ch : chans) {
            assertThat(queued(ch)).isZero();
        }
        assertBlocksUntilInterrupted("dynamic select over zero cases",
                () -> Select.select(List.<Case<String>>of()));
        assertThat(Select.select(List.of(Select.onDefault(() -> "default")))).isEqualTo("default");
    }

    /**
     * Several cases on one channel are permuted like distinct cases: with {@code <-c} twice and
     * {@code <-d} once, all always ready, each case is chosen about a third of the time (it is not
     * "c once, d once").
     */
    @Test
    void rule_SEL_23_casesOnTheSameChannelArePermutedIndependently() {
        final int trials = 30_000;
        Chan<Integer> c = Chan.make(trials);
        Chan<Integer> d = Chan.make(trials);
        for (int i = 0; i < trials; i++) {
            c.send(0);
            d.send(0);
        }
        int[] count = new int[3];
        for (int i = 0; i < trials; i++) {
            count[Select.select(c.onReceive(v -> 0), c.onReceive(v -> 1), d.onReceive(v -> 2))]++;
        }
        double sigma = Math.sqrt(trials * (1.0 / 3) * (2.0 / 3));
        for (int k = 0; k < 3; k++) {
            assertThat(Math.abs(count[k] - trials / 3.0))
                    .as("case %d chosen %d times of %d (%s)", k, count[k], trials,
                            java.util.Arrays.toString(count))
                    .isLessThanOrEqualTo(10 * sigma);
        }
    }

    @Test
    void theOnReceiveCaseIsMadeOnceAndServesEverySelect() {
        // A select loop asks for ch.onReceive() on every iteration; the case is immutable, so
        // the channel hands out one instance (through its receive-only view too).
        for (int capacity : new int[] {0, 1, 10}) {
            Chan<Integer> a = Chan.make(capacity);
            Chan<Integer> b = Chan.make(capacity);
            assertThat(a.onReceive()).isSameAs(a.onReceive());
            assertThat(a.recvOnly().onReceive()).isSameAs(a.onReceive());
            assertThat(a.onReceive()).isNotSameAs(b.onReceive());
            Go.go(() -> {
                for (int i = 1; i <= 100; i++) {
                    (i % 2 == 0 ? a : b).send(i);
                }
            });
            int sum = 0;
            for (int i = 0; i < 100; i++) {
                sum += Select.select(a.onReceive(), b.onReceive());
            }
            assertThat(sum).as("cap %d: every value once", capacity).isEqualTo(100 * 101 / 2);
            a.close();
            assertThat(Select.select(a.onReceive(), b.onReceive())).as("then the close").isNull();
        }
    }
}
