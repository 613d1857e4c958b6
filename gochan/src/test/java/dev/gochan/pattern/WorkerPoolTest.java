package dev.gochan.pattern;

import static dev.gochan.Go.go;
import static dev.gochan.pattern.PatternTestSupport.assertBlocked;
import static dev.gochan.pattern.PatternTestSupport.drain;
import static dev.gochan.pattern.PatternTestSupport.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.ClosedChanException;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.pattern.PatternTestSupport.PanicRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guide's §4.4 worker pool: every job done once, bounded queue and concurrency, errors. */
@Timeout(30)
class WorkerPoolTest {
    private CancelContext ctx;
    private Leaks leaks;

    @BeforeEach
    void setUp() {
        leaks = Leaks.snapshot();
        ctx = Context.withCancel(Context.background());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        ctx.cancel();
        leaks.assertNoneLeft();
    }

    /** Submits {@code jobs} from a new goroutine, then closes the jobs; reports how it ended. */
    private static Chan<Throwable> produce(WorkerPool<Integer, ?> pool, List<Integer> jobs) {
        Chan<Throwable> end = Chan.make(1);
        go(() -> {
            try {
                for (Integer j : jobs) {
                    pool.submit(j);
                }
                pool.closeJobs();
                end.send(null);
            } catch (RuntimeException e) {
                end.send(e);
            }
        });
        return end;
    }

    @Test
    void theGuidesPoolDoesEveryJobOnce() {
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 3, 5, job -> job * 2);
        Chan<Throwable> end = produce(pool, List.of(1, 2, 3, 4, 5));
        assertThat(drain(pool.results())).containsExactlyInAnyOrder(2, 4, 6, 8, 10);
        assertThat(next(end)).isNull();
        assertThat(pool.await()).isNull();
        assertThat(pool.await()).isNull(); // sticky, may be called again
        assertThat(pool.context().err()).as("canceled once await returned, as errgroup's").isNotNull();
    }

    @Test
    void atMostTheGivenNumberOfJobsRunAtOnce() {
        int workers = 4;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch allIn = new CountDownLatch(workers);
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, workers, 2, job -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            allIn.countDown();
            assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue(); // the first jobs meet here
            running.decrementAndGet();
            return job;
        });
        produce(pool, IntStream.range(0, 40).boxed().toList());
        assertThat(drain(pool.results())).hasSize(40);
        assertThat(pool.await()).isNull();
        assertThat(max.get()).isEqualTo(workers);
    }

    @Test
    void submitBlocksWhileTheQueueIsFull() {
        Chan<Void> started = Chan.make(1);
        Chan<Void> release = Chan.make();
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 1, 2, job -> {
            if (job == 1) {
                started.send(null);
                release.receive();
            }
            return job;
        });
        pool.submit(1);
        next(started); // the only worker holds job 1
        pool.submit(2);
        pool.submit(3); // the queue (2) is full now
        Chan<Void> fourth = Chan.make(1);
        go(() -> {
            pool.submit(4);
            fourth.send(null);
        });
        assertBlocked(fourth, Duration.ofMillis(100));
        release.close();
        next(fourth);
        pool.closeJobs();
        assertThat(drain(pool.results())).containsExactly(1, 2, 3, 4); // one worker: FIFO
        assertThat(pool.await()).isNull();
    }

    @Test
    void aFailingJobStopsThePoolAndAwaitReportsIt() {
        IOException boom = new IOException("boom");
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 3, 4, job -> {
            if (job == 7) {
                throw boom;
            }
            return job;
        });
        Chan<Throwable> end = produce(pool, IntStream.range(0, 1_000_000).boxed().toList());
        List<Integer> results = drain(pool.results()); // closed early, once every worker stopped
        assertThat(results).doesNotContain(7).hasSizeLessThan(1_000_000);
        assertThat(next(end)).as("submit gives up").isSameAs(Context.CANCELED);
        assertThat(pool.await()).isSameAs(boom);
        assertThat(boom.getSuppressed()).isEmpty(); // the stopped workers add no noise
        assertThat(Context.cause(pool.context())).isSameAs(boom);
        assertThat(ctx.err()).as("the caller's context is untouched").isNull();
    }

    @Test
    void cancelingTheGivenContextStopsThePool() {
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 2, 0, job -> job);
        Chan<Throwable> end = produce(pool, IntStream.range(0, 1_000_000).boxed().toList());
        next(pool.results(), 3);
        ctx.cancel();
        drain(pool.results());
        assertThat(next(end)).isInstanceOf(ContextException.class);
        assertThat(pool.await()).isSameAs(Context.CANCELED);
    }

    @Test
    void aDeadlineStopsThePoolWithDeadlineExceeded() {
        try (var timed = Context.withTimeout(ctx, Duration.ofMillis(50))) {
            WorkerPool<Integer, Integer> pool = WorkerPool.start(timed, 2, 1, job -> job);
            pool.submit(1); // never closed: only the deadline ends the pool
            assertThat(next(pool.results())).isEqualTo(1);
            drain(pool.results());
            assertThat(pool.await()).isSameAs(Context.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void aPoolThatFinishedIsNotFailedByALaterCancel() {
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 2, 2, job -> job);
        produce(pool, List.of(1, 2, 3));
        assertThat(drain(pool.results())).hasSize(3);
        ctx.cancel();
        assertThat(pool.await()).isNull();
    }

    @Test
    void nullJobsAndResultsAreAllowed() {
        WorkerPool<Integer, String> pool = WorkerPool.start(ctx, 1, 1, job -> job == null ? null : "x");
        produce(pool, java.util.Arrays.asList(null, 1));
        assertThat(drain(pool.results())).containsExactly(null, "x");
    }

    @Test
    void submitAfterCloseJobsIsASendOnAClosedChannel() {
        WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 1, 1, job -> job);
        pool.closeJobs();
        assertThatThrownBy(() -> pool.submit(1)).isInstanceOf(ClosedChanException.class)
                .hasMessage("send on closed channel");
        assertThatThrownBy(pool::closeJobs).isInstanceOf(ClosedChanException.class)
                .hasMessage("close of closed channel");
        assertThat(drain(pool.results())).isEmpty();
        assertThat(pool.await()).isNull();
    }

    @Test
    void anErrorInAJobIsAPanicNotThePoolsError() {
        try (var rec = new PanicRecorder()) {
            WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 2, 2, job -> {
                if (job == 1) {
                    throw new AssertionError("bug");
                }
                return job;
            });
            produce(pool, List.of(1, 2, 3));
            assertThat(drain(pool.results())).containsExactlyInAnyOrder(2, 3);
            assertThat(next(rec.panics)).hasMessage("bug");
            assertThat(pool.await()).isNull();
        }
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> WorkerPool.start(ctx, 0, 1, j -> j)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerPool.start(ctx, 1, -1, j -> j)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerPool.start(null, 1, 1, j -> j)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WorkerPool.start(ctx, 1, 1, null)).isInstanceOf(NullPointerException.class);
    }
}
