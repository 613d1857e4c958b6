package dev.gochan;

import java.util.function.Function;

/**
 * A typed channel: Go's {@code chan T}. Goroutines send values into it and receive them from it;
 * an unbuffered channel hands each value over directly (sender and receiver meet), a buffered one
 * queues up to {@link #cap()} values in FIFO order.
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make();          // ch := make(chan string)
 * Go.go(() -> ch.send("Hello"));           // go func() { ch <- "Hello" }()
 * String msg = ch.receive();               // msg := <-ch
 *
 * Chan<Integer> jobs = Chan.make(100);     // jobs := make(chan int, 100)
 * jobs.close();                            // close(jobs)
 * for (int j : jobs) { ... }               // for j := range jobs { ... }
 * }</pre>
 *
 * <p>A {@code Chan} is both a {@link SendChan} and a {@link RecvChan}; pass {@link #sendOnly()} or
 * {@link #recvOnly()} to code that should only do one (Go's {@code chan<- T} and {@code <-chan T}).
 * All operations are safe for any number of concurrent senders and receivers. Waiting senders
 * and receivers are served in FIFO order. See {@link SendChan} and {@link RecvChan} for what each
 * operation does when it blocks, when the channel is closed, and on the nil channel.
 *
 * <p>Which one: unbuffered when the sender must know the value was taken (synchronization);
 * buffered when sender and receiver should be decoupled by a known burst size. When in doubt,
 * start unbuffered and measure (see {@code docs/which-tool-when.md}).
 *
 * @param <T> the element type ({@code null} elements are allowed; {@code Chan<Void>} carries
 *     pure signals, like Go's {@code chan struct{}})
 */
public abstract class Chan<T> implements SendChan<T>, RecvChan<T> {
    /**
     * The case {@link #onReceive()} returns, made once: it is immutable (final fields, so a racy
     * first publication is safe) and a select loop asks for it on every iteration.
     */
    private Case<T> receiveCase;

    Chan() {}

    /**
     * A select case whose result is the value received (null once closed and drained): Go's
     * {@code case v := <-ch:}. The same case object every time (cases are immutable and may be
     * reused in any number of selects), so a select loop allocates none for it.
     *
     * @return the case
     */
    @Override
    public Case<T> onReceive() {
        Case<T> c = receiveCase;
        if (c == null) {
            c = onReceive(Function.identity());
            receiveCase = c;
        }
        return c;
    }

    /**
     * Makes an unbuffered channel: Go's {@code make(chan T)}.
     *
     * @param <T> the element type
     * @return a new open channel with capacity 0
     */
    public static <T> Chan<T> make() {
        return new HChan<>();
    }

    /**
     * Makes a channel with a buffer of {@code capacity} values: Go's {@code make(chan T, n)}.
     * Capacity 0 makes an unbuffered channel.
     *
     * @param capacity the buffer size, 0 or more
     * @param <T> the element type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative or larger than any JVM
     *     array can be (Go panics with "makechan: size out of range")
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("makechan: size out of range: capacity " + capacity
                    + (capacity < 0 ? " is negative" : " exceeds the largest buffer, " + MAX_CAPACITY));
        }
        return capacity == 0 ? new HChan<>() : new BufChan<>(capacity);
    }

    /**
     * The largest buffer: the JDK's own soft limit on array lengths. A larger request would fail
     * with an {@code OutOfMemoryError} ("Requested array size exceeds VM limit"), an Error where
     * Go panics with an ordinary, recoverable "makechan: size out of range".
     */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    /**
     * The nil channel: Go's {@code var ch chan T} (a channel variable that was never made). Every
     * send and receive on it blocks forever, its select cases are never chosen (use it to switch
     * a case off), and {@code close} throws {@link NilChanException}. One shared instance.
     *
     * @param <T> the element type
     * @return the nil channel
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NilChan.INSTANCE;
    }

    /**
     * A send-only view of this channel: Go's conversion to {@code chan<- T}. The view cannot be
     * cast back to a {@code Chan} or a {@code RecvChan}.
     *
     * @return a view that sends to and closes this channel
     */
    public SendChan<T> sendOnly() {
        return new SendView<>(this);
    }

    /**
     * A receive-only view of this channel: Go's conversion to {@code <-chan T}. The view cannot be
     * cast back to a {@code Chan} or a {@code SendChan}.
     *
     * @return a view that receives from this channel
     */
    public RecvChan<T> recvOnly() {
        return new RecvView<>(this);
    }
}
