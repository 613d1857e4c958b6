package dev.gochan.internal;

/**
 * What the runtime knows of one goroutine: its id, its thread, and what it is blocked on. This is
 * the single wait record that the goroutine dump, deadlock detection, leak checks and virtual
 * time read.
 *
 * <p>The wait fields are written only by the goroutine itself ({@link Goroutines#beginWait} and
 * {@link Goroutines#endWait}) and read by anyone; they are volatile so a reader sees a
 * consistent-enough snapshot (reason and since are set before {@code waiting}).
 */
public final class G implements Thread.UncaughtExceptionHandler {
    private final long id;
    /** Set once, before the goroutine's thread starts (Thread.start orders it for the thread). */
    private Thread thread;
    private final boolean goroutine;
    private volatile String waitReason;
    private volatile Object waitingOn;
    private volatile long waitSinceNanos;
    private volatile boolean waiting;
    private volatile boolean timed;
    /** Incremented at every wait start: a watcher that sees it unchanged saw no progress. */
    private volatile long waitSeq;

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
        return waiting;
    }

    /** Go's wait reason ("chan receive", "select", "sleep", ...), or null when running. */
    public String waitReason() {
        return waiting ? waitReason : null;
    }

    /** What it waits on (a channel, a lock), or null. */
    public Object waitingOn() {
        return waiting ? waitingOn : null;
    }

    /** The {@link Clock#current()} reading when the current wait began. */
    public long waitSinceNanos() {
        return waitSinceNanos;
    }

    /** The number of waits begun so far (changes whenever the goroutine made progress). */
    public long waitSeq() {
        return waitSeq;
    }

    /** Whether the current wait ends by itself at a deadline (a sleep, a timed receive). */
    public boolean isTimedWait() {
        return waiting && timed;
    }

    void begin(String reason, Object on, boolean timed) {
        this.timed = timed;
        waitSeq = waitSeq + 1;
        waitReason = reason;
        waitingOn = on;
        waitSinceNanos = Clock.current().nanoTime();
        waiting = true;
    }

    void end() {
        waiting = false;
        waitingOn = null;
    }

    @Override
    public String toString() {
        String r = waitReason();
        return "goroutine " + id + " [" + (r == null ? "running" : r) + "]";
    }
}
