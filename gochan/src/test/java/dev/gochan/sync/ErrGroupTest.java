package dev.gochan.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import dev.gochan.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS.md, area EG (golang.org/x/sync/errgroup): one test per rule, plus the Java side. */
@Timeout(30)
class ErrGroupTest {
    private static final Duration QUIESCENT = Duration.ofSeconds(5);

    private static ErrGroup.Task returning(Exception err) {
        return () -> {
            if (err != null) {
                throw err;
            }
        };
    }

    @Test
    void rule_EG_01_zeroGroupReturnsFirstError() {
        Exception err1 = new Exception("errgroup_test: 1");
        Exception err2 = new Exception("errgroup_test: 2");
        List<List<Exception>> cases = List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(err1),
                Arrays.asList(err1, null),
                Arrays.asList(err1, null, err2));
        for (List<Exception> errs : cases) {
            ErrGroup g = new ErrGroup();
            Exception firstErr = null;
            for (int i = 0; i < errs.size(); i++) {
                Exception err = errs.get(i);
                g.go(returning(err));
                if (firstErr == null && err != null) {
                    firstErr = err;
                }
                assertThat(g.await()).as("after %s", errs.subList(0, i + 1)).isSameAs(firstErr);
            }
        }
    }

    @Test
    void rule_EG_02_withContextCancelsOnFirstErrorAndOnAwait() {
        Exception errDoom = new Exception("group_test: doomed");
        List<List<Exception>> cases = List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(errDoom),
                Arrays.asList(errDoom, null));
        for (List<Exception> errs : cases) {
            ErrGroup g = ErrGroup.withContext(Context.background());
            Context ctx = g.context();
            for (Exception err : errs) {
                g.go(returning(err));
            }
            Exception want = errs.isEmpty() ? null : errs.get(0);
            assertThat(g.await()).as("%s", errs).isSameAs(want);
            assertThat(ctx.done().tryReceive()).as("ctx done after await, %s", errs).isPresent();
            assertThat(ctx.err()).isSameAs(Context.CANCELED);
        }
    }

    @Test
    void rule_EG_03_causeIsTheFirstErrorOrCanceled() {
        Exception errDoom = new Exception("error doom");
        for (Exception err : Arrays.asList(null, errDoom)) {
            ErrGroup g = ErrGroup.withContext(Context.background());
            assertThat(g.tryGo(returning(err))).isTrue();
            assertThat(g.await()).isSameAs(err);
            Throwable want = err == null ? Context.CANCELED : err;
            assertThat(Context.cause(g.context())).isSameAs(want);
        }
    }

    @Test
    void rule_EG_04_setLimitAndTryGo() {
        ErrGroup g = new ErrGroup();
        int n = 42;
        g.setLimit(n);
        Chan<Void> ch = Chan.make();
        ErrGroup.Task fn = () -> ch.send(null);
        for (int i = 0; i < n; i++) {
            assertThat(g.tryGo(fn)).as("TryGo %d", i).isTrue();
        }
        assertThat(g.tryGo(fn)).as("TryGo past the limit").isFalse();
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                ch.receive();
            }
        });
        assertThat(g.await()).isNull();
        assertThat(g.tryGo(fn)).as("TryGo after all finished").isTrue();
        Go.go(ch::receive);
        assertThat(g.await()).isNull();

        g.setLimit(1);
        assertThat(g.tryGo(fn)).isTrue();
        assertThat(g.tryGo(fn)).isFalse();
        Go.go(ch::receive);
        assertThat(g.await()).isNull();

        g.setLimit(0);
        for (int i = 0; i < 1 << 10; i++) {
            assertThat(g.tryGo(fn)).isFalse();
        }
        assertThat(g.await()).isNull();
    }

    @Test
    void rule_EG_05_goBlocksAtTheLimit() {
        int limit = 10;
        ErrGroup g = new ErrGroup();
        g.setLimit(limit);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        for (int i = 0; i <= 1 << 10; i++) {
            g.go(() -> {
                int n = active.incrementAndGet();
                max.accumulateAndGet(n, Math::max);
                if (n > limit) {
                    throw new IllegalStateException("saw " + n + " active goroutines; want <= " + limit);
                }
                Thread.yield(); // give other goroutines a chance to increment active
                active.decrementAndGet();
            });
        }
        assertThat(g.await()).isNull();
        assertThat(max.get()).isBetween(1, limit);
    }

    @Test
    void rule_EG_06_negativeLimitRemovesItAndChangesWhileActiveThrow() throws InterruptedException {
        ErrGroup g = new ErrGroup();
        Chan<Void> release = Chan.make();
        g.setLimit(2);
        g.go(release::receive);
        g.go(release::receive);
        assertThatThrownBy(() -> g.setLimit(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("errgroup: modify limit while 2 goroutines in the group are still active");
        assertThatThrownBy(() -> g.setLimit(0))
                .hasMessage("errgroup: modify limit while 2 goroutines in the group are still active");

        // a go() blocked at the limit is admitted when the limit is removed
        CountDownLatch third = new CountDownLatch(1);
        Go.go(() -> g.go(() -> {
            third.countDown();
            release.receive();
        }));
        assertThat(third.await(20, TimeUnit.MILLISECONDS)).as("third task held at the limit").isFalse();
        g.setLimit(-1);
        assertThat(third.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(g.tryGo(release::receive)).as("no limit any more").isTrue();
        for (int i = 0; i < 4; i++) {
            release.send(null);
        }
        assertThat(g.await()).isNull();
        g.setLimit(3); // nothing active: allowed
        assertThat(g.toString()).contains("limit=3");
    }

    @Test
    void rule_EG_07_errorsArePanicsNotGroupErrors() {
        AtomicReference<Throwable> panicked = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        Go.PanicHandler old = Go.setPanicHandler((id, thread, panic) -> {
            panicked.set(panic);
            reported.countDown();
        });
        try {
            ErrGroup g = ErrGroup.withContext(Context.background());
            AssertionError boom = new AssertionError("boom");
            g.go(() -> {
                throw boom;
            });
            assertThat(g.await()).as("a panic is not the group's error").isNull();
            assertThat(reported.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(panicked.get()).isSameAs(boom);
            assertThat(Context.cause(g.context())).isSameAs(Context.CANCELED);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Go.setPanicHandler(old);
        }
    }

    @Test
    void rule_EG_08_reuseAfterAwaitAndZeroGroupHasNoLimitNorCancel() {
        ErrGroup g = new ErrGroup();
        assertThat(g.await()).as("await with no task").isNull();
        for (int i = 0; i < 100; i++) {
            assertThat(g.tryGo(() -> { })).as("zero group: no limit").isTrue();
        }
        assertThat(g.await()).isNull();
        assertThat(g.context()).isSameAs(Context.background()); // never canceled
        Exception e = new Exception("later");
        g.go(returning(e));
        assertThat(g.await()).isSameAs(e);
        g.go(returning(null));
        assertThat(g.await()).as("sticky").isSameAs(e);
    }

    @Test
    void rule_EG_09_exampleParallel() throws Exception {
        List<String> results = google(Context.background(), "golang");
        assertThat(results).containsExactly(
                "web result for \"golang\"",
                "image result for \"golang\"",
                "video result for \"golang\"");
    }

    interface Search {
        String search(Context ctx, String query) throws Exception;
    }

    private static Search fakeSearch(String kind) {
        return (ctx, query) -> kind + " result for \"" + query + "\"";
    }

    private static List<String> google(Context parent, String query) throws Exception {
        ErrGroup g = ErrGroup.withContext(parent);
        Context ctx = g.context();
        List<Search> searches = List.of(fakeSearch("web"), fakeSearch("image"), fakeSearch("video"));
        String[] results = new String[searches.size()];
        for (int i = 0; i < searches.size(); i++) {
            int idx = i;
            Search s = searches.get(i);
            g.go(() -> results[idx] = s.search(ctx, query));
        }
        Exception err = g.await();
        if (err != null) {
            throw err;
        }
        return List.of(results);
    }

    // ---- the Java side -----------------------------------------------------------------------

    @Test
    void checkedExceptionIsTheErrorAndOthersAreSuppressed() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        IOException first = new IOException("disk on fire");
        g.go(() -> {
            throw first;
        });
        g.go(() -> {
            ctx.done().receive(); // canceled once the first error is recorded
            throw new IllegalStateException("second");
        });
        g.go(() -> ctx.receive(Chan.<Integer>make())); // fails with CANCELED once the group fails
        Exception err = g.await();
        assertThat(err).isSameAs(first);
        assertThat(Arrays.stream(err.getSuppressed()).map(Throwable::getMessage))
                .containsExactlyInAnyOrder("second", "context canceled");
        assertThat(Context.cause(ctx)).isSameAs(first);
    }

    @Test
    void contextIsCanceledAtTheFirstErrorBeforeAwait() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context ctx = g.context();
        Chan<Void> neverSent = Chan.make();
        g.go(() -> ctx.receive(neverSent)); // stopped by the failure of its sibling
        Exception boom = new Exception("boom");
        g.go(() -> {
            throw boom;
        });
        assertThat(ctx.done().tryReceive(QUIESCENT)).as("canceled without await").isPresent();
        assertThat(Context.cause(ctx)).isSameAs(boom);
        assertThat(g.await()).isSameAs(boom);
    }

    @Test
    void sameExceptionTwiceIsNotSelfSuppressed() {
        ErrGroup g = new ErrGroup();
        Exception shared = new Exception("shared");
        g.go(returning(shared));
        g.go(returning(shared));
        assertThat(g.await()).isSameAs(shared);
        assertThat(shared.getSuppressed()).isEmpty();
    }

    @Test
    void blockedGoAndAwaitAreInterruptible() throws InterruptedException {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        Chan<Void> release = Chan.make();
        g.go(release::receive);
        AtomicReference<Throwable> goOutcome = new AtomicReference<>();
        AtomicInteger started = new AtomicInteger();
        Thread blockedGo = Thread.ofVirtual().start(() -> {
            try {
                g.go(started::incrementAndGet);
            } catch (Throwable t) {
                goOutcome.set(t);
            }
        });
        AtomicReference<Throwable> awaitOutcome = new AtomicReference<>();
        Thread blockedAwait = Thread.ofVirtual().start(() -> {
            try {
                g.await();
            } catch (Throwable t) {
                awaitOutcome.set(t);
            }
        });
        blockedGo.join(20);
        assertThat(blockedGo.isAlive()).isTrue();
        blockedGo.interrupt();
        blockedAwait.interrupt();
        blockedGo.join();
        blockedAwait.join();
        assertThat(goOutcome.get()).isInstanceOf(GoInterruptedException.class);
        assertThat(awaitOutcome.get()).isInstanceOf(GoInterruptedException.class);
        release.send(null);
        assertThat(g.await()).isNull();
        assertThat(started.get()).as("the interrupted go started nothing").isZero();
        assertThat(g.tryGo(() -> { })).as("no slot leaked").isTrue();
        assertThat(g.await()).isNull();
    }

    @Test
    void manyTasksManyWaiters() throws InterruptedException {
        int n = 10_000 * Integer.getInteger("gochan.stress", 1);
        ErrGroup g = new ErrGroup();
        g.setLimit(64);
        AtomicInteger ran = new AtomicInteger();
        List<Thread> waiters = new ArrayList<>();
        CountDownLatch awaited = new CountDownLatch(8);
        g.go(ran::incrementAndGet);
        for (int i = 0; i < 8; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                g.await();
                awaited.countDown();
            }));
        }
        for (int i = 1; i < n; i++) {
            g.go(ran::incrementAndGet);
        }
        assertThat(g.await()).isNull();
        assertThat(ran.get()).isEqualTo(n);
        assertThat(awaited.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (Thread t : waiters) {
            t.join();
        }
    }
}
