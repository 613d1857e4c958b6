package dev.gochan.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one source of {@link Selectable#lockOrder()} keys. Select locks its channels in increasing
 * key order, so keys must be unique across every channel kind; a single counter guarantees it.
 */
public final class LockOrder {
    private static final AtomicLong NEXT = new AtomicLong();

    private LockOrder() {}

    /** A key no other channel has. */
    public static long next() {
        return NEXT.incrementAndGet();
    }
}
