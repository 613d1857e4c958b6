package dev.gochan.sync;

import static dev.gochan.sync.Threads.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import dev.gochan.RecvChan;
import dev.gochan.context.AfterFuncContext;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.context.ContextKey;
import dev.gochan.context.StopHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Semaphore#acquire(Context, long)}: Go's {@code Weighted.Acquire(ctx, n)}. RULE-SEM-04,
 * 05, 07, 08 and 09, the registration it leaves on the context, and a stress test racing
 * cancellations, deadlines and releases that counts every token.
 */
@Timeout(60)
class SemaphoreContextTest {
    private static final Duration LONG = Threads.LONG;
    private static final Duration SHORT = Duration.ofMillis(100);
    private static final Duration TEN_MS = Duration.ofMillis(10);
    /** Far beyond any legitimate wait in the stress test: reaching it means a token leaked. */
    private static final Duration STUCK = Duration.ofSeconds(10);

    /** Go's {@code sem.Acquire(ctx, n) == nil}, with the error it returned otherwise. */
    private static ContextException acquireErr(Semaphore sem, Context ctx, long n) {
        try {
            sem.acquire(ctx, n);
            return null;
        } catch (ContextException e) {
            return e;
        }
    }

    // ---- RULE-SEM-04 -------------------------------------------------------------------------

    @Test
    void rule_SEM_04_acquireWithTimeoutContextTruthTable() {
        Semaphore sem = new Semaphore(2);
        List<Boolean> tries = new ArrayList<>();
        List<ContextException> errs = new ArrayList<>();
        Runnable tryAcquire = () -> {
            try (CancelContext ctx = Context.withTimeout(Context.background(), TEN_MS)) {
                ContextException e = acquireErr(sem, ctx, 1);
                tries.add(e == null);
                if (e != null) {
                    errs.add(e);
                }
            }
        };
        sem.acquire(Context.background(), 1);
        tryAcquire.run();
        tryAcquire.run();
        assertThat(sem).as("the timed-out acquire left it unchanged")
                .hasToString("Semaphore[size=2, held=2]");
        sem.release(2);
        tryAcquire.run();
        sem.acquire(Context.background(), 1);
        tryAcquire.run();
        assertThat(tries).containsExactly(true, false, true, false);
        assertThat(errs).hasSize(2).allSatisfy(e -> assertThat(e).isSameAs(Context.DEADLINE_EXCEEDED));
        assertThat(sem).hasToString("Semaphore[size=2, held=2]");
        sem.release(2);
        assertThat(sem.tryAcquire(2)).as("no tokens leaked by the timeouts").isTrue();
    }

    @Test
    @Tag("timing")
    void rule_SEM_04_aTimedOutAcquireWaitsForTheDeadlineAndLeavesNoTrace() {
        Semaphore sem = new Semaphore(2);
        sem.acquire(2);
        long t0 = System.nanoTime();
        try (CancelContext ctx = Context.withTimeout(Context.background(), TEN_MS)) {
            assertThatThrownBy(() -> sem.acquire(ctx, 1)).isSameAs(Context.DEADLINE_EXCEEDED);
        }
        long waited = System.nanoTime() - t0;
        assertThat(waited).as("blocked until the deadline").isGreaterThanOrEqualTo(TEN_MS.toNanos());
        assertThat(waited).as("woken by the deadline").isLessThan(LONG.toNanos());
        assertThat(sem).hasToString("Semaphore[size=2, held=2]");
        assertThat(sem.tryAcquire(0)).as("nobody left in the queue").isTrue();
    }

    // ---- RULE-SEM-05 -------------------------------------------------------------------------

