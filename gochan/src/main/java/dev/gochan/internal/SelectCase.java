package dev.gochan.internal;

import dev.gochan.Case;
import dev.gochan.Received;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one implementation of {@link Case}. Immutable; the channel is null for a case on the nil
 * channel (never chosen).
 *
 * @param <R> the case's result type
 */
public final class SelectCase<R> implements Case<R> {
    static final byte RECV = 0;
    static final byte RECV_OK = 1;
    static final byte SEND = 2;
    static final byte DEFAULT = 3;
    static final byte TIMEOUT = 4;

    final byte kind;
    final Selectable chan;
    final Object value;
    final Duration timeout;
    private final Object handler;

    private SelectCase(byte kind, Selectable chan, Object value, Duration timeout, Object handler) {
        this.kind = kind;
        this.chan = chan;
        this.value = value;
        this.timeout = timeout;
        this.handler = handler;
    }

    /** A receive case; {@code chan} null means the nil channel. */
    public static <T, R> SelectCase<R> recv(Selectable chan, Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "onReceive: function is null");
        return new SelectCase<>(RECV, chan, null, null, f);
    }

    /** A receive case that sees ok. */
    public static <T, R> SelectCase<R> recvOk(
            Selectable chan, Function<? super Received<T>, ? extends R> f) {
        Objects.requireNonNull(f, "onReceiveOk: function is null");
        return new SelectCase<>(RECV_OK, chan, null, null, f);
    }

    /** A send case. */
    public static <R> SelectCase<R> send(Selectable chan, Object value, Supplier<? extends R> f) {
        Objects.requireNonNull(f, "onSend: supplier is null");
        return new SelectCase<>(SEND, chan, value, null, f);
    }

    /** The default case. */
    public static <R> SelectCase<R> otherwise(Supplier<? extends R> f) {
        Objects.requireNonNull(f, "onDefault: supplier is null");
        return new SelectCase<>(DEFAULT, null, null, null, f);
    }

    /** A timeout case: a timer started when the select is entered. */
    public static <R> SelectCase<R> timeout(Duration d, Supplier<? extends R> f) {
        Objects.requireNonNull(d, "onTimeout: duration is null");
        Objects.requireNonNull(f, "onTimeout: supplier is null");
        return new SelectCase<>(TIMEOUT, null, null, d, f);
    }

    boolean isNil() {
        return chan == null && kind != DEFAULT && kind != TIMEOUT;
    }

    @SuppressWarnings("unchecked")
    R fireRecv(Object v, boolean ok) {
        if (kind == RECV_OK) {
            Received<Object> r = ok ? new Received<>(v, true) : Received.closed();
            return ((Function<Object, R>) handler).apply(r);
        }
        return ((Function<Object, R>) handler).apply(v);
    }

    @SuppressWarnings("unchecked")
    R fireSupplier() {
        return ((Supplier<R>) handler).get();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RECV, RECV_OK -> "case <-" + (chan == null ? "nil" : chan);
            case SEND -> "case " + (chan == null ? "nil" : chan) + " <- " + value;
            case DEFAULT -> "default";
            default -> "case <-time.After(" + timeout + ")";
        };
    }
}
