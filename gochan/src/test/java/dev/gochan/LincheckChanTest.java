package dev.gochan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Optional;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking (Lincheck) of the non-blocking channel operations {@code trySend},
 * {@code tryReceive}, {@code close} and {@code len} against a sequential specification: every
 * concurrent execution Lincheck explores (thread switches at every shared-memory access of the
 * channel's lock, ring buffer and wait queues) must be explainable by some sequential order of
 * the operations, each taking effect atomically.
 *
 * <p>The blocking operations are not modelled: Lincheck's sequential specifications for
 * operations that wait for a counterpart exist only for Kotlin suspending functions. On an
 * unbuffered channel with no blocked counterpart, therefore, every {@code trySend} fails and every
 * {@code tryReceive} is empty until the close; the check still covers close racing with both.
 *
 * <p>Sizes: 2 threads x 3 operations plus 2 before and 1 after, few invocations, so that the class
 * runs in seconds; {@code -Dgochan.stress=N} multiplies the iterations.
 */
@Timeout(120)
class LincheckChanTest {
    private static final int SCALE = Integer.getInteger("gochan.stress", 1);

    /** Result of a {@code tryReceive} that would block. */
    static final String EMPTY = "empty";
    /** Result of a {@code tryReceive} on a closed, drained channel: Go's {@code (0, false)}. */
    static final String CLOSED = "closed";

    // ---- the implementation under test, one class per capacity (Lincheck needs a no-arg constructor)

    /** The operations on a real channel, results mapped to plain comparable values. */
    @Param(name = "value", gen = IntGen.class, conf = "1:4")
    abstract static class Ops {
        private final Chan<Integer> ch;

        Ops(int capacity) {
            this(Chan.make(capacity));
        }

        Ops(Chan<Integer> ch) {
            this.ch = ch;
        }

        /** true/false, or Go's panic text when the channel is closed. */
        @Operation
        public Object trySend(@Param(name = "value") int v) {
            try {
                return ch.trySend(v);
            } catch (ClosedChanException e) {
                return e.getMessage();
            }
        }

        /** The value, {@link #EMPTY} or {@link #CLOSED}. */
        @Operation
        public Object tryReceive() {
            Optional<Received<Integer>> r = ch.tryReceive();
            if (r.isEmpty()) {
                return EMPTY;
            }
            return r.get().ok() ? r.get().value() : CLOSED;
        }

        /** "ok", or Go's panic text when already closed. */
        @Operation
        public Object close() {
            try {
                ch.close();
                return "ok";
            } catch (ClosedChanException e) {
                return e.getMessage();
            }
        }

        /** {@link #trySend} written as Go writes it: a select with a send case and a default. */
        @Operation
        public Object selectSend(@Param(name = "value") int v) {
            try {
                return Select.<Boolean>select(ch.onSend(v, () -> true), Select.onDefault(() -> false));
            } catch (ClosedChanException e) {
                return e.getMessage();
            }
        }

        /** {@link #tryReceive} written as Go writes it: a select with a receive case and a default. */
        @Operation
        public Object selectReceive() {
            return Select.<Object>select(
                    ch.onReceiveOk(r -> r.ok() ? r.value() : CLOSED), Select.onDefault(() -> EMPTY));
        }

        @Operation
        public int len() {
            return ch.len();
        }
    }

    public static final class Unbuffered extends Ops {
        public Unbuffered() {
            super(0);
        }
    }

    public static final class Cap1 extends Ops {
        public Cap1() {
            super(1);
        }
    }

    public static final class Cap2 extends Ops {
        public Cap2() {
            super(2);
        }
    }

    /** Capacity 2 with its ring in two arrays, the layout of large rings (ADR 0014). */
    public static final class Cap2Arrays extends Ops {
        public Cap2Arrays() {
            super(new BufChan<>(2, false));
        }
    }

    // ---- the sequential specification: a bounded FIFO queue with a closed flag ----------------

    abstract static class Spec {
        private final int capacity;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        Spec(int capacity) {
            this.capacity = capacity;
        }

        public Object trySend(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (buf.size() < capacity) {
                buf.addLast(v);
                return true;
            }
            return false; // full, or unbuffered with no receiver waiting
        }

        public Object tryReceive() {
            if (!buf.isEmpty()) {
                return buf.removeFirst();
            }
            return closed ? CLOSED : EMPTY;
        }

        public Object close() {
            if (closed) {
                return "close of closed channel";
            }
            closed = true;
            return "ok";
        }

        public Object selectSend(int v) {
            return trySend(v);
        }

        public Object selectReceive() {
            return tryReceive();
        }

        public int len() {
            return buf.size();
        }
    }

    public static final class UnbufferedSpec extends Spec {
        public UnbufferedSpec() {
            super(0);
        }
    }

    public static final class Cap1Spec extends Spec {
        public Cap1Spec() {
            super(1);
        }
    }

    public static final class Cap2Spec extends Spec {
        public Cap2Spec() {
            super(2);
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(8 * SCALE)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    @Test
    void modelCheckUnbuffered() {
        options().sequentialSpecification(UnbufferedSpec.class).check(Unbuffered.class);
    }

    @Test
    void modelCheckCapacity1() {
        options().sequentialSpecification(Cap1Spec.class).check(Cap1.class);
    }

    @Test
    void modelCheckCapacity2() {
        options().sequentialSpecification(Cap2Spec.class).check(Cap2.class);
    }

    @Test
    void modelCheckCapacity2InArrays() {
        options().sequentialSpecification(Cap2Spec.class).check(Cap2Arrays.class);
    }

    /**
     * The harness itself can fail: checking a capacity-1 channel against a capacity-2
     * specification must be rejected (two sends in a row succeed in the spec, not on the channel).
     */
    @Test
    void harnessDetectsAWrongSpecification() {
        assertThatThrownBy(() -> options().iterations(10)
                        .sequentialSpecification(Cap2Spec.class).check(Cap1.class))
                .isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("Invalid execution results");
    }
}