    @Test
    void rule_SEM_05_oversizedRequestNeverBlocksOthersAndEndsWithItsContext() throws Exception {
        int n = 2;
        Semaphore sem = new Semaphore(n);
        Threads threads = new Threads();
        CancelContext big = Context.withCancel(Context.background());
        AtomicReference<ContextException> bigErr = new AtomicReference<>();
        Thread huge = threads.start(() -> bigErr.set(acquireErr(sem, big, n + 1)));
        awaitBlocked(huge, "semacquire");
        assertThat(sem.tryAcquire(n)).as("the oversized request is not queued").isTrue();
        sem.release(n);

        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        for (int i = n * 3; i > 0; i--) {
            g.go(() -> {
                sem.acquire(ctx, 1);
                LockSupport.parkNanos(1_000_000);
                sem.release(1);
            });
        }
        assertThat(g.await()).as("every small request succeeded").isNull();
        assertThat(huge.isAlive()).as("the oversized request still waits for its context").isTrue();

        big.cancel();
        threads.joinAll();
        assertThat(bigErr.get()).isSameAs(Context.CANCELED);
        assertThat(sem).hasToString("Semaphore[size=2, held=0]");
    }

    @Test
    void rule_SEM_05_oversizedRequestWithFreeTokensWaitsForItsDeadline() {
        Semaphore sem = new Semaphore(2);
        try (CancelContext ctx = Context.withTimeout(Context.background(), TEN_MS)) {
            assertThatThrownBy(() -> sem.acquire(ctx, 3)).isSameAs(Context.DEADLINE_EXCEEDED);
        }
        assertThat(sem).hasToString("Semaphore[size=2, held=0]");
        assertThat(sem.tryAcquire(2)).isTrue();
    }

    // ---- RULE-SEM-07 -------------------------------------------------------------------------

    @Test
    void rule_SEM_07_cancellingTheFrontWaiterWakesThoseBehindIt() {
        // Go's TestAllocCancelDoesntStarve: the cancel runs concurrently with main's Acquire(1);
        // both calls return, in either order. Repeated so that both orders happen.
        for (int round = 0; round < 50; round++) {
            Semaphore sem = new Semaphore(10);
            sem.acquire(Context.background(), 1);
            CancelContext ctx = Context.withCancel(Context.background());
            Threads threads = new Threads();
            AtomicReference<ContextException> headErr = new AtomicReference<>();
            Thread head = threads.start(() -> headErr.set(acquireErr(sem, ctx, 10)));
            awaitBlocked(head, "semacquire");
            Go.go(ctx::cancel);
            sem.acquire(Context.background(), 1); // would hang if the head stayed in the way
            sem.release(1);
            threads.joinAll();
            assertThat(headErr.get()).isSameAs(Context.CANCELED);
            assertThat(sem).hasToString("Semaphore[size=10, held=1]");
        }
    }

    @Test
    void rule_SEM_07_aQueuedRequestBehindACancelledHeadIsServed() {
        Semaphore sem = new Semaphore(10);
        sem.acquire(1);
        CancelContext ctx = Context.withCancel(Context.background());
        Threads threads = new Threads();
        AtomicReference<ContextException> headErr = new AtomicReference<>();
        Thread head = threads.start(() -> headErr.set(acquireErr(sem, ctx, 10)));
        awaitBlocked(head, "semacquire");
        Chan<Boolean> got = Chan.make(1);
        Thread behind = threads.start(() -> {
            sem.acquire(Context.background(), 1);
            got.send(true);
        });
        awaitBlocked(behind, "semacquire");
        assertThat(got.tryReceive(SHORT)).as("FIFO: the head is in the way").isEmpty();
        ctx.cancel();
        assertThat(got.tryReceive(LONG)).as("served once the head left").isPresent();
        threads.joinAll();
        assertThat(headErr.get()).isSameAs(Context.CANCELED);
        assertThat(sem).hasToString("Semaphore[size=10, held=2]");
    }

    // ---- RULE-SEM-08 -------------------------------------------------------------------------

