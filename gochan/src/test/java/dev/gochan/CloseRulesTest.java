package dev.gochan;

import static dev.gochan.ChanTestSupport.LONG;
import static dev.gochan.ChanTestSupport.STRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.ChanTestSupport.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SEMANTICS.md area CLOSE: {@code close} and closed channels. One test per rule, parameterized
 * over the capacity matrix {0, 1, 2, 10, 100, 1000} where the capacity matters. Go's
 * {@code shouldPanic} becomes {@code assertThatThrownBy} with Go's panic text, exactly.
 */
@Timeout(120)
class CloseRulesTest {
    private static final String MATRIX = "dev.gochan.ChanTestSupport#capacities";
    private static final String BUFFERED = "dev.gochan.ChanTestSupport#bufferedCapacities";
    private static final String SEND_ON_CLOSED = "send on closed channel";

    /**
     * The receive styles of test/closedchan.go and test/chan/select3.go, each returning what it
     * received as a {@link Received} (value, ok), or empty when it would block.
     */
    private enum Style {
        BLOCKING(c -> Optional.of(new Received<>(c.receive(), true))),
        COMMA_OK(c -> Optional.of(c.receiveOk())),
        NONBLOCKING(c -> Select.select(c.onReceive(v -> Optional.of(new Received<>(v, true))),
                Select.onDefault(Optional::empty))),
        NONBLOCKING_COMMA_OK(c -> Select.select(c.onReceiveOk(Optional::of), Select.onDefault(Optional::empty))),
        TRY_RECEIVE(RecvChan::tryReceive),
        TRY_RECEIVE_TIMEOUT(c -> c.tryReceive(LONG)),
        ONE_CASE_SELECT(c -> Select.select(c.onReceiveOk(Optional::of))),
        SELECT_WITH_NEVER_READY_CASE(c -> Select.select(c.onReceiveOk(Optional::of),
                Chan.<Integer>make().onReceive(v -> Optional.empty()))),
        RANGE(c -> {
            var it = c.iterator();
            return Optional.of(it.hasNext() ? new Received<>(it.next(), true) : Received.closed());
        });

        final Function<RecvChan<Integer>, Optional<Received<Integer>>> op;

        Style(Function<RecvChan<Integer>, Optional<Received<Integer>>> op) {
            this.op = op;
        }

        Optional<Received<Integer>> receive(RecvChan<Integer> c) {
            return op.apply(c);
        }

        /** Whether this style reports {@code ok}; the others only see the zero value null. */
        boolean seesOk() {
            return this != BLOCKING && this != NONBLOCKING;
        }
    }

