package dev.gochan.internal;

import dev.gochan.Case;
import dev.gochan.RecvChan;
import dev.gochan.Received;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/**
 * A timer channel, Go 1.23 style: the channel of {@code time.NewTimer} and {@code time.After}
 * (one-shot) and of {@code time.NewTicker} and {@code time.Tick} (periodic), with the timer's
 * {@code Stop} and {@code Reset}.
 *
 * <h2>Semantics</h2>
 * Unbuffered ({@code len == cap == 0}). A value is ready when the timer is active and its fire
 * time has passed; the value received is that fire time, not the time it was received. A
 * periodic channel whose reader is slow delivers the oldest pending tick and drops the ones
 * missed meanwhile. A timer that fired but whose value was not received is still active: Stop
 * returns true and the value is never delivered. After Stop or Reset returns, no value of the
 * old setting can be received (there is no buffer that could hold a stale one).
 *
 * <h2>Lazy firing</h2>
 * The timer is not in the clock's heap while nobody waits on it: a receive or select polls the
 * clock ({@code now >= when} means a value is ready). Only a blocked waiter makes the channel
 * schedule itself (it is its own {@link Clock.Entry}) at {@code when}, and it leaves the heap when
 * the last waiter leaves or the timer is stopped. So an unreferenced, unstopped timer keeps
 * nothing alive, and a million selects whose timeout never fires leave no garbage.
 *
 * <h2>State (guarded by the lock)</h2>
 * <ul>
 *   <li>{@code when}: the next fire time on the clock; {@code period}: 0 for a one-shot.</li>
 *   <li>{@code active}: armed and its current value not yet received (Go's "pending"). A
 *       one-shot becomes inactive when its value is received or it is stopped; a periodic one
 *       only when stopped.</li>
 *   <li>{@code recvq}: blocked receivers (select nodes may be stale).</li>
 *   <li>Invariant at every lock release: the channel is in the heap at {@code when} if
 *       {@code active} and {@code recvq} is not empty, and in no heap otherwise (except that the
 *       timer thread may have popped it and be about to call {@link #fire}, which re-establishes
 *       the invariant). {@code scheduledAt} mirrors what this channel last asked the heap for,
 *       to skip redundant heap operations.</li>
 * </ul>
 */
public final class TimerChan extends Clock.Entry implements RecvChan<Instant>, Selectable {
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(TimerChan.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code scheduledAt} value meaning "not asked to be in the heap". */
    private static final long UNSCHEDULED = Long.MIN_VALUE;

    private final long id = LockOrder.next();
    private final Clock clock;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private long period;
    private long when;
    private boolean active = true;
    private long scheduledAt = UNSCHEDULED;
    private final WaitQueue recvq = new WaitQueue();

    private TimerChan(Clock clock, long when, long period) {
        this.clock = clock;
        this.when = when;
        this.period = period;
    }

    /**
     * A one-shot timer channel that delivers its fire time {@code nanos} from now: Go's
     * {@code time.NewTimer(d).C} and {@code time.After(d)}. Zero or negative durations are ready
     * at once.
     */
    public static TimerChan after(Clock clock, long nanos) {
        return new TimerChan(clock, clock.deadlineAfter(nanos), 0L);
    }

    /** A channel that delivers a tick every {@code period} nanoseconds (> 0): Go's {@code time.NewTicker}. */
    public static TimerChan tick(Clock clock, long period) {
        requirePositive(period);
        return new TimerChan(clock, clock.deadlineAfter(period), period);
    }

