package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input and misuse of channels and select. Where Go panics, the exception carries Go's
 * panic text exactly; elsewhere the exception's message names the operation that was misused,
 * so the message alone (without a stack trace) tells the user what went wrong where.
 * A misuse never takes effect: the channel is left as it was.
 */
@Timeout(60)
class MisuseTest {
    private static final String MATRIX = "dev.gochan.ChanTestSupport#capacities";

    @Test
    void negativeCapacityNamesMakechanAndTheCapacity() {
        assertThatThrownBy(() -> Chan.make(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("makechan: size out of range: capacity -1 is negative");
        assertThatThrownBy(() -> Chan.make(-42)).hasMessageContaining("-42");
    }

    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void goPanicsOnClosedChannelsKeepGoTexts(int cap) {
        Chan<Integer> c = Chan.make(cap);
        if (cap > 0) {
            c.send(1);
        }
        c.close();
        assertThatThrownBy(c::close).isExactlyInstanceOf(ClosedChanException.class)
                .hasMessage("close of closed channel");
        for (ThrowingCallable send : List.<ThrowingCallable>of(
                () -> c.send(2),
                () -> c.trySend(2),
                () -> c.trySend(2, Duration.ofMillis(1)),
                () -> c.sendOnly().send(2),
                () -> Select.run(c.onSend(2)),
                () -> Select.runBiased(c.onSend(2), Select.onDefaultDo(() -> { })),
                () -> Select.select(List.of(c.onSend(2, () -> "sent"), Select.onDefault(() -> "default"))))) {
            assertThatThrownBy(send).isExactlyInstanceOf(ClosedChanException.class)
                    .hasMessage("send on closed channel");
        }
        // nothing changed: the buffered value is still there, then the close
        if (cap > 0) {
            assertThat(c.receive()).isEqualTo(1);
        }
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
    }

    @Test
    void closeOfNilChannelKeepsGoText() {
        assertThatThrownBy(() -> Chan.nil().close()).isExactlyInstanceOf(NilChanException.class)
                .hasMessage("close of nil channel");
    }

    @Test
    void nullCaseNamesSelectAndTheCaseIndex() {
        Chan<Integer> c = Chan.make(1);
        assertThatThrownBy(() -> Select.select(c.onReceive(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: case 1 is null");
        assertThatThrownBy(() -> Select.run((Case<?>) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: case 0 is null");
        assertThatThrownBy(() -> Select.select(Arrays.asList(c.onReceive(), c.onReceive(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: case 2 is null");
        assertThatThrownBy(() -> Select.selectBiased(c.onReceive(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: case 1 is null");
    }

    @Test
    void nullCaseArrayOrListNamesSelect() {
        assertThatThrownBy(() -> Select.select((Case<Object>[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("select");
        assertThatThrownBy(() -> Select.select((List<Case<Object>>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("select");
        assertThatThrownBy(() -> Select.run((Case<?>[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("select");
        assertThatThrownBy(() -> Select.run((List<Case<?>>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("select");
    }

    @Test
    void twoDefaultsNameSelect() {
        Chan<Integer> c = Chan.make(1);
        c.send(5);
        assertThatThrownBy(() -> Select.select(c.onReceive(v -> "recv"), Select.onDefault(() -> "a"),
                Select.onDefault(() -> "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: multiple defaults");
        assertThatThrownBy(() -> Select.run(Select.onDefaultDo(() -> { }), Select.onDefaultDo(() -> { })))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("select: multiple defaults");
        // the misuse was detected before any case ran: the value is still there
        assertThat(c.receive()).isEqualTo(5);
    }

    /** Only gochan makes cases: a foreign implementation is rejected, not silently ignored. */
    @Test
    void foreignCaseImplementationNamesSelect() {
        Case<String> foreign = new Case<>() { };
        assertThatThrownBy(() -> Select.select(Chan.<String>make(1).onReceive(), foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("select: case 1 was not made by gochan");
    }

    /** A null timeout names the timed operation. */
    @ParameterizedTest(name = "cap {0}")
    @MethodSource(MATRIX)
    void nullDurationNamesTheOperation(int cap) {
        Chan<Integer> c = Chan.make(cap);
        assertThatThrownBy(() -> c.trySend(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("trySend");
        assertThatThrownBy(() -> c.sendOnly().trySend(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("trySend");
        assertThatThrownBy(() -> c.tryReceive(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tryReceive");
        assertThatThrownBy(() -> c.recvOnly().tryReceive(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tryReceive");
        assertThat(c.len()).as("the misuse took no effect").isZero();
    }

    @Test
    void nullDurationNamesTheOperationOnNilAndTimerChannels() {
        assertThatThrownBy(() -> Chan.nil().trySend(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("trySend");
        assertThatThrownBy(() -> Chan.nil().tryReceive(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tryReceive");
        assertThatThrownBy(() -> Time.after(Duration.ofHours(1)).tryReceive(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tryReceive");
        assertThatThrownBy(() -> Select.onTimeout(null, () -> "timeout")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("onTimeout");
        assertThatThrownBy(() -> Select.onTimeoutDo(null, () -> { })).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("onTimeout");
    }

    /** A null case body is refused when the case is made, naming the case kind, not when it is chosen. */
    @Test
    void nullCaseCodeNamesTheCase() {
        Chan<Integer> c = Chan.make(1);
        List<ThrowingCallable> misuses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        misuses.add(() -> c.onReceive(null));
        names.add("onReceive");
        misuses.add(() -> c.onReceiveOk(null));
        names.add("onReceiveOk");
        misuses.add(() -> c.onSend(1, null));
        names.add("onSend");
        misuses.add(() -> Select.onDefault(null));
        names.add("onDefault");
        misuses.add(() -> Select.onTimeout(Duration.ofSeconds(1), null));
        names.add("onTimeout");
        misuses.add(() -> c.onReceiveDo(null));
        names.add("onReceiveDo");
        misuses.add(() -> c.onReceiveOkDo(null));
        names.add("onReceiveOkDo");
        misuses.add(() -> c.onSendDo(1, null));
        names.add("onSendDo");
        misuses.add(() -> Select.onDefaultDo(null));
        names.add("onDefaultDo");
        misuses.add(() -> Select.onTimeoutDo(Duration.ofSeconds(1), null));
        names.add("onTimeoutDo");
        for (int i = 0; i < misuses.size(); i++) {
            assertThatThrownBy(misuses.get(i)).as(names.get(i)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining(names.get(i));
        }
    }

    @Test
    void iteratingPastTheEndNamesRange() {
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        c.close();
        var it = c.iterator();
        assertThat(it.next()).isEqualTo(1);
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("range");
    }

    @Test
    void nullElementsAreNotMisuse() {
        // Go's zero values: null is a legal element, distinguishable from a close by ok
        Chan<String> c = Chan.make(2);
        c.send(null);
        assertThat(c.trySend(null)).isTrue();
        assertThat(c.receiveOk()).isEqualTo(new Received<String>(null, true));
        c.close();
        assertThat(c.receiveOk()).isEqualTo(new Received<String>(null, true));
        assertThat(c.receiveOk()).isEqualTo(Received.closed());
    }
}
