package dev.gochan;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving side of a channel: Go's receive-only channel type {@code <-chan T}.
 *
 * <p>A {@link Chan} is a {@code RecvChan}; {@link Chan#recvOnly()} gives a view that can only
 * receive and cannot be cast back to a {@code Chan} (Go's directional types, checked at compile
 * time). Library methods accept {@code RecvChan<? extends T>}. Timer channels
 * ({@code Time.after}, {@code Time.tick}) are receive-only channels too.
 *
 * <p>Iterating a {@code RecvChan} is Go's {@code for v := range ch}: each step blocks for the next
 * value, and the loop ends when the channel is closed and drained.
 *
 * <h2>Blocking and interruption</h2>
 * The blocking operations park the calling thread (cheap on a virtual thread) until they can
 * complete. If the thread is interrupted while blocked, they throw
 * {@link GoInterruptedException} with the interrupt status still set, and nothing was received.
 *
 * <h2>When closed</h2>
 * Values buffered before {@code close} are still received, in order. Once the channel is closed
 * and drained, every receive completes at once with {@code null} (Go's zero value) and
 * {@code ok == false}.
 *
 * <h2>Nil channel</h2>
 * On {@link Chan#nil()} every receive blocks forever and receive cases are never chosen.
 *
 * @param <T> the element type ({@code null} elements are allowed)
 */
public interface RecvChan<T> extends Iterable<T> {

    /**
     * Receives a value, blocking until one is available: Go's {@code v := <-ch}.
     *
     * @return the value; {@code null} once the channel is closed and drained (use
     *     {@link #receiveOk()} to tell a sent {@code null} from a close)
     * @throws GoInterruptedException if interrupted while blocked (nothing was received)
     */
    T receive();

    /**
     * Receives a value and whether it came from a send: Go's {@code v, ok := <-ch}. Blocks like
     * {@link #receive()}.
     *
     * @return the value with {@code ok == true}, or {@code (null, false)} when the channel is
     *     closed and drained
     * @throws GoInterruptedException if interrupted while blocked (nothing was received)
     */
    Received<T> receiveOk();

    /**
     * Receives without blocking: Go's {@code select { case v, ok := <-ch: ... default: }}.
     *
     * @return empty when a receive would block; otherwise the value with {@code ok == true}, or
     *     {@code (null, false)} when the channel is closed and drained (a closed channel is
     *     always ready)
     */
    Optional<Received<T>> tryReceive();

    /**
     * Receives, blocking at most {@code timeout}: Go's select with a receive case and a
     * {@code time.After(timeout)} case.
     *
     * @param timeout how long to wait at most; zero or negative means do not block
     * @return empty when the timeout passed first; otherwise as {@link #tryReceive()}
     * @throws GoInterruptedException if interrupted while blocked (nothing was received)
     */
    Optional<Received<T>> tryReceive(Duration timeout);

    /**
     * The number of values buffered now: Go's {@code len(ch)}. Always 0 for unbuffered and timer
     * channels. The answer may be stale as soon as it is returned: do not use it to decide
     * whether a receive would block (use {@link #tryReceive()}).
     *
     * @return the number of buffered values
     */
    int len();

    /**
     * The buffer capacity: Go's {@code cap(ch)}. 0 for unbuffered, nil and timer channels.
     *
     * @return the capacity
     */
    int cap();

    /**
     * A select case that receives a value and maps it: Go's {@code case v := <-ch:}.
     * On a closed, drained channel the case is ready and {@code f} gets {@code null}.
     *
     * @param f the code to run with the value when the case is chosen; its result is the select's
     * @param <R> the select's result type
     * @return the case
     */
    <R> Case<R> onReceive(Function<? super T, ? extends R> f);

    /**
     * A select case that receives a value and sees {@code ok}: Go's {@code case v, ok := <-ch:}.
     *
     * @param f the code to run with the result when the case is chosen
     * @param <R> the select's result type
     * @return the case
     */
    <R> Case<R> onReceiveOk(Function<? super Received<T>, ? extends R> f);

    /**
     * A select case whose result is the value received (null once closed and drained).
     *
     * @return the case
     */
    default Case<T> onReceive() {
        return onReceive(Function.identity());
    }

    /**
     * A select case for {@link Select#run}: receives a value and runs {@code body} with it.
     *
     * @param body the code to run with the value when the case is chosen
     * @return the case
     */
    default Case<Void> onReceiveDo(Consumer<? super T> body) {
        Objects.requireNonNull(body, "onReceiveDo: body is null");
        return onReceive(v -> {
            body.accept(v);
            return null;
        });
    }

    /**
     * A select case for {@link Select#run}: receives and runs {@code body} with value and ok.
     *
     * @param body the code to run with the result when the case is chosen
     * @return the case
     */
    default Case<Void> onReceiveOkDo(Consumer<? super Received<T>> body) {
        Objects.requireNonNull(body, "onReceiveOkDo: body is null");
        return onReceiveOk(r -> {
            body.accept(r);
            return null;
        });
    }

    /**
     * Go's {@code for v := range ch}: an iterator whose {@code hasNext()} blocks until a value
     * arrives (true) or the channel is closed and drained (false).
     *
     * @return a blocking iterator over the values received
     */
    @Override
    Iterator<T> iterator();

    /**
     * The values received until the channel is closed and drained, as a sequential stream. Each
     * element is received when the stream pulls it, so a short-circuiting stream (for example
     * with {@code limit}) receives only what it needs.
     *
     * @return a stream of the values received
     */
    default Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
