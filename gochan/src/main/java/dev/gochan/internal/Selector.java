package dev.gochan.internal;

import dev.gochan.Case;
import dev.gochan.GoInterruptedException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The select engine: Go's {@code selectgo}, over any mix of channel kinds, never asking which
 * kind a case is.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>Evaluate the cases: nil-channel cases are dropped (never chosen); a timeout case becomes a
 *       receive on a fresh timer channel; at most one default.</li>
 *   <li>Poll order: a uniformly random permutation of the remaining cases (argument order when
 *       biased). Lock order: the distinct channels sorted by {@link Selectable#lockOrder()}, each
 *       locked once even when it appears in several cases.</li>
 *   <li>With more than one channel, first try each case alone under its own lock at most, in
 *       poll order; the first that can proceed wins (crossbeam's first pass: one lock instead of
 *       all). A select without default repeats this pass a few times while spinning pays before
 *       it goes on (ADR 0009).</li>
 *   <li>None was: with every lock held, poll the cases again in poll order; the first that can
 *       proceed wins. The state of all channels is thus observed at a single instant before the
 *       select takes default or parks (a non-blocking select never takes default while some case
 *       is ready).</li>
 *   <li>None ready: take default if there is one; else enqueue one node per case (all sharing
 *       one group {@link Waiter}), release the locks and park. The first counterpart to claim
 *       the group wins; on waking, the other nodes are withdrawn.</li>
 * </ol>
 * A select never pairs with itself: its nodes are published only after its poll, and a parked
 * select is never a counterpart.
 */
public final class Selector {
    private Selector() {}

    /** Spin hint shared by all selects; racy on purpose (see {@link Spin}). */
    private static int spinHint = Spin.MAX;

    /** Result holder for single-operation helpers: value and ok of a completed receive. */
    public static final class Outcome {
        /** The value received. */
        public Object value;
        /** Receive: ok. */
        public boolean ok;
    }

    private static final SelectCase<?>[] NO_CASES = new SelectCase<?>[0];

    /** Runs a select over a list of cases. */
    public static <R> R select(List<? extends Case<? extends R>> cases, boolean biased) {
        Objects.requireNonNull(cases, "select: cases is null");
        return select(cases.toArray(NO_CASES), biased);
    }

    /**
     * Runs a select: blocks until one case can proceed (or takes default), runs the chosen
     * case's code, and returns its result.
     *
     * @throws IllegalArgumentException for a null case, a case not made by gochan, or two defaults
     * @throws dev.gochan.ClosedChanException when the chosen case is a send on a closed channel
     * @throws GoInterruptedException when interrupted while blocked
     */
    @SuppressWarnings("unchecked")
    public static <R> R select(Case<?>[] given, boolean biased) {
        Objects.requireNonNull(given, "select: cases is null");
        int n = given.length;
        SelectCase<?> dflt = null;
        int active = 0;
        // The poll order: up to 16 cases as 4-bit case indices in a long (no allocation on the
        // common path), else in an array.
        boolean small = n <= SMALL;
        long order = 0L;
        int[] poll = small ? null : new int[n];
        Selectable[] timers = null; // only a select with a timeout case needs per-call channels
        for (int i = 0; i < n; i++) {
            Case<?> c = given[i];
            if (!(c instanceof SelectCase<?> sc)) {
                throw new IllegalArgumentException(c == null
                        ? "select: case " + i + " is null"
                        : "select: case " + i + " was not made by gochan: " + c);
            }
            if (sc.kind == SelectCase.DEFAULT) {
                if (dflt != null) {
                    throw new IllegalArgumentException("select: multiple defaults");
                }
                dflt = sc;
                continue;
            }
            if (sc.kind == SelectCase.TIMEOUT) {
                if (timers == null) {
                    timers = new Selectable[n];
                }
                timers[i] = TimerChan.after(Clock.current(), Durations.nanos(sc.timeout));
            } else if (sc.chan == null) {
                continue; // nil channel: never chosen
            }
            if (small) {
                order |= (long) i << (active << 2);
            } else {
                poll[active] = i;
            }
            active++;
        }
        if (active == 0) {
            if (dflt != null) {
                return (R) dflt.fireSupplier();
            }
            Waiter.blockForever("select (no cases)");
        }
        if (!biased) {
            if (small) {
                order = shuffle(order, active);
            } else {
                shuffle(poll, active);
            }
        }
        if (active > 1) {
            // The common path of a busy select: it reads the caller's array as it is, and
            // allocates nothing (up to 16 cases).
            Object r = firstPass(given, timers, order, poll, active, false);
            if (r != NONE_READY) {
                return (R) r;
            }
            if (dflt == null && spinHint > 0) {
                // Poll again for a little while before the blocking path, which locks every
                // channel and publishes a node in each, then withdraws them all: in a busy
                // select (W5) the producer whose value was just taken is back within a few
                // hundred nanoseconds, and most selects that found nothing ready went the whole
                // blocking way for it (45-73% of them, measured). Only while spinning pays
                // (the select hint, see Spin); never for a select with a default. Timeout cases
                // are left out of these polls (reading the clock costs as much as all the rest);
                // the blocking path polls them.
                for (int k = PRE_POLLS; k > 0; k--) {
                    Thread.onSpinWait();
                    r = firstPass(given, timers, order, poll, active, true);
                    if (r != NONE_READY) {
                        return (R) r;
                    }
                }
            }
        }
        if (poll == null) {
            poll = new int[active];
            for (int k = 0; k < active; k++) {
                poll[k] = (int) (order >>> (k << 2)) & 0xF;
            }
        }
        SelectCase<?>[] cases = new SelectCase<?>[n];
        Selectable[] chans = new Selectable[n];
        for (int k = 0; k < active; k++) {
            int i = poll[k];
            SelectCase<?> sc = (SelectCase<?>) given[i];
            cases[i] = sc;
            chans[i] = timers != null && timers[i] != null ? timers[i] : sc.chan;
        }
        return blockingSelect(cases, chans, poll, active, dflt);
    }

    /** {@link #firstPass}'s result when no case was ready (never a case's result). */
    private static final Object NONE_READY = new Object();

    /**
     * The first pass (crossbeam's): each case alone, in poll order, under its own channel's lock
     * at most (a buffered ring is polled without one; an unbuffered channel that looks not ready
     * is skipped unlocked). A case found ready here is ready at that instant, so taking it is as
     * correct as in the snapshot of {@link #blockingSelect}, and costs one lock, or none,
     * instead of all of them.
     *
     * @param chans per case, the channel to use instead of the case's own (a timeout's timer),
     *     or null
     * @param order the poll order as 4-bit case indices, when {@code poll} is null
     * @param skipTimeouts whether to leave out timeout cases
     * @return the chosen case's result, or {@link #NONE_READY}
     */
    private static Object firstPass(Case<?>[] cases, Selectable[] chans, long order, int[] poll,
            int active, boolean skipTimeouts) {
        for (int k = 0; k < active; k++) {
            int i = poll == null ? (int) (order >>> (k << 2)) & 0xF : poll[k];
            SelectCase<?> sc = (SelectCase<?>) cases[i];
            if (skipTimeouts && sc.kind == SelectCase.TIMEOUT) {
                continue;
            }
            Selectable ch = chans != null && chans[i] != null ? chans[i] : sc.chan;
            if (sc.kind == SelectCase.SEND) {
                int r = ch.pollSendNow(sc.value);
                if (r == Selectable.READY) {
                    return fire(sc, null, true);
                }
                if (r == Selectable.CLOSED) {
                    throw Panics.sendOnClosed();
                }
            } else {
                Object v = ch.pollRecvNow();
                if (v != Selectable.NO_VALUE) {
                    return v == Selectable.CLOSED_VALUE ? fire(sc, null, false) : fire(sc, v, true);
                }
            }
        }
        return NONE_READY;
    }

    /** How many more first passes a select makes before it blocks (see select). */
    private static final int PRE_POLLS = Integer.getInteger("gochan.selectPolls", 32);

    /** The most cases whose poll order fits in a long, as 4-bit indices. */
    private static final int SMALL = 16;

    /**
     * A uniformly random order of the {@code len} 4-bit entries of {@code order}: Fisher-Yates,
     * with every index drawn from one 64-bit random number by multiplication (each step keeps
     * the unused low bits for the next; 16 entries use at most 45 of the 64 bits). The bias
     * this leaves is below 2^-19 per draw (bound / 2^(bits left)), far below what a fairness test
     * can see; Go's own {@code cheaprandn} leaves bound / 2^32. Drawing a bounded int per swap
     * cost about a fifth of a ready select over four cases.
     */
    private static long shuffle(long order, int len) {
        long r = ThreadLocalRandom.current().nextLong();
        for (int i = len - 1; i > 0; i--) {
            int j = (int) Math.unsignedMultiplyHigh(r, i + 1);
            r *= i + 1;
            int si = i << 2;
            int sj = j << 2;
            long x = ((order >>> si) ^ (order >>> sj)) & 0xF;
            order ^= (x << si) | (x << sj);
        }
        return order;
    }

    /** {@link #shuffle(long, int)} for selects of more than 16 cases: exact, one draw per swap. */
    private static void shuffle(int[] a, int len) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = len - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The rest of a select whose first pass found nothing: a snapshot under every lock, then
     * default, or parking (and after a retry wake-up, the first pass again).
     */
    @SuppressWarnings("unchecked")
    private static <R> R blockingSelect(SelectCase<?>[] cases, Selectable[] chans, int[] poll,
            int active, SelectCase<?> dflt) {
        int n = cases.length;
        for (boolean firstRound = true;; firstRound = false) {
            if (active > 1 && !firstRound) {
                Object r = firstPass(cases, chans, 0L, poll, active, false);
                if (r != NONE_READY) {
                    return (R) r;
                }
            }
            Waiter g = new Waiter(false, null);
            // Nothing was ready case by case: lock everything and look again at a single instant
            // (a select must not take default, or park, while some case is ready).
            Selectable[] locks = lockOrder(chans, poll, active);
            lockAll(locks);
            for (int k = 0; k < active; k++) {
                int i = poll[k];
                int r = pollCase(chans[i], cases[i], g);
                if (r != Selectable.NOT_READY) {
                    unlockAll(locks);
                    return (R) finish(cases[i], g, r);
                }
            }
            if (dflt != null) {
                unlockAll(locks);
                return (R) dflt.fireSupplier();
            }
            Waiter[] nodes = new Waiter[n];
            for (int k = 0; k < active; k++) {
                int i = poll[k];
                SelectCase<?> sc = cases[i];
                Waiter node = new Waiter(g, i, sc.kind == SelectCase.SEND, sc.value);
                node.owner = chans[i];
                nodes[i] = node;
                chans[i].enqueue(node);
            }
            unlockAll(locks);
            int hint = spinHint;
            int res = g.await(Waiter.NO_DEADLINE, "select", null, Spin.budget(hint));
            int curHint = spinHint;
            int nextHint = Spin.update(hint, curHint, g.spinWon());
            if (nextHint != curHint) {
                spinHint = nextHint; // written only on change: this line is read by every waiter
            }
            // A retry wake-up (a buffered channel announcing a value or a free slot) transfers
            // nothing: withdraw every node and run the select again.
            boolean retry = res == Waiter.COMPLETED && g.retried();
            Waiter won = res == Waiter.COMPLETED && !retry ? g.selected() : null;
            for (Waiter node : nodes) {
                if (node != null && node != won && node.queued) {
                    Selectable ch = node.owner;
                    ch.lock();
                    try {
                        ch.dequeue(node);
                    } finally {
                        ch.unlock();
                    }
                }
            }
            if (retry) {
                continue;
            }
            if (won == null) {
                throw new GoInterruptedException("select");
            }
            int i = won.caseIndex;
            SelectCase<?> sc = cases[i];
            if (sc.kind == SelectCase.SEND) {
                if (!g.success()) {
                    throw Panics.sendOnClosed();
                }
                return (R) fire(sc, null, true);
            }
            return (R) fire(sc, won.item, g.success());
        }
    }

    /** Polls one case with its channel's lock held. */
    private static int pollCase(Selectable ch, SelectCase<?> sc, Waiter g) {
        return sc.kind == SelectCase.SEND ? ch.pollSend(g, sc.value) : ch.pollRecv(g);
    }

    /** Completes a case that a poll found ready, after every lock was released. */
    private static Object finish(SelectCase<?> sc, Waiter g, int r) {
        g.completePending();
        if (r == Selectable.CLOSED) {
            throw Panics.sendOnClosed();
        }
        return sc.kind == SelectCase.SEND ? fire(sc, null, true) : fire(sc, g.item, g.success());
    }

    private static Object fire(SelectCase<?> sc, Object v, boolean ok) {
        byte k = sc.kind;
        if (k == SelectCase.SEND || k == SelectCase.TIMEOUT) {
            return sc.fireSupplier();
        }
        return sc.fireRecv(v, ok);
    }

    /** Above this many cases the lock order is sorted in O(n log n) instead of by insertion. */
    private static final int INSERTION_SORT_MAX = 32;

    /**
     * The distinct channels of the active cases, sorted by lock order: insertion sort for the
     * usual handful of cases, a library sort for large dynamic selects (insertion sort is
     * quadratic: a 65536-case select spent over a second here, as Go's heap sort does not).
     */
    private static Selectable[] lockOrder(Selectable[] chans, int[] poll, int active) {
        if (active > INSERTION_SORT_MAX) {
            return sortedDistinct(chans, poll, active);
        }
        Selectable[] locks = new Selectable[active];
        int m = 0;
        for (int k = 0; k < active; k++) {
            Selectable c = chans[poll[k]];
            long key = c.lockOrder();
            int j = m;
            while (j > 0 && locks[j - 1].lockOrder() > key) {
                j--;
            }
            if (j > 0 && locks[j - 1] == c) {
                continue; // the same channel in several cases is locked once
            }
            System.arraycopy(locks, j, locks, j + 1, m - j);
            locks[j] = c;
            m++;
        }
        if (m == active) {
            return locks;
        }
        Selectable[] trimmed = new Selectable[m];
        System.arraycopy(locks, 0, trimmed, 0, m);
        return trimmed;
    }

    private static Selectable[] sortedDistinct(Selectable[] chans, int[] poll, int active) {
        Selectable[] all = new Selectable[active];
        for (int k = 0; k < active; k++) {
            all[k] = chans[poll[k]];
        }
        Arrays.sort(all, Comparator.comparingLong(Selectable::lockOrder));
        int m = 0;
        for (int k = 0; k < active; k++) {
            if (m == 0 || all[m - 1] != all[k]) {
                all[m++] = all[k]; // the same channel in several cases is locked once
            }
        }
        return m == active ? all : Arrays.copyOf(all, m);
    }

    private static void lockAll(Selectable[] locks) {
        for (Selectable c : locks) {
            c.lock();
        }
    }

    private static void unlockAll(Selectable[] locks) {
        for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].unlock();
        }
    }

    // ---- single operations on any Selectable (used by kinds without their own fast path) ----

    /**
     * Receives from {@code c}: without blocking when {@code deadlineNanos == 0}, until the
     * deadline otherwise ({@link Waiter#NO_DEADLINE}: forever).
     *
     * @return true when a value or a close was received (then {@code out} holds it); false when
     *     the attempt failed (nothing ready, or the deadline passed)
     * @throws GoInterruptedException when interrupted while blocked
     */
    public static boolean receive(Selectable c, long deadlineNanos, String reason, Outcome out) {
        for (;;) {
            Waiter g = new Waiter(false, null);
            c.lock();
            if (c.pollRecv(g) == Selectable.READY) {
                c.unlock();
                g.completePending();
                out.value = g.item;
                out.ok = g.success();
                return true;
            }
            if (deadlineNanos == 0L) {
                c.unlock();
                return false;
            }
            g.owner = c;
            c.enqueue(g);
            c.unlock();
            int res = g.await(deadlineNanos, reason, c);
            if (res != Waiter.COMPLETED || g.retried()) {
                c.lock();
                try {
                    c.dequeue(g);
                } finally {
                    c.unlock();
                }
                if (res == Waiter.INTERRUPTED) {
                    throw new GoInterruptedException(reason);
                }
                if (res == Waiter.TIMED_OUT) {
                    return false;
                }
                continue; // woken to retry: poll again
            }
            out.value = g.item;
            out.ok = g.success();
            return true;
        }
    }
}
