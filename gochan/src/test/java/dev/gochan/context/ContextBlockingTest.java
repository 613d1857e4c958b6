package dev.gochan.context;

import static dev.gochan.Go.go;
import static dev.gochan.context.CustomContexts.QUIESCENT;
import static dev.gochan.context.CustomContexts.isDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.GoInterruptedException;
import dev.gochan.Received;
import dev.gochan.RecvChan;
import dev.gochan.Select;
import dev.gochan.SendChan;
import dev.gochan.context.CustomContexts.OwnDoneContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java side of contexts: the done channel, blocking helpers (receive, send, onDone) that
 * give up when the context is done without losing an element, and interruptWhenDone.
 */
@Timeout(30)
class ContextBlockingTest {

    // ---- the done channel --------------------------------------------------------------------

    @Test
    void doneChannelIsReceiveOnlyAndClosedOnCancel() {
        CancelContext ctx = Context.withCancel(Context.background());
        RecvChan<Void> d = ctx.done();
        assertThat(d).isSameAs(ctx.done());
        assertThat(d).isNotInstanceOf(SendChan.class).isNotInstanceOf(Chan.class);
        assertThat(d.len()).isZero();
        assertThat(d.cap()).isZero();
        assertThat(d.tryReceive()).isEmpty();
        assertThat(d.tryReceive(Duration.ofMillis(1))).isEmpty();
        ctx.cancel();
        assertThat(ctx.done()).isSameAs(d);
        assertThat(d.receive()).isNull();
        assertThat(d.receiveOk()).isEqualTo(Received.closed());
        assertThat(d.tryReceive()).contains(Received.closed());
        assertThat(d.tryReceive(Duration.ofSeconds(1))).contains(Received.closed());
        assertThat(d.iterator().hasNext()).isFalse();
        assertThat(Select.<String>select(d.onReceiveOk(r -> "closed " + r.ok()))).isEqualTo("closed false");
    }

