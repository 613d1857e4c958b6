package dev.gochan.sync;

import dev.gochan.Go;
import dev.gochan.GoInterruptedException;
import dev.gochan.context.CancelCauseContext;
import dev.gochan.context.Context;
import dev.gochan.internal.SpinLock;
import dev.gochan.internal.WaitQueue;
import dev.gochan.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Objects;

/**
 * A group of goroutines working on subtasks of one task, with the first error collected and,
 * optionally, a context canceled on failure: Go's {@code golang.org/x/sync/errgroup.Group}.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(parent);            // g, ctx := errgroup.WithContext(parent)
 * Context ctx = g.context();
 * for (String url : urls) {
 *     g.go(() -> fetch(ctx, url));                      // g.Go(func() error { ... })
 * }
 * Exception err = g.await();                           // if err := g.Wait(); err != nil { ... }
 * if (err != null) throw err;
 * }</pre>
 *
 * <h2>Errors</h2>
 * A task is a lambda that may throw any {@link Exception}, checked or not; throwing is Go's
 * returning a non-nil error. The first exception thrown by any task is the group's error: it is
 * what {@link #await()} returns (sticky: later {@code await} calls return it too), and, for a
 * group made by {@link #withContext}, the cause of the canceled context. Exceptions thrown by the
 * other tasks are attached to it as {@linkplain Throwable#getSuppressed() suppressed}, so none is
 * lost. An {@link Error} is not an error value but a panic, as in Go (where errgroup does not
 * capture panics): it escapes the task's goroutine to {@link Go#setPanicHandler the panic
 * handler} and is not reported by {@code await} (the task still counts as finished).
 *
 * <h2>Limit</h2>
 * {@link #setLimit(int)} bounds the number of tasks running at once: {@link #go} then blocks
 * until a running task finishes, {@link #tryGo} returns false instead. Tasks waiting in
 * {@code go} are admitted in FIFO order.
 *
 * <h2>Blocking and interruption</h2>
 * {@link #go} (at the limit) and {@link #await} block; if the calling thread is interrupted while
 * blocked they throw {@link GoInterruptedException} with the interrupt status kept, and nothing
 * happened (no task was started; the tasks keep running). Their waits are recorded with Go's wait
 * reasons, "chan send" (Go's errgroup waits on its semaphore channel) and "sync.WaitGroup.Wait".
 *
 * <h2>Go equivalent</h2>
 * {@code new ErrGroup()} is the zero {@code errgroup.Group}: no limit, no context. A group may
 * get more tasks after {@code await} returned, and be awaited again. Unlike Go, {@code setLimit}
 * refuses any change of a non-negative limit while tasks are running, even when there was no
 * limit before (Go checks only when a limit was set, and then deadlocks).
 *
 * <h2>State (guarded by the spin lock {@code lock}: every critical section is a few writes)</h2>
 * <pre>
 *   active   tasks admitted and not finished (a go() caller holding a slot counts, even
 *            before its goroutine started)
 *   limit    maximum of active, or -1 for none
 *   slotq    go() callers waiting for a slot; non-empty only while active >= limit >= 0
 *   waitq    await() callers; non-empty only while active > 0
 *   err      the first error, set once
 * </pre>
 * A finishing task hands its slot directly to the first waiting {@code go} caller (active stays
 * the same), otherwise it decrements {@code active}; reaching 0 releases every awaiter. Waiters
 * are claimed under the lock and completed after it is released.
 */