    private static void requirePositive(long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("non-positive interval for tick: " + period + "ns");
        }
    }

    /**
     * Stops the timer: Go's {@code Timer.Stop} (and {@code Ticker.Stop}). No value can be received
     * afterwards until a {@link #reset}; receivers already blocked stay blocked.
     *
     * @return whether the timer was active: armed, and (for a one-shot) its value not received,
     *     even if its fire time has passed
     */
    public boolean stop() {
        lock();
        try {
            boolean was = active;
            active = false;
            syncWakeup();
            return was;
        } finally {
            unlock();
        }
    }

    /**
     * Re-arms the timer to fire {@code nanos} from now: Go's {@code Timer.Reset} (and, for a
     * periodic channel, {@code Ticker.Reset}, which also makes {@code nanos} the new period). A
     * value due under the old setting but not yet received is discarded.
     *
     * @param nanos the delay (for a periodic channel: the new period, > 0)
     * @return whether the timer was active before (see {@link #stop()})
     * @throws IllegalArgumentException for a non-positive period of a periodic channel
     */
    public boolean reset(long nanos) {
        lock();
        try {
            if (period != 0L) {
                requirePositive(nanos);
                period = nanos;
            }
            boolean was = active;
            when = clock.deadlineAfter(nanos);
            active = true;
            syncWakeup();
            return was;
        } finally {
            unlock();
        }
    }

    @Override
    public long lockOrder() {
        return id;
    }

    @Override
    public void lock() {
        if (!LOCK.weakCompareAndSetAcquire(this, 0, 1)) {
            SpinLock.lockSlow(LOCK, this);
        }
    }

    @Override
    public void unlock() {
        LOCK.setRelease(this, 0);
    }

    /** Under the lock: takes the pending value if the timer has fired, advancing the state. */
    private Instant takeIfFired(long now) {
        if (!active || now < when) {
            return null;
        }
        Instant v = clock.instantAt(when);
        if (period == 0L) {
            active = false;
        } else {
            // deliver the oldest pending tick; drop the ones missed since
            long missed = (now - when) / period;
            long next = when + (missed + 1) * period;
            when = next < when ? Long.MAX_VALUE : next;
        }
        return v;
    }

    /** Under the lock: puts the channel in the heap at {@code when} or takes it out (see the invariant). */
    private void syncWakeup() {
        if (active && !recvq.isEmpty() && when != Long.MAX_VALUE) {
            if (scheduledAt != when) {
                clock.schedule(this, when);
                scheduledAt = when;
            }
        } else if (scheduledAt != UNSCHEDULED) {
            clock.cancel(this);
            scheduledAt = UNSCHEDULED;
        }
    }

    @Override
    public int pollRecv(Waiter g) {
        Instant v = takeIfFired(clock.nanoTime());
        if (v == null) {
            return NOT_READY;
        }
        syncWakeup();
        g.setPolled(v, true);
        return READY;
    }

    /** A select's first pass: {@link #pollRecv} without a group waiter to fill. */
    @Override
    public Object pollRecvNow() {
        lock();
        Instant v = takeIfFired(clock.nanoTime());
        if (v != null) {
            syncWakeup();
        }
        unlock();
        return v == null ? NO_VALUE : v;
    }

    @Override
    public int pollSend(Waiter g, Object value) {
        throw new IllegalStateException("send on a receive-only timer channel");
    }

    @Override
    public void enqueue(Waiter node) {
        recvq.enqueue(node);
        syncWakeup();
    }

    @Override
    public void dequeue(Waiter node) {
        recvq.remove(node);
        syncWakeup();
    }

    /** Runs on the timer thread once {@code when} has passed: hands the value to the first live waiter. */
    @Override
    protected void fire(long now) {
        Waiter w = null;
        Instant v = null;
        lock();
        try {
            scheduledAt = UNSCHEDULED; // popped from the heap (or re-added by a racing reset: then
                                       // syncWakeup below merely confirms the heap position)
            if (active && now >= when) {
                w = recvq.claimFirst(); // drops stale select nodes; null leaves recvq empty
                if (w != null) {
                    v = takeIfFired(now);
                }
            }
            syncWakeup();
        } finally {
            unlock();
        }
        if (w != null) {
            w.complete(v, true);
        }
    }

    // ---- RecvChan ----------------------------------------------------------------------------

    @Override
    public Instant receive() {
        Selector.Outcome out = new Selector.Outcome();
        Selector.receive(this, Waiter.NO_DEADLINE, "chan receive", out);
        return (Instant) out.value;
    }

    @Override
    public Received<Instant> receiveOk() {
        return new Received<>(receive(), true);
    }

    @Override
    public Optional<Received<Instant>> tryReceive() {
        Selector.Outcome out = new Selector.Outcome();
        return Selector.receive(this, 0L, "chan receive", out)
                ? Optional.of(new Received<>((Instant) out.value, true))
                : Optional.empty();
    }

    @Override
    public Optional<Received<Instant>> tryReceive(Duration timeout) {
        Selector.Outcome out = new Selector.Outcome();
        return Selector.receive(this, Durations.deadline(timeout, "tryReceive"), "chan receive", out)
                ? Optional.of(new Received<>((Instant) out.value, true))
                : Optional.empty();
    }

    /** Always 0: the channel is unbuffered (Go 1.23's timer channels). */
    @Override
    public int len() {
        return 0;
    }

    /** Always 0: the channel is unbuffered (Go 1.23's timer channels). */
    @Override
    public int cap() {
        return 0;
    }

    @Override
    public <R> Case<R> onReceive(Function<? super Instant, ? extends R> f) {
        return SelectCase.recv(this, f);
    }

    @Override
    public <R> Case<R> onReceiveOk(Function<? super Received<Instant>, ? extends R> f) {
        return SelectCase.recvOk(this, f);
    }

    @Override
    public Iterator<Instant> iterator() {
        return new RecvIterator<>(this);
    }

    @Override
    public String toString() {
        return (period == 0L ? "time.Timer" : "time.Ticker") + "#" + id + ".C";
    }
}