    @Test
    void doneChannelOfContextCanceledBeforeAnyoneAskedIsClosed() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertThat(isDone(ctx)).isTrue();
    }

    @Test
    void closeWakesBlockedReceiversAndSelects() throws InterruptedException {
        CancelContext ctx = Context.withCancel(Context.background());
        int n = 50;
        CountDownLatch woke = new CountDownLatch(2 * n);
        for (int i = 0; i < n; i++) {
            go(() -> {
                ctx.done().receive();
                woke.countDown();
            });
            Chan<Integer> own = Chan.make();
            go(() -> {
                Select.run(own.onReceiveDo(v -> { }), ctx.done().onReceiveDo(v -> woke.countDown()));
            });
        }
        assertThat(woke.await(20, TimeUnit.MILLISECONDS)).isFalse();
        ctx.cancel();
        assertThat(woke.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void deepChainCancelsWithoutOverflowingTheStack() {
        CancelContext root = Context.withCancel(Context.background());
        Context c = root;
        for (int i = 0; i < 200_000; i++) {
            c = (i % 2 == 0) ? Context.withCancel(c) : Context.withValue(c, new ContextKey<Integer>("k"), i);
        }
        Context innermost = c;
        root.cancel();
        assertThat(isDone(innermost)).isTrue();
        assertThat(innermost.err()).isSameAs(Context.CANCELED);
    }

    // ---- receive, send, onDone ---------------------------------------------------------------

    @Test
    void receiveReturnsTheValue() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<String> ch = Chan.make();
        go(() -> ch.send("hello"));
        assertThat(ctx.receive(ch)).isEqualTo("hello");
        go(() -> ch.send("bg"));
        assertThat(Context.background().<String>receive(ch)).isEqualTo("bg");
        ch.close();
        assertThat(ctx.receiveOk(ch)).isEqualTo(Received.closed());
        assertThat(ctx.<String>receive(ch)).isNull();
        ctx.cancel();
    }

    @Test
    void receiveGivesUpWhenCanceledWhileBlocked() {
        CancelCauseContext ctx = Context.withCancelCause(Context.background());
        Chan<Integer> ch = Chan.make(1);
        Chan<Object> outcome = Chan.make(1);
        go(() -> {
            try {
                outcome.send(ctx.receive(ch));
            } catch (ContextException e) {
                outcome.send(e);
            }
        });
        assertThat(outcome.tryReceive(Duration.ofMillis(10))).isEmpty();
        Exception why = new Exception("shutdown");
        ctx.cancel(why);
        assertThat(outcome.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).isSameAs(Context.CANCELED));
        assertThat(Context.cause(ctx)).isSameAs(why);
        ch.send(7); // nothing was taken by the abandoned receive
        assertThat(ch.receive()).isEqualTo(7);
    }

    @Test
    void doneContextRefusesAtOnceAndTakesNothing() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Chan<Integer> ch = Chan.make(1);
        ch.send(1);
        assertThatThrownBy(() -> ctx.receive(ch)).isSameAs(Context.CANCELED);
        assertThatThrownBy(() -> ctx.receiveOk(ch)).isSameAs(Context.CANCELED);
        assertThat(ch.len()).isEqualTo(1);
        Chan<Integer> empty = Chan.make(1);
        assertThatThrownBy(() -> ctx.send(empty, 2)).isSameAs(Context.CANCELED);
        assertThat(empty.len()).isZero();
    }

    @Test
    void sendGivesUpWhenCanceledWhileBlocked() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> ch = Chan.make();
        Chan<Object> outcome = Chan.make(1);
        go(() -> {
            try {
                ctx.send(ch, 42);
                outcome.send("sent");
            } catch (ContextException e) {
                outcome.send(e);
            }
        });
        assertThat(outcome.tryReceive(Duration.ofMillis(10))).isEmpty();
        ctx.cancel();
        assertThat(outcome.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).isSameAs(Context.CANCELED));
        assertThat(ch.tryReceive()).as("the abandoned send delivered nothing").isEmpty();
    }

    @Test
    void sendDelivers() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> ch = Chan.make();
        go(() -> ctx.send(ch, 5));
        assertThat(ch.receive()).isEqualTo(5);
        Chan<Integer> buffered = Chan.make(1);
        Context.todo().send(buffered, 6);
        assertThat(buffered.receive()).isEqualTo(6);
        ctx.cancel();
    }

    @Test
    @Tag("timing")
    void receiveGivesUpAtTheDeadline() {
        Chan<Integer> ch = Chan.make();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            assertThatThrownBy(() -> ctx.receive(ch))
                    .isSameAs(Context.DEADLINE_EXCEEDED)
                    .hasMessage("context deadline exceeded");
        }
    }

    @Test
    void onDoneInASelect() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<String> jobs = Chan.make();
        assertThat(Select.<String>select(jobs.onReceive(), ctx.onDone(), Select.onDefault(() -> "idle")))
                .isEqualTo("idle");
        ctx.cancel();
        assertThatThrownBy(() -> Select.<String>select(jobs.onReceive(), ctx.onDone()))
                .isSameAs(Context.CANCELED);
        assertThat(Select.<String>select(jobs.onReceive(), ctx.onDone(err -> "stopped: " + err.getMessage())))
                .isEqualTo("stopped: context canceled");
        // a context that can never be done: its case is never chosen
        assertThat(Select.<String>select(Context.background().onDone(), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(Select.<String>select(Context.withoutCancel(ctx).onDone(), Select.onDefault(() -> "default")))
                .isEqualTo("default");
    }

    @Test
    void helpersWorkWithForeignContexts() {
        OwnDoneContext foreign = new OwnDoneContext(Context.background());
        Chan<Integer> ch = Chan.make();
        Chan<Object> outcome = Chan.make(1);
        go(() -> {
            try {
                outcome.send(foreign.receive(ch));
            } catch (ContextException e) {
                outcome.send(e);
            }
        });
        assertThat(outcome.tryReceive(Duration.ofMillis(10))).isEmpty();
        foreign.doneCh.close(); // err() is background's (null): the helper falls back to CANCELED
        assertThat(outcome.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).isSameAs(Context.CANCELED));
    }

    /**
     * No element is lost or duplicated when a context ends a stream: every value the producer's
     * send reported as sent is received exactly once (or is still buffered), in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16})
    void cancellationLosesNoElement(int capacity) throws InterruptedException {
        int rounds = 100 * Integer.getInteger("gochan.stress", 1);
        for (int round = 0; round < rounds; round++) {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Integer> ch = Chan.make(capacity);
            List<Integer> sent = new ArrayList<>();
            List<Integer> received = new ArrayList<>();
            CountDownLatch finished = new CountDownLatch(2);
            go(() -> {
                try {
                    for (int i = 0; ; i++) {
                        ctx.send(ch, i);
                        sent.add(i);
                    }
                } catch (ContextException expected) {
                    finished.countDown();
                }
            });
            go(() -> {
                try {
                    for (;;) {
                        received.add(ctx.receive(ch));
                    }
                } catch (ContextException expected) {
                    finished.countDown();
                }
            });
            int wait = ThreadLocalRandom.current().nextInt(3);
            for (int i = 0; i < wait; i++) {
                Thread.yield();
            }
            ctx.cancel();
            assertThat(finished.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Optional<Received<Integer>> r;
            while ((r = ch.tryReceive()).isPresent()) {
                received.add(r.get().value());
            }
            assertThat(received).as("round %d, cap %d", round, capacity).isEqualTo(sent);
        }
    }

    // ---- interruptWhenDone -------------------------------------------------------------------

    @Test
    @SuppressWarnings("try") // the tie is only closed, as intended
    void interruptWhenDoneStopsThreadSleep() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<String> outcome = Chan.make(1);
        Chan<Void> tied = Chan.make();
        go(() -> {
            String r;
            try (StopHandle tie = ctx.interruptWhenDone()) {
                tied.send(null);
                Thread.sleep(60_000);
                r = "slept";
            } catch (InterruptedException e) {
                r = "interrupted: " + ctx.err().getMessage();
            }
            outcome.send(r + ", status " + Thread.currentThread().isInterrupted());
        });
        tied.receive();
        ctx.cancel();
        assertThat(outcome.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).isEqualTo("interrupted: context canceled, status false"));
    }

    @Test
    void interruptWhenDoneStopsBlockingQueueOnPlatformThreadAndClearsStatus() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
        AtomicReference<String> outcome = new AtomicReference<>();
        CountDownLatch tied = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            StopHandle tie = ctx.interruptWhenDone();
            tied.countDown();
            try {
                q.take();
                outcome.set("took");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a careless catch that restores the status
                outcome.set("interrupted");
            }
            boolean stopped = tie.stop();
            outcome.set(outcome.get() + " stopped=" + stopped + " status=" + Thread.currentThread().isInterrupted());
        });
        assertThat(tied.await(5, TimeUnit.SECONDS)).isTrue();
        ctx.cancel();
        t.join(QUIESCENT.toMillis());
        assertThat(outcome.get()).isEqualTo("interrupted stopped=false status=false");
    }

    @Test
    void interruptWhenDoneStoppedInTimeNeverInterrupts() {
        CancelContext ctx = Context.withCancel(Context.background());
        StopHandle tie = ctx.interruptWhenDone();
        assertThat(tie.stop()).isTrue();
        assertThat(tie.stop()).isFalse();
        assertThat(((CancelCtx) ctx).childCount()).isZero();
        ctx.cancel();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void interruptWhenDoneOnDoneContextInterruptsAtOnce() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        StopHandle tie = ctx.interruptWhenDone();
        try {
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            Chan<Integer> ch = Chan.make();
            assertThatThrownBy(ch::receive).isInstanceOf(GoInterruptedException.class);
        } finally {
            assertThat(tie.stop()).isFalse();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void interruptWhenDoneMustBeStoppedByItsThread() throws InterruptedException {
        CancelContext ctx = Context.withCancel(Context.background());
        StopHandle tie = ctx.interruptWhenDone();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                tie.stop();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        other.join();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
        assertThat(tie.stop()).isTrue();
        ctx.cancel();
    }

    @Test
    @Tag("timing")
    @SuppressWarnings("try") // the tie is only closed, as intended
    void interruptWhenDoneAtTheDeadlineAndThroughAForeignParent() throws InterruptedException {
        OwnDoneContext foreign = new OwnDoneContext(Context.background());
        try (CancelContext ctx = Context.withTimeout(foreign, Duration.ofMillis(20))) {
            try (StopHandle tie = ctx.interruptWhenDone()) {
                Thread.sleep(60_000);
                throw new AssertionError("not interrupted");
            } catch (InterruptedException expected) {
                assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
            }
        }
        try (StopHandle tie = foreign.interruptWhenDone()) {
            Chan<Integer> ch = Chan.make();
            go(foreign.doneCh::close);
            assertThatThrownBy(ch::receive).isInstanceOf(GoInterruptedException.class);
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
