package dev.gochan.context;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** {@link Context#background()} and {@link Context#todo()}: never done, no deadline, no values. */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
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
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
