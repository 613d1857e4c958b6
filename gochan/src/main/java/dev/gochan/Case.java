package dev.gochan;

/**
 * One case of a {@link Select}: a receive, a receive that sees {@code ok}, a send, a default or a
 * timeout, together with the code to run when it is chosen. Go's {@code case} clause.
 *
 * <p>Cases are made by the channels and by {@link Select}:
 * {@link RecvChan#onReceive(java.util.function.Function)},
 * {@link RecvChan#onReceiveOk(java.util.function.Function)},
 * {@link SendChan#onSend(Object, java.util.function.Supplier)},
 * {@link Select#onDefault(java.util.function.Supplier)},
 * {@link Select#onTimeout(java.time.Duration, java.util.function.Supplier)}, and their
 * {@code ...Do} forms for cases whose code returns nothing. A case is immutable and may be used in
 * any number of selects (a list of cases built once, selected in a loop, is Go's dynamic select).
 * A case on the nil channel is never chosen.
 *
 * <p>Only gochan makes cases; implementing this interface elsewhere is not supported, and a
 * select given such a case throws {@link IllegalArgumentException}.
 *
 * @param <R> what the case's code returns when the case is chosen
 */
public interface Case<R> {
}