    @Test
    void rule_SEM_08_cancellationBeforeTokensArriveWins() {
        // Go's TestWeightedAcquireCanceled (go.dev/issue/63615). The cancel and the release race
        // inside the semaphore (the context's AfterFunc runs in its own goroutine), so either the
        // cancel or the grant wins the waiter's claim; either way Acquire must report Canceled
        // and leave every token free. Repeated so that both happen.
        for (int round = 0; round < 100; round++) {
            Semaphore sem = new Semaphore(2);
            CancelContext ctx = Context.withCancel(Context.background());
            sem.acquire(Context.background(), 1);
            Threads threads = new Threads();
            AtomicReference<ContextException> err = new AtomicReference<>();
            Thread t = threads.start(() -> err.set(acquireErr(sem, ctx, 2)));
            Thread other = threads.start(() -> {
                awaitBlocked(t, "semacquire");
                ctx.cancel(); // first the context is done...
                sem.release(1); // ...then the tokens become available
            });
            Threads.join(t);
            Threads.join(other);
            threads.joinAll();
            assertThat(err.get()).isSameAs(Context.CANCELED);
            assertThat(sem.tryAcquire(2)).as("no tokens leaked").isTrue();
            sem.release(2);
            // A done context fails even when the acquire would not block.
            assertThatThrownBy(() -> sem.acquire(ctx, 1)).isSameAs(Context.CANCELED);
            assertThat(sem).hasToString("Semaphore[size=2, held=0]");
        }
    }

    @Test
    void rule_SEM_08_aDoneContextIsCheckedFirstEvenForFreeTokens() {
        Semaphore sem = new Semaphore(2);
        CancelContext canceled = Context.withCancel(Context.background());
        canceled.cancel();
        assertThatThrownBy(() -> sem.acquire(canceled, 1)).isSameAs(Context.CANCELED);
        assertThatThrownBy(() -> sem.acquire(canceled, 0)).isSameAs(Context.CANCELED);
        try (CancelContext expired = Context.withTimeout(Context.background(), Duration.ZERO)) {
            assertThatThrownBy(() -> sem.acquire(expired, 1)).isSameAs(Context.DEADLINE_EXCEEDED);
        }
        // A child of a done parent is done too.
        Context child = Context.withValue(canceled, new ContextKey<String>("k"), "v");
        assertThatThrownBy(() -> sem.acquire(child, 2)).isSameAs(Context.CANCELED);
        assertThat(sem).hasToString("Semaphore[size=2, held=0]");
        assertThat(sem.tryAcquire(2)).isTrue();
    }

    // ---- RULE-SEM-09 -------------------------------------------------------------------------

    @Test
    void rule_SEM_09_grantedWhileTheContextIsDoneGivesTheTokensBack() {
        // Deterministic "at the same time": the context is done, but its AfterFunc has not run
        // yet when the release grants the waiter. The waiter must notice the done context, give
        // the tokens back (serving the request behind it) and report the context's error.
        Semaphore sem = new Semaphore(2);
        sem.acquire(2);
        LaggingContext ctx = new LaggingContext();
        Threads threads = new Threads();
        AtomicReference<ContextException> err = new AtomicReference<>();
        Thread head = threads.start(() -> err.set(acquireErr(sem, ctx, 2)));
        awaitBlocked(head, "semacquire");
        Chan<Boolean> got = Chan.make(1);
        Thread behind = threads.start(() -> {
            sem.acquire(Context.background(), 1);
            got.send(true);
        });
        awaitBlocked(behind, "semacquire");
        assertThat(ctx.registered()).isEqualTo(1);

        ctx.markDone(Context.CANCELED); // done, but nobody has been told yet
        sem.release(2); // the grant wins the head's claim
        Threads.join(head);
        assertThat(err.get()).isSameAs(Context.CANCELED);
        assertThat(got.tryReceive(LONG)).as("the given-back tokens served the next").isPresent();
        threads.joinAll();
        assertThat(sem).hasToString("Semaphore[size=2, held=1]");
        assertThat(ctx.pending()).as("the AfterFunc registration was withdrawn").isZero();
        ctx.runAfterFuncs(); // late notification: nothing left to cancel
        assertThat(sem).hasToString("Semaphore[size=2, held=1]");
    }

