package dev.gochan.pattern;

import static dev.gochan.Go.go;

import dev.gochan.Case;
import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import dev.gochan.SendChan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.context.ContextException;
import dev.gochan.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The channel idioms of Go's concurrency guides as small, composable, leak-free helpers:
 * generators, pipeline stages, fan-in and fan-out, or-done, tee, bridge, take, batch and rate
 * limit. (The worker pool, which reports errors, is {@link WorkerPool}.)
 *
 * {@snippet :
 * try (var ctx = Context.withCancel(Context.background())) {
 *     RecvChan<Integer> numbers = Patterns.generate(ctx, 1, 2, 3, 4, 5);
 *     RecvChan<Integer> squared = Patterns.map(ctx, numbers, n -> n * n);
 *     RecvChan<Integer> evens = Patterns.filter(ctx, squared, n -> n % 2 == 0);
 *     for (int result : evens) {
 *         System.out.println(result); // 4, 16
 *     }
 * }
 * }
 *
 * <h2>The contract of every helper</h2>
 * <ul>
 * <li>It validates its arguments, starts its goroutines with {@link dev.gochan.Go#go} and returns
 *     at once: a helper call never blocks. Its outputs are new unbuffered channels, returned
 *     receive-only.
 * <li>It closes its outputs when its work is over: when its inputs are closed and drained and
 *     everything was delivered, or as soon as its context is done. Then all its goroutines end.
 * <li>Every blocking send and receive inside a helper gives up when the context is done (a select
 *     with {@code ctx.done()}, as in Go; never polling), and once the context is done, a helper
 *     sends and receives no more values, even if a channel is ready too.
 * <li>A helper never closes or drains its inputs: they belong to their producers. A helper that
 *     stops reading early ({@code take}, or any helper once canceled) leaves its producer blocked
 *     until the producer's own context is done. So give a whole pipeline one context, and cancel
 *     it when the consumer is finished, even when it stops early (try-with-resources does it): then
 *     every goroutine of the pipeline ends. That is the guide's §7.3, "always provide an exit
 *     path".
 * <li>A consumer that sees an output closed cannot tell "finished" from "canceled" by the channel
 *     alone: {@code ctx.err()} tells.
 * <li>Elements may be null, as on channels.
 * </ul>
 *
 * <h2>Done channels</h2>
 * Go's older idiom stops goroutines by closing a done channel (the guide's §6.2) instead of
 * canceling a context. The generators, {@code map}, {@code filter}, {@code merge},
 * {@code fanOut}, {@code tee}, {@code orDone}, {@code bridge} and {@code take} also accept a
 * {@code RecvChan<?> done} in place of the context: they stop when it is closed. Close it, never
 * send on it: a value sent on it stops only the one goroutine that happens to receive it. A done
 * channel that is the nil channel never stops them.
 *
 * <h2>Functions that throw</h2>
 * The functions given to a helper ({@code map}'s mapper, a generator's body, ...) run in the
 * helper's goroutines. If one throws, that is a Go panic: the helper closes its outputs at once
 * (so no consumer hangs), stops its other goroutines, and the exception escapes to
 * {@link dev.gochan.Go#setPanicHandler the panic handler}. The consumer sees an early close, as
 * if the context had been canceled. For work that can fail, use a {@link WorkerPool}, which
 * reports the error to its caller.
 *
 * <h2>Blocking and interruption</h2>
 * The helpers' goroutines belong to the helpers; nobody else interrupts them. If one is
 * interrupted anyway, it closes its output and ends with a panic (as for a function that throws).
 *
 * <h2>Go equivalent</h2>
 * Each helper is the function that Go programs write by hand: {@code gen} and {@code sq} of Go's
 * "Pipelines and cancellation" article, {@code merge} of the guide's §4.2, and {@code orDone},
 * {@code tee}, {@code bridge}, {@code take} as in "Concurrency in Go". The first parameter is the
 * context, as Go's convention wants.
 */
public final class Patterns {
    private Patterns() {}

    /**
     * The body of a generator: produces values by calling {@link Emitter#emit} and returns when it
     * has no more (then the output is closed). Runs in the generator's goroutine.
     *
     * {@snippet :
     * Patterns.Generator<String> lines = out -> {
     *     out.emit("first");
     *     out.emit("second");
     * };
     * RecvChan<String> ch = Patterns.generate(ctx, lines);
     * }
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Generator<T> {
        /**
         * Produces the values.
         *
         * @param out where to send them
         */
        void generate(Emitter<T> out);
    }

    /**
     * The send function given to a {@link Generator}: Go's {@code out <- v} inside the
     * generator's goroutine.
     *
     * {@snippet :
     * RecvChan<Integer> squares = Patterns.generate(ctx, out -> {
     *     try {
     *         for (int i = 1;; i++) {
     *             out.emit(i * i);
     *         }
     *     } finally {
     *         System.out.println("generator stopped"); // runs when ctx is done
     *     }
     * });
     * }
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Emitter<T> {
        /**
         * Sends {@code value} on the generator's output, blocking until the consumer takes it.
         * When the context is done (the consumer stopped), throws the context's error instead,
         * and so on every later call: let it escape the generator's body, which is how the
         * generator's goroutine ends (the exception is not reported as a panic). Use
         * {@code try/finally} in the body to release resources.
         *
         * @param value the value ({@code null} allowed)
         * @throws ContextException the context's error ({@link Context#CANCELED} for a done
         *     channel) once it is done; nothing was sent
         */
        void emit(T value);
    }

    // ---- generators ------------------------------------------------------------------------

    /**
     * A channel that delivers {@code values} in order and is then closed: the guide's §4.1
     * {@code generate(nums ...int)}, stopped when {@code ctx} is done.
     *
     * {@snippet :
     * try (var ctx = Context.withCancel(Context.background())) {
     *     for (int n : Patterns.generate(ctx, 1, 2, 3)) {
     *         System.out.println(n);
     *     }
     * }
     * }
     *
     * @param ctx stops the generator when done (the output is then closed)
     * @param values the values (the array is copied)
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if {@code ctx} or the array is null
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never stored or exposed
    public static <T> RecvChan<T> generate(Context ctx, T... values) {
        return fromArray(Flow.of(ctx), values);
    }

    /**
     * {@link #generate(Context, Object[])}, stopped when {@code done} is closed: Go's
     * {@code gen(done, nums...)}.
     *
     * {@snippet :
     * Chan<Void> done = Chan.make();
     * try {
     *     for (int n : Patterns.generate(done, 1, 2, 3)) {
     *         System.out.println(n);
     *     }
     * } finally {
     *     done.close();
     * }
     * }
     *
     * @param done stops the generator when closed
     * @param values the values (the array is copied)
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if {@code done} or the array is null
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never stored or exposed
    public static <T> RecvChan<T> generate(RecvChan<?> done, T... values) {
        return fromArray(Flow.of(done), values);
    }

    /**
     * A channel that delivers the elements of {@code values} in iteration order and is then
     * closed. The iterable is iterated lazily, by the generator's goroutine, one element ahead of
     * the consumer at most. If {@code values} is itself a channel, it is received with the
     * context, as {@link #orDone(Context, RecvChan)} does (a plain iteration of a channel could
     * not be stopped).
     *
     * {@snippet :
     * RecvChan<String> names = Patterns.generate(ctx, List.of("ann", "bob"));
     * }
     *
     * @param ctx stops the generator when done
     * @param values the elements
     * @param <T> the element type
     * @return the elements, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> generate(Context ctx, Iterable<? extends T> values) {
        return fromIterable(Flow.of(ctx), values);
    }

    /**
     * {@link #generate(Context, Iterable)}, stopped when {@code done} is closed.
     *
     * {@snippet :
     * RecvChan<String> names = Patterns.generate(done, List.of("ann", "bob"));
     * }
     *
     * @param done stops the generator when closed
     * @param values the elements
     * @param <T> the element type
     * @return the elements, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> generate(RecvChan<?> done, Iterable<? extends T> values) {
        return fromIterable(Flow.of(done), values);
    }

    /**
     * A channel fed by {@code body}, run in a new goroutine: the guide's §6.1 generator without
     * its leak. Each {@link Emitter#emit} blocks until the consumer takes the value; once
     * {@code ctx} is done it throws, which ends the body and the goroutine. The output is closed
     * when the body returns or throws.
     *
     * {@snippet :
     * try (var ctx = Context.withCancel(Context.background())) {
     *     RecvChan<Integer> fibonacci = Patterns.generate(ctx, out -> {
     *         int a = 0;
     *         int b = 1;
     *         for (;;) {
     *             out.emit(a); // throws once ctx is done: the goroutine ends
     *             int next = a + b;
     *             a = b;
     *             b = next;
     *         }
     *     });
     *     for (int n : fibonacci) {
     *         if (n > 100) {
     *             break;
     *         }
     *         System.out.println(n);
     *     }
     * } // cancel: the generator stops, nothing leaks
     * }
     *
     * @param ctx stops the generator when done
     * @param body produces the values
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> generate(Context ctx, Generator<T> body) {
        return fromGenerator(Flow.of(ctx), body);
    }

    /**
     * {@link #generate(Context, Generator)}, stopped when {@code done} is closed ({@code emit}
     * then throws {@link Context#CANCELED}).
     *
     * {@snippet :
     * RecvChan<Double> random = Patterns.generate(done, out -> {
     *     for (;;) {
     *         out.emit(Math.random());
     *     }
     * });
     * }
     *
     * @param done stops the generator when closed
     * @param body produces the values
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> generate(RecvChan<?> done, Generator<T> body) {
        return fromGenerator(Flow.of(done), body);
    }

    // ---- pipeline stages -------------------------------------------------------------------

    /**
     * A pipeline stage that applies {@code f} to each value of {@code in}, in order, in one
     * goroutine: the guide's §4.1 {@code square}. The output is closed once {@code in} is closed
     * and drained, or when {@code ctx} is done.
     *
     * {@snippet :
     * RecvChan<Integer> squares = Patterns.map(ctx, numbers, n -> n * n);
     * }
     *
     * @param ctx stops the stage when done
     * @param in the input
     * @param f the function (must not throw: see the class comment)
     * @param <T> the input type
     * @param <R> the output type
     * @return the results, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> RecvChan<R> map(Context ctx, RecvChan<? extends T> in,
            Function<? super T, ? extends R> f) {
        return map(Flow.of(ctx), in, f);
    }

    /**
     * {@link #map(Context, RecvChan, Function)}, stopped when {@code done} is closed: Go's
     * {@code sq(done, in)}.
     *
     * {@snippet :
     * RecvChan<Integer> squares = Patterns.map(done, numbers, n -> n * n);
     * }
     *
     * @param done stops the stage when closed
     * @param in the input
     * @param f the function (must not throw)
     * @param <T> the input type
     * @param <R> the output type
     * @return the results, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> RecvChan<R> map(RecvChan<?> done, RecvChan<? extends T> in,
            Function<? super T, ? extends R> f) {
        return map(Flow.of(done), in, f);
    }

    /**
     * A pipeline stage that passes on, in order, the values of {@code in} that {@code keep}
     * accepts: the guide's §4.1 {@code filterEven}. Closed like {@link #map(Context, RecvChan,
     * Function)}.
     *
     * {@snippet :
     * RecvChan<Integer> evens = Patterns.filter(ctx, numbers, n -> n % 2 == 0);
     * }
     *
     * @param ctx stops the stage when done
     * @param in the input
     * @param keep the predicate (must not throw)
     * @param <T> the element type
     * @return the accepted values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> filter(Context ctx, RecvChan<? extends T> in, Predicate<? super T> keep) {
        return filter(Flow.of(ctx), in, keep);
    }

    /**
     * {@link #filter(Context, RecvChan, Predicate)}, stopped when {@code done} is closed.
     *
     * {@snippet :
     * RecvChan<Integer> evens = Patterns.filter(done, numbers, n -> n % 2 == 0);
     * }
     *
     * @param done stops the stage when closed
     * @param in the input
     * @param keep the predicate (must not throw)
     * @param <T> the element type
     * @return the accepted values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> filter(RecvChan<?> done, RecvChan<? extends T> in, Predicate<? super T> keep) {
        return filter(Flow.of(done), in, keep);
    }

    /**
     * A pipeline stage that applies {@code f} in {@code workers} goroutines at once and delivers
     * the results in input order (a slow value holds back the results after it, not the work on
     * them): the JDK's {@code Gatherers.mapConcurrent}, on channels. At most {@code workers}
     * calls of {@code f} run at once, and the stage holds at most {@code workers + 2} values
     * received and not yet delivered.
     * If {@code f} throws, the stage stops all its goroutines and closes its output (see the
     * class comment).
     *
     * {@snippet :
     * RecvChan<String> pages = Patterns.mapConcurrent(ctx, urls, 8, url -> fetch(url));
     * }
     *
     * @param ctx stops the stage when done
     * @param in the input
     * @param workers how many calls of {@code f} may run at once, 1 or more
     * @param f the function (must not throw)
     * @param <T> the input type
     * @param <R> the output type
     * @return the results in input order, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static <T, R> RecvChan<R> mapConcurrent(Context ctx, RecvChan<? extends T> in, int workers,
            Function<? super T, ? extends R> f) {
        checkArgs(ctx, in, f);
        requirePositive(workers, "workers");
        CancelContext inner = Context.withCancel(ctx);
        Flow flow = Flow.of(inner);
        Chan<R> out = Chan.make();
        Chan<Item<T, R>> jobs = Chan.make();
        // The results' slots, in input order; its buffer bounds how far the input runs ahead of
        // the output.
        Chan<Chan<R>> order = Chan.make(workers);
        go(() -> { // dispatcher: reads the input, hands out jobs, records their order
            try {
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    Chan<R> slot = Chan.make(1);
                    if (!flow.send(order, slot) || !flow.send(jobs, new Item<T, R>(r.value(), slot))) {
                        return;
                    }
                }
            } finally {
                jobs.close();
                order.close();
            }
        });
        for (int i = 0; i < workers; i++) {
            go(() -> {
                for (;;) {
                    Received<Item<T, R>> r = flow.receive(jobs);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    Item<T, R> job = r.value();
                    job.slot().send(apply(f, job.value(), inner)); // a slot of one: never blocks
                }
            });
        }
        go(() -> { // collector: delivers the results in the order of their slots
            try {
                for (;;) {
                    Received<Chan<R>> s = flow.receive(order);
                    if (s == null || !s.ok()) {
                        return;
                    }
                    Received<R> v = flow.receive(s.value());
                    if (v == null || !flow.send(out, v.value())) {
                        return;
                    }
                }
            } finally {
                out.close();
                inner.cancel(); // stops the others if the collector stopped first; detaches inner
            }
        });
        return out.recvOnly();
    }

    /**
     * A pipeline stage that applies {@code f} in {@code workers} goroutines at once and delivers
     * each result as soon as it is ready (the guide's §4.2 fan-out and fan-in in one call). The
     * output is closed once every worker has finished. If {@code f} throws, the stage stops all
     * its goroutines and closes its output.
     *
     * {@snippet :
     * RecvChan<Integer> doubled = Patterns.mapConcurrentUnordered(ctx, jobs, 3, job -> job * 2);
     * }
     *
     * @param ctx stops the stage when done
     * @param in the input
     * @param workers how many goroutines apply {@code f}, 1 or more
     * @param f the function (must not throw)
     * @param <T> the input type
     * @param <R> the output type
     * @return the results in completion order, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static <T, R> RecvChan<R> mapConcurrentUnordered(Context ctx, RecvChan<? extends T> in, int workers,
            Function<? super T, ? extends R> f) {
        checkArgs(ctx, in, f);
        requirePositive(workers, "workers");
        CancelContext inner = Context.withCancel(ctx);
        Flow flow = Flow.of(inner);
        Chan<R> out = Chan.make();
        AtomicInteger running = new AtomicInteger(workers);
        for (int i = 0; i < workers; i++) {
            go(() -> {
                try {
                    for (;;) {
                        Received<? extends T> r = flow.receive(in);
                        if (r == null || !r.ok() || !flow.send(out, apply(f, r.value(), inner))) {
                            return;
                        }
                    }
                } finally {
                    if (running.decrementAndGet() == 0) { // the last worker closes: Go's wg.Wait(); close(out)
                        out.close();
                        inner.cancel();
                    }
                }
            });
        }
        return out.recvOnly();
    }

    // ---- fan-in, fan-out -------------------------------------------------------------------

    /**
     * Fan-in: one channel that delivers every value of every input, as they arrive, and is closed
     * once all inputs are closed and drained: the guide's §4.2 {@code merge}. Values of one input
     * keep their order; there is no order between inputs. With no inputs, the output is closed
     * at once.
     *
     * {@snippet :
     * RecvChan<Integer> all = Patterns.merge(ctx, results1, results2, results3);
     * }
     *
     * @param ctx stops the merge when done
     * @param ins the inputs
     * @param <T> the element type
     * @return the merged values, receive-only
     * @throws NullPointerException if {@code ctx}, the array or an input is null
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never stored or exposed
    public static <T> RecvChan<T> merge(Context ctx, RecvChan<? extends T>... ins) {
        return merge(Flow.of(ctx), List.of(ins));
    }

    /**
     * {@link #merge(Context, RecvChan[])} over a list of inputs.
     *
     * {@snippet :
     * RecvChan<Integer> all = Patterns.merge(ctx, List.of(results1, results2));
     * }
     *
     * @param ctx stops the merge when done
     * @param ins the inputs (the list is copied)
     * @param <T> the element type
     * @return the merged values, receive-only
     * @throws NullPointerException if an argument or an input is null
     */
    public static <T> RecvChan<T> merge(Context ctx, List<? extends RecvChan<? extends T>> ins) {
        return merge(Flow.of(ctx), ins);
    }

    /**
     * {@link #merge(Context, List)}, stopped when {@code done} is closed: Go's
     * {@code merge(done, cs...)}. (Only a list form: with varargs, {@code merge(a, b)} would take
     * {@code a} for the done channel.)
     *
     * {@snippet :
     * RecvChan<Integer> all = Patterns.merge(done, List.of(results1, results2));
     * }
     *
     * @param done stops the merge when closed
     * @param ins the inputs (the list is copied)
     * @param <T> the element type
     * @return the merged values, receive-only
     * @throws NullPointerException if an argument or an input is null
     */
    public static <T> RecvChan<T> merge(RecvChan<?> done, List<? extends RecvChan<? extends T>> ins) {
        return merge(Flow.of(done), ins);
    }

    /**
     * Fan-out: distributes the values of {@code in} over {@code n} channels, each value to
     * exactly one of them, whichever consumer is ready first (ties go round-robin), so a slow
     * consumer never holds back values that an idle one could take. One goroutine; all outputs
     * are closed once {@code in} is closed and drained, or when {@code ctx} is done.
     *
     * {@snippet :
     * List<RecvChan<Integer>> parts = Patterns.fanOut(ctx, jobs, 3);
     * for (int w = 0; w < parts.size(); w++) {
     *     int id = w + 1;
     *     RecvChan<Integer> mine = parts.get(w);
     *     go(() -> {
     *         for (int job : mine) {
     *             System.out.println("Worker " + id + " processing job " + job);
     *         }
     *     });
     * }
     * }
     *
     * @param ctx stops the fan-out when done
     * @param in the input
     * @param n the number of outputs, 1 or more
     * @param <T> the element type
     * @return {@code n} receive-only channels (an unmodifiable list)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static <T> List<RecvChan<T>> fanOut(Context ctx, RecvChan<? extends T> in, int n) {
        return fanOut(Flow.of(ctx), in, n);
    }

    /**
     * {@link #fanOut(Context, RecvChan, int)}, stopped when {@code done} is closed.
     *
     * {@snippet :
     * List<RecvChan<Integer>> parts = Patterns.fanOut(done, jobs, 3);
     * }
     *
     * @param done stops the fan-out when closed
     * @param in the input
     * @param n the number of outputs, 1 or more
     * @param <T> the element type
     * @return {@code n} receive-only channels (an unmodifiable list)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static <T> List<RecvChan<T>> fanOut(RecvChan<?> done, RecvChan<? extends T> in, int n) {
        return fanOut(Flow.of(done), in, n);
    }

    /**
     * Tee: copies every value of {@code in} to each of {@code n} channels, in order; the next
     * value is received only after the current one was taken by every output, so the slowest
     * consumer sets the pace (and one that stops reading stops them all: cancel the context). One
     * goroutine; all outputs are closed once {@code in} is closed and drained, or when
     * {@code ctx} is done.
     *
     * {@snippet :
     * List<RecvChan<Integer>> copies = Patterns.tee(ctx, numbers, 2);
     * RecvChan<Integer> toLog = copies.get(0);
     * RecvChan<Integer> toSum = copies.get(1);
     * }
     *
     * @param ctx stops the tee when done
     * @param in the input
     * @param n the number of copies, 1 or more
     * @param <T> the element type
     * @return {@code n} receive-only channels (an unmodifiable list)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static <T> List<RecvChan<T>> tee(Context ctx, RecvChan<? extends T> in, int n) {
        return tee(Flow.of(ctx), in, n);
    }

    /**
     * {@link #tee(Context, RecvChan, int)}, stopped when {@code done} is closed.
     *
     * {@snippet :
     * List<RecvChan<Integer>> copies = Patterns.tee(done, numbers, 2);
     * }
     *
     * @param done stops the tee when closed
     * @param in the input
     * @param n the number of copies, 1 or more
     * @param <T> the element type
     * @return {@code n} receive-only channels (an unmodifiable list)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static <T> List<RecvChan<T>> tee(RecvChan<?> done, RecvChan<? extends T> in, int n) {
        return tee(Flow.of(done), in, n);
    }

    // ---- channel utilities -----------------------------------------------------------------

    /**
     * Or-done: the values of {@code in}, until {@code in} is closed or {@code ctx} is done,
     * whichever comes first. Wraps a channel that you do not control so that a plain
     * {@code for} loop over it ends when the context does (a {@code for} loop over {@code in}
     * itself could block forever).
     *
     * {@snippet :
     * for (String msg : Patterns.orDone(ctx, messages)) {
     *     System.out.println(msg);
     * } // ends when messages is closed or ctx is done
     * }
     *
     * @param ctx stops the forwarding when done
     * @param in the input
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> orDone(Context ctx, RecvChan<? extends T> in) {
        return orDone(Flow.of(ctx), in);
    }

    /**
     * {@link #orDone(Context, RecvChan)} with a done channel: Go's {@code orDone(done, c)}.
     *
     * {@snippet :
     * for (String msg : Patterns.orDone(done, messages)) {
     *     System.out.println(msg);
     * }
     * }
     *
     * @param done stops the forwarding when closed
     * @param in the input
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> orDone(RecvChan<?> done, RecvChan<? extends T> in) {
        return orDone(Flow.of(done), in);
    }

    /**
     * Bridge: flattens a channel of channels into one channel. Drains each inner channel in turn,
     * in the order they arrive, until it is closed; the output is closed once {@code chans} is
     * closed and drained and its last inner channel too, or when {@code ctx} is done. A null
     * inner channel is skipped.
     *
     * {@snippet :
     * RecvChan<Integer> values = Patterns.bridge(ctx, batches);
     * }
     *
     * @param ctx stops the bridge when done
     * @param chans the channel of channels
     * @param <T> the element type
     * @return the values of all inner channels, in sequence, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> bridge(Context ctx, RecvChan<? extends RecvChan<? extends T>> chans) {
        return bridge(Flow.of(ctx), chans);
    }

    /**
     * {@link #bridge(Context, RecvChan)} with a done channel: Go's {@code bridge(done, chanStream)}.
     *
     * {@snippet :
     * RecvChan<Integer> values = Patterns.bridge(done, batches);
     * }
     *
     * @param done stops the bridge when closed
     * @param chans the channel of channels
     * @param <T> the element type
     * @return the values of all inner channels, in sequence, receive-only
     * @throws NullPointerException if an argument is null
     */
    public static <T> RecvChan<T> bridge(RecvChan<?> done, RecvChan<? extends RecvChan<? extends T>> chans) {
        return bridge(Flow.of(done), chans);
    }

    /**
     * Take: the first {@code n} values of {@code in}, then the output is closed (sooner if
     * {@code in} is closed first, or {@code ctx} is done). It receives exactly the values it
     * delivers: after the {@code n}-th it stops reading {@code in}, which stays open (the
     * producer stops when the shared context is canceled).
     *
     * {@snippet :
     * try (var ctx = Context.withCancel(Context.background())) {
     *     RecvChan<Double> random = Patterns.generate(ctx, out -> {
     *         for (;;) {
     *             out.emit(Math.random());
     *         }
     *     });
     *     for (double r : Patterns.take(ctx, random, 3)) {
     *         System.out.println(r);
     *     }
     * } // cancel: the generator stops too
     * }
     *
     * @param ctx stops the take when done
     * @param in the input
     * @param n how many values, 0 or more (0: the output is closed at once, {@code in} is not read)
     * @param <T> the element type
     * @return at most {@code n} values, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static <T> RecvChan<T> take(Context ctx, RecvChan<? extends T> in, long n) {
        return take(Flow.of(ctx), in, n);
    }

    /**
     * {@link #take(Context, RecvChan, long)} with a done channel: Go's {@code take(done, c, n)}.
     *
     * {@snippet :
     * RecvChan<Integer> firstTen = Patterns.take(done, numbers, 10);
     * }
     *
     * @param done stops the take when closed
     * @param in the input
     * @param n how many values, 0 or more
     * @param <T> the element type
     * @return at most {@code n} values, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static <T> RecvChan<T> take(RecvChan<?> done, RecvChan<? extends T> in, long n) {
        return take(Flow.of(done), in, n);
    }

    /**
     * Batch: groups the values of {@code in} into lists of at most {@code maxSize}, in order. A
     * batch is sent when it is full, or when {@code maxWait} has passed since its first value
     * arrived, whichever comes first (a batch is never empty). When {@code in} is closed, the
     * last, partial batch is sent, then the output is closed; when {@code ctx} is done, the
     * output is closed and a partial batch is dropped. Each batch is a new unmodifiable list
     * (nulls allowed).
     *
     * {@snippet :
     * for (List<String> rows : Patterns.batch(ctx, lines, 100, Duration.ofMillis(50))) {
     *     System.out.println("insert " + rows.size() + " rows");
     * }
     * }
     *
     * @param ctx stops the batching when done
     * @param in the input
     * @param maxSize the largest batch, 1 or more
     * @param maxWait how long the first value of a batch may wait for the batch to fill up,
     *     positive
     * @param <T> the element type
     * @return the batches, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxSize < 1} or {@code maxWait} is not positive
     */
    public static <T> RecvChan<List<T>> batch(Context ctx, RecvChan<? extends T> in, int maxSize,
            Duration maxWait) {
        Flow flow = Flow.of(ctx);
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(maxWait, "maxWait");
        requirePositive(maxSize, "maxSize");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("batch: maxWait must be positive, was " + maxWait);
        }
        Chan<List<T>> out = Chan.make();
        go(() -> {
            try {
                List<T> batch = new ArrayList<>();
                RecvChan<Instant> timer = Chan.nil(); // nil: no batch open, the case is off
                Case<Received<? extends T>> receive = in.onReceiveOk(Function.identity());
                for (;;) {
                    // the timer first: a batch whose time is up goes out even while values keep coming
                    Object r = flow.select(List.of(timer.onReceive(t -> TIMEOUT), receive));
                    if (r == Flow.STOP) {
                        return;
                    }
                    if (r != TIMEOUT) {
                        Received<?> got = (Received<?>) r;
                        if (!got.ok()) {
                            if (!batch.isEmpty()) {
                                flow.send(out, Collections.unmodifiableList(batch));
                            }
                            return;
                        }
                        batch.add(uncheckedElement(got));
                        if (batch.size() == 1) {
                            timer = Time.after(maxWait);
                        }
                        if (batch.size() < maxSize) {
                            continue;
                        }
                    }
                    // full, or its time is up
                    if (!flow.send(out, Collections.unmodifiableList(batch))) {
                        return;
                    }
                    batch = new ArrayList<>();
                    timer = Chan.nil();
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    /**
     * Rate limit: passes on the values of {@code in}, in order, at most one per
     * {@code interval}, paced by a ticker ({@link Time#tick}): Go's
     * {@code limiter := time.Tick(d); for req := range requests { <-limiter; ... }}. The first
     * value waits for the first tick. A tick that finds no value waiting is kept (one at most),
     * so after a pause one value passes at once.
     *
     * {@snippet :
     * for (String request : Patterns.rateLimit(ctx, requests, Duration.ofMillis(200))) {
     *     System.out.println("request " + request + " at " + Time.now());
     * }
     * }
     *
     * @param ctx stops the limiter when done
     * @param in the input
     * @param interval the least time between two values, positive
     * @param <T> the element type
     * @return the values, receive-only
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public static <T> RecvChan<T> rateLimit(Context ctx, RecvChan<? extends T> in, Duration interval) {
        Flow flow = Flow.of(ctx);
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("rateLimit: interval must be positive, was " + interval);
        }
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                RecvChan<Instant> ticks = Time.tick(interval);
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok() || flow.receive(ticks) == null || !flow.send(out, r.value())) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    // ---- implementations -------------------------------------------------------------------

    /** What a batch's timer case returns. */
    private static final Object TIMEOUT = new Object();

    /** A job of mapConcurrent: the value and the slot for its result. */
    private record Item<T, R>(T value, Chan<R> slot) {}

    @SuppressWarnings("unchecked") // the element came from a RecvChan<? extends T>
    private static <T> T uncheckedElement(Received<?> r) {
        return (T) r.value();
    }

    private static <T> RecvChan<T> fromArray(Flow flow, T[] values) {
        Objects.requireNonNull(values, "values");
        T[] copy = values.clone();
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                for (T v : copy) {
                    if (!flow.send(out, v)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    @SuppressWarnings("unchecked") // RecvChan<X> is an Iterable<X>: X is a subtype of T
    private static <T> RecvChan<T> fromIterable(Flow flow, Iterable<? extends T> values) {
        Objects.requireNonNull(values, "values");
        if (values instanceof RecvChan<?> ch) {
            return orDone(flow, (RecvChan<? extends T>) ch);
        }
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                Iterator<? extends T> it = values.iterator();
                while (it.hasNext()) {
                    if (!flow.send(out, it.next())) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    private static <T> RecvChan<T> fromGenerator(Flow flow, Generator<T> body) {
        Objects.requireNonNull(body, "body");
        Chan<T> out = Chan.make();
        EmitterImpl<T> emitter = new EmitterImpl<>(flow, out);
        go(() -> {
            try {
                body.generate(emitter);
            } catch (ContextException e) {
                if (!emitter.stopped) {
                    throw e; // not ours: a panic like any other
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    /** The emitter of a generator: a send that throws, stickily, once the flow is done. */
    private static final class EmitterImpl<T> implements Emitter<T> {
        private final Flow flow;
        private final Chan<T> out;
        volatile boolean stopped;

        EmitterImpl(Flow flow, Chan<T> out) {
            this.flow = flow;
            this.out = out;
        }

        @Override
        public void emit(T value) {
            if (stopped || !flow.send(out, value)) {
                stopped = true;
                throw flow.err();
            }
        }
    }

    private static <T, R> RecvChan<R> map(Flow flow, RecvChan<? extends T> in, Function<? super T, ? extends R> f) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(f, "f");
        Chan<R> out = Chan.make();
        go(() -> {
            try {
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok() || !flow.send(out, f.apply(r.value()))) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    private static <T> RecvChan<T> filter(Flow flow, RecvChan<? extends T> in, Predicate<? super T> keep) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(keep, "keep");
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    if (keep.test(r.value()) && !flow.send(out, r.value())) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    private static <T> RecvChan<T> merge(Flow flow, List<? extends RecvChan<? extends T>> ins) {
        List<RecvChan<? extends T>> inputs = List.copyOf(Objects.requireNonNull(ins, "ins"));
        Chan<T> out = Chan.make();
        if (inputs.isEmpty()) {
            out.close();
            return out.recvOnly();
        }
        AtomicInteger running = new AtomicInteger(inputs.size());
        for (RecvChan<? extends T> in : inputs) {
            go(() -> {
                try {
                    forward(flow, in, out);
                } finally {
                    if (running.decrementAndGet() == 0) { // Go's wg.Wait(); close(out)
                        out.close();
                    }
                }
            });
        }
        return out.recvOnly();
    }

    private static <T> List<RecvChan<T>> fanOut(Flow flow, RecvChan<? extends T> in, int n) {
        Objects.requireNonNull(in, "in");
        requirePositive(n, "n");
        List<Chan<T>> outs = makeAll(n);
        go(() -> {
            try {
                int next = 0; // where the round-robin preference starts
                List<Case<Integer>> cases = new ArrayList<>(n);
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    T v = r.value();
                    cases.clear();
                    for (int k = 0; k < n; k++) {
                        int i = (next + k) % n;
                        cases.add(outs.get(i).onSend(v, () -> i));
                    }
                    Object chosen = flow.select(cases);
                    if (chosen == Flow.STOP) {
                        return;
                    }
                    next = ((Integer) chosen + 1) % n;
                }
            } finally {
                outs.forEach(Chan::close);
            }
        });
        return recvOnly(outs);
    }

    private static <T> List<RecvChan<T>> tee(Flow flow, RecvChan<? extends T> in, int n) {
        Objects.requireNonNull(in, "in");
        requirePositive(n, "n");
        List<Chan<T>> outs = makeAll(n);
        go(() -> {
            try {
                List<Integer> pending = new ArrayList<>(n);
                List<Case<Integer>> cases = new ArrayList<>(n);
                int next = 0;
                for (;;) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    T v = r.value();
                    pending.clear();
                    for (int k = 0; k < n; k++) {
                        pending.add((next + k) % n);
                    }
                    next = (next + 1) % n;
                    while (!pending.isEmpty()) { // deliver to every output, whichever is ready first
                        cases.clear();
                        for (int i : pending) {
                            cases.add(outs.get(i).onSend(v, () -> i));
                        }
                        Object chosen = flow.select(cases);
                        if (chosen == Flow.STOP) {
                            return;
                        }
                        pending.remove(chosen);
                    }
                }
            } finally {
                outs.forEach(Chan::close);
            }
        });
        return recvOnly(outs);
    }

    private static <T> RecvChan<T> orDone(Flow flow, RecvChan<? extends T> in) {
        Objects.requireNonNull(in, "in");
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                forward(flow, in, out);
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    private static <T> RecvChan<T> bridge(Flow flow, RecvChan<? extends RecvChan<? extends T>> chans) {
        Objects.requireNonNull(chans, "chans");
        Chan<T> out = Chan.make();
        go(() -> {
            try {
                for (;;) {
                    Received<? extends RecvChan<? extends T>> r = flow.receive(chans);
                    if (r == null || !r.ok()) {
                        return;
                    }
                    if (r.value() != null && !forward(flow, r.value(), out)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    private static <T> RecvChan<T> take(Flow flow, RecvChan<? extends T> in, long n) {
        Objects.requireNonNull(in, "in");
        if (n < 0) {
            throw new IllegalArgumentException("take: n must be 0 or more, was " + n);
        }
        Chan<T> out = Chan.make();
        if (n == 0) {
            out.close();
            return out.recvOnly();
        }
        go(() -> {
            try {
                for (long i = 0; i < n; i++) {
                    Received<? extends T> r = flow.receive(in);
                    if (r == null || !r.ok() || !flow.send(out, r.value())) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    /**
     * Sends every value of {@code in} to {@code out} until {@code in} is closed and drained.
     *
     * @return true when {@code in} was drained, false when the flow stopped first
     */
    private static <T> boolean forward(Flow flow, RecvChan<? extends T> in, SendChan<? super T> out) {
        for (;;) {
            Received<? extends T> r = flow.receive(in);
            if (r == null) {
                return false;
            }
            if (!r.ok()) {
                return true;
            }
            if (!flow.send(out, r.value())) {
                return false;
            }
        }
    }

    /**
     * Applies {@code f} in a stage with several goroutines: if it throws, the stage's context is
     * canceled first, so that the stage's other goroutines stop, then the exception escapes.
     */
    private static <T, R> R apply(Function<? super T, ? extends R> f, T v, CancelContext stage) {
        boolean ok = false;
        try {
            R r = f.apply(v);
            ok = true;
            return r;
        } finally {
            if (!ok) {
                stage.cancel();
            }
        }
    }

    private static <T> List<Chan<T>> makeAll(int n) {
        List<Chan<T>> outs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outs.add(Chan.make());
        }
        return outs;
    }

    private static <T> List<RecvChan<T>> recvOnly(List<Chan<T>> outs) {
        List<RecvChan<T>> views = new ArrayList<>(outs.size());
        for (Chan<T> c : outs) {
            views.add(c.recvOnly());
        }
        return Collections.unmodifiableList(views);
    }

    private static void checkArgs(Context ctx, Object in, Object f) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(f, "f");
    }

    private static void requirePositive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be 1 or more, was " + n);
        }
    }
}
