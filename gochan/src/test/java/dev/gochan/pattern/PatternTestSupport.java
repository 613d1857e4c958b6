package dev.gochan.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bounded receives for the tests of this package: a test fails, never hangs. */
final class PatternTestSupport {
    /** How long a receive that must succeed may take on a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private PatternTestSupport() {}

    /** Receives one value, which must come within {@link #PATIENCE}. */
    static <T> T next(RecvChan<T> ch) {
        Optional<Received<T>> r = ch.tryReceive(PATIENCE);
        if (r.isEmpty()) {
            fail("no value within " + PATIENCE + " from " + ch);
        }
        assertThat(r.get().ok()).as("%s closed early", ch).isTrue();
        return r.get().value();
    }

    /** Receives {@code n} values. */
    static <T> List<T> next(RecvChan<T> ch, int n) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(ch));
        }
        return out;
    }

    /** Receives every value until the channel is closed, which must happen within {@link #PATIENCE}. */
    static <T> List<T> drain(RecvChan<T> ch) {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (;;) {
            Optional<Received<T>> r = ch.tryReceive(Duration.ofNanos(deadline - System.nanoTime()));
            if (r.isEmpty()) {
                fail("%s not closed within %s; received %d values so far", ch, PATIENCE, out.size());
            }
            if (!r.get().ok()) {
                return out;
            }
            out.add(r.get().value());
        }
    }

    /** Asserts that the channel is closed and drained (waiting at most {@link #PATIENCE}). */
    static void assertClosed(RecvChan<?> ch) {
        Optional<? extends Received<?>> r = ch.tryReceive(PATIENCE);
        assertThat(r).as("%s neither closed nor ready", ch).isPresent();
        assertThat(r.get().ok()).as("%s delivered %s instead of being closed", ch, r.get().value()).isFalse();
    }

    /** Asserts that nothing arrives on {@code ch} for {@code d} (it stays blocked). */
    static void assertBlocked(RecvChan<?> ch, Duration d) {
        assertThat(ch.tryReceive(d)).as("%s became ready", ch).isEmpty();
    }

    /**
     * Records what escapes goroutines (instead of printing it) until closed, which restores the
     * previous handler. Wait for an expected panic before closing.
     */
    static final class PanicRecorder implements AutoCloseable {
        final Chan<Throwable> panics = Chan.make(64);
        private final Go.PanicHandler old;

        PanicRecorder() {
            old = Go.setPanicHandler((id, t, p) -> panics.trySend(p));
        }

        @Override
        public void close() {
            Go.setPanicHandler(old);
        }
    }
}