    @Test
    void rule_SEM_09_deadlineAndGrantAtTheSameTimeNeverLeakTokens() {
        // Real contexts: a deadline races the release that would grant the waiter.
        for (int round = 0; round < 200; round++) {
            Semaphore sem = new Semaphore(1);
            sem.acquire(1);
            ContextException err;
            try (CancelContext ctx = Context.withTimeout(Context.background(),
                    Duration.ofNanos(ThreadLocalRandom.current().nextLong(200_000)))) {
                Go.go(() -> {
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
                    sem.release(1);
                });
                err = acquireErr(sem, ctx, 1);
                if (err == null) {
                    sem.release(1);
                } else {
                    assertThat(err).isSameAs(Context.DEADLINE_EXCEEDED);
                    assertThat(ctx.err()).isSameAs(err);
                }
            }
            sem.acquire(1); // waits for the releaser if it has not run yet
            assertThat(sem).hasToString("Semaphore[size=1, held=1]");
        }
    }

    // ---- the registration on the context -----------------------------------------------------

    @Test
    void theAfterFuncRegistrationIsWithdrawnWhenTheAcquireReturns() {
        Semaphore sem = new Semaphore(1);
        LaggingContext ctx = new LaggingContext();
        sem.acquire(ctx, 1);
        assertThat(ctx.registered()).as("the fast path registers nothing").isZero();

        Threads threads = new Threads();
        Thread t = threads.start(() -> sem.acquire(ctx, 1));
        awaitBlocked(t, "semacquire");
        assertThat(ctx.pending()).isEqualTo(1);
        sem.release(1);
        threads.joinAll();
        assertThat(ctx.registered()).isEqualTo(1);
        assertThat(ctx.pending()).as("withdrawn after the grant").isZero();
        assertThat(sem).hasToString("Semaphore[size=1, held=1]");
    }

