package dev.gochan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the runtime knows of one goroutine: its id, its thread, and what it is blocked on. This is
 * the single wait record that the goroutine dump, deadlock detection, leak checks and virtual
 * time read.
 *
 * <p>The wait fields are written only by the goroutine itself ({@link Goroutines#beginWait} and
 * {@link Goroutines#endWait}) and read by anyone. They are plain fields published by a release
 * write of {@code waiting} and read after an acquire read of it, so a reader that sees a wait
 * sees its reason and object (or those of a later wait: consistent enough for a dump).
 * No full fence on the park path: these writes happen on every park, and nothing here needs a
 * store-load order (readers poll; none of them decides a wake-up).
 */
public final class G implements Thread.UncaughtExceptionHandler {
    private final long id;
    /** Set once, before the goroutine's thread starts (Thread.start orders it for the thread). */
    private Thread thread;
    private final boolean goroutine;
    private String waitReason;
    private Object waitingOn;
    /** Read and written through {@link #WAIT_SINCE}; 0 until a reader first observes the wait. */
    @SuppressWarnings("unused")
    private long waitSinceNanos;
    /** Read and written through {@link #WAITING} (acquire / release). */
    @SuppressWarnings("unused")
    private boolean waiting;
    private boolean timed;
    /** Incremented at every wait start: a watcher that sees it unchanged saw no progress. */
    @SuppressWarnings("unused")
    private long waitSeq;
    /**
     * Whether this record is in the registry's map (see {@link Goroutines}). Written by the
     * registry: for a goroutine before its thread starts; for a foreign thread by itself.
     */
    boolean registered;

    private static final VarHandle WAITING;
    private static final VarHandle WAIT_SEQ;
    private static final VarHandle WAIT_SINCE;
    private static final VarHandle HANDOFF;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITING = l.findVarHandle(G.class, "waiting", boolean.class);
            WAIT_SEQ = l.findVarHandle(G.class, "waitSeq", long.class);
            WAIT_SINCE = l.findVarHandle(G.class, "waitSinceNanos", long.class);
            HANDOFF = l.findVarHandle(G.class, "handoff", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A goroutine's record, bound to its thread with {@link #bind} before the thread starts. The
     * record is also the thread's uncaught-exception handler: that is how a goroutine finds its
     * own record without a map lookup (see {@link Goroutines#current()}).
     */
    public G(long id) {
        this(id, null, true);
    }

    G(long id, Thread thread, boolean goroutine) {
        this.id = id;
        this.thread = thread;
        this.goroutine = goroutine;
    }

    /** The goroutine id ({@code goroutine-<id>}); 0 for a thread not started by gochan. */
    public long id() {
        return id;
    }

    /** Binds this record to its thread; called once, before the thread starts. */
    public void bind(Thread t) {
        this.thread = t;
    }

    /**
     * Not reached in practice: {@code Go.go} catches everything its body throws and reports it
     * as a panic. Kept as a last resort so nothing escapes silently.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        System.err.println("panic: " + e + "\n\ngoroutine " + id + " [running]:");
        e.printStackTrace();
    }

    /** The thread that runs this goroutine. */
    public Thread thread() {
        return thread;
    }

    /** Whether this was started with {@code Go.go} (else a foreign thread, known while it waits). */
    public boolean isGoroutine() {
        return goroutine;
    }

    /** Whether the goroutine is blocked in a gochan operation right now. */
    public boolean isWaiting() {
        return (boolean) WAITING.getAcquire(this);
    }

    /** Go's wait reason ("chan receive", "select", "sleep", ...), or null when running. */
    public String waitReason() {
        return isWaiting() ? waitReason : null;
    }

    /** What it waits on (a channel, a lock), or null. */
    public Object waitingOn() {
        return isWaiting() ? waitingOn : null;
    }

    /**
     * The {@link Clock#current()} reading when the current wait was first <em>observed</em> (by a
     * dump, a leak check: whoever calls this): Go's {@code waitsince}, which Go's runtime also
     * sets lazily. A park does not read the clock: that reading cost about a fifth of a whole
     * unbuffered handoff on one carrier. So "waited" is measured from the first observation; a
     * caller that polls (a leak check) sees it grow from there.
     *
     * @return the reading, or 0 when not waiting
     */
    public long waitSinceNanos() {
        if (!isWaiting()) {
            return 0L;
        }
        long since = (long) WAIT_SINCE.getAcquire(this);
        if (since != 0L) {
            return since;
        }
        long now = Clock.current().nanoTime();
        if (now == 0L) {
            now = 1L; // 0 means "not observed yet"
        }
        // A racing begin() of a new wait resets it to 0 after us: the next reader sets it again.
        long witness = (long) WAIT_SINCE.compareAndExchange(this, 0L, now);
        return witness == 0L ? now : witness;
    }

    /** The number of waits begun so far (changes whenever the goroutine made progress). */
    public long waitSeq() {
        return (long) WAIT_SEQ.getAcquire(this);
    }

    /** Whether the current wait ends by itself at a deadline (a sleep, a timed receive). */
    public boolean isTimedWait() {
        return isWaiting() && timed;
    }

    // ---- the handoff: where a channel's slot completes this goroutine (ADR 0013) --------------

    /** {@link #handoff()} while the owner waits for its counterpart. */
    public static final Object HANDOFF_WAITING = new Object();
    /**
     * The result of this goroutine's current wait in a channel's slot, {@link #HANDOFF_WAITING}
     * until a counterpart delivers it. Only the owner reads it while it waits, so it spins on a
     * line of its own; one counterpart writes it, once per wait, under the channel's lock.
     */
    @SuppressWarnings("unused") // accessed through HANDOFF
    private volatile Object handoff;

    /**
     * Starts a wait: called by the owner before it publishes itself in a slot (the publication,
     * under the channel's lock, orders this store before any delivery).
     */
    public void handoffReset() {
        HANDOFF.setRelease(this, HANDOFF_WAITING);
    }

    /** The current wait's result, or {@link #HANDOFF_WAITING} while it has none. */
    public Object handoff() {
        return HANDOFF.getAcquire(this);
    }

    /**
     * Delivers the result of the current wait: by the one counterpart that completed it, under
     * the channel's lock (whose unlock then publishes it before the slot can change again).
     */
    public void handoffDeliver(Object result) {
        HANDOFF.setRelease(this, result);
    }

    void begin(String reason, Object on, boolean timed) {
        this.timed = timed;
        waitReason = reason;
        waitingOn = on;
        WAIT_SINCE.setRelease(this, 0L); // observed lazily (see waitSinceNanos)
        WAIT_SEQ.setRelease(this, (long) WAIT_SEQ.get(this) + 1);
        WAITING.setRelease(this, true);
    }

    void end() {
        WAITING.setRelease(this, false);
        waitingOn = null;
    }

    @Override
    public String toString() {
        String r = waitReason();
        return "goroutine " + id + " [" + (r == null ? "running" : r) + "]";
    }
}
