package dev.gochan;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The sending side of a channel: Go's send-only channel type {@code chan<- T}.
 *
 * <p>A {@link Chan} is a {@code SendChan}; {@link Chan#sendOnly()} gives a view that can only send
 * (and close) and cannot be cast back to a {@code Chan}. Library methods accept
 * {@code SendChan<? super T>}.
 *
 * <h2>Blocking and interruption</h2>
 * A send to an unbuffered channel blocks until a receiver takes the value (the value is handed
 * over directly); a send to a buffered channel blocks only while the buffer is full. If the
 * thread is interrupted while blocked, the send throws {@link GoInterruptedException} with the
 * interrupt status still set, and the value was not delivered.
 *
 * <h2>When closed</h2>
 * A send on a closed channel throws {@link ClosedChanException} ("send on closed channel"), also
 * when the channel is closed while the sender is blocked; the value is discarded.
 *
 * <h2>Nil channel</h2>
 * On {@link Chan#nil()} every send blocks forever and send cases are never chosen; {@code close}
 * throws {@link NilChanException}.
 *
 * @param <T> the element type ({@code null} elements are allowed)
 */
public interface SendChan<T> {

    /**
     * Sends a value, blocking until it is delivered to a receiver or buffered: Go's
     * {@code ch <- v}.
     *
     * @param value the value ({@code null} allowed)
     * @throws ClosedChanException if the channel is closed, before or while blocked
     * @throws GoInterruptedException if interrupted while blocked (nothing was delivered)
     */
    void send(T value);

    /**
     * Sends without blocking: Go's {@code select { case ch <- v: ... default: }}.
     *
     * @param value the value ({@code null} allowed)
     * @return true when the value was delivered or buffered; false when a send would block
     * @throws ClosedChanException if the channel is closed (Go panics here too: a send case on a
     *     closed channel is chosen, not the default)
     */
    boolean trySend(T value);

    /**
     * Sends, blocking at most {@code timeout}.
     *
     * @param value the value ({@code null} allowed)
     * @param timeout how long to wait at most; zero or negative means do not block
     * @return true when the value was delivered or buffered; false when the timeout passed first
     *     (nothing was delivered)
     * @throws ClosedChanException if the channel is closed, before or while blocked
     * @throws GoInterruptedException if interrupted while blocked (nothing was delivered)
     */
    boolean trySend(T value, Duration timeout);

    /**
     * Closes the channel: Go's {@code close(ch)}. Receivers drain the buffered values and then get
     * {@code (null, false)}; every blocked receiver wakes; every blocked sender wakes and throws
     * {@link ClosedChanException}. Only a sender should close a channel. Never blocks.
     *
     * @throws ClosedChanException if already closed ("close of closed channel")
     * @throws NilChanException on the nil channel ("close of nil channel")
     */
    void close();

    /**
     * The number of values buffered now: Go's {@code len(ch)}; see {@link RecvChan#len()}.
     *
     * @return the number of buffered values
     */
    int len();

    /**
     * The buffer capacity: Go's {@code cap(ch)}.
     *
     * @return the capacity
     */
    int cap();

    /**
     * A select case that sends {@code value}: Go's {@code case ch <- v:}. The value is fixed when
     * the case is made (Go evaluates it on entering the select). If the case is chosen on a
     * closed channel, the select throws {@link ClosedChanException}.
     *
     * @param value the value to send ({@code null} allowed)
     * @param then the code to run after the value was sent; its result is the select's
     * @param <R> the select's result type
     * @return the case
     */
    <R> Case<R> onSend(T value, Supplier<? extends R> then);

    /**
     * A select case that sends {@code value} and does nothing more.
     *
     * @param value the value to send ({@code null} allowed)
     * @return the case
     */
    default Case<Void> onSend(T value) {
        return onSend(value, () -> null);
    }

    /**
     * A select case for {@link Select#run}: sends {@code value}, then runs {@code body}.
     *
     * @param value the value to send ({@code null} allowed)
     * @param body the code to run after the value was sent
     * @return the case
     */
    default Case<Void> onSendDo(T value, Runnable body) {
        Objects.requireNonNull(body, "onSendDo: body is null");
        return onSend(value, () -> {
            body.run();
            return null;
        });
    }
}
