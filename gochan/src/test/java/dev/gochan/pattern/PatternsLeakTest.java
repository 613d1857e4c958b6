package dev.gochan.pattern;

import static dev.gochan.Go.go;
import static dev.gochan.pattern.PatternTestSupport.assertClosed;
import static dev.gochan.pattern.PatternTestSupport.drain;
import static dev.gochan.pattern.PatternTestSupport.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * §7.3, "always provide an exit path": a consumer that stops early and cancels leaves no
 * goroutine behind, whichever helper it reads from, whether it drains the output after canceling
 * or walks away. Each pipeline is fed by an endless generator under the same context (or done
 * channel), so only cancellation can end it; goroutines are counted through the registry.
 */
@Timeout(30)
class PatternsLeakTest {

    /** A pipeline built on a context; toString is the test's display name. */
    record WithContext(String name, Function<Context, RecvChan<?>> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A pipeline built on a done channel. */
    record WithDone(String name, Function<RecvChan<Void>, RecvChan<?>> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static RecvChan<Integer> counter(Context c) {
        return Patterns.generate(c, out -> {
            for (int i = 0;; i++) {
                out.emit(i);
            }
        });
    }

    static RecvChan<Integer> counter(RecvChan<Void> done) {
        return Patterns.generate(done, out -> {
            for (int i = 0;; i++) {
                out.emit(i);
            }
        });
    }

    static Stream<WithContext> contextPipelines() {
        return Stream.of(
                new WithContext("generate(generator)", PatternsLeakTest::counter),
                new WithContext("generate(values)", c -> Patterns.generate(c, 1, 2, 3, 4, 5)),
                new WithContext("generate(iterable)", c -> Patterns.generate(c, Stream.iterate(0, i -> i + 1)::iterator)),
                new WithContext("generate(channel)", c -> Patterns.generate(c, (Iterable<Integer>) counter(c))),
                new WithContext("map", c -> Patterns.map(c, counter(c), n -> n * n)),
                new WithContext("filter", c -> Patterns.filter(c, counter(c), n -> n % 2 == 0)),
                new WithContext("mapConcurrent", c -> Patterns.mapConcurrent(c, counter(c), 4, n -> n + 1)),
                new WithContext("mapConcurrentUnordered", c -> Patterns.mapConcurrentUnordered(c, counter(c), 4, n -> n + 1)),
                new WithContext("merge", c -> Patterns.merge(c, counter(c), counter(c), counter(c))),
                new WithContext("fanOut+merge", c -> Patterns.merge(c, Patterns.fanOut(c, counter(c), 3))),
                new WithContext("tee+merge", c -> Patterns.merge(c, Patterns.tee(c, counter(c), 3))),
                new WithContext("orDone", c -> Patterns.orDone(c, counter(c))),
                new WithContext("bridge", c -> Patterns.bridge(c, Patterns.generate(c, out -> {
                    for (;;) {
                        out.emit(counter(c));
                    }
                }))),
                new WithContext("take", c -> Patterns.take(c, counter(c), 1_000_000)),
                new WithContext("batch", c -> Patterns.batch(c, counter(c), 2, Duration.ofMillis(5))),
                new WithContext("rateLimit", c -> Patterns.rateLimit(c, counter(c), Duration.ofMillis(1))),
                new WithContext("a long pipeline", c -> Patterns.take(c,
                        Patterns.mapConcurrent(c, Patterns.filter(c, Patterns.merge(c,
                                Patterns.tee(c, Patterns.map(c, counter(c), n -> n * 3), 2)), n -> n % 2 == 0), 3,
                                n -> n / 2), 1_000_000)));
    }

    static Stream<WithDone> donePipelines() {
        return Stream.of(
                new WithDone("generate(generator)", PatternsLeakTest::counter),
                new WithDone("generate(values)", d -> Patterns.generate(d, 1, 2, 3, 4, 5)),
                new WithDone("generate(iterable)", d -> Patterns.generate(d, Stream.iterate(0, i -> i + 1)::iterator)),
                new WithDone("map", d -> Patterns.map(d, counter(d), n -> n * n)),
                new WithDone("filter", d -> Patterns.filter(d, counter(d), n -> n % 2 == 0)),
                new WithDone("merge", d -> Patterns.merge(d, List.of(counter(d), counter(d)))),
                new WithDone("fanOut+merge", d -> Patterns.merge(d, Patterns.fanOut(d, counter(d), 3))),
                new WithDone("tee+merge", d -> Patterns.merge(d, Patterns.tee(d, counter(d), 3))),
                new WithDone("orDone", d -> Patterns.orDone(d, counter(d))),
                new WithDone("bridge", d -> Patterns.bridge(d, Patterns.generate(d, out -> {
                    for (;;) {
                        out.emit(counter(d));
                    }
                }))),
                new WithDone("take", d -> Patterns.take(d, counter(d), 1_000_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contextPipelines")
    void cancelThenDrain(WithContext p) throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            RecvChan<?> out = p.build().apply(ctx);
            next(out, 3);
            ctx.cancel();
            drain(out); // once done, the helpers stop sending: this ends at once
        }
        leaks.assertNoneLeft();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contextPipelines")
    void cancelAndWalkAway(WithContext p) throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        RecvChan<?> out;
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            out = p.build().apply(ctx);
            next(out, 3);
        } // cancel; nobody reads out any more: every goroutine blocked on a send must give up
        leaks.assertNoneLeft();
        assertClosed(out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("donePipelines")
    void closeDoneAndWalkAway(WithDone p) throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        Chan<Void> done = Chan.make();
        RecvChan<?> out = p.build().apply(done);
        next(out, 3);
        done.close();
        leaks.assertNoneLeft();
        assertClosed(out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contextPipelines")
    void anAlreadyCanceledContextStartsNothingThatStays(WithContext p) throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        RecvChan<?> out = p.build().apply(ctx);
        leaks.assertNoneLeft();
        assertClosed(out);
    }

    @Test
    void theGuidesFibonacciWithATimeoutLeavesNothingBehind() throws InterruptedException {
        Leaks leaks = Leaks.snapshot();
        RecvChan<Integer> fib;
        try (var ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1))) {
            fib = Patterns.generate(ctx, out -> {
                int a = 0;
                int b = 1;
                for (;;) {
                    out.emit(a);
                    int next = a + b;
                    a = b;
                    b = next;
                }
            });
            for (int n : fib) {
                if (n > 100) {
                    break; // the guide's break: the generator is blocked on its next send
                }
            }
        }
        leaks.assertNoneLeft();
    }

    @Test
    void aWorkerPoolFedByAnEndlessProducerStopsWhenCanceled() throws Exception {
        Leaks leaks = Leaks.snapshot();
        WorkerPool<Integer, Integer> pool;
        Chan<Throwable> producerEnd = Chan.make(1);
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            pool = WorkerPool.start(ctx, 3, 4, n -> n * 2);
            go(() -> {
                try {
                    for (int i = 0;; i++) {
                        pool.submit(i);
                    }
                } catch (ContextException e) {
                    producerEnd.send(e);
                }
            });
            next(pool.results(), 5);
        } // cancel, and nobody reads the results any more
        leaks.assertNoneLeft();
        assertThat(next(producerEnd)).isSameAs(Context.CANCELED);
        assertThat(pool.await()).isSameAs(Context.CANCELED);
        assertThat(drain(pool.results())).hasSizeLessThanOrEqualTo(4); // what the buffer still held

    }
}
