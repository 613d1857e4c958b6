package dev.gochan.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The goroutine registry: every goroutine started with {@code Go.go} is here from start to exit.
 * A thread not started by gochan (a platform thread, a plain virtual thread) gets a record the
 * first time it parks in a gochan operation; it is listed by {@link #snapshot()} only while it
 * waits.
 *
 * <p>Lookups happen only on the slow path (when a wait is about to park), never on a handoff
 * that completes without parking. A foreign thread keeps its record in a thread-local and stays
 * in the map after its wait: adding and removing a map entry on every park cost more than the
 * handoff itself on one carrier. Records of foreign threads that have ended are swept out
 * whenever the number of foreign records doubles, so the map stays within twice the live
 * threads that ever waited (plus a constant), without a sweep on the park path in between.
 */
public final class Goroutines {
    private static final ConcurrentHashMap<Thread, G> ALL = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong(1); // 1 is Go's main goroutine
    /** The record of the current thread when it is not a goroutine (created at its first park). */
    private static final ThreadLocal<G> FOREIGN = new ThreadLocal<>();
    /** Foreign records added since the last sweep, and the count that triggers the next one. */
    private static final AtomicInteger FOREIGN_ADDED = new AtomicInteger();
    private static volatile int sweepAt = 1024;

    private Goroutines() {}

    /** Allocates the next goroutine id. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** Registers a goroutine's record, bound to its (not yet started) thread. */
    public static void register(G g) {
        g.registered = true; // before the thread starts: its first park sees it
        G old = ALL.put(g.thread(), g);
        if (old != null) {
            old.registered = false;
        }
    }

    /** Removes a goroutine when it exits. */
    public static void unregister(Thread thread) {
        G g = ALL.remove(thread);
        if (g != null) {
            g.registered = false;
        }
    }

    /** The record of the current goroutine, or null for a foreign thread that never parked. */
    public static G current() {
        Thread t = Thread.currentThread();
        // A goroutine's record is its thread's uncaught-exception handler: no map lookup on the
        // park path (the map is only for enumeration).
        if (t.getUncaughtExceptionHandler() instanceof G g) {
            return g;
        }
        return FOREIGN.get();
    }

    /**
     * Whether the current thread holds a foreign thread's record: never for a goroutine (its
     * parks must not take the foreign path), and from its first park on for any other thread.
     */
    public static boolean hasForeignRecord() {
        return FOREIGN.get() != null;
    }

    /** The id of the current goroutine, or 0 for a thread not started by gochan. */
    public static long currentId() {
        G g = current();
        return g == null || !g.isGoroutine() ? 0L : g.id();
    }

    /** The current thread's record, registering a foreign thread on its first call. */
    public static G self() {
        G g = current();
        if (g == null || !g.registered) {
            g = registerForeign(g);
        }
        return g;
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
        return beginWait(self(), reason, on, timed);
    }

    /**
     * Records that the current thread, whose record {@code g} the caller already holds (from
     * {@link #self()}), starts waiting: {@link #beginWait(String, Object, boolean)} without the
     * lookup.
     *
     * @return {@code g}, to pass to {@link #endWait(G)}
     */
    public static G beginWait(G g, String reason, Object on, boolean timed) {
        g.begin(reason, on, timed);
        return g;
    }

    private static G registerForeign(G known) {
        Thread t = Thread.currentThread();
        G g = known != null ? known : new G(0L, t, false);
        FOREIGN.set(g);
        g.registered = true;
        ALL.put(t, g);
        if (FOREIGN_ADDED.incrementAndGet() >= sweepAt) {
            sweepEndedForeignThreads();
        }
        return g;
    }

    /** Drops the records of foreign threads that have ended; amortized over their additions. */
    private static synchronized void sweepEndedForeignThreads() {
        if (FOREIGN_ADDED.get() < sweepAt) {
            return; // another thread swept meanwhile
        }
        int live = 0;
        for (G g : ALL.values()) {
            if (!g.isGoroutine()) {
                if (g.thread().isAlive()) {
                    live++;
                } else {
                    ALL.remove(g.thread(), g);
                }
            }
        }
        FOREIGN_ADDED.set(0);
        sweepAt = Math.max(1024, live);
    }

    /** Records that the wait begun by {@link #beginWait} is over. */
    public static void endWait(G g) {
        g.end();
    }

    /** A snapshot of all known goroutines (and foreign threads now waiting). */
    public static List<G> snapshot() {
        Collection<G> values = ALL.values();
        List<G> out = new ArrayList<>(values.size());
        for (G g : values) {
            if (g.isGoroutine() || g.isWaiting()) {
                out.add(g);
            }
        }
        return out;
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
