package dev.gochan.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RULE-CTX-23: Go's TestCause table, row for row: (err, cause) after the given steps. */
class ContextCauseTest {
    private static final Duration FOREVER = Duration.ofSeconds(1_000_000);
    private static final Exception PARENT_CAUSE = new Exception("parentCause");
    private static final Exception CHILD_CAUSE = new Exception("childCause");
    private static final Exception TOO_SLOW = new Exception("tooSlow");
    private static final Exception FINISHED_EARLY = new Exception("finishedEarly");

    private static Arguments row(String name, Supplier<Context> ctx, ContextException err, Throwable cause) {
        return Arguments.of(name, ctx, err, cause);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("Background", Context::background, null, null),
                row("TODO", Context::todo, null, null),
                row("WithCancel", () -> {
                    CancelContext c = Context.withCancel(Context.background());
                    c.cancel();
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause", () -> {
                    CancelCauseContext c = Context.withCancelCause(Context.background());
                    c.cancel(PARENT_CAUSE);
                    return c;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause nil", () -> {
                    CancelCauseContext c = Context.withCancelCause(Context.background());
                    c.cancel(null);
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: parent cause before child", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelCauseContext c = Context.withCancelCause(p);
                    p.cancel(PARENT_CAUSE);
                    c.cancel(CHILD_CAUSE);
                    return c;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause: parent cause after child", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelCauseContext c = Context.withCancelCause(p);
                    c.cancel(CHILD_CAUSE);
                    p.cancel(PARENT_CAUSE);
                    return c;
                }, Context.CANCELED, CHILD_CAUSE),
                row("WithCancelCause: parent cause before nil", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelContext c = Context.withCancel(p);
                    p.cancel(PARENT_CAUSE);
                    c.cancel();
                    return c;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause: parent cause after nil", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelContext c = Context.withCancel(p);
                    c.cancel();
                    p.cancel(PARENT_CAUSE);
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: child with cause after nil", () -> {
                    CancelContext p = Context.withCancel(Context.background());
                    CancelCauseContext c = Context.withCancelCause(p);
                    p.cancel();
                    c.cancel(CHILD_CAUSE);
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: child with cause before nil", () -> {
                    CancelContext p = Context.withCancel(Context.background());
                    CancelCauseContext c = Context.withCancelCause(p);
                    c.cancel(CHILD_CAUSE);
                    p.cancel();
                    return c;
                }, Context.CANCELED, CHILD_CAUSE),
                row("WithTimeout", () -> {
                    CancelContext c = Context.withTimeout(Context.background(), Duration.ZERO);
                    c.cancel();
                    return c;
                }, Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED),
                row("WithTimeout canceled", () -> {
                    CancelContext c = Context.withTimeout(Context.background(), FOREVER);
                    c.cancel();
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithTimeoutCause", () -> {
                    CancelContext c = Context.withTimeoutCause(Context.background(), Duration.ZERO, TOO_SLOW);
                    c.cancel();
                    return c;
                }, Context.DEADLINE_EXCEEDED, TOO_SLOW),
                row("WithTimeoutCause canceled", () -> {
                    CancelContext c = Context.withTimeoutCause(Context.background(), FOREVER, TOO_SLOW);
                    c.cancel();
                    return c;
                }, Context.CANCELED, Context.CANCELED),
                row("WithTimeoutCause stacked", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelContext c = Context.withTimeoutCause(p, Duration.ZERO, TOO_SLOW);
                    p.cancel(FINISHED_EARLY);
                    return c;
                }, Context.DEADLINE_EXCEEDED, TOO_SLOW),
                row("WithTimeoutCause stacked canceled", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    CancelContext c = Context.withTimeoutCause(p, FOREVER, TOO_SLOW);
                    p.cancel(FINISHED_EARLY);
                    return c;
                }, Context.CANCELED, FINISHED_EARLY),
                row("WithDeadlineCause in the past", () ->
                        Context.withDeadlineCause(Context.background(), java.time.Instant.MIN, TOO_SLOW),
                        Context.DEADLINE_EXCEEDED, TOO_SLOW),
                row("WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null),
                row("WithoutCancel canceled", () -> {
                    CancelCauseContext p = Context.withCancelCause(Context.background());
                    Context c = Context.withoutCancel(p);
                    p.cancel(FINISHED_EARLY);
                    return c;
                }, null, null),
                row("WithoutCancel timeout", () -> {
                    CancelContext p = Context.withTimeoutCause(Context.background(), Duration.ZERO, TOO_SLOW);
                    Context c = Context.withoutCancel(p);
                    p.cancel();
                    return c;
                }, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rule_CTX_23_causeTable(String name, Supplier<Context> make, ContextException err, Throwable cause) {
        Context ctx = make.get();
        assertThat(ctx.err()).as("%s: err", name).isSameAs(err);
        assertThat(Context.cause(ctx)).as("%s: cause", name).isSameAs(cause);
    }
}
