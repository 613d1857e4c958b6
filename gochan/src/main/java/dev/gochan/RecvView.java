package dev.gochan;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/** A receive-only view of a channel ({@code <-chan T}); deliberately not a {@link Chan}. */
final class RecvView<T> implements RecvChan<T> {
    private final Chan<T> ch;

    RecvView(Chan<T> ch) {
        this.ch = ch;
    }

    @Override
    public T receive() {
        return ch.receive();
    }

    @Override
    public Received<T> receiveOk() {
        return ch.receiveOk();
    }

    @Override
    public Optional<Received<T>> tryReceive() {
        return ch.tryReceive();
    }

    @Override
    public Optional<Received<T>> tryReceive(Duration timeout) {
        return ch.tryReceive(timeout);
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
    public <R> Case<R> onReceive(Function<? super T, ? extends R> f) {
        return ch.onReceive(f);
    }

    /** The channel's own cached case (see {@link Chan#onReceive()}). */
    @Override
    public Case<T> onReceive() {
        return ch.onReceive();
    }

    @Override
    public <R> Case<R> onReceiveOk(Function<? super Received<T>, ? extends R> f) {
        return ch.onReceiveOk(f);
    }

    @Override
    public Iterator<T> iterator() {
        return ch.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecvView<?> v && v.ch == ch;
    }

    @Override
    public int hashCode() {
        return ch.hashCode();
    }

    @Override
    public String toString() {
        return "<-chan " + ch;
    }
}
