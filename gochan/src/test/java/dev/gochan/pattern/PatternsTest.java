package dev.gochan.pattern;

import static dev.gochan.Go.go;
import static dev.gochan.pattern.PatternTestSupport.assertBlocked;
import static dev.gochan.pattern.PatternTestSupport.assertClosed;
import static dev.gochan.pattern.PatternTestSupport.drain;
import static dev.gochan.pattern.PatternTestSupport.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.pattern.PatternTestSupport.PanicRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What each helper delivers, in which order, and when it closes its output. */
@Timeout(30)
class PatternsTest {
    private CancelContext ctx;
    private Leaks leaks;

    @BeforeEach
    void setUp() {
        leaks = Leaks.snapshot();
        ctx = Context.withCancel(Context.background());
    }

    /** Every test ends with its pipelines canceled, and none may leave a goroutine behind. */
    @AfterEach
    void tearDown() throws InterruptedException {
        ctx.cancel();
        leaks.assertNoneLeft();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** An endless generator 0, 1, 2, ... under {@code c}. */
    private static RecvChan<Integer> counter(Context c) {
        return Patterns.generate(c, out -> {
            for (int i = 0;; i++) {
                out.emit(i);
            }
        });
    }

    // ---- generators ------------------------------------------------------------------------

    @Test
    void generateDeliversTheValuesInOrderThenCloses() {
        assertThat(drain(Patterns.generate(ctx, 1, 2, 3))).containsExactly(1, 2, 3);
        assertThat(drain(Patterns.generate(ctx, "a", null, "b"))).containsExactly("a", null, "b");
        assertThat(drain(Patterns.<String>generate(ctx))).isEmpty();
    }

    @Test
    void generateCopiesTheArray() {
        Integer[] values = {1, 2, 3};
        RecvChan<Integer> out = Patterns.generate(ctx, values);
        values[0] = 99;
        assertThat(drain(out)).containsExactly(1, 2, 3);
    }

    @Test
    void generateWithDoneChannel() {
        Chan<Void> done = Chan.make();
        assertThat(drain(Patterns.generate(done, 1, 2, 3))).containsExactly(1, 2, 3);
        RecvChan<Integer> out = Patterns.generate(done, 1, 2, 3);
        assertThat(next(out)).isEqualTo(1);
        done.close();
        assertClosed(out); // once done is closed, no further value is sent
    }

    @Test
    void generateFromIterableIsLazyAndInOrder() {
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Integer> numbers = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return pulled.getAndIncrement();
            }
        };
        RecvChan<Integer> out = Patterns.generate(ctx, numbers);
        assertThat(next(out, 3)).containsExactly(0, 1, 2);
        // each send blocks until taken: the goroutine is at most one element ahead
        assertThat(pulled.get()).isBetween(3, 4);
        assertThat(drain(Patterns.generate(ctx, List.of("x", "y")))).containsExactly("x", "y");
        Chan<Void> done = Chan.make();
        assertThat(drain(Patterns.generate(done, List.of(5, 6)))).containsExactly(5, 6);
    }

    @Test
    void generateFromAChannelReceivesWithTheContext() {
        Chan<Integer> source = Chan.make(); // never closed
        RecvChan<Integer> out = Patterns.generate(ctx, (Iterable<Integer>) source);
        go(() -> source.send(7));
        assertThat(next(out)).isEqualTo(7);
        ctx.cancel();
        assertClosed(out); // a plain iteration of source would block forever
    }

    @Test
    void generatorEmitsUntilItsBodyReturns() {
        RecvChan<Integer> out = Patterns.generate(ctx, emitter -> {
            for (int i = 1; i <= 3; i++) {
                emitter.emit(i * 10);
            }
        });
        assertThat(drain(out)).containsExactly(10, 20, 30);
    }

    @Test
    void generatorStopsWhenTheContextIsDoneAndEmitThrowsItsErrorEveryTime() {
        Chan<Throwable> seen = Chan.make(2);
        RecvChan<Integer> out = Patterns.generate(ctx, emitter -> {
            try {
                for (int i = 0;; i++) {
                    emitter.emit(i);
                }
            } catch (ContextException e) {
                seen.send(e);
                try {
                    emitter.emit(-1); // sticky: throws again, sends nothing
                } catch (ContextException again) {
                    seen.send(again);
                }
                throw e;
            }
        });
        assertThat(next(out, 3)).containsExactly(0, 1, 2);
        ctx.cancel();
        assertClosed(out);
        assertThat(next(seen)).isSameAs(Context.CANCELED);
        assertThat(next(seen)).isSameAs(Context.CANCELED);
    }

    @Test
    void generatorWithDoneChannelThrowsCanceled() {
        Chan<Void> done = Chan.make();
        Chan<Throwable> seen = Chan.make(1);
        RecvChan<Integer> out = Patterns.generate(done, emitter -> {
            try {
                for (;;) {
                    emitter.emit(1);
                }
            } catch (ContextException e) {
                seen.send(e);
            }
        });
        assertThat(next(out)).isEqualTo(1);
        done.close();
        assertClosed(out);
        assertThat(next(seen)).isSameAs(Context.CANCELED);
    }

    @Test
    void generatorThatThrowsClosesItsOutputAndPanics() {
        try (var rec = new PanicRecorder()) {
            RecvChan<Integer> out = Patterns.generate(ctx, emitter -> {
                emitter.emit(1);
                throw new IllegalStateException("boom");
            });
            assertThat(drain(out)).containsExactly(1);
            assertThat(next(rec.panics)).hasMessage("boom");
        }
    }

    @Test
    void aContextExceptionNotCausedByTheGeneratorsOwnContextIsAPanic() {
        try (var rec = new PanicRecorder(); var other = Context.withCancel(Context.background())) {
            other.cancel();
            RecvChan<Integer> out = Patterns.generate(ctx, emitter -> {
                other.receive(Chan.<Integer>make()); // throws other's error
            });
            assertThat(drain(out)).isEmpty();
            assertThat(next(rec.panics)).isSameAs(Context.CANCELED);
        }
    }

    // ---- map, filter -----------------------------------------------------------------------

    @Test
    void theGuidesPipeline() {
        RecvChan<Integer> numbers = Patterns.generate(ctx, 1, 2, 3, 4, 5);
        RecvChan<Integer> squared = Patterns.map(ctx, numbers, n -> n * n);
        RecvChan<Integer> evens = Patterns.filter(ctx, squared, n -> n % 2 == 0);
        assertThat(drain(evens)).containsExactly(4, 16);
    }

    @Test
    void mapAndFilterWithDoneChannel() {
        Chan<Void> done = Chan.make();
        RecvChan<String> out = Patterns.map(done,
                Patterns.filter(done, Patterns.generate(done, range(0, 10)), n -> n % 3 == 0), n -> "#" + n);
        assertThat(drain(out)).containsExactly("#0", "#3", "#6", "#9");

        RecvChan<Integer> endless = Patterns.map(done, counter(ctx), n -> n);
        assertThat(next(endless)).isZero();
        done.close();
        assertClosed(endless);
    }

    @Test
    void mapPassesNulls() {
        assertThat(drain(Patterns.map(ctx, Patterns.generate(ctx, 1, 2), n -> n == 1 ? null : "two")))
                .containsExactly(null, "two");
    }

    @Test
    void mapThatThrowsClosesItsOutputAndPanics() {
        try (var rec = new PanicRecorder()) {
            RecvChan<Integer> out = Patterns.map(ctx, Patterns.generate(ctx, 1, 2, 3), n -> 6 / (2 - n));
            assertThat(drain(out)).containsExactly(6);
            assertThat(next(rec.panics)).isInstanceOf(ArithmeticException.class);
        }
    }

    // ---- mapConcurrent ---------------------------------------------------------------------

    @Test
    void mapConcurrentKeepsTheInputOrderWhenResultsFinishOutOfOrder() {
        Chan<Void> release = Chan.make();
        RecvChan<Integer> out = Patterns.mapConcurrent(ctx, Patterns.generate(ctx, range(0, 50)), 4, n -> {
            if (n == 0) {
                release.receive(); // 0 finishes only after 3 has
            } else if (n == 3) {
                release.close();
            }
            return n * 2;
        });
        assertThat(drain(out)).containsExactlyElementsOf(range(0, 50).stream().map(n -> n * 2).toList());
    }

    @Test
    void mapConcurrentHoldsAtMostWorkersPlusTwoValuesBehindASlowOne() {
        int workers = 4;
        Chan<Integer> in = Chan.make(100);
        for (int i = 0; i < 100; i++) {
            in.send(i);
        }
        in.close();
        Chan<Void> release = Chan.make();
        RecvChan<Integer> out = Patterns.mapConcurrent(ctx, in, workers, n -> {
            if (n == 0) {
                release.receive();
            }
            return n;
        });
        assertBlocked(out, Duration.ofMillis(200)); // 0 holds back every later result
        assertThat(100 - in.len()).as("values taken from the input").isBetween(1, workers + 2);
        release.close();
        assertThat(drain(out)).isEqualTo(range(0, 100));
    }

    @Test
    void mapConcurrentUnorderedDeliversEachResultWhenReady() {
        Chan<Void> release = Chan.make();
        RecvChan<Integer> out = Patterns.mapConcurrentUnordered(ctx, Patterns.generate(ctx, range(0, 20)), 4, n -> {
            if (n == 0) {
                release.receive(); // held until the consumer has three other results
            }
            return n * 2;
        });
        List<Integer> first = next(out, 3);
        assertThat(first).doesNotContain(0);
        release.close();
        List<Integer> all = new ArrayList<>(first);
        all.addAll(drain(out));
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(0, 20).stream().map(n -> n * 2).toList());
    }

    @Test
    void mapConcurrentRunsExactlyTheGivenNumberOfCallsAtOnce() throws InterruptedException {
        for (boolean ordered : new boolean[] {true, false}) {
            int workers = 4;
            AtomicInteger running = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            CountDownLatch allIn = new CountDownLatch(workers);
            RecvChan<Integer> in = Patterns.generate(ctx, range(0, 40));
            java.util.function.Function<Integer, Integer> f = n -> {
                max.accumulateAndGet(running.incrementAndGet(), Math::max);
                allIn.countDown();
                try {
                    // the first calls wait until `workers` of them run at once
                    assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                running.decrementAndGet();
                return n;
            };
            RecvChan<Integer> out = ordered
                    ? Patterns.mapConcurrent(ctx, in, workers, f)
                    : Patterns.mapConcurrentUnordered(ctx, in, workers, f);
            assertThat(drain(out)).hasSize(40);
            assertThat(max.get()).as("ordered=%s", ordered).isEqualTo(workers);
        }
    }

    @Test
    void mapConcurrentThatThrowsStopsTheWholeStage() {
        for (boolean ordered : new boolean[] {true, false}) {
            try (var rec = new PanicRecorder()) {
                RecvChan<Integer> in = counter(ctx); // endless: only the failure can stop the stage
                java.util.function.Function<Integer, Integer> f = n -> {
                    if (n == 5) {
                        throw new IllegalStateException("job 5");
                    }
                    return n;
                };
                RecvChan<Integer> out = ordered
                        ? Patterns.mapConcurrent(ctx, in, 3, f)
                        : Patterns.mapConcurrentUnordered(ctx, in, 3, f);
                List<Integer> got = drain(out);
                assertThat(got).doesNotContain(5);
                if (ordered) {
                    assertThat(got).isEqualTo(range(0, got.size())).hasSizeLessThanOrEqualTo(5);
                }
                assertThat(next(rec.panics)).hasMessage("job 5");
                assertThat(ctx.err()).as("the caller's context is not canceled").isNull();
            }
        }
    }

    @Test
    void mapConcurrentRejectsBadArguments() {
        RecvChan<Integer> in = Chan.make();
        assertThatThrownBy(() -> Patterns.mapConcurrent(ctx, in, 0, n -> n))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> Patterns.mapConcurrentUnordered(ctx, in, -1, n -> n))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.mapConcurrent(ctx, null, 1, n -> n)).isInstanceOf(NullPointerException.class);
    }

    // ---- merge, fanOut, tee ----------------------------------------------------------------

    @Test
    void mergeDeliversEveryValueOfEveryInputThenCloses() {
        RecvChan<Integer> a = Patterns.generate(ctx, range(0, 100));
        RecvChan<Integer> b = Patterns.generate(ctx, range(100, 200));
        RecvChan<Integer> c = Patterns.generate(ctx, range(200, 300));
        List<Integer> got = drain(Patterns.merge(ctx, a, b, c));
        assertThat(got).containsExactlyInAnyOrderElementsOf(range(0, 300));
        // each input keeps its own order
        assertThat(got.stream().filter(n -> n >= 100 && n < 200).toList()).isEqualTo(range(100, 200));
    }

    @Test
    void mergeOfNoInputIsClosedAtOnce() {
        assertClosed(Patterns.merge(ctx));
        assertClosed(Patterns.merge(Chan.make(), List.<RecvChan<Integer>>of()));
    }

    @Test
    void mergeWithDoneChannel() {
        Chan<Void> done = Chan.make();
        RecvChan<Integer> out = Patterns.merge(done, List.of(Patterns.generate(done, 1, 2), Patterns.generate(done, 3)));
        assertThat(drain(out)).containsExactlyInAnyOrder(1, 2, 3);
        RecvChan<Integer> endless = Patterns.merge(done, List.of(counter(ctx), counter(ctx)));
        next(endless, 5);
        done.close();
        assertClosed(endless);
    }

    @Test
    void fanOutGivesEachValueToExactlyOneOutput() throws InterruptedException {
        List<RecvChan<Integer>> parts = Patterns.fanOut(ctx, Patterns.generate(ctx, range(0, 300)), 3);
        assertThat(parts).hasSize(3);
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(3);
        for (RecvChan<Integer> part : parts) {
            go(() -> {
                got.addAll(drain(part));
                finished.countDown();
            });
        }
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).containsExactlyInAnyOrderElementsOf(range(0, 300));
    }

    @Test
    void fanOutHandsValuesToWhicheverConsumerIsReady() {
        List<RecvChan<Integer>> parts = Patterns.fanOut(ctx, Patterns.generate(ctx, range(0, 10)), 2);
        assertThat(next(parts.get(0))).isZero(); // consumer 0 takes one and then stops reading
        assertThat(drain(parts.get(1))).containsExactlyElementsOf(range(1, 10)); // consumer 1 gets the rest
        assertClosed(parts.get(0));
    }

    @Test
    void fanOutWithDoneChannelClosesEveryOutput() {
        Chan<Void> done = Chan.make();
        List<RecvChan<Integer>> parts = Patterns.fanOut(done, counter(ctx), 2);
        next(parts.get(1));
        done.close();
        parts.forEach(PatternTestSupport::assertClosed);
    }

    @Test
    void teeCopiesEveryValueToEveryOutputInOrder() throws InterruptedException {
        List<RecvChan<Integer>> copies = Patterns.tee(ctx, Patterns.generate(ctx, range(0, 100)), 3);
        List<List<Integer>> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(3);
        for (RecvChan<Integer> copy : copies) {
            go(() -> {
                got.add(drain(copy));
                finished.countDown();
            });
        }
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasSize(3).allSatisfy(l -> assertThat(l).isEqualTo(range(0, 100)));
    }

    @Test
    void teeWaitsForTheSlowestOutput() {
        List<RecvChan<Integer>> copies = Patterns.tee(ctx, Patterns.generate(ctx, 1, 2), 2);
        assertThat(next(copies.get(0))).isEqualTo(1);
        assertBlocked(copies.get(0), Duration.ofMillis(50)); // 1 is not yet taken from copy 1
        assertThat(next(copies.get(1))).isEqualTo(1);
        assertThat(next(copies.get(0))).isEqualTo(2);
    }

    @Test
    void teeWithDoneChannelClosesEveryOutput() {
        Chan<Void> done = Chan.make();
        List<RecvChan<Integer>> copies = Patterns.tee(done, counter(ctx), 2);
        assertThat(next(copies.get(0))).isZero();
        done.close(); // copy 1 never took 0: the tee gives up anyway
        copies.forEach(PatternTestSupport::assertClosed);
    }

    @Test
    void fanOutAndTeeRejectBadArguments() {
        RecvChan<Integer> in = Chan.make();
        assertThatThrownBy(() -> Patterns.fanOut(ctx, in, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.tee(ctx, in, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.tee(ctx, in, 2).add(in)).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- orDone, bridge, take --------------------------------------------------------------

    @Test
    void orDoneForwardsUntilTheInputIsClosed() {
        assertThat(drain(Patterns.orDone(ctx, Patterns.generate(ctx, 1, 2, 3)))).containsExactly(1, 2, 3);
    }

    @Test
    void orDoneEndsWhenTheContextIsDoneThoughTheInputNeverCloses() {
        Chan<String> messages = Chan.make(1); // nobody ever closes it
        messages.send("hi");
        RecvChan<String> out = Patterns.orDone(ctx, messages);
        assertThat(next(out)).isEqualTo("hi");
        ctx.cancel();
        assertClosed(out);
        Chan<Void> done = Chan.make();
        RecvChan<String> out2 = Patterns.orDone(done, messages);
        done.close();
        assertClosed(out2);
    }

    @Test
    void bridgeDrainsEachInnerChannelInTurn() {
        Chan<RecvChan<Integer>> chans = Chan.make(4);
        chans.send(Patterns.generate(ctx, 1, 2));
        chans.send(null); // skipped
        chans.send(Patterns.generate(ctx));
        chans.send(Patterns.generate(ctx, 3, 4, 5));
        chans.close();
        assertThat(drain(Patterns.bridge(ctx, chans))).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void bridgeStopsInsideAnInnerChannel() {
        Chan<Void> done = Chan.make();
        RecvChan<RecvChan<Integer>> chans = Patterns.generate(done, List.of(counter(ctx)));
        RecvChan<Integer> out = Patterns.bridge(done, chans);
        assertThat(next(out, 3)).containsExactly(0, 1, 2);
        done.close();
        assertClosed(out);
    }

    @Test
    void takeDeliversTheFirstNValuesAndReadsNoMore() {
        Chan<Integer> in = Chan.make(5);
        for (int i = 0; i < 5; i++) {
            in.send(i);
        }
        assertThat(drain(Patterns.take(ctx, in, 2))).containsExactly(0, 1);
        assertThat(in.len()).isEqualTo(3); // received exactly what it delivered
        assertClosed(Patterns.take(ctx, in, 0));
        assertThat(in.len()).isEqualTo(3);
        in.close();
        assertThat(drain(Patterns.take(ctx, in, 10))).containsExactly(2, 3, 4); // input closed first
        assertThatThrownBy(() -> Patterns.take(ctx, in, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takeFromAnEndlessGeneratorThenCancel() {
        assertThat(drain(Patterns.take(ctx, counter(ctx), 4))).containsExactly(0, 1, 2, 3);
        Chan<Void> done = Chan.make();
        assertThat(drain(Patterns.take(done, counter(ctx), 2))).containsExactly(0, 1);
        // tearDown cancels ctx: the generators, blocked on their next send, end
    }

    // ---- batch, rateLimit ------------------------------------------------------------------

    @Test
    void batchBySizeSendsTheLastPartialBatchOnClose() {
        RecvChan<List<Integer>> out = Patterns.batch(ctx, Patterns.generate(ctx, range(1, 8)), 3, Duration.ofMinutes(1));
        assertThat(drain(out)).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    }

    @Test
    void batchesAreUnmodifiableAndMayHoldNulls() {
        List<List<String>> got = drain(Patterns.batch(ctx, Patterns.generate(ctx, "a", null), 2, Duration.ofMinutes(1)));
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).containsExactly("a", null);
        assertThatThrownBy(() -> got.get(0).add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @org.junit.jupiter.api.Tag("timing")
    void batchSendsAPartialBatchWhenItsTimeIsUp() {
        Chan<Integer> in = Chan.make(); // stays open
        RecvChan<List<Integer>> out = Patterns.batch(ctx, in, 100, Duration.ofMillis(100));
        long start = System.nanoTime();
        in.send(1);
        in.send(2);
        assertThat(next(out)).containsExactly(1, 2);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(90);
        // the timer starts with a batch's first value: an idle input sends no empty batches
        assertBlocked(out, Duration.ofMillis(250));
        in.send(3);
        assertThat(next(out)).containsExactly(3);
    }

    @Test
    void batchRejectsBadArguments() {
        RecvChan<Integer> in = Chan.make();
        assertThatThrownBy(() -> Patterns.batch(ctx, in, 0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.batch(ctx, in, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.rateLimit(ctx, in, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @org.junit.jupiter.api.Tag("timing")
    void rateLimitPassesAtMostOneValuePerInterval() {
        long start = System.nanoTime();
        RecvChan<Integer> out = Patterns.rateLimit(ctx, Patterns.generate(ctx, 1, 2, 3, 4, 5), Duration.ofMillis(40));
        long[] at = new long[5];
        for (int i = 0; i < 5; i++) {
            assertThat(next(out)).isEqualTo(i + 1);
            at[i] = System.nanoTime();
        }
        assertClosed(out);
        // the k-th value waits for the k-th tick: 40, 80, ... 200 ms after the ticker started
        // (two deliveries may be closer than 40 ms when the first was late: ticks are periodic)
        for (int i = 0; i < 5; i++) {
            assertThat((at[i] - start) / 1_000_000).as("value %d", i + 1).isGreaterThanOrEqualTo(40L * (i + 1) - 5);
        }
    }

    // ---- arguments -------------------------------------------------------------------------

    @Test
    void nullArgumentsAreRejectedBeforeAnyGoroutineStarts() {
        RecvChan<Integer> in = Chan.make();
        assertThatThrownBy(() -> Patterns.generate((Context) null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.generate((RecvChan<?>) null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.generate(ctx, (Integer[]) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.generate(ctx, (Patterns.Generator<Integer>) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.map(ctx, in, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.filter(ctx, null, n -> true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.merge(ctx, Arrays.asList(in, null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.orDone(ctx, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.bridge(ctx, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Patterns.batch(ctx, in, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(leaks.fresh()).isEmpty();
    }
}
