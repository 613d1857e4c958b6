package dev.gochan.context;

import static dev.gochan.Go.go;
import static dev.gochan.context.CustomContexts.QUIESCENT;
import static dev.gochan.context.CustomContexts.VERY_LONG;
import static dev.gochan.context.CustomContexts.awaitDone;
import static dev.gochan.context.CustomContexts.isDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.Select;
import dev.gochan.context.CustomContexts.CountingAfterFuncContext;
import dev.gochan.context.CustomContexts.CustomContext;
import dev.gochan.context.CustomContexts.OtherContext;
import dev.gochan.context.CustomContexts.OwnDoneContext;
import dev.gochan.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SEMANTICS.md, area CTX: one test per rule (rule 23, the Cause table, is in
 * {@link ContextCauseTest}). Ported from Go's context/x_test.go, context_test.go and
 * afterfunc_test.go.
 */
@Timeout(30)
class ContextRulesTest {

    @Test
    void rule_CTX_01_background() {
        Context c = Context.background();
        assertThat(c).isNotNull();
        assertThat(c.done().tryReceive()).isEmpty();
        assertThat(Select.<String>select(c.done().onReceive(v -> "done"), Select.onDefault(() -> "default")))
                .isEqualTo("default");
        assertThat(c.err()).isNull();
        assertThat(Context.cause(c)).isNull();
        assertThat(c.deadline()).isEmpty();
        assertThat(c).hasToString("context.Background");
        assertThat(c.done()).isSameAs(Chan.nil()); // Go: Background().Done() == nil
        assertThat(Context.background()).isSameAs(c);
    }

    @Test
    void rule_CTX_02_todo() {
        Context c = Context.todo();
        assertThat(c).isNotNull().isNotSameAs(Context.background());
        assertThat(c.done().tryReceive()).isEmpty();
        assertThat(c.err()).isNull();
        assertThat(Context.cause(c)).isNull();
        assertThat(c).hasToString("context.TODO");
    }

    @Test
    void rule_CTX_03_withCancelFresh() {
        CancelContext c1 = Context.withCancel(Context.background());
        assertThat(c1).hasToString("context.Background.WithCancel");
        Context o = new OtherContext(c1);
        CancelContext c2 = Context.withCancel(o);
        for (Context c : List.of(c1, o, c2)) {
            assertThat(c.done()).as("%s done", c).isNotNull().isNotSameAs(Chan.nil());
            assertThat(isDone(c)).as("%s done early", c).isFalse();
            assertThat(c.err()).isNull();
        }
        assertThat(c1.done()).isSameAs(c1.done()); // successive calls: the same channel
        c1.cancel();
    }

    @Test
    void rule_CTX_04_cancelIsSynchronous() {
        CancelContext c1 = Context.withCancel(Context.background());
        Context o = new OtherContext(c1);
        CancelContext c2 = Context.withCancel(o);
        c1.cancel();
        for (Context c : List.of(c1, o, c2)) {
            assertThat(isDone(c)).as("%s done right after cancel returned", c).isTrue();
            assertThat(c.err()).isSameAs(Context.CANCELED);
        }
    }

