package dev.gochan;

import static dev.gochan.ChanTestSupport.BLOCK_CHECK;
import static dev.gochan.ChanTestSupport.LONG;
import static dev.gochan.ChanTestSupport.STRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.ChanTestSupport.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md "Interruption": every blocking operation answers {@link Thread#interrupt()} with
 * {@link GoInterruptedException}, keeps the interrupt status, and does not take effect: an
 * interrupted send delivered nothing, an interrupted receive consumed nothing, an interrupted
 * select performed no case. Capacities 0 and 1: the unbuffered hand-off and the buffered path
 * (where a freed slot pulls in a blocked sender's value) withdraw their waiters differently.
 */
@Timeout(120)
class InterruptionTest {

    /** Fills a cap-{@code cap} channel so that the next send blocks (nothing to do for cap 0). */
    private static Chan<Integer> full(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
            c.send(-1 - i);
        }
        return c;
    }

    private static void assertInterrupted(Task<?> t) {
        Throwable e = t.interruptAndAwaitFailure();
        assertThat(e).isInstanceOf(GoInterruptedException.class);
        assertThat(t.interruptedAtEnd).as("interrupt status kept").isTrue();
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptedBlockedSendDeliversNothing(int cap) {
        Chan<Integer> c = full(cap);
        Task<Void> sender = Task.run("send", () -> c.send(42));
        sender.awaitBlocked("chan send");
        assertInterrupted(sender);
        assertThat(sender.awaitFailure()).hasMessageContaining("chan send");
        // the buffered values are there, the interrupted send's value is not
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(-1 - i);
        }
        assertThat(c.tryReceive()).as("the interrupted send's value").isEmpty();
        Task<Received<Integer>> receiver = Task.start("receiver", c::receiveOk);
        receiver.assertStillBlocked(BLOCK_CHECK);
        c.close();
        assertThat(receiver.await()).isEqualTo(Received.closed());
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptedBlockedReceiveConsumesNothing(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Task<Integer> receiver = Task.start("receive", c::receive);
        receiver.awaitBlocked("chan receive");
        assertInterrupted(receiver);
        assertThat(receiver.awaitFailure()).hasMessageContaining("chan receive");
        // no stale waiter: a non-blocking send does not hand a value to the gone receiver
        assertThat(c.trySend(7)).as("non-blocking send after the receiver left").isEqualTo(cap > 0);
        if (cap > 0) {
            assertThat(c.receive()).isEqualTo(7);
        }
        // the next sender's value goes to the next receiver
        Task<Integer> next = Task.start("next-receive", c::receive);
        next.awaitBlocked("chan receive");
        c.send(8);
        assertThat(next.await()).isEqualTo(8);
        assertThat(c.len()).isZero();
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptedBlockedSelectPerformsNoCase(int cap) {
        Chan<Integer> in = Chan.make(cap);   // empty: its receive case cannot proceed
        Chan<Integer> out = full(cap);       // full: its send case cannot proceed
        Task<String> select = Task.start("select", () -> Select.select(
                in.onReceive(v -> "received " + v),
                out.onSend(99, () -> "sent"),
                in.onReceiveOk(r -> "received ok " + r)));
        select.awaitBlocked("select");
        assertInterrupted(select);
        assertThat(select.awaitFailure()).hasMessageContaining("select");
        // the receive cases were withdrawn: a non-blocking send finds no receiver waiting
        assertThat(in.trySend(5)).isEqualTo(cap > 0);
        // the send case was withdrawn: its value never arrives
        for (int i = 0; i < cap; i++) {
            assertThat(out.receive()).isEqualTo(-1 - i);
        }
        assertThat(out.tryReceive()).as("the interrupted select's send value").isEmpty();
        out.close();
        assertThat(out.receiveOk()).isEqualTo(Received.closed());
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptedTimedOperationsTakeNoEffect(int cap) {
        Chan<Integer> c = full(cap);
        Task<Boolean> timedSend = Task.start("timed-send", () -> c.trySend(42, LONG));
        timedSend.awaitBlocked("chan send");
        assertInterrupted(timedSend);
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(-1 - i);
        }
        assertThat(c.tryReceive()).isEmpty();

        Task<?> timedReceive = Task.start("timed-receive", () -> c.tryReceive(LONG));
        timedReceive.awaitBlocked("chan receive");
        assertInterrupted(timedReceive);
        assertThat(c.trySend(7)).isEqualTo(cap > 0);

        Chan<Integer> empty = Chan.make(cap);
        Task<String> timeoutSelect = Task.start("timeout-select", () -> Select.select(
                empty.onReceive(v -> "received"), Select.onTimeout(LONG, () -> "timeout")));
        timeoutSelect.awaitBlocked("select");
        assertInterrupted(timeoutSelect);
        assertThat(empty.trySend(1)).isEqualTo(cap > 0);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptedRangeEndsWithTheException(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Task<Integer> ranging = Task.start("range", () -> {
            int n = 0;
            for (int v : c) {
                n += v;
            }
            return n;
        });
        c.send(1);
        ranging.awaitBlocked("chan receive");
        assertInterrupted(ranging);
        assertThat(c.trySend(2)).isEqualTo(cap > 0);
    }

    /**
     * "Only blocking is refused": with the interrupt status already set, operations that can
     * complete at once do; one that would block throws at once, taking no effect.
     */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void preInterruptedThreadCompletesReadyOperationsAndRefusesToBlock(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Task<String> t = Task.start("pre-interrupted", () -> {
            Thread.currentThread().interrupt();
            StringBuilder log = new StringBuilder();
            if (cap > 0) {
                c.send(1);                    // room in the buffer: completes
                log.append("sent;");
                log.append("got ").append(c.receive()).append(';'); // a value buffered: completes
            }
            try {
                c.receive();                  // would block
                log.append("receive did not throw;");
            } catch (GoInterruptedException e) {
                log.append("receive refused;");
            }
            for (int i = 0; i < cap; i++) {
                c.send(10 + i);
            }
            try {
                c.send(2);                    // would block
                log.append("send did not throw;");
            } catch (GoInterruptedException e) {
                log.append("send refused;");
            }
            log.append(Thread.currentThread().isInterrupted() ? "still interrupted" : "status lost");
            return log.toString();
        });
        String expected = (cap > 0 ? "sent;got 1;" : "") + "receive refused;send refused;still interrupted";
        assertThat(t.await()).isEqualTo(expected);
        for (int i = 0; i < cap; i++) {
            assertThat(c.receive()).isEqualTo(10 + i);
        }
        assertThat(c.tryReceive()).as("the refused send's value").isEmpty();
    }

    @Test
    void platformThreadsAreInterruptedTheSameWay() {
        Chan<Integer> c = Chan.make();
        Task<Integer> receiver = Task.startPlatform("platform-receive", c::receive);
        receiver.awaitBlocked("chan receive");
        assertInterrupted(receiver);
        Task<Void> sender = Task.startPlatform("platform-send", () -> {
            c.send(1);
            return null;
        });
        sender.awaitBlocked("chan send");
        assertInterrupted(sender);
        assertThat(c.tryReceive()).isEmpty();
    }

    /**
     * Interrupt racing with a hand-off to a blocked receiver: whichever wins, the value is
     * received exactly once (by the interrupted receiver, or, if the interrupt won, by the next).
     */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptRacingWithASenderNeverLosesTheValue(int cap) {
        int n = 1000 * STRESS;
        int interruptWon = 0;
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make(cap);
            Task<Integer> receiver = Task.start("receive", c::receive);
            if ((i & 1) == 0) {
                receiver.awaitBlocked("chan receive");
            }
            if (i % 4 == 2) {
                // every fourth round the interrupt lands before any sender exists, so the
                // interrupt-wins outcome is exercised whatever the scheduling
                receiver.thread.interrupt();
                assertThat(receiver.endsWithin(LONG)).isTrue();
            }
            int v = i;
            Task<Void> sender = Task.run("send", () -> c.send(v));
            receiver.thread.interrupt();
            Integer got;
            try {
                got = receiver.outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(GoInterruptedException.class);
                assertThat(receiver.interruptedAtEnd).isTrue();
                interruptWon++;
                got = receiveOrFail(c::receive);
            } catch (Exception e) {
                throw new AssertionError("iteration " + i, e);
            }
            assertThat(got).as("iteration %d", i).isEqualTo(v);
            sender.await();
            assertThat(c.tryReceive()).as("iteration %d: nothing left", i).isEmpty();
        }
        assertThat(interruptWon).as("the interrupt won some races").isPositive();
    }

    /**
     * Interrupt racing with a receiver taking a blocked sender's value: the send either completed
     * (and the receiver has the value) or threw (and no receiver ever gets it).
     */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void interruptRacingWithAReceiverNeverDuplicatesOrLosesTheValue(int cap) {
        int n = 1000 * STRESS;
        int interruptWon = 0;
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = full(cap);
            int v = i;
            Task<Void> sender = Task.run("send", () -> c.send(v));
            if ((i & 1) == 0) {
                sender.awaitBlocked("chan send");
            }
            if (i % 4 == 2) {
                // every fourth round the interrupt lands before any receiver exists
                sender.thread.interrupt();
                assertThat(sender.endsWithin(LONG)).isTrue();
            }
            Task<Received<Integer>> receiver = Task.start("receive", () -> {
                for (int k = 0; k < cap; k++) {
                    Received<Integer> buffered = c.receiveOk();
                    if (!buffered.equals(new Received<>(-1 - k, true))) {
                        return buffered;
                    }
                }
                return c.receiveOk();
            });
            sender.thread.interrupt();
            boolean sent = sender.endsWithin(LONG) && !sender.outcome.isCompletedExceptionally();
            if (!sent) {
                assertThat(sender.awaitFailure()).as("iteration %d", i).isInstanceOf(GoInterruptedException.class);
                assertThat(sender.interruptedAtEnd).isTrue();
                interruptWon++;
            }
            c.close();
            Received<Integer> r = receiver.await();
            if (sent) {
                assertThat(r).as("iteration %d: the completed send's value", i).isEqualTo(new Received<>(v, true));
            } else {
                assertThat(r).as("iteration %d: the interrupted send's value", i).isEqualTo(Received.closed());
            }
        }
        assertThat(interruptWon).as("the interrupt won some races").isPositive();
    }

    private static <T> T receiveOrFail(Callable<T> receive) {
        Task<T> t = Task.start("next-receive", receive);
        if (!t.endsWithin(LONG)) {
            t.thread.interrupt();
            throw new AssertionError("the value was lost: nobody could receive it within " + LONG);
        }
        return t.await();
    }
}
