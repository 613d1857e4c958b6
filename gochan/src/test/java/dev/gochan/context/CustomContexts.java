package dev.gochan.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Custom (non-library) contexts, as Go's context tests define them, and small test helpers. */
final class CustomContexts {
    private CustomContexts() {}

    /** How long a "quiescent" wait may take before a test fails (Go's quiescent: 5 s). */
    static final Duration QUIESCENT = Duration.ofSeconds(5);
    /** Go's veryLongDuration. */
    static final Duration VERY_LONG = Duration.ofHours(1000);

    /** Go's {@code otherContext{c}}: a foreign type that merely embeds (delegates to) c. */
    record OtherContext(Context c) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return c.deadline();
        }

        @Override
        public RecvChan<Void> done() {
            return c.done();
        }

        @Override
        public ContextException err() {
            return c.err();
        }

        @Override
        public <T> T value(ContextKey<T> key) {
            return c.value(key);
        }
    }

    /** Embeds c but overrides done() with a channel of its own (Go's TestCustomContextPropagation). */
    static final class OwnDoneContext implements Context {
        final Context c;
        final Chan<Void> doneCh = Chan.make();

        OwnDoneContext(Context c) {
            this.c = c;
        }

        @Override
        public Optional<Instant> deadline() {
            return c.deadline();
        }

        @Override
        public RecvChan<Void> done() {
            return doneCh.recvOnly();
        }

        @Override
        public ContextException err() {
            return c.err();
        }

        @Override
        public <T> T value(ContextKey<T> key) {
            return c.value(key);
        }
    }

    /**
     * A context implemented from scratch (no embedding): its own done channel and error, a
     * cancel method, and optionally a child cancel function it calls when canceled (Go's
     * TestCustomContextCause).
     */
    static class CustomContext implements Context {
        private final Chan<Void> doneCh = Chan.make();
        private final RecvChan<Void> doneView = doneCh.recvOnly();
        private volatile ContextException err;
        volatile CancelContext childToCancel;

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public RecvChan<Void> done() {
            return doneView;
        }

        @Override
        public ContextException err() {
            return err;
        }

        @Override
        public <T> T value(ContextKey<T> key) {
            return null;
        }

        synchronized void cancel() {
            if (err != null) {
                return;
            }
            CancelContext child = childToCancel;
            if (child != null) {
                child.cancel();
            }
            err = Context.CANCELED;
            doneCh.close();
        }
    }

    /** Go's afterFuncContext (context/afterfunc_test.go): counts its registrations. */
    static final class CountingAfterFuncContext implements AfterFuncContext {
        private final Chan<Void> doneCh = Chan.make();
        private final Map<Object, Runnable> afterFuncs = new HashMap<>();
        private ContextException err;

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public RecvChan<Void> done() {
            return doneCh;
        }

        @Override
        public synchronized ContextException err() {
            return err;
        }

        @Override
        public <T> T value(ContextKey<T> key) {
            return null;
        }

        @Override
        public synchronized StopHandle afterFunc(Runnable f) {
            Object k = new Object();
            afterFuncs.put(k, f);
            return () -> {
                synchronized (this) {
                    return afterFuncs.remove(k) != null;
                }
            };
        }

        synchronized int registrations() {
            return afterFuncs.size();
        }

        void cancel(ContextException e) {
            Runnable[] fs;
            synchronized (this) {
                if (err != null) {
                    return;
                }
                err = e;
                fs = afterFuncs.values().toArray(new Runnable[0]);
                afterFuncs.clear();
                doneCh.close();
            }
            for (Runnable f : fs) {
                dev.gochan.Go.go(f);
            }
        }
    }

    /** Whether ctx's done channel is closed now (a non-blocking receive, Go's select/default). */
    static boolean isDone(Context ctx) {
        return ctx.done().tryReceive().isPresent();
    }

    /** Waits (at most {@link #QUIESCENT}) for ctx to be done and asserts it is. */
    static void awaitDone(Context ctx) {
        assertThat(ctx.done().tryReceive(QUIESCENT)).as("%s done within %s", ctx, QUIESCENT).isPresent();
    }
}
