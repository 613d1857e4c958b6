package dev.gochan.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * RULE-CTX-36 [I], adapted: Go's TestAllocs counts heap allocations per operation; the JVM does
 * not count allocations, but it does count the bytes a thread allocates. These ceilings are in
 * bytes per operation, measured on the test's platform thread after a warm-up, generous enough to
 * survive JIT and GC differences, and tight enough to catch an accidental per-operation cost (a
 * stack trace, a watcher thread, a lost removal from the parent).
 */
class ContextAllocationTest {
    /**
     * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, reached reflectively: the
     * tests are compiled inside module dev.gochan, which does not (and should not) read the
     * management modules; they run on the class path, where everything is readable.
     */
    private static long allocatedBytes(long tid) {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            return (long) m.invoke(bean, tid);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static long bytesPerOp(IntSupplier op) {
        long tid = Thread.currentThread().threadId();
        allocatedBytes(tid); // resolve the reflection before measuring
        int sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += op.getAsInt(); // warm-up: let the JIT compile the path
        }
        int n = 20_000;
        long before = allocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            sink += op.getAsInt();
        }
        long after = allocatedBytes(tid);
        assertThat(sink).isNotNegative();
        return (after - before) / n;
    }

    @Test
    void rule_CTX_36_allocationCeilings() {
        ContextKey<String> k = new ContextKey<>("k");
        long background = bytesPerOp(() -> Context.background().hashCode() & 1);
        long withValue = bytesPerOp(() -> Context.withValue(Context.background(), k, "v").value(k).length());
        long withCancel = bytesPerOp(() -> {
            CancelContext c = Context.withCancel(Context.background());
            c.cancel();
            c.done().receive(); // does not block: already closed
            return c.err() == null ? 0 : 1;
        });
        CancelContext parent = Context.withCancel(Context.background());
        long childOfCancelable = bytesPerOp(() -> {
            CancelContext c = Context.withCancel(parent);
            c.done();
            c.cancel();
            return ((CancelCtx) parent).childCount();
        });
        long withTimeoutCanceled = bytesPerOp(() -> {
            CancelContext c = Context.withTimeout(parent, Duration.ofMillis(5));
            c.cancel();
            c.done().receive();
            return c.err() == null ? 0 : 1;
        });
        parent.cancel();
        System.out.printf("bytes/op: background %d, withValue+value %d, withCancel+cancel+wait %d, "
                        + "child of cancelable %d, withTimeout(5ms)+cancel+wait %d%n",
                background, withValue, withCancel, childOfCancelable, withTimeoutCanceled);
        assertThat(background).isLessThanOrEqualTo(8); // Go: 0 allocations
        assertThat(withValue).isLessThanOrEqualTo(64); // Go: <= 3 allocations (one ValueCtx here)
        assertThat(withCancel).isLessThanOrEqualTo(256); // Go: <= 5
        assertThat(childOfCancelable).isLessThanOrEqualTo(256);
        assertThat(withTimeoutCanceled).isLessThanOrEqualTo(1024); // Go: <= 8; a JDK scheduled task is big
    }
}
