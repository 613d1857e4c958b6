package dev.gochan.context;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link Context#withoutCancel}: Go's {@code withoutCancelCtx}. Values come from the parent;
 * nothing else does. The lookup of the library's private cancel key stops here, so
 * {@code Context.cause} of this context (and of values derived from it) is null even when the
 * parent is canceled.
 */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public RecvChan<Void> done() {
        return Chan.nil();
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    public <T> T value(ContextKey<T> key) {
        return Contexts.lookup(this, key);
    }

    @Override
    public String toString() {
        return Contexts.name(parent) + ".WithoutCancel";
    }
}
