package dev.gochan;

/**
 * The result of a receive that reports whether the channel was still delivering values: Go's
 * {@code v, ok := <-ch}.
 *
 * <p>{@code ok} is {@code true} when {@code value} was sent by a sender. It is {@code false} only
 * when the channel is closed and drained; {@code value} is then {@code null} (Go's zero value).
 * A {@code null} value with {@code ok == true} is a null that a sender sent.
 *
 * @param value the value received, or {@code null} when {@code ok} is false
 * @param ok whether the value came from a send ({@code false}: the channel is closed and empty)
 * @param <T> the element type
 */
public record Received<T>(T value, boolean ok) {

    private static final Received<?> CLOSED = new Received<>(null, false);

    /**
     * The result of a receive from a closed, drained channel: {@code (null, false)}.
     *
     * @param <T> the element type
     * @return the shared closed result
     */
    @SuppressWarnings("unchecked")
    public static <T> Received<T> closed() {
        return (Received<T>) CLOSED;
    }
}
