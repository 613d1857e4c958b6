package dev.gochan.context;

import dev.gochan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#withValue}: Go's {@code valueCtx}. Immutable; everything but values is the parent's. */
final class ValueCtx implements Context {
    final Context parent;
    final ContextKey<?> key;
    final Object val;

    ValueCtx(Context parent, ContextKey<?> key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public ContextException err() {
        return parent.err();
    }

    @Override
    public <T> T value(ContextKey<T> k) {
        return Contexts.lookup(this, k);
    }

    @Override
    public String toString() {
        return Contexts.name(parent) + ".WithValue(" + key + ", " + (val == null ? "<nil>" : val) + ")";
    }
}
