package dev.gochan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The one clock that every gochan timer, sleep and deadline reads, and the one place where
 * wake-ups are scheduled. Nothing else in the library calls {@link System#nanoTime()} or parks
 * with a timeout on its own, so a virtual-time test bubble can substitute a clock of its own
 * (a subclass that implements {@link #nanoTime()}, {@link #needsWake(long)} and {@link #wake()}
 * and advances by calling {@link #runDue(long)}).
 *
 * <h2>Timer heap</h2>
 * Wake-ups are intrusive {@link Entry entries} (a timer channel is its own entry, so scheduling
 * allocates nothing) in a binary min-heap ordered by deadline. Only waits that actually block
 * schedule anything: a timer channel nobody waits on occupies no slot, and a cancelled entry is
 * removed at once, so the heap holds exactly the pending wake-ups and a million selects whose
 * timeout never fires leave nothing behind. The system clock fires due entries on one daemon
 * platform thread ("gochan-timer"), started on first use; a million pending timers need one
 * thread, not a million.
 *
 * <h2>Invariants (heap fields guarded by the heap lock)</h2>
 * <ul>
 *   <li>{@code e.heapIndex >= 0} iff {@code e} is in the heap, and then {@code heap[e.heapIndex] == e}.</li>
 *   <li>Every entry's deadline is no earlier than its parent's: {@code heap[0]} is the earliest.</li>
 *   <li>{@link #schedule} and {@link #cancel} are idempotent: scheduling an entry that is already
 *       in the heap moves it; cancelling one that is not there does nothing.</li>
 *   <li>Entries are popped under the heap lock and fired after it is released, so {@link Entry#fire}
 *       may schedule or cancel entries (its own included).</li>
 * </ul>
 * Lock order: the lock of an entry's owner (a timer channel's) may be held while taking the heap
 * lock, never the reverse. The heap lock is a spin lock: its holders never park, and every
 * critical section is a few array moves (O(log n)).
 */
public abstract class Clock {

    /**
     * A wake-up that can be put in a clock's heap. Subclasses decide what firing means (hand a
     * value to a waiter, start a goroutine, unpark a thread).
     */
    public abstract static class Entry {
        /** Deadline on the clock; meaningful while in the heap. Guarded by the heap lock. */
        private long deadline;
        /** Index in the heap, or -1 when not in it. Guarded by the heap lock. */
        private int heapIndex = -1;

        /** Creates an entry that is not scheduled. */
        protected Entry() {}

        /**
         * Runs when the deadline has passed, after the entry was removed from the heap, without
         * the heap lock held. Must be short and never block: it hands values over and unparks.
         * It must check the owner's current state: a concurrent reschedule may have raced with it.
         *
         * @param now the clock reading at which the entry was found due ({@code >=} its deadline)
         */
        protected abstract void fire(long now);
    }

    private static final Clock SYSTEM = new SystemClock();
    static {
        // Start the timer thread now, not lazily from the first schedule(): a schedule() can run
        // while a select holds its channels' spin locks, and lock holders must never block
        // (starting a thread takes a monitor and may park).
        ((SystemClock) SYSTEM).start();
    }

    private static final VarHandle HEAP_LOCK;
    static {
        try {
            HEAP_LOCK = MethodHandles.lookup().findVarHandle(Clock.class, "heapLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int MIN_CAPACITY = 64;

    private final Instant epoch;
    private final long epochNanos;

    @SuppressWarnings("unused") // accessed through HEAP_LOCK
    private volatile int heapLock;
    private Entry[] heap = new Entry[MIN_CAPACITY];
    private int size;

    /**
     * Creates a clock whose reading {@code epochNanos} corresponds to the instant {@code epoch}.
     *
     * @param epoch the instant of the reading {@code epochNanos}
     * @param epochNanos a reading of {@link #nanoTime()}
     */
    protected Clock(Instant epoch, long epochNanos) {
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.epochNanos = epochNanos;
    }

    /** The clock in force for the current goroutine (today always the system clock). */
    public static Clock current() {
        return SYSTEM;
    }

    /** The system's monotonic clock. */
    public static Clock system() {
        return SYSTEM;
    }

    /** Monotonic time in nanoseconds (comparable only with other readings of this clock). */
    public abstract long nanoTime();

    /** The instant that corresponds to a {@link #nanoTime()} reading. */
    public final Instant instantAt(long nanos) {
        return epoch.plusNanos(nanos - epochNanos);
    }

    /**
     * The current instant. For the system clock it is derived from the monotonic clock (fixed to
     * the wall clock once, when the clock starts), so it never jumps and agrees with the fire
     * times that timers deliver.
     */
    public final Instant now() {
        return instantAt(nanoTime());
    }

    /**
     * A deadline {@code d} nanoseconds from now, saturating instead of overflowing (Go's
     * {@code Sleep(1<<63-1)} never fires; a huge negative duration is "now").
     */
    public final long deadlineAfter(long d) {
        long now = nanoTime();
        long t = now + d;
        if (d > 0 && t < now) {
            return Long.MAX_VALUE;
        }
        if (d < 0 && t > now) {
            return now;
        }
        return t;
    }

    /**
     * Parks the current thread until {@code deadlineNanos} at the latest. Like
     * {@link LockSupport#parkNanos}, it may return early (an unpark, a spurious wake-up): callers
     * recheck their condition and the clock in a loop.
     *
     * <p>This implementation schedules an entry that unparks the thread; the system clock
     * overrides it with a plain {@link LockSupport#parkNanos}.
     *
     * @param blocker the object the thread waits on (for thread dumps)
     * @param deadlineNanos when to wake at the latest, on this clock
     */
    public void parkUntil(Object blocker, long deadlineNanos) {
        Thread t = Thread.currentThread();
        Entry e = new Entry() {
            @Override
            protected void fire(long now) {
                LockSupport.unpark(t);
            }
        };
        schedule(e, deadlineNanos);
        try {
            LockSupport.park(blocker);
        } finally {
            cancel(e);
        }
    }

    // ---- the heap ----------------------------------------------------------------------------

    /**
     * Makes {@code e} fire at {@code deadlineNanos}: inserts it, or moves it if it is already
     * scheduled. A deadline of {@link Long#MAX_VALUE} means never: the entry is removed.
     */
    public final void schedule(Entry e, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            cancel(e);
            return;
        }
        boolean wake;
        lockHeap();
        try {
            int i = e.heapIndex;
            if (i < 0) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, size * 2);
                }
                e.deadline = deadlineNanos;
                siftUp(size++, e);
            } else if (deadlineNanos != e.deadline) {
                long old = e.deadline;
                e.deadline = deadlineNanos;
                if (deadlineNanos < old) {
                    siftUp(i, e);
                } else {
                    siftDown(i, e);
                }
            }
            wake = heap[0] == e && needsWake(deadlineNanos);
        } finally {
            unlockHeap();
        }
        if (wake) {
            wake();
        }
    }

    /** Removes {@code e} from the heap if it is there; harmless otherwise. */
    public final void cancel(Entry e) {
        lockHeap();
        try {
            if (e.heapIndex >= 0) {
                removeAt(e.heapIndex);
            }
        } finally {
            unlockHeap();
        }
    }

    /** The number of pending wake-ups (for tests and diagnostics). */
    public final int pendingTimers() {
        lockHeap();
        try {
            return size;
        } finally {
            unlockHeap();
        }
    }

    /** The earliest pending deadline, or {@link Long#MAX_VALUE} when nothing is pending. */
    public final long nextDeadline() {
        lockHeap();
        try {
            return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
        } finally {
            unlockHeap();
        }
    }

    /**
     * Fires every entry whose deadline is at or before {@code now}, including entries that
     * become due while firing (for a clock advanced by hand).
     *
     * @param now the reading to fire up to
     * @return the number of entries fired
     */
    protected final int runDue(long now) {
        Entry[] batch = new Entry[64];
        int total = 0;
        int n;
        while ((n = popDue(now, batch)) > 0) {
            fireAll(batch, n, now);
            total += n;
        }
        return total;
    }

    /**
     * Called with the heap lock held when {@code deadline} became the earliest deadline: whether
     * whoever fires entries must be woken (then {@link #wake()} is called after the lock is
     * released). Must not block.
     */
    protected abstract boolean needsWake(long deadline);

    /** Wakes whoever fires entries; called without the heap lock after {@link #needsWake} said so. */
    protected abstract void wake();

    /** Pops up to {@code out.length} due entries into {@code out}; returns how many. */
    private int popDue(long now, Entry[] out) {
        int n = 0;
        lockHeap();
        try {
            while (n < out.length && size > 0 && heap[0].deadline <= now) {
                out[n++] = heap[0];
                removeAt(0);
            }
        } finally {
            unlockHeap();
        }
        return n;
    }

    private static void fireAll(Entry[] batch, int n, long now) {
        for (int i = 0; i < n; i++) {
            Entry e = batch[i];
            batch[i] = null;
            try {
                e.fire(now);
            } catch (Throwable t) {
                // An entry must not throw; if one does, the others still fire.
                Thread ct = Thread.currentThread();
                ct.getUncaughtExceptionHandler().uncaughtException(ct, t);
            }
        }
    }

    private void removeAt(int i) {
        Entry[] h = heap;
        Entry gone = h[i];
        gone.heapIndex = -1;
        int last = --size;
        Entry moved = h[last];
        h[last] = null;
        if (i != last) {
            if (i > 0 && moved.deadline < h[(i - 1) >>> 1].deadline) {
                siftUp(i, moved);
            } else {
                siftDown(i, moved);
            }
        }
        if (size < h.length >>> 2 && h.length > MIN_CAPACITY) {
            heap = Arrays.copyOf(h, h.length >>> 1); // do not keep a huge array after a burst
        }
    }

    private void siftUp(int i, Entry e) {
        Entry[] h = heap;
        long d = e.deadline;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = h[parent];
            if (p.deadline <= d) {
                break;
            }
            h[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        h[i] = e;
        e.heapIndex = i;
    }

    private void siftDown(int i, Entry e) {
        Entry[] h = heap;
        long d = e.deadline;
        int n = size;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Entry c = h[child];
            int right = child + 1;
            if (right < n && h[right].deadline < c.deadline) {
                child = right;
                c = h[right];
            }
            if (d <= c.deadline) {
                break;
            }
            h[i] = c;
            c.heapIndex = i;
            i = child;
        }
        h[i] = e;
        e.heapIndex = i;
    }

    private void lockHeap() {
        if (!HEAP_LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(HEAP_LOCK, this);
        }
    }

    private void unlockHeap() {
        HEAP_LOCK.setRelease(this, 0);
    }

    // ---- the system clock --------------------------------------------------------------------

    /**
     * The monotonic system clock. Its timer thread pops due entries in batches and fires them
     * outside the heap lock; it sleeps until the earliest deadline, and whoever schedules an
     * earlier one wakes it.
     */
    private static final class SystemClock extends Clock {
        private static final int BATCH = 256;

        /** The timer thread, once started. */
        private volatile Thread timer;
        /**
         * The deadline the timer thread sleeps until ({@link Long#MAX_VALUE}: no deadline), or
         * {@link Long#MIN_VALUE} while it is awake and will look at the heap again before it
         * sleeps. Guarded by the heap lock.
         */
        private long sleepingUntil = Long.MIN_VALUE;

        SystemClock() {
            super(Instant.now(), System.nanoTime());
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(Object blocker, long deadlineNanos) {
            LockSupport.parkNanos(blocker, deadlineNanos - System.nanoTime());
        }

        @Override
        protected boolean needsWake(long deadline) {
            if (timer == null) {
                return true;
            }
            if (deadline < sleepingUntil) {
                sleepingUntil = Long.MIN_VALUE; // one wake-up is enough
                return true;
            }
            return false;
        }

        @Override
        protected void wake() {
            Thread t = timer;
            if (t == null) {
                t = start();
            }
            LockSupport.unpark(t);
        }

        private synchronized Thread start() {
            Thread t = timer;
            if (t == null) {
                t = Thread.ofPlatform().name("gochan-timer").daemon(true).unstarted(this::loop);
                t.start();
                timer = t;
            }
            return t;
        }

        private void loop() {
            Entry[] batch = new Entry[BATCH];
            for (;;) {
                long now = System.nanoTime();
                int n = super.popDue(now, batch);
                if (n > 0) {
                    fireAll(batch, n, now);
                    continue;
                }
                long next;
                super.lockHeap();
                try {
                    next = super.size == 0 ? Long.MAX_VALUE : super.heap[0].deadline;
                    sleepingUntil = next;
                } finally {
                    super.unlockHeap();
                }
                if (next == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, next - System.nanoTime());
                }
                super.lockHeap();
                sleepingUntil = Long.MIN_VALUE;
                super.unlockHeap();
            }
        }
    }
}
