package dev.gochan;

import dev.gochan.internal.SelectCase;
import dev.gochan.internal.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Go's {@code select} statement: waits on several channel operations at once and performs
 * exactly one.
 *
 * <pre>{@code
 * String res = Select.select(                              // select ...
 *     ch.onReceive(msg -> "Received: " + msg),             // case msg := <-ch: ...
 *     Time.after(Duration.ofSeconds(1)).onReceive(t -> "Timeout!")); // case <-time.After(1s):
 *
 * Select.run(                                              // statement form: cases return nothing
 *     jobs.onReceiveDo(j -> process(j)),
 *     done.onReceiveDo(v -> stop()),
 *     Select.onDefaultDo(() -> idle()));                   // default:
 * }</pre>
 *
 * <h2>Choice</h2>
 * If one or more cases can proceed, one of them is chosen uniformly at random (Go's rule; use
 * {@link #selectBiased} for first-ready-in-argument-order). The state of all the channels is
 * observed at one instant: a select with a default never takes it while some case is ready. If
 * none can proceed, the default case runs if there is one; otherwise the select blocks until one
 * case can proceed, and that case is performed. The same channel may appear in several cases; a
 * select never pairs its own send with its own receive. Cases on the nil channel are never
 * chosen; a select with no cases (or only nil cases) blocks forever.
 *
 * <h2>Blocking and interruption</h2>
 * If the thread is interrupted while the select is blocked, it throws
 * {@link GoInterruptedException} (interrupt status kept) and no case was performed.
 *
 * <h2>When closed</h2>
 * A receive case on a closed, drained channel is always ready (it gets {@code null},
 * {@code ok == false}). A send case chosen on a closed channel makes the select throw
 * {@link ClosedChanException}, even when the select has a default (as in Go).
 *
 * <h2>Go equivalent</h2>
 * Go evaluates each case's channel and send value when entering the select; here that happens
 * when the case is made, before the call. The case's code runs after the operation, in the
 * selecting thread, outside any lock. Go's {@code break} inside a case is a {@code return} from the
 * case's lambda; leaving an enclosing loop is done by returning a value from the select.
 */
public final class Select {
    private Select() {}

    /**
     * Performs one ready case, chosen uniformly at random, blocking until one is ready unless a
     * default case is given; returns what the chosen case's code returns.
     *
     * @param cases the cases; at most one default
     * @param <R> the result type
     * @return the chosen case's result
     * @throws IllegalArgumentException for a null case or more than one default
     * @throws ClosedChanException when a send case is chosen on a closed channel
     * @throws GoInterruptedException when interrupted while blocked
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never stored or exposed
    public static <R> R select(Case<? extends R>... cases) {
        return Selector.select(cases, false);
    }

    /**
     * {@link #select(Case[])} over a list of cases: Go's dynamic select ({@code reflect.Select}).
     *
     * @param cases the cases; at most one default
     * @param <R> the result type
     * @return the chosen case's result
     */
    public static <R> R select(List<? extends Case<? extends R>> cases) {
        return Selector.select(cases, false);
    }

    /**
     * Like {@link #select(Case[])}, but when several cases are ready the first in argument order
     * wins (a priority select; not Go's behaviour, which is random).
     *
     * @param cases the cases, in priority order
     * @param <R> the result type
     * @return the chosen case's result
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never stored or exposed
    public static <R> R selectBiased(Case<? extends R>... cases) {
        return Selector.select(cases, true);
    }

    /**
     * {@link #selectBiased(Case[])} over a list of cases.
     *
     * @param cases the cases, in priority order
     * @param <R> the result type
     * @return the chosen case's result
     */
    public static <R> R selectBiased(List<? extends Case<? extends R>> cases) {
        return Selector.select(cases, true);
    }

    /**
     * The statement form: performs one case like {@link #select(Case[])} and discards the
     * result. Use with the {@code ...Do} cases.
     *
     * @param cases the cases; at most one default
     */
    public static void run(Case<?>... cases) {
        Selector.select(cases, false);
    }

    /**
     * The statement form over a list of cases.
     *
     * @param cases the cases; at most one default
     */
    public static void run(List<? extends Case<?>> cases) {
        Selector.select(cases, false);
    }

    /**
     * The statement form of {@link #selectBiased(Case[])}.
     *
     * @param cases the cases, in priority order
     */
    public static void runBiased(Case<?>... cases) {
        Selector.select(cases, true);
    }

    /**
     * The default case: Go's {@code default:}. It makes the select non-blocking: it runs when
     * no other case is ready.
     *
     * @param f the code to run; its result is the select's
     * @param <R> the result type
     * @return the case
     */
    public static <R> Case<R> onDefault(Supplier<? extends R> f) {
        return SelectCase.otherwise(f);
    }

    /**
     * The default case for {@link #run}.
     *
     * @param body the code to run when no other case is ready
     * @return the case
     */
    public static Case<Void> onDefaultDo(Runnable body) {
        Objects.requireNonNull(body, "onDefaultDo: body is null");
        return SelectCase.otherwise(() -> {
            body.run();
            return null;
        });
    }

    /**
     * A timeout case: Go's {@code case <-time.After(d):}. The timer starts each time a select
     * using this case is entered, so a case list may be reused in a loop.
     *
     * @param d how long the select may block before this case is chosen
     * @param f the code to run on timeout; its result is the select's
     * @param <R> the result type
     * @return the case
     */
    public static <R> Case<R> onTimeout(Duration d, Supplier<? extends R> f) {
        return SelectCase.timeout(d, f);
    }

    /**
     * A timeout case for {@link #run}.
     *
     * @param d how long the select may block before this case is chosen
     * @param body the code to run on timeout
     * @return the case
     */
    public static Case<Void> onTimeoutDo(Duration d, Runnable body) {
        Objects.requireNonNull(d, "onTimeout: duration is null");
        Objects.requireNonNull(body, "onTimeoutDo: body is null");
        return SelectCase.timeout(d, () -> {
            body.run();
            return null;
        });
    }
}
