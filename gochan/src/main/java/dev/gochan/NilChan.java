package dev.gochan;

import dev.gochan.internal.Durations;
import dev.gochan.internal.SelectCase;
import dev.gochan.internal.Selector;
import dev.gochan.internal.Waiter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Go's nil channel: never ready. Blocking operations block forever (until interrupted); timed
 * ones wait out their timeout; its select cases carry no channel, so the engine never polls them.
 */
final class NilChan<T> extends Chan<T> {
    static final NilChan<Object> INSTANCE = new NilChan<>();

    private NilChan() {}

    @Override
    public void send(T value) {
        Waiter.blockForever("chan send (nil chan)");
    }

    @Override
    public boolean trySend(T value) {
        return false;
    }

    @Override
    public boolean trySend(T value, Duration timeout) {
        waitOut(timeout, "trySend", "chan send (nil chan)");
        return false;
    }

    @Override
    public void close() {
        throw new NilChanException();
    }

    @Override
    public T receive() {
        Waiter.blockForever("chan receive (nil chan)");
        return null; // not reached: blockForever only returns by throwing
    }

    @Override
    public Received<T> receiveOk() {
        Waiter.blockForever("chan receive (nil chan)");
        return null; // not reached
    }

    @Override
    public Optional<Received<T>> tryReceive() {
        return Optional.empty();
    }

    @Override
    public Optional<Received<T>> tryReceive(Duration timeout) {
        waitOut(timeout, "tryReceive", "chan receive (nil chan)");
        return Optional.empty();
    }

    private static void waitOut(Duration timeout, String op, String reason) {
        if (Durations.deadline(timeout, op) != 0L) {
            Selector.select(new Case<?>[] {SelectCase.timeout(timeout, () -> null)}, true);
        }
    }

    @Override
    public int len() {
        return 0;
    }

    @Override
    public int cap() {
        return 0;
    }

    @Override
    public <R> Case<R> onSend(T value, Supplier<? extends R> then) {
        return SelectCase.send(null, value, then);
    }

    @Override
    public <R> Case<R> onReceive(Function<? super T, ? extends R> f) {
        return SelectCase.recv(null, f);
    }

    @Override
    public <R> Case<R> onReceiveOk(Function<? super Received<T>, ? extends R> f) {
        return SelectCase.recvOk(null, f);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                Waiter.blockForever("chan receive (nil chan)");
                return false; // not reached
            }

            @Override
            public T next() {
                hasNext();
                return null; // not reached
            }
        };
    }

    @Override
    public String toString() {
        return "chan(nil)";
    }
}