    @Test
    void rule_CTX_05_parentFinishesEveryDescendant() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext cancelChild = Context.withCancel(parent);
        Context valueChild = Context.withValue(parent, new ContextKey<String>("key"), "value");
        CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG);
        Chan<Void> afterFuncCalled = Chan.make(1);
        Context.afterFunc(parent, () -> afterFuncCalled.send(null));
        assertThat(children(parent)).isEqualTo(3); // cancelChild, timerChild (through the value), afterFunc
        for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
            assertThat(isDone(c)).as("%s done before cancel", c).isFalse();
            assertThat(c.err()).isNull();
        }
        parent.cancel();
        for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
            assertThat(isDone(c)).as("%s done after cancel", c).isTrue();
            assertThat(c.err()).as("%s err", c).isSameAs(Context.CANCELED); // not DeadlineExceeded
        }
        assertThat(children(parent)).isZero();
        assertThat(afterFuncCalled.tryReceive(QUIESCENT)).isPresent();
    }

    @Test
    void rule_CTX_06_derivedFromCanceledParentIsDoneAtConstruction() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel();
        Context precanceledValue = Context.withValue(parent, new ContextKey<Integer>("k"), 1);
        CancelContext precanceledChild = Context.withCancel(parent);
        CancelContext precanceledTimer = Context.withTimeout(parent, VERY_LONG);
        for (Context c : List.of(precanceledValue, precanceledChild, precanceledTimer)) {
            assertThat(isDone(c)).as("%s", c).isTrue();
            assertThat(c.err()).isSameAs(Context.CANCELED);
        }
        assertThat(children(parent)).isZero();
    }

    @Test
    void rule_CTX_07_childFinishesFirst() {
        CancelContext cancelable = Context.withCancel(Context.background());
        for (Context parent : List.of(Context.background(), cancelable)) {
            CancelContext child = Context.withCancel(parent);
            CancelContext sibling = Context.withCancel(parent);
            child.cancel();
            assertThat(isDone(child)).isTrue();
            assertThat(child.err()).isSameAs(Context.CANCELED);
            assertThat(isDone(parent)).isFalse();
            assertThat(parent.err()).isNull();
            assertThat(isDone(sibling)).isFalse();
            assertThat(sibling.err()).isNull();
            sibling.cancel();
        }
        assertThat(children(cancelable)).isZero();
        cancelable.cancel();
    }

    @Test
    void rule_CTX_08_cancelRemovesChildFromParent() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelCtx p = (CancelCtx) parent;
        assertThat(p.childCount()).isZero();

        CancelContext c = Context.withCancel(parent);
        assertThat(p.childCount()).isEqualTo(1);
        c.cancel();
        assertThat(p.childCount()).isZero();

        CancelContext t = Context.withTimeout(parent, Duration.ofMinutes(60));
        assertThat(p.childCount()).isEqualTo(1);
        t.cancel();
        assertThat(p.childCount()).isZero();

        StopHandle stop = Context.afterFunc(parent, () -> { });
        assertThat(p.childCount()).isEqualTo(1);
        assertThat(stop.stop()).isTrue();
        assertThat(p.childCount()).isZero();

        // a value layer in between registers with the nearest cancelable context
        Context v = Context.withValue(parent, new ContextKey<String>("k"), "v");
        CancelContext cv = Context.withCancel(v);
        Context.withCancel(cv); // grandchild, registered with cv
        assertThat(p.childCount()).isEqualTo(1);
        assertThat(((CancelCtx) cv).childCount()).isEqualTo(1);
        parent.cancel(); // parent cancellation clears all children
        assertThat(p.childCount()).isZero();
        assertThat(((CancelCtx) cv).childCount()).isZero();
    }

    @Test
    void rule_CTX_08_millionShortLivedChildrenLeaveNoChildren() {
        CancelContext parent = Context.withCancel(Context.background());
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            try (CancelContext child = Context.withCancel(parent)) {
                if (i % 3 == 0) {
                    Context.withCancel(child); // a grandchild that is only canceled through child
                }
            }
        }
        assertThat(((CancelCtx) parent).childCount()).isZero();
        assertThat(isDone(parent)).isFalse();
        parent.cancel();
    }

    @Test
    @Tag("timing")
    void rule_CTX_09_deadline() {
        CancelContext c = Context.withDeadline(Context.background(), Time.now().plus(Duration.ofMillis(1)));
        assertThat(c.toString()).startsWith("context.Background.WithDeadline(");
        awaitDone(c);
        assertThat(c.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelContext c1 = Context.withDeadline(Context.background(), Time.now().plus(Duration.ofMillis(1)));
        Context o = new OtherContext(c1);
        awaitDone(o);
        assertThat(o.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelContext c2 = Context.withDeadline(Context.background(), Time.now().plus(Duration.ofMillis(1)));
        Context o2 = new OtherContext(c2);
        CancelContext child = Context.withDeadline(o2, Time.now().plus(VERY_LONG));
        assertThat(child.deadline()).isEqualTo(c2.deadline()); // the earlier of its own and the parent's
        awaitDone(child);
        assertThat(child.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelContext past = Context.withDeadline(Context.background(), Time.now().minus(Duration.ofMillis(1)));
        assertThat(isDone(past)).isTrue();
        assertThat(past.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelContext now = Context.withDeadline(Context.background(), Time.now());
        assertThat(isDone(now)).isTrue();
        assertThat(now.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelContext farPast = Context.withDeadline(Context.background(), Instant.MIN);
        assertThat(farPast.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        CancelContext never = Context.withDeadline(Context.background(), Instant.MAX);
        assertThat(never.err()).isNull();
        assertThat(never.deadline()).contains(Instant.MAX);
        never.cancel();
    }

    @Test
    @Tag("timing")
    void rule_CTX_10_timeout() {
        CancelContext c = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        assertThat(c.toString()).startsWith("context.Background.WithDeadline(");
        awaitDone(c);
        assertThat(c.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        Context o = new OtherContext(Context.withTimeout(Context.background(), Duration.ofMillis(1)));
        awaitDone(o);
        assertThat(o.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        Context o2 = new OtherContext(Context.withTimeout(Context.background(), Duration.ofMillis(1)));
        CancelContext child = Context.withTimeout(o2, VERY_LONG);
        awaitDone(child);
        assertThat(child.err()).isSameAs(Context.DEADLINE_EXCEEDED);

        assertThat(Context.withTimeout(Context.background(), Duration.ZERO).err())
                .isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(Context.withTimeout(Context.background(), Duration.ofMillis(-1)).err())
                .isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE)).err())
                .isSameAs(Context.DEADLINE_EXCEEDED);
        CancelContext huge = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(huge.err()).isNull(); // saturates: never fires
        huge.cancel();

        // the deadline reported is now + timeout
        Instant before = Time.now();
        CancelContext d = Context.withTimeout(Context.background(), Duration.ofHours(1));
        Instant after = Time.now();
        assertThat(d.deadline()).hasValueSatisfying(dl -> assertThat(dl)
                .isBetween(before.plus(Duration.ofHours(1)), after.plus(Duration.ofHours(1))));
        d.cancel();
    }

    @Test
    void rule_CTX_11_cancelBeforeDeadlineGivesCanceled() {
        Context o = new OtherContext(Context.withTimeout(Context.background(), Duration.ofSeconds(1)));
        CancelContext c = Context.withTimeout(o, VERY_LONG);
        c.cancel();
        assertThat(isDone(c)).isTrue();
        assertThat(c.err()).isSameAs(Context.CANCELED);
    }

    @Test
    void rule_CTX_12_firstCancellationWins() {
        CancelContext c = Context.withTimeout(Context.background(), Duration.ZERO);
        c.cancel();
        assertThat(c.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(Context.cause(c)).isSameAs(Context.DEADLINE_EXCEEDED);

        CancelCauseContext d = Context.withCancelCause(Context.background());
        Exception first = new Exception("first");
        d.cancel(first);
        d.cancel(new Exception("second"));
        d.cancel();
        assertThat(Context.cause(d)).isSameAs(first);
        assertThat(d.err()).isSameAs(Context.CANCELED);
    }

    @Test
    void rule_CTX_13_valueLookup() {
        ContextKey<String> k1 = new ContextKey<>("key1");
        ContextKey<String> k2 = new ContextKey<>("key1"); // same name, different key
        ContextKey<String> k3 = new ContextKey<>("key3");

        Context c0 = Context.background();
        assertThat(c0.value(k1)).isNull();
        Context c1 = Context.withValue(c0, k1, "c1k1");
        assertThat(c1.value(k1)).isEqualTo("c1k1");
        assertThat(c1.value(k2)).isNull(); // keys compare by identity
        Context c2 = Context.withValue(c1, k2, "c2k2");
        assertThat(c2.value(k1)).isEqualTo("c1k1");
        assertThat(c2.value(k2)).isEqualTo("c2k2");
        Context c3 = Context.withValue(c2, k3, "c3k3");
        assertThat(c3.value(k2)).isEqualTo("c2k2");
        Context c4 = Context.withValue(c3, k1, null); // a nearer null shadows
        assertThat(c4.value(k1)).isNull();
        assertThat(c4.value(k2)).isEqualTo("c2k2");
        assertThat(c4.value(k3)).isEqualTo("c3k3");
        Context o = new OtherContext(c4); // lookup passes through foreign wrappers
        assertThat(o.value(k3)).isEqualTo("c3k3");
        Context c5 = Context.withValue(o, k1, "c5k1");
        assertThat(c5.value(k1)).isEqualTo("c5k1");
        assertThat(c5.value(k2)).isEqualTo("c2k2");

        // typed: no cast needed
        ContextKey<Integer> ik = new ContextKey<>("int");
        int i = Context.withValue(c5, ik, 42).value(ik);
        assertThat(i).isEqualTo(42);

        // readable after cancel and after timeout
        CancelContext cc = Context.withCancel(c5);
        cc.cancel();
        assertThat(cc.value(k3)).isEqualTo("c3k3");
        CancelContext tc = Context.withTimeout(c5, Duration.ZERO);
        assertThat(tc.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        assertThat(tc.value(k2)).isEqualTo("c2k2");
        assertThat(Context.withoutCancel(c5).value(k1)).isEqualTo("c5k1");
    }

    @Test
    void rule_CTX_14_stringFormats() {
        ContextKey<String> k1 = new ContextKey<>("context_test.key1");
        Context c1 = Context.withValue(Context.background(), k1, "c1k1");
        assertThat(c1).hasToString("context.Background.WithValue(context_test.key1, c1k1)");
        Context c2 = Context.withValue(c1, new ContextKey<String>("key2(1)"), null);
        assertThat(c2).hasToString(
                "context.Background.WithValue(context_test.key1, c1k1).WithValue(key2(1), <nil>)");
        assertThat(Context.withoutCancel(Context.todo())).hasToString("context.TODO.WithoutCancel");
        assertThat(Context.withCancel(c1).toString()).endsWith(".WithCancel");
    }

    @Test
    void rule_CTX_15_nilKeyThrows() {
        // Go also panics for a non-comparable key ([]byte); ContextKey is always comparable (by
        // identity), so that half of the rule cannot happen here.
        assertThatThrownBy(() -> Context.withValue(Context.background(), null, "v"))
                .isInstanceOf(NullPointerException.class).hasMessage("nil key");
    }

    @Test
    void rule_CTX_16_nilParentThrows() {
        String msg = "cannot create context from nil parent";
        assertThatThrownBy(() -> Context.withCancel(null)).hasMessage(msg);
        assertThatThrownBy(() -> Context.withCancelCause(null)).hasMessage(msg);
        assertThatThrownBy(() -> Context.withDeadline(null, Instant.now())).hasMessage(msg);
        assertThatThrownBy(() -> Context.withDeadlineCause(null, Instant.now(), null)).hasMessage(msg);
        assertThatThrownBy(() -> Context.withTimeout(null, Duration.ZERO)).hasMessage(msg);
        assertThatThrownBy(() -> Context.withTimeoutCause(null, Duration.ZERO, null)).hasMessage(msg);
        assertThatThrownBy(() -> Context.withValue(null, new ContextKey<String>("k"), "v")).hasMessage(msg);
        assertThatThrownBy(() -> Context.withoutCancel(null)).hasMessage(msg);
    }

    @Test
    void rule_CTX_17_deadlineExceededIsATimeout() {
        assertThat(Context.DEADLINE_EXCEEDED.timeout()).isTrue();
        assertThat(Context.CANCELED.timeout()).isFalse();
        assertThat(Context.CANCELED).hasMessage("context canceled");
        assertThat(Context.DEADLINE_EXCEEDED).hasMessage("context deadline exceeded");
        ContextException e = Context.DEADLINE_EXCEEDED;
        String kind = switch (e) {
            case CanceledException c -> "canceled";
            case DeadlineExceededException d -> "deadline";
        };
        assertThat(kind).isEqualTo("deadline");
        // shared values: no stack trace, no suppressed exceptions accumulate
        Context.CANCELED.addSuppressed(new Exception("x"));
        assertThat(Context.CANCELED.getSuppressed()).isEmpty();
        assertThat(Context.CANCELED.getStackTrace()).isEmpty();
    }

    @Test
    void rule_CTX_18_simultaneousCancels() throws InterruptedException {
        CancelContext root = Context.withCancel(Context.background());
        Map<Context, CancelContext> m = new LinkedHashMap<>();
        m.put(root, root);
        List<Context> q = new ArrayList<>(List.of(root));
        while (!q.isEmpty() && m.size() < 100) {
            Context parent = q.remove(0);
            for (int i = 0; i < 4; i++) {
                CancelContext c = Context.withCancel(parent);
                m.put(c, c);
                q.add(c);
            }
        }
        assertThat(m).hasSize(101);
        List<CancelContext> cancels = new ArrayList<>(m.values());
        Collections.shuffle(cancels);
        CountDownLatch returned = new CountDownLatch(cancels.size());
        for (CancelContext c : cancels) {
            go(() -> {
                c.cancel();
                returned.countDown();
            });
        }
        List<Context> order = new ArrayList<>(m.keySet());
        Collections.shuffle(order);
        for (Context c : order) {
            awaitDone(c);
        }
        assertThat(returned.await(QUIESCENT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void rule_CTX_19_interlockedCancels() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(parent);
        go(() -> {
            parent.done().receive();
            child.cancel();
        });
        parent.cancel();
        awaitDone(child);
    }

    @Test
    void rule_CTX_20_layersCancel() {
        for (long seed = 1; seed <= 20; seed++) {
            testLayers(seed, false);
        }
    }

    @Test
    @Tag("timing")
    void rule_CTX_20_layersTimeout() {
        for (long seed = 1; seed <= 5; seed++) {
            testLayers(seed, true);
        }
    }

    /** Go's testLayers: a random stack of value, cancel and timeout layers. */
    private static void testLayers(long seed, boolean testTimeout) {
        Random r = new Random(seed);
        List<ContextKey<Object>> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    ContextKey<Object> k = new ContextKey<>("v" + i);
                    ctx = Context.withValue(ctx, k, k);
                    vals.add(k);
                }
                case 1 -> {
                    CancelContext c = Context.withCancel(ctx);
                    cancels.add(c);
                    ctx = c;
                }
                default -> {
                    CancelContext c = Context.withTimeout(ctx, testTimeout ? Duration.ofMillis(1) : VERY_LONG);
                    cancels.add(c);
                    ctx = c;
                    numTimers++;
                }
            }
        }
        Context top = ctx;
        Runnable checkValues = () -> {
            for (ContextKey<Object> k : vals) {
                assertThat(top.value(k)).as("seed %d", seed).isSameAs(k);
            }
        };
        if (!testTimeout) {
            assertThat(isDone(top)).as("seed %d: done too early", seed).isFalse();
        }
        assertThat(top.toString()).startsWith("context.Background.");
        checkValues.run();
        if (testTimeout) {
            awaitDone(top);
            checkValues.run();
        } else {
            cancels.get(r.nextInt(cancels.size())).cancel();
            assertThat(isDone(top)).as("seed %d: canceling any layer makes the innermost done", seed).isTrue();
            checkValues.run();
        }
        for (CancelContext c : cancels) {
            c.cancel();
        }
    }

    @Test
    void rule_CTX_21_childOfParentCanceledWithCause() {
        Exception cause = new Exception("Cause");
        CancelCauseContext parent = Context.withCancelCause(Context.background());
        parent.cancel(cause);
        CancelContext child = Context.withCancel(parent);
        assertThat(isDone(child)).isTrue();
        assertThat(child.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(child)).isSameAs(cause);
    }

    @Test
    void rule_CTX_22_parentCanceledWhileChildIsBuilt() {
        for (int i = 0; i < 100; i++) {
            Exception cause = new Exception("Cause " + i);
            CancelCauseContext parent = Context.withCancelCause(Context.background());
            go(() -> parent.cancel(cause));
            CancelContext child = Context.withCancel(parent);
            awaitDone(child);
            assertThat(child.err()).isSameAs(Context.CANCELED);
            assertThat(Context.cause(child)).isSameAs(cause);
        }
    }

    @Test
    void rule_CTX_24_causeIsPublishedWithCancellation() {
        int rounds = 1000 * Integer.getInteger("gochan.stress", 1);
        for (int i = 0; i < rounds; i++) {
            Exception cause = new Exception("TestCauseRace");
            CancelCauseContext ctx = Context.withCancelCause(Context.background());
            go(() -> ctx.cancel(cause));
            Throwable seen;
            while ((seen = Context.cause(ctx)) == null) {
                Thread.onSpinWait(); // polls the thing under test itself, no Done wait on purpose
            }
            assertThat(seen).isSameAs(cause);
        }
    }

    @Test
    void rule_CTX_25_withoutCancel() {
        ContextKey<String> k = new ContextKey<>("key");
        Exception cause = new Exception("cause");
        CancelCauseContext parent = Context.withCancelCause(Context.withValue(Context.background(), k, "value"));
        Context c = Context.withoutCancel(parent);
        assertThat(c.deadline()).isEmpty();
        assertThat(c.done()).isSameAs(Chan.nil()); // Go: Done() == nil
        assertThat(c.err()).isNull();
        assertThat(c.value(k)).isEqualTo("value");
        parent.cancel(cause);
        assertThat(isDone(c)).isFalse();
        assertThat(c.err()).isNull();
        assertThat(Context.cause(c)).isNull();
        assertThat(Context.cause(Context.withValue(c, k, "v2"))).isNull();

        CancelContext timedOut = Context.withTimeout(Context.background(), Duration.ZERO);
        Context c2 = Context.withoutCancel(timedOut);
        assertThat(c2.err()).isNull();
        assertThat(Context.cause(c2)).isNull();
        assertThat(c2.deadline()).isEmpty();
        // children of withoutCancel are not canceled with the original parent, and cost nothing
        long watchers = Contexts.WATCHERS.get();
        CancelContext child = Context.withCancel(c);
        assertThat(child.err()).isNull();
        assertThat(Contexts.WATCHERS.get()).isEqualTo(watchers);
        child.cancel();
    }

    @Test
    void rule_CTX_26_causeThroughCustomContextWithOwnDone() {
        Exception cause = new Exception("TestCustomContextPropagation");
        CancelCauseContext ctx1 = Context.withCancelCause(Context.background());
        OwnDoneContext ctx2 = new OwnDoneContext(ctx1);
        CancelContext ctx3 = Context.withCancel(ctx2);
        ctx1.cancel(cause);
        assertThat(isDone(ctx3)).isFalse(); // ctx2's own done decides, not ctx1's
        ctx2.doneCh.close();
        awaitDone(ctx3);
        assertThat(ctx3.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(ctx3)).isSameAs(cause);
    }

    @Test
    void rule_CTX_27_causeOfCustomContexts() {
        Exception cause = new Exception("TestCustomContextCause");
        CustomContext custom = new CustomContext();
        custom.cancel();
        assertThat(custom.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(custom)).isSameAs(Context.CANCELED); // falls back to err

        CustomContext parent = new CustomContext();
        CancelCauseContext child = Context.withCancelCause(parent);
        child.cancel(cause);
        assertThat(child.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(child)).isSameAs(cause);
        assertThat(parent.err()).isNull();
        assertThat(Context.cause(parent)).isNull();
        parent.cancel();
        assertThat(Context.cause(child)).isSameAs(cause);
        assertThat(parent.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(parent)).isSameAs(Context.CANCELED);

        CustomContext canceler = new CustomContext();
        CancelContext c = Context.withCancel(canceler);
        canceler.childToCancel = c;
        canceler.cancel();
        assertThat(c.err()).isSameAs(Context.CANCELED);
        assertThat(Context.cause(c)).isSameAs(Context.CANCELED);
    }

    @Test
    void rule_CTX_28_afterFuncCalledAfterCancel() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Long> called = Chan.make(1);
        StopHandle stop = Context.afterFunc(ctx, () -> called.send(dev.gochan.Go.goroutineId()));
        assertThat(called.tryReceive(Duration.ofMillis(1))).as("called before done").isEmpty();
        ctx.cancel();
        assertThat(called.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).as("runs in its own goroutine").isNotZero());
        assertThat(stop.stop()).isFalse();
    }

    @Test
    @Tag("timing")
    void rule_CTX_29_afterFuncCalledAfterTimeout() {
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        Chan<Void> called = Chan.make(1);
        Context.afterFunc(ctx, () -> called.send(null));
        assertThat(called.tryReceive(QUIESCENT)).isPresent();
        assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    }

    @Test
    void rule_CTX_30_afterFuncOnDoneContextIsCalledAtOnce() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        long me = dev.gochan.Go.goroutineId();
        Chan<Long> called = Chan.make(1);
        StopHandle stop = Context.afterFunc(ctx, () -> called.send(dev.gochan.Go.goroutineId()));
        assertThat(called.tryReceive(QUIESCENT)).hasValueSatisfying(
                r -> assertThat(r.value()).isNotZero().isNotEqualTo(me));
        assertThat(stop.stop()).isFalse();
    }

    @Test
    void rule_CTX_31_stopBeforeCancelPreventsCall() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Void> called = Chan.make(1);
        StopHandle stop = Context.afterFunc(ctx, () -> called.send(null));
        assertThat(stop.stop()).isTrue();
        ctx.cancel();
        assertThat(called.tryReceive(Duration.ofMillis(1))).as("called after stop").isEmpty();
        assertThat(stop.stop()).isFalse();
    }

    @Test
    void rule_CTX_32_cancelAndStopDoNotWaitForAfterFunc() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Void> handoff = Chan.make(); // unbuffered: f blocks until the test receives
        try (StopHandle stop = Context.afterFunc(ctx, () -> handoff.send(null))) {
            ctx.cancel(); // returns although f is blocked
            assertThat(stop.stop()).isFalse(); // returns although f is blocked
            assertThat(handoff.tryReceive(QUIESCENT)).isPresent();
        }
    }

    @Test
    void rule_CTX_33_afterFuncsAreIndependent() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> called = Chan.make(3);
        StopHandle a = Context.afterFunc(ctx, () -> called.send(1));
        StopHandle b = Context.afterFunc(ctx, () -> called.send(2));
        StopHandle c = Context.afterFunc(ctx, () -> called.send(3));
        assertThat(b.stop()).isTrue();
        ctx.cancel();
        List<Integer> got = new ArrayList<>();
        got.add(called.tryReceive(QUIESCENT).orElseThrow().value());
        got.add(called.tryReceive(QUIESCENT).orElseThrow().value());
        assertThat(got).containsExactlyInAnyOrder(1, 3);
        assertThat(called.tryReceive(Duration.ofMillis(1))).isEmpty();
        assertThat(a.stop()).isFalse();
        assertThat(c.stop()).isFalse();
    }

    @Test
    void rule_CTX_34_customAfterFuncContextIsUsedForPropagation() {
        // canceling the custom parent cancels WithCancel and WithTimeout children, runs AfterFuncs
        CountingAfterFuncContext ctx0 = new CountingAfterFuncContext();
        long watchers = Contexts.WATCHERS.get();
        CancelContext ctx1 = Context.withCancel(ctx0);
        CancelContext ctx2 = Context.withTimeout(ctx0, VERY_LONG);
        Chan<Void> called = Chan.make(1);
        Context.afterFunc(ctx0, () -> called.send(null));
        assertThat(ctx0.registrations()).isEqualTo(3);
        assertThat(Contexts.WATCHERS.get()).isEqualTo(watchers);
        ctx0.cancel(Context.CANCELED);
        awaitDone(ctx1);
        awaitDone(ctx2);
        assertThat(ctx1.err()).isSameAs(Context.CANCELED);
        assertThat(ctx2.err()).isSameAs(Context.CANCELED);
        assertThat(called.tryReceive(QUIESCENT)).isPresent();

        // cancel/stop unregisters: 2 -> 0, 1 -> 0, 1 -> 0
        CountingAfterFuncContext p = new CountingAfterFuncContext();
        CancelContext a = Context.withCancel(p);
        CancelContext b = Context.withTimeout(p, VERY_LONG);
        assertThat(p.registrations()).isEqualTo(2);
        a.cancel();
        b.cancel();
        assertThat(p.registrations()).isZero();
        CancelContext t = Context.withTimeout(p, VERY_LONG);
        assertThat(p.registrations()).isEqualTo(1);
        t.cancel();
        assertThat(p.registrations()).isZero();
        StopHandle s = Context.afterFunc(p, () -> { });
        assertThat(p.registrations()).isEqualTo(1);
        assertThat(s.stop()).isTrue();
        assertThat(p.registrations()).isZero();
    }

    @Test
    void rule_CTX_35_goroutineEconomy() {
        AtomicLong w = Contexts.WATCHERS;
        long before = w.get();
        CancelContext lib = Context.withCancel(Context.background());
        Context.withCancel(lib);
        Context.withTimeout(Context.withValue(lib, new ContextKey<String>("k"), "v"), VERY_LONG);
        Context.afterFunc(lib, () -> { });
        Context.withCancel(new OtherContext(lib)); // a wrapper that keeps the library's done
        CancelContext canceled = Context.withCancel(Context.background());
        canceled.cancel();
        Context.withCancel(new OtherContext(canceled));
        assertThat(w.get()).as("no watcher for library contexts").isEqualTo(before);

        OwnDoneContext foreign = new OwnDoneContext(Context.background());
        CancelContext child = Context.withCancel(foreign);
        assertThat(w.get()).as("exactly one watcher for a foreign done channel").isEqualTo(before + 1);
        child.cancel(); // stops the watcher
        CustomContext done = new CustomContext();
        done.cancel();
        Context.withCancel(done);
        assertThat(w.get()).as("none for an already-done foreign parent").isEqualTo(before + 1);
        lib.cancel();
    }

    private static int children(Context c) {
        return ((CancelCtx) c).childCount();
    }

    // RULE-CTX-36 (allocation ceilings, [I]) has no direct Java counterpart: Go counts heap
    // allocations per call; see ContextAllocationTest for a bytes-per-operation ceiling instead.
}