    /** What a style must yield on a closed, drained channel: (null, false), or null for the plain forms. */
    private static void assertClosedResult(Style s, Optional<Received<Integer>> r) {
        assertThat(r).as("%s on a closed channel must not block or take default", s).isPresent();
        if (s.seesOk()) {
            assertThat(r.get()).as(s.name()).isEqualTo(Received.closed());
        } else {
            assertThat(r.get().value()).as(s.name()).isNull();
        }
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_01_receiveFromClosedEmptyChannelYieldsZeroValueForever(int cap) {
        Chan<Integer> c = Chan.make(cap);
        c.close();
        for (int round = 0; round < 10; round++) {
            for (Style s : Style.values()) {
                assertClosedResult(s, s.receive(c));
                assertClosedResult(s, s.receive(c.recvOnly()));
            }
        }
        assertThat(c.len()).isZero();
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_02_nonBlockingReceiveOnClosedChannelNeverTakesDefault(int cap) {
        Chan<Integer> c = Chan.make(cap);
        c.close();
        for (int i = 0; i < 1000; i++) {
            assertThat(Select.select(c.onReceive(v -> "received " + v), Select.onDefault(() -> "default")))
                    .isEqualTo("received null");
            assertThat(Select.select(c.onReceiveOk(r -> "received " + r.ok()), Select.onDefault(() -> "default")))
                    .isEqualTo("received false");
            assertThat(c.tryReceive()).contains(Received.closed());
        }
    }

    /** test/closedchan.go testasync1..4, with every receive style: the buffered value comes first. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(BUFFERED)
    void rule_CLOSE_03_closeKeepsBufferedValues(int cap) {
        for (Style s : Style.values()) {
            Chan<Integer> c = Chan.make(cap);
            c.send(1);
            c.close();
            Optional<Received<Integer>> first = s.receive(c);
            assertThat(first).as(s.name()).contains(new Received<>(1, true));
            for (int round = 0; round < 3; round++) {
                assertClosedResult(s, s.receive(c));
            }
        }
    }

    /** runtime TestChan "receive 0 from closed chan". */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_04_drainInOrderThenZeroThenNotOk(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        c.close();
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(c.receive()).isNull();
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
        assertThat(c.len()).isZero();
    }

    /** runtime TestChan "close unblocks receive": a receiver already blocked gets (zero, false). */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_05_closeUnblocksABlockedReceiver(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Task<Received<Integer>> receiver = Task.start("receiver", c::receiveOk);
        receiver.awaitBlocked("chan receive");
        c.close();
        assertThat(receiver.await()).isEqualTo(Received.closed());
    }

    /** Go's own range of capacities for RULE-CLOSE-05: 0..199. */
    @Test
    void rule_CLOSE_05_closeUnblocksABlockedReceiverCapacities0To199() {
        for (int cap = 0; cap < 200; cap++) {
            rule_CLOSE_05_closeUnblocksABlockedReceiver(cap);
        }
    }

    /** close wakes every blocked receiver and every select blocked with a receive case on it. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_06_closeWakesAllBlockedReceiversAndSelects(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Chan<Integer> never = Chan.make();
        List<Task<Object>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(Task.start("receive-" + i, c::receive));
            waiting.add(Task.start("receiveOk-" + i, c::receiveOk));
            waiting.add(Task.start("range-" + i, () -> c.iterator().hasNext()));
            waiting.add(Task.start("select-" + i, () ->
                    Select.select(c.onReceiveOk(r -> (Object) r), never.onReceive(v -> "never"))));
            waiting.add(Task.start("select-same-chan-twice-" + i, () ->
                    Select.select(c.onReceive(v -> (Object) "first"), c.onReceiveOk(r -> r))));
        }
        for (Task<Object> t : waiting) {
            t.awaitBlocked(t.thread.getName().startsWith("select") ? "select" : "chan receive");
        }
        c.close();
        for (Task<Object> t : waiting) {
            Object r = t.await();
            String name = t.thread.getName();
            if (name.startsWith("receive-")) {
                assertThat(r).as(name).isNull();
            } else if (name.startsWith("range")) {
                assertThat(r).as(name).isEqualTo(false);
            } else if (name.startsWith("select-same")) {
                assertThat(r).as(name).isIn("first", Received.closed());
            } else {
                assertThat(r).as(name).isEqualTo(Received.closed());
            }
        }
    }

    /** Send on a closed channel: blocking send, every non-blocking form, and a select with a default. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_07_sendOnClosedChannelThrowsEvenWithDefault(int cap) {
        Chan<Integer> c = Chan.make(cap);
        c.close();
        assertThatThrownBy(() -> c.send(1)).isInstanceOf(ClosedChanException.class).hasMessage(SEND_ON_CLOSED);
        assertThatThrownBy(() -> c.sendOnly().send(1)).isInstanceOf(ClosedChanException.class)
                .hasMessage(SEND_ON_CLOSED);
        assertThatThrownBy(() -> c.trySend(1)).isInstanceOf(ClosedChanException.class).hasMessage(SEND_ON_CLOSED);
        assertThatThrownBy(() -> c.trySend(1, Duration.ofSeconds(1))).isInstanceOf(ClosedChanException.class)
                .hasMessage(SEND_ON_CLOSED);
        assertThatThrownBy(() -> Select.run(c.onSend(1))).isInstanceOf(ClosedChanException.class)
                .hasMessage(SEND_ON_CLOSED);
        for (int i = 0; i < 100; i++) { // the default is never taken, whatever the poll order
            assertThatThrownBy(() -> Select.select(c.onSend(1, () -> "sent"), Select.onDefault(() -> "default")))
                    .isInstanceOf(ClosedChanException.class).hasMessage(SEND_ON_CLOSED);
        }
    }

    /** test/closedchan.go test1: the value of a failed send is discarded; the next receive is the zero value. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_08_valueOfFailedSendIsDiscarded(int cap) {
        Chan<Integer> c = Chan.make(cap);
        c.close();
        assertThatThrownBy(() -> c.send(7)).isInstanceOf(ClosedChanException.class);
        assertThatThrownBy(() -> c.trySend(8)).isInstanceOf(ClosedChanException.class);
        assertThatThrownBy(() -> Select.run(c.onSend(9), Select.onDefaultDo(() -> { })))
                .isInstanceOf(ClosedChanException.class);
        assertThat(c.receive()).isNull();
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
        assertThat(c.len()).isZero();
    }

    /**
     * runtime/chan.go closechan "release all writers (they will panic)": senders blocked on a full
     * channel, plain or in a select send case, wake and throw; the buffered values are still
     * received, the blocked senders' values are not.
     */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_09_closeWakesBlockedSendersWhichThrow(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        Chan<Integer> never = Chan.make();
        Task<Void> plain = Task.run("send", () -> c.send(-1));
        Task<Boolean> timed = Task.start("timed-send", () -> c.trySend(-2, LONG));
        Task<String> select = Task.start("select-send", () ->
                Select.select(c.onSend(-3, () -> "sent"), never.onReceive(v -> "never")));
        plain.awaitBlocked("chan send");
        timed.awaitBlocked("chan send");
        select.awaitBlocked("select");
        c.close();
        for (Task<?> t : List.of(plain, timed, select)) {
            assertThat(t.awaitFailure()).as(t.thread.getName())
                    .isInstanceOf(ClosedChanException.class).hasMessage(SEND_ON_CLOSED);
        }
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
    }

    @Test
    void rule_CLOSE_10_closeOfNilChannelThrows() {
        assertThatThrownBy(() -> Chan.nil().close()).isInstanceOf(NilChanException.class)
                .hasMessage("close of nil channel");
        assertThatThrownBy(() -> Chan.<String>nil().sendOnly().close()).isInstanceOf(NilChanException.class)
                .hasMessage("close of nil channel");
        // and it stays the nil channel: closing it again says the same
        assertThatThrownBy(() -> Chan.nil().close()).hasMessage("close of nil channel");
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_11_closeOfClosedChannelThrows(int cap) {
        Chan<Integer> c = Chan.make(cap);
        c.close();
        assertThatThrownBy(c::close).isInstanceOf(ClosedChanException.class).hasMessage("close of closed channel");
        assertThatThrownBy(() -> c.sendOnly().close()).isInstanceOf(ClosedChanException.class)
                .hasMessage("close of closed channel");
    }

    /**
     * runtime TestNonblockRecvRace: a cap-1 channel holding a value; a goroutine's non-blocking
     * receive races with the owner's {@code close(c); <-c}. At every instant the channel is ready
     * (a value, or closed), so default must never be taken. 10000 iterations (x -Dgochan.stress).
     */
    @Test
    void rule_CLOSE_12_noEmptyButOpenWindowBetweenCloseAndDrain() {
        int n = 10000 * STRESS;
        Chan<String> results = Chan.make(n);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make(1);
            c.send(1);
            boolean useSelect = (i & 1) == 0;
            Go.go(() -> results.send(useSelect
                    ? Select.select(c.onReceive(v -> "ready"), Select.onDefault(() -> "default"))
                    : c.tryReceive().isPresent() ? "ready" : "default"));
            c.close();
            c.receive();
        }
        int ready = 0;
        for (int i = 0; i < n; i++) {
            String r = results.tryReceive(LONG).orElseThrow().value();
            assertThat(r).as("iteration result %d", i).isEqualTo("ready");
            ready++;
        }
        assertThat(ready).isEqualTo(n);
    }

    /** test/chan/select3.go: selects on a closed channel behave like the plain operations. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_13_selectOnClosedChannelBehavesLikePlainOperation(int cap) {
        Chan<Integer> closed = Chan.make(cap);
        closed.close();
        for (int i = 0; i < 10; i++) {
            Select.run(closed.onReceive());                                      // select { case <-closed: }
            Integer x = Select.select(closed.onReceive(v -> v));                // case x := <-closed:
            assertThat(x).isNull();
            Received<Integer> xOk = Select.select(closed.onReceiveOk(r -> r));  // case x, ok := <-closed:
            assertThat(xOk).isEqualTo(Received.closed());
        }
        assertThatThrownBy(() -> Select.run(closed.onSend(7)))                  // select { case closed <- 7: }
                .isInstanceOf(ClosedChanException.class).hasMessage(SEND_ON_CLOSED);
    }

    /** test/closedchan.go shouldPanic: the exceptions are recoverable and the channel stays usable. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void rule_CLOSE_14_closedChannelExceptionsAreRecoverable(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(i);
        }
        c.close();
        for (int round = 0; round < 3; round++) {
            try {
                c.send(42);
                throw new AssertionError("send on closed channel did not throw");
            } catch (ClosedChanException recovered) {
                assertThat(recovered).hasMessage(SEND_ON_CLOSED);
            }
            try {
                c.close();
                throw new AssertionError("close of closed channel did not throw");
            } catch (ClosedChanException recovered) {
                assertThat(recovered).hasMessage("close of closed channel");
            }
        }
        assertThat(c.len()).isEqualTo(cap);
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(i);
        }
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
        // the exceptions are the library's own types, catchable as IllegalStateException too
        assertThat(new ClosedChanException(SEND_ON_CLOSED)).isInstanceOf(IllegalStateException.class);
    }
}
