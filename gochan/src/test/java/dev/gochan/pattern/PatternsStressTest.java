package dev.gochan.pattern;

import static dev.gochan.Go.go;
import static dev.gochan.pattern.PatternTestSupport.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many values through merge, fan-out, tee, the concurrent stages and the worker pool, with every
 * message counted: none lost, none duplicated, none stuck; and many pipelines canceled at random
 * points, with no goroutine left. Sized for seconds; scale with {@code -Dgochan.stress=N}.
 */
class PatternsStressTest {
    private static final int SCALE = Integer.getInteger("gochan.stress", 1);

    /** Values {@code from, from + 1, ... from + n - 1} from a generator under {@code ctx}. */
    private static RecvChan<Integer> numbers(Context ctx, int from, int n) {
        return Patterns.generate(ctx, out -> {
            for (int i = from; i < from + n; i++) {
                out.emit(i);
            }
        });
    }

    /** Asserts that each of {@code 0 .. n-1} was counted exactly once. */
    private static void assertEachOnce(AtomicIntegerArray seen, int n) {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < n && wrong.size() < 10; i++) {
            if (seen.get(i) != 1) {
                wrong.add(i);
            }
        }
        assertThat(wrong).as("values not seen exactly once (first 10)").isEmpty();
    }

    @Test
    @Timeout(60)
    void mergeOf16ProducersDeliversEveryValueOnceInEachProducersOrder() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int producers = 16;
        int each = 10_000 * SCALE;
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            List<RecvChan<Integer>> ins = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                ins.add(numbers(ctx, p * each, each));
            }
            AtomicIntegerArray seen = new AtomicIntegerArray(producers * each);
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (int v : Patterns.merge(ctx, ins)) {
                seen.incrementAndGet(v);
                int p = v / each;
                assertThat(v).as("order of producer %d", p).isGreaterThan(last[p]);
                last[p] = v;
            }
            assertEachOnce(seen, producers * each);
        }
        leaks.assertNoneLeft();
    }

    @Test
    @Timeout(60)
    void fanOutToEightConsumersDeliversEveryValueOnce() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int n = 100_000 * SCALE;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            List<RecvChan<Integer>> parts = Patterns.fanOut(ctx, numbers(ctx, 0, n), 8);
            CountDownLatch finished = new CountDownLatch(parts.size());
            for (RecvChan<Integer> part : parts) {
                go(() -> {
                    for (int v : part) {
                        seen.incrementAndGet(v);
                    }
                    finished.countDown();
                });
            }
            assertThat(finished.await(50, TimeUnit.SECONDS)).isTrue();
        }
        assertEachOnce(seen, n);
        leaks.assertNoneLeft();
    }

    @Test
    @Timeout(60)
    void teeToFourConsumersGivesEachEveryValueInOrder() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int n = 25_000 * SCALE;
        int copies = 4;
        AtomicIntegerArray count = new AtomicIntegerArray(copies);
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            List<RecvChan<Integer>> outs = Patterns.tee(ctx, numbers(ctx, 0, n), copies);
            CountDownLatch finished = new CountDownLatch(copies);
            for (int c = 0; c < copies; c++) {
                int id = c;
                RecvChan<Integer> out = outs.get(c);
                go(() -> {
                    int expected = 0;
                    for (int v : out) {
                        if (v != expected++) {
                            break; // count stays short: the assertion below reports it
                        }
                        count.incrementAndGet(id);
                    }
                    finished.countDown();
                });
            }
            assertThat(finished.await(50, TimeUnit.SECONDS)).isTrue();
        }
        for (int c = 0; c < copies; c++) {
            assertThat(count.get(c)).as("copy %d", c).isEqualTo(n);
        }
        leaks.assertNoneLeft();
    }

    @Test
    @Timeout(60)
    void concurrentStagesDeliverEveryValueOnceAndTheOrderedOneInOrder() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int n = 50_000 * SCALE;
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            int expected = 0;
            for (int v : Patterns.mapConcurrent(ctx, numbers(ctx, 0, n), 8, x -> x + 1)) {
                assertThat(v).isEqualTo(++expected);
            }
            assertThat(expected).isEqualTo(n);
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            for (int v : Patterns.mapConcurrentUnordered(ctx, numbers(ctx, 0, n), 8, x -> x)) {
                seen.incrementAndGet(v);
            }
            assertEachOnce(seen, n);
        }
        leaks.assertNoneLeft();
    }

    @Test
    @Timeout(60)
    void workerPoolDoesEveryJobOnceWithSeveralProducers() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int producers = 4;
        int each = 25_000 * SCALE;
        int n = producers * each;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            WorkerPool<Integer, Integer> pool = WorkerPool.start(ctx, 6, 64, job -> job);
            CountDownLatch submitted = new CountDownLatch(producers);
            for (int p = 0; p < producers; p++) {
                int from = p * each;
                go(() -> {
                    for (int j = from; j < from + each; j++) {
                        pool.submit(j);
                    }
                    submitted.countDown();
                });
            }
            go(() -> {
                try {
                    if (submitted.await(50, TimeUnit.SECONDS)) {
                        pool.closeJobs();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int r : pool.results()) {
                seen.incrementAndGet(r);
            }
            assertThat(pool.await()).isNull();
        }
        assertEachOnce(seen, n);
        leaks.assertNoneLeft();
    }

    @Test
    @Timeout(60)
    void pipelinesCanceledAtRandomPointsLeaveNothingBehind() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        Random rnd = new Random(7);
        int rounds = 1_000 * SCALE;
        for (int round = 0; round < rounds; round++) {
            CancelContext ctx = Context.withCancel(Context.background());
            RecvChan<Integer> src = Patterns.generate(ctx, out -> {
                for (int i = 0;; i++) {
                    out.emit(i);
                }
            });
            RecvChan<Integer> out = switch (round % 5) {
                case 0 -> Patterns.merge(ctx, Patterns.tee(ctx, Patterns.map(ctx, src, x -> x * 2), 3));
                case 1 -> Patterns.merge(ctx, Patterns.fanOut(ctx, src, 4));
                case 2 -> Patterns.mapConcurrent(ctx, Patterns.filter(ctx, src, x -> x % 3 != 0), 4, x -> x);
                case 3 -> Patterns.mapConcurrentUnordered(ctx, Patterns.orDone(ctx, src), 4, x -> x);
                default -> Patterns.bridge(ctx, Patterns.map(ctx, src, x -> Patterns.generate(ctx, x, x, x)));
            };
            int k = rnd.nextInt(50);
            for (int i = 0; i < k; i++) {
                next(out);
            }
            ctx.cancel(); // half the time the consumer keeps reading until the close, half it walks away
            if (rnd.nextBoolean()) {
                PatternTestSupport.drain(out);
            }
        }
        leaks.assertNoneLeft(Duration.ofSeconds(30));
    }

    @Test
    @Timeout(60)
    void theDoneChannelFormsAgreeWithTheContextForms() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        int n = 20_000 * SCALE;
        Chan<Void> done = Chan.make();
        List<RecvChan<Integer>> ins = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int from = p * n;
            ins.add(Patterns.generate(done, out -> {
                for (int i = from; i < from + n; i++) {
                    out.emit(i);
                }
            }));
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(4 * n);
        RecvChan<Integer> merged = Patterns.merge(done, Patterns.fanOut(done, Patterns.merge(done, ins), 3));
        for (int v : Patterns.map(done, Patterns.filter(done, merged, x -> true), x -> x)) {
            seen.incrementAndGet(v);
        }
        assertEachOnce(seen, 4 * n);
        done.close();
        leaks.assertNoneLeft();
    }
}