    @Test
    void interruptedWhileWaitingWithAContextTakesNothingAndWithdraws() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        LaggingContext ctx = new LaggingContext();
        Threads threads = new Threads();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread t = threads.start(() -> {
            try {
                sem.acquire(ctx, 1);
            } catch (GoInterruptedException e) {
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitBlocked(t, "semacquire");
        t.interrupt();
        threads.joinAll();
        assertThat(statusKept.get()).isTrue();
        assertThat(ctx.pending()).isZero();
        sem.release(1);
        assertThat(sem.tryAcquire(1)).as("the interrupted request left the queue").isTrue();
    }

    @Test
    void aFailingAfterFuncLeavesTheSemaphoreUnchanged() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        LaggingContext ctx = new LaggingContext();
        ctx.failRegistration = true;
        assertThatThrownBy(() -> sem.acquire(ctx, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("afterFunc refused");
        assertThat(sem).hasToString("Semaphore[size=1, held=1]");
        sem.release(1);
        assertThat(sem.tryAcquire(1)).as("the failed request is not queued").isTrue();
    }

    @Test
    void aContextThatIsNeverDoneActsLikeThePlainAcquire() {
        Semaphore sem = new Semaphore(3);
        sem.acquire(3);
        Threads threads = new Threads();
        Thread t = threads.start(() -> sem.acquire(Context.background(), 2));
        awaitBlocked(t, "semacquire");
        sem.release(2);
        threads.joinAll();
        assertThat(sem).hasToString("Semaphore[size=3, held=3]");
    }

    @Test
    void argumentsAreChecked() {
        Semaphore sem = new Semaphore(1);
        assertThatThrownBy(() -> sem.acquire(null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("ctx");
        assertThatThrownBy(() -> sem.acquire(Context.background(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("semaphore: negative weight -1");
        assertThat(sem).hasToString("Semaphore[size=1, held=0]");
    }

    // ---- stress ------------------------------------------------------------------------------

    @Test
    void stressCancelsAndDeadlinesRacingReleasesNeitherLeakNorDuplicateTokens() {
        int size = 4;
        Semaphore sem = new Semaphore(size);
        int workers = 8;
        int rounds = 16_000 * Threads.STRESS / workers;
        AtomicLong held = new AtomicLong();
        AtomicInteger overflows = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        AtomicInteger canceled = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger wrongErr = new AtomicInteger();
        AtomicInteger stuck = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int w = 0; w < workers; w++) {
            wg.go(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < rounds && stuck.get() == 0; i++) {
                    // 0: canceled concurrently; 1: a deadline within 0.3 ms; 2: must be served
                    // (its distant deadline only turns a leak into a failure instead of a hang).
                    int kind = rnd.nextInt(3);
                    long n = rnd.nextInt(kind == 2 ? size + 1 : size + 2); // size + 1 only for 0, 1
                    CancelContext ctx = switch (kind) {
                        case 0 -> Context.withCancel(Context.background());
                        case 1 -> Context.withTimeout(Context.background(),
                                Duration.ofNanos(rnd.nextLong(300_000)));
                        default -> Context.withTimeout(Context.background(), STUCK);
                    };
                    if (kind == 0) {
                        Go.go(ctx::cancel); // races the grant and the releases of others
                    }
                    try {
                        sem.acquire(ctx, n);
                        acquired.incrementAndGet();
                        if (held.addAndGet(n) > size) {
                            overflows.incrementAndGet();
                        }
                        if (rnd.nextBoolean()) {
                            LockSupport.parkNanos(rnd.nextLong(50_000));
                        }
                        held.addAndGet(-n);
                        sem.release(n);
                    } catch (ContextException e) {
                        if (e != ctx.err()) {
                            wrongErr.incrementAndGet();
                        }
                        if (kind == 2) {
                            stuck.incrementAndGet();
                        }
                        (e.timeout() ? timedOut : canceled).incrementAndGet();
                    } finally {
                        ctx.cancel();
                    }
                }
            });
        }
        Runnable stopWatchdog = Threads.dumpIfStalled(Duration.ofSeconds(40), () -> sem
                + " acquired=" + acquired + " canceled=" + canceled + " timedOut=" + timedOut
                + " stuck=" + stuck);
        try {
            wg.await();
        } finally {
            stopWatchdog.run();
        }
        assertThat(sem).as("no token leaked").hasToString("Semaphore[size=" + size + ", held=0]");
        assertThat(overflows.get()).as("never more tokens held than the size").isZero();
        assertThat(wrongErr.get()).as("the error is always the context's").isZero();
        assertThat(stuck.get()).as("requests that were never served").isZero();
        assertThat(acquired.get() + canceled.get() + timedOut.get())
                .as("every request ended exactly once").isEqualTo(workers * rounds);
        assertThat(acquired.get()).isPositive();
        assertThat(canceled.get()).isPositive();
        assertThat(timedOut.get()).isPositive();
        assertThat(sem.tryAcquire(size)).as("every token came back").isTrue();
    }

    // ---- a context whose notification can be held back ---------------------------------------

    /**
     * A custom context whose {@code done()} closes at {@link #markDone} but whose AfterFunc
     * callbacks run only at {@link #runAfterFuncs}: it lets a test put a grant between the
     * context becoming done and the semaphore hearing of it. It never ends by itself.
     */
    private static final class LaggingContext implements AfterFuncContext {
        private final Chan<Void> done = Chan.make();
        private volatile ContextException err;
        private final List<Runnable> callbacks = new ArrayList<>();
        private int registered;
        volatile boolean failRegistration;

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public RecvChan<Void> done() {
            return done;
        }

        @Override
        public ContextException err() {
            return err;
        }

        @Override
        public <T> T value(ContextKey<T> key) {
            return null;
        }

        @Override
        public synchronized StopHandle afterFunc(Runnable f) {
            if (failRegistration) {
                throw new IllegalStateException("afterFunc refused");
            }
            registered++;
            callbacks.add(f);
            return () -> {
                synchronized (LaggingContext.this) {
                    return callbacks.remove(f);
                }
            };
        }

        synchronized int registered() {
            return registered;
        }

        synchronized int pending() {
            return callbacks.size();
        }

        void markDone(ContextException e) {
            err = e;
            done.close();
        }

        void runAfterFuncs() {
            List<Runnable> fs;
            synchronized (this) {
                fs = List.copyOf(callbacks);
                callbacks.clear();
            }
            fs.forEach(Go::go);
        }
    }
}
