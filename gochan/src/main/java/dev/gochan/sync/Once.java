package dev.gochan.sync;

import dev.gochan.GoInterruptedException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Performs exactly one action: Go's {@code sync.Once}, plus its helpers {@code OnceFunc},
 * {@code OnceValue} and {@code OnceValues} as the static factories {@link #func},
 * {@link #value} and {@link #values}.
 *
 * <pre>{@code
 * Once once = new Once();                       // var once sync.Once
 * once.run(() -> config = load());              // once.Do(func() { config = load() })
 *
 * Runnable init = Once.func(() -> setup());      // sync.OnceFunc(setup)
 * Supplier<Config> cfg = Once.value(Main::load); // sync.OnceValue(load)
 * Supplier<Once.Values<Conn, Stats>> both =      // sync.OnceValues(open)
 *         Once.values(() -> new Once.Values<>(dial(), stats()));
 * }</pre>
 *
 * <h2>{@code run} (Go's {@code Do})</h2>
 * The first call runs the function; every other call, concurrent or later, does not, and
 * returns only after the first call's function has returned, so every caller sees its effects.
 * If the function throws, the exception reaches the first caller only and the Once still counts
 * as done: later calls return normally without running anything (Go: a panicking {@code f} is
 * not retried). Calling {@code run} on the same Once from inside its function blocks forever,
 * as in Go.
 *
 * <h2>{@code func}, {@code value}, {@code values}</h2>
 * The returned function calls the wrapped one on its first call only. Its outcome is
 * remembered: the value is returned by every call, and if the wrapped function threw, every
 * call throws that same exception object (its stack trace is the first call's). After the
 * first call the wrapped function is no longer referenced. Java has no multiple return values:
 * {@code values} returns a {@link Values} pair; for Go's common {@code (T, error)} result,
 * use {@link #value} and throw.
 *
 * <h2>Blocking and interruption</h2>
 * Callers that arrive while the first call runs wait on an internal {@link Mutex} (wait reason
 * {@code sync.Mutex.Lock}, as in Go's goroutine dumps); interrupted, they throw
 * {@link GoInterruptedException} and nothing ran for them.
 */
public final class Once {
    /*
     * done is written once, under mu, after f returned or threw; a caller that reads it true
     * sees f's effects (volatile write/read), one that reads it false takes mu and rechecks.
     */
    private volatile boolean done;
    private final Mutex mu = new Mutex();

    /** Creates a Once that has not run: Go's zero value {@code var once sync.Once}. */
    public Once() {}

    /**
     * Runs {@code f} if and only if this is the first call of {@code run} on this Once: Go's
     * {@code once.Do(f)}. Blocks until the first call's function has returned.
     *
     * @param f the action; only the first call's is ever run
     * @throws NullPointerException if {@code f} is null
     * @throws GoInterruptedException when interrupted while waiting for the first call
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "once.Do: f");
        if (!done) {
            runSlow(f);
        }
    }

    private void runSlow(Runnable f) {
        mu.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            mu.unlock();
        }
    }

    /**
     * Returns a function that calls {@code f} only once: Go's {@code sync.OnceFunc(f)}. If
     * {@code f} throws, every call of the result throws the same exception.
     *
     * @param f the function to call once
     * @return the once-only function; safe to call from many goroutines
     * @throws NullPointerException if {@code f} is null
     */
    public static Runnable func(Runnable f) {
        Objects.requireNonNull(f, "sync.OnceFunc: f");
        Memo<Void> m = new Memo<>(() -> {
            f.run();
            return null;
        });
        return m::get;
    }

    /**
     * Returns a function that calls {@code f} only once and returns its value on every call:
     * Go's {@code sync.OnceValue(f)}. If {@code f} throws, every call throws the same exception.
     *
     * @param <T> the value's type
     * @param f the function to call once
     * @return the memoizing supplier; safe to call from many goroutines
     * @throws NullPointerException if {@code f} is null
     */
    public static <T> Supplier<T> value(Supplier<? extends T> f) {
        Objects.requireNonNull(f, "sync.OnceValue: f");
        return new Memo<T>(f)::get;
    }

    /**
     * Returns a function that calls {@code f} only once and returns its two values on every
     * call: Go's {@code sync.OnceValues(f)}. If {@code f} throws, every call throws the same
     * exception.
     *
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @param f the function to call once
     * @return the memoizing supplier; safe to call from many goroutines
     * @throws NullPointerException if {@code f} is null
     */
    public static <A, B> Supplier<Values<A, B>> values(Supplier<? extends Values<A, B>> f) {
        Objects.requireNonNull(f, "sync.OnceValues: f");
        return new Memo<Values<A, B>>(f)::get;
    }

    /**
     * The two results of a {@link #values} function: Go's {@code (T1, T2)}.
     *
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @param first the first value
     * @param second the second value
     */
    public record Values<A, B>(A first, B second) {}

    /** The shared implementation of func, value and values: Go's OnceValue. */
    private static final class Memo<T> implements Runnable {
        private final Once once = new Once();
        private Supplier<? extends T> f; // null after the first call: f may be collected
        private T value;
        private Throwable failure;

        Memo(Supplier<? extends T> f) {
            this.f = f;
        }

        T get() {
            once.run(this);
            // once.run returned: run() finished, and its writes are visible (Once's done flag)
            Throwable t = failure;
            if (t != null) {
                throw Memo.<RuntimeException>sneaky(t);
            }
            return value;
        }

        @Override
        public void run() {
            Supplier<? extends T> g = f;
            f = null;
            try {
                value = g.get();
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Rethrows {@code t} as is, even a checked exception thrown sneakily by {@code f}. */
        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
