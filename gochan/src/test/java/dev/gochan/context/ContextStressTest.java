package dev.gochan.context;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancels a random tree of 10^4 contexts (cancel, cause, value and long-timeout layers) while
 * 10^4 goroutines wait in selects on their own context's done channel and on a channel of their
 * own: every goroutine must wake exactly once, through the done case, and see the root's error
 * and cause.
 */
class ContextStressTest {

    @Test
    @Timeout(60)
    void cancelTreeWakesEveryGoroutineOnceWithTheRightError() throws InterruptedException {
        int n = 10_000 * Integer.getInteger("gochan.stress", 1);
        Random rnd = new Random(42);
        CancelCauseContext root = Context.withCancelCause(Context.background());
        List<Context> nodes = new ArrayList<>(n);
        List<CancelContext> timers = new ArrayList<>();
        nodes.add(root);
        ContextKey<Integer> depthKey = new ContextKey<>("index");
        for (int i = 1; i < n; i++) {
            Context parent = nodes.get(rnd.nextInt(i)); // random recursive tree: depth ~ ln n
            Context c = switch (rnd.nextInt(4)) {
                case 0 -> Context.withCancel(parent);
                case 1 -> Context.withCancelCause(parent);
                case 2 -> Context.withValue(parent, depthKey, i);
                default -> {
                    CancelContext t = Context.withTimeout(parent, Duration.ofHours(1));
                    timers.add(t);
                    yield t;
                }
            };
            nodes.add(c);
        }

        AtomicIntegerArray wakeups = new AtomicIntegerArray(n);
        AtomicReferenceArray<Object> errs = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<Object> causes = new AtomicReferenceArray<>(n);
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        List<Chan<Integer>> own = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            own.add(Chan.make());
        }
        for (int i = 0; i < n; i++) {
            int id = i;
            Context ctx = nodes.get(i);
            Chan<Integer> mine = own.get(i);
            go(() -> {
                started.countDown();
                Select.run(
                        ctx.done().onReceiveDo(v -> {
                            wakeups.incrementAndGet(id);
                            errs.set(id, ctx.err());
                            causes.set(id, Context.cause(ctx));
                        }),
                        mine.onReceiveDo(v -> wakeups.addAndGet(id, 1000))); // never sent: must not win
                finished.countDown();
            });
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.getCount()).as("nobody wakes before the cancel").isEqualTo(n);

        Exception cause = new Exception("shutdown");
        root.cancel(cause);
        for (Context c : nodes) {
            assertThat(c.err()).as("synchronous: done when cancel returned").isSameAs(Context.CANCELED);
        }
        assertThat(finished.await(30, TimeUnit.SECONDS)).as("every goroutine woke").isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(wakeups.get(i)).as("goroutine %d wake-ups", i).isEqualTo(1);
            assertThat(errs.get(i)).as("goroutine %d err", i).isSameAs(Context.CANCELED);
            assertThat(causes.get(i)).as("goroutine %d cause", i).isSameAs(cause);
        }
        for (CancelContext t : timers) {
            assertThat(Context.cause(t)).isSameAs(cause); // the timer children too, not DeadlineExceeded
        }
        for (Chan<Integer> c : own) {
            assertThat(c.trySend(1)).as("no select left behind on its own channel").isFalse();
        }
    }
}
