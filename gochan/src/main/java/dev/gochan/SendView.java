package dev.gochan;

import java.time.Duration;
import java.util.function.Supplier;

/** A send-only view of a channel ({@code chan<- T}); deliberately not a {@link Chan}. */
final class SendView<T> implements SendChan<T> {
    private final Chan<T> ch;

    SendView(Chan<T> ch) {
        this.ch = ch;
    }

    @Override
    public void send(T value) {
        ch.send(value);
    }

    @Override
    public boolean trySend(T value) {
        return ch.trySend(value);
    }

    @Override
    public boolean trySend(T value, Duration timeout) {
        return ch.trySend(value, timeout);
    }

    @Override
    public void close() {
        ch.close();
    }

    @Override
    public int len() {
        return ch.len();
    }

    @Override
    public int cap() {
        return ch.cap();
    }

    @Override
    public <R> Case<R> onSend(T value, Supplier<? extends R> then) {
        return ch.onSend(value, then);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendView<?> v && v.ch == ch;
    }

    @Override
    public int hashCode() {
        return ch.hashCode();
    }

    @Override
    public String toString() {
        return "chan<- " + ch;
    }
}
