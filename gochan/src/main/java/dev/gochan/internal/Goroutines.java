package dev.gochan.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The goroutine registry: every goroutine started with {@code Go.go} is here from start to exit;
 * a thread not started by gochan (a platform thread, a plain virtual thread) is here only while
 * it is blocked in a gochan operation, so foreign threads never leak entries.
 *
 * <p>Lookups happen only on the slow path (when a wait is about to park), never on a handoff
 * that completes without parking.
 */
public final class Goroutines {
    private static final ConcurrentHashMap<Thread, G> ALL = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong(1); // 1 is Go's main goroutine

    private Goroutines() {}

    /** Allocates the next goroutine id. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** Registers a goroutine's record, bound to its (not yet started) thread. */
    public static void register(G g) {
        ALL.put(g.thread(), g);
    }

    /** Removes a goroutine when it exits. */
    public static void unregister(Thread thread) {
        ALL.remove(thread);
    }

    /** The record of the current goroutine, or null for a foreign thread that is not waiting. */
    public static G current() {
        Thread t = Thread.currentThread();
        // A goroutine's record is its thread's uncaught-exception handler: no map lookup on the
        // park path (the map is only for enumeration, and for foreign threads).
        if (t.getUncaughtExceptionHandler() instanceof G g) {
            return g;
        }
        return ALL.get(t);
    }

    /** The id of the current goroutine, or 0 for a thread not started by gochan. */
    public static long currentId() {
        G g = current();
        return g == null || !g.isGoroutine() ? 0L : g.id();
    }

    /**
     * Records that the current thread starts waiting.
     *
     * @return the record to pass to {@link #endWait(G)}
     */
    public static G beginWait(String reason, Object on) {
        return beginWait(reason, on, false);
    }

    /**
     * Records that the current thread starts waiting.
     *
     * @param timed whether the wait ends by itself at a deadline (then it is not "asleep" for
     *     deadlock detection: time alone will wake it)
     * @return the record to pass to {@link #endWait(G)}
     */
    public static G beginWait(String reason, Object on, boolean timed) {
        G g = current();
        if (g == null) {
            Thread t = Thread.currentThread();
            g = new G(0L, t, false);
            ALL.put(t, g);
        }
        g.begin(reason, on, timed);
        return g;
    }

    /** Records that the wait begun by {@link #beginWait} is over. */
    public static void endWait(G g) {
        g.end();
        if (!g.isGoroutine()) {
            ALL.remove(g.thread(), g);
        }
    }

    /** A snapshot of all known goroutines (and foreign threads now waiting). */
    public static List<G> snapshot() {
        Collection<G> values = ALL.values();
        return new ArrayList<>(values);
    }

    /** The number of live goroutines started with {@code Go.go}. */
    public static int count() {
        int n = 0;
        for (G g : ALL.values()) {
            if (g.isGoroutine()) {
                n++;
            }
        }
        return n;
    }
}