public final class ErrGroup {
    /**
     * A task of the group: Go's {@code func() error}, where throwing is returning an error.
     */
    @FunctionalInterface
    public interface Task {
        /**
         * Does the work.
         *
         * @throws Exception the task's error
         */
        void run() throws Exception;
    }

    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(ErrGroup.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CancelCauseContext ctx;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private int active;
    private int limit = -1;
    private final WaitQueue slotq = new WaitQueue();
    private final WaitQueue waitq = new WaitQueue();
    private Exception err;

    /** A group with no limit and no context: Go's zero {@code errgroup.Group}. */
    public ErrGroup() {
        this.ctx = null;
    }

    private ErrGroup(CancelCauseContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A group whose {@link #context()} is derived from {@code parent} and is canceled, with the
     * error as its cause, the first time a task fails, or else when {@link #await()} first
     * returns (cause {@link Context#CANCELED}): Go's {@code errgroup.WithContext}.
     *
     * @param parent the parent context
     * @return the new group
     * @throws NullPointerException if {@code parent} is null
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancelCause(parent));
    }

    /**
     * The group's context, to pass to its tasks: the second result of Go's
     * {@code errgroup.WithContext}.
     *
     * @return the derived context of a group made by {@link #withContext}; for a group made with
     *     {@code new ErrGroup()}, {@link Context#background()} (never canceled)
     */
    public Context context() {
        return ctx == null ? Context.background() : ctx;
    }

    /**
     * Runs {@code task} in a new goroutine: Go's {@code g.Go(f)}. If a limit is set and reached,
     * blocks first until a running task finishes.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws GoInterruptedException if interrupted while waiting for a slot (the task was not
     *     started)
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        lock();
        if (limit < 0 || active < limit) {
            active++;
            unlock();
        } else {
            Waiter w = new Waiter(false, null);
            slotq.enqueue(w);
            unlock();
            if (w.await(Waiter.NO_DEADLINE, "chan send", this) != Waiter.COMPLETED) {
                lock();
                slotq.remove(w);
                unlock();
                throw new GoInterruptedException("chan send");
            }
            // the slot was handed over: active already counts this task
        }
        start(task);
    }

    /**
     * Runs {@code task} in a new goroutine only if that does not exceed the limit: Go's
     * {@code g.TryGo(f)}. Never blocks.
     *
     * @param task the task
     * @return true if the task was started, false if the group was at its limit
     * @throws NullPointerException if {@code task} is null
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        lock();
        if (limit >= 0 && active >= limit) {
            unlock();
            return false;
        }
        active++;
        unlock();
        start(task);
        return true;
    }

    /**
     * Limits the number of tasks running at once to {@code n}: Go's {@code g.SetLimit(n)}. A
     * negative {@code n} removes the limit (allowed at any time; callers blocked in {@link #go}
     * are admitted at once). Zero admits no task at all: {@code go} blocks, {@code tryGo} fails.
     *
     * @param n the limit, or negative for none
     * @throws IllegalStateException if {@code n >= 0} while tasks are running, with Go's text
     *     "errgroup: modify limit while N goroutines in the group are still active"
     */
    public void setLimit(int n) {
        lock();
        if (n >= 0 && active != 0) {
            int a = active;
            unlock();
            throw new IllegalStateException(
                    "errgroup: modify limit while " + a + " goroutines in the group are still active");
        }
        limit = n < 0 ? -1 : n;
        ArrayList<Waiter> admitted = null;
        while (limit < 0 || active < limit) {
            Waiter w = slotq.claimFirst();
            if (w == null) {
                break;
            }
            active++;
            if (admitted == null) {
                admitted = new ArrayList<>();
            }
            admitted.add(w);
        }
        unlock();
        if (admitted != null) {
            for (Waiter w : admitted) {
                w.complete(null, true);
            }
        }
    }

    /**
     * Blocks until every task started so far has finished, then cancels the group's context (if
     * any) and returns the first error: Go's {@code g.Wait()}.
     *
     * @return the first exception thrown by a task of this group (ever; with the others'
     *     attached as suppressed), or null if none failed
     * @throws GoInterruptedException if interrupted while waiting (the tasks keep running and
     *     the context is not canceled)
     */
    public Exception await() {
        lock();
        if (active != 0) {
            Waiter w = new Waiter(false, null);
            waitq.enqueue(w);
            unlock();
            if (w.await(Waiter.NO_DEADLINE, "sync.WaitGroup.Wait", this) != Waiter.COMPLETED) {
                lock();
                waitq.remove(w);
                unlock();
                throw new GoInterruptedException("sync.WaitGroup.Wait");
            }
            lock();
        }
        Exception e = err;
        unlock();
        if (ctx != null) {
            ctx.cancel(e);
        }
        return e;
    }

    // ---- internals ---------------------------------------------------------------------------

    private void start(Task task) {
        try {
            Go.go(() -> run(task));
        } catch (RuntimeException | Error e) {
            release(); // the goroutine could not start: give its slot back
            throw e;
        }
    }

    private void run(Task task) {
        try {
            task.run();
        } catch (Exception e) {
            fail(e);
        } finally {
            release();
        }
    }

    /** Records a task's error: the first becomes the group's, later ones its suppressed. */
    private void fail(Exception e) {
        lock();
        Exception first = err;
        if (first == null) {
            err = e;
        }
        unlock();
        if (first == null) {
            if (ctx != null) {
                ctx.cancel(e);
            }
        } else if (first != e) {
            first.addSuppressed(e);
        }
    }

    /** A task finished: hand its slot to a waiting go() caller, or count it out. */
    private void release() {
        Waiter next = null;
        Waiter awaiters = null;
        lock();
        if (limit < 0 || active <= limit) {
            next = slotq.claimFirst();
        }
        if (next == null && --active == 0) {
            awaiters = waitq.claimAll();
        }
        unlock();
        if (next != null) {
            next.complete(null, true);
        }
        Waiter.completeChain(awaiters, null, true);
    }

    private void lock() {
        if (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(LOCK, this);
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    @Override
    public String toString() {
        lock();
        String s = "ErrGroup[active=" + active + ", limit=" + limit + (err != null ? ", failed" : "") + "]";
        unlock();
        return s;
    }
}
