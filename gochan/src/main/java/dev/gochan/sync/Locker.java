package dev.gochan.sync;

import java.util.function.Supplier;

/**
 * Something that can be locked and unlocked: Go's {@code sync.Locker}.
 *
 * <p>Implemented by {@link Mutex}, by {@link RWMutex} (its write lock) and by
 * {@link RWMutex#rLocker()} (its read lock). A {@link Cond} is bound to one.
 *
 * <p>Unlike {@link java.util.concurrent.locks.Lock}, a Go lock is not owned by a goroutine: it
 * is not reentrant (locking it twice from one goroutine blocks forever), and any goroutine may
 * unlock it.
 */
public interface Locker {
    /**
     * Acquires the lock, blocking until it is available.
     *
     * @throws dev.gochan.GoInterruptedException when interrupted while blocked (the lock was not
     *     taken; the interrupt status stays set)
     */
    void lock();

    /**
     * Releases the lock.
     *
     * @throws FatalError when the lock is not held (Go's fatal "unlock of unlocked" errors)
     */
    void unlock();

    /**
     * Runs {@code body} holding the lock: {@code mu.Lock(); defer mu.Unlock(); body()}.
     *
     * <p>Blocks like {@link #lock()}; the lock is released however {@code body} ends.
     *
     * @param body what to run under the lock
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the lock
     *     ({@code body} did not run)
     */
    default void withLock(Runnable body) {
        lock();
        try {
            body.run();
        } finally {
            unlock();
        }
    }

    /**
     * Computes a value holding the lock, and returns it:
     * {@code mu.Lock(); defer mu.Unlock(); return body()}.
     *
     * <p>Blocks like {@link #lock()}; the lock is released however {@code body} ends.
     *
     * @param <T> the value's type
     * @param body what to compute under the lock
     * @return what {@code body} returned
     * @throws dev.gochan.GoInterruptedException when interrupted while waiting for the lock
     *     ({@code body} did not run)
     */
    default <T> T withLock(Supplier<? extends T> body) {
        lock();
        try {
            return body.get();
        } finally {
            unlock();
        }
    }
}
