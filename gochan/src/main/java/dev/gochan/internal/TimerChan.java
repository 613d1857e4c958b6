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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A timer channel, Go 1.23 style: {@code time.After} (one-shot) and {@code time.Tick} (periodic).
 *
 * <h2>Semantics</h2>
 * Unbuffered ({@code len == cap == 0}); the value received is the time the timer fired, not the
 * time it was received; a periodic channel whose reader is slow delivers the oldest pending tick
 * and drops the ones missed meanwhile.
 *
 * <h2>Lazy firing</h2>
 * The timer is not in any heap while nobody waits on it: a receive or select polls the clock
 * ({@code now >= when} means a value is ready). Only a waiter that blocks schedules a wake-up at
 * {@code when}, and the wake-up is cancelled (removed from the heap) when the last waiter leaves.
 * So an unreferenced, unstopped timer keeps nothing alive, and a million selects whose timeout
 * never fires leave no garbage.
 *
 * <h2>State (guarded by the lock)</h2>
 * {@code when}: the next fire time on the clock; {@code spent}: a one-shot whose value was
 * received; {@code recvq}: blocked receivers; {@code wakeup}: the scheduled wake-up, non-null iff
 * {@code recvq} may hold a live waiter and the timer is not spent.
 */
public final class TimerChan implements RecvChan<Instant>, Selectable {
    private static final AtomicLong IDS = new AtomicLong(Long.MIN_VALUE);
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(TimerChan.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id = IDS.incrementAndGet();
    private final Clock clock;
    private final long period;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private long when;
    private boolean spent;
    private final WaitQueue recvq = new WaitQueue();
    private Clock.Handle wakeup;

    private TimerChan(Clock clock, long when, long period) {
        this.clock = clock;
        this.when = when;
        this.period = period;
    }

    /** A channel that delivers the fire time once, {@code nanos} from now: Go's {@code time.After}. */
    public static TimerChan after(Clock clock, long nanos) {
        return new TimerChan(clock, clock.deadlineAfter(nanos), 0L);
    }

    /** A channel that delivers a tick every {@code period} nanoseconds (> 0): Go's {@code time.Tick}. */
    public static TimerChan tick(Clock clock, long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("non-positive interval for tick: " + period + "ns");
        }
        return new TimerChan(clock, clock.deadlineAfter(period), period);
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
        if (spent || now < when) {
            return null;
        }
        Instant v = clock.instantAt(when);
        if (period == 0L) {
            spent = true;
        } else {
            // deliver the oldest pending tick; drop the ones missed since
            long missed = (now - when) / period;
            when += (missed + 1) * period;
        }
        return v;
    }

    @Override
    public int pollRecv(Waiter g) {
        Instant v = takeIfFired(clock.nanoTime());
        if (v == null) {
            return NOT_READY;
        }
        g.setPolled(v, true);
        return READY;
    }

    @Override
    public int pollSend(Waiter g, Object value) {
        throw new IllegalStateException("send on a receive-only timer channel");
    }

    @Override
    public void enqueue(Waiter node) {
        recvq.enqueue(node);
        if (wakeup == null && !spent) {
            wakeup = clock.schedule(when, this::fire);
        }
    }

    @Override
    public void dequeue(Waiter node) {
        recvq.remove(node);
        if (recvq.isEmpty() && wakeup != null) {
            wakeup.cancel();
            wakeup = null;
        }
    }

    /** Runs on the timer thread at {@code when}: hands the value to the first live waiter. */
    private void fire() {
        Waiter w;
        Instant v = null;
        lock();
        try {
            wakeup = null;
            if (!recvq.hasWaiter()) {
                return; // nobody waits: the value stays pending, for a later poll
            }
            long now = clock.nanoTime();
            if (now < when) {
                wakeup = clock.schedule(when, this::fire); // woke early: try again
                return;
            }
            w = recvq.claimFirst();
            if (w != null) {
                v = takeIfFired(now);
            }
            if (!spent && !recvq.isEmpty()) {
                wakeup = clock.schedule(when, this::fire);
            }
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

    /** Blocks until the timer fires, recording the wait as Go's "sleep". */
    public void sleep() {
        Selector.receive(this, Waiter.NO_DEADLINE, "sleep", new Selector.Outcome());
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

    @Override
    public int len() {
        return 0;
    }

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
        return (period == 0L ? "time.After" : "time.Tick") + "#" + (id - Long.MIN_VALUE);
    }
}
