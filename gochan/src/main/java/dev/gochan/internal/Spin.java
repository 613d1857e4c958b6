package dev.gochan.internal;

/**
 * How long a waiter spins before it parks.
 *
 * <p>Measured on 2-core machines: parking at once costs about 770 ns per cross-carrier handoff,
 * and a spin of about a microsecond ends most unbuffered waits when the peer is running on the
 * other carrier. With a single carrier the peer cannot run while we spin, so spinning is pure
 * waste; {@code Thread.yield()} on a virtual thread costs about as much as a park. So: spin only
 * when the virtual-thread scheduler has more than one carrier. Override with the system
 * property {@code gochan.spins} (the maximum; 0 disables spinning).
 *
 * <h2>Adaptive</h2>
 * Even with two carriers, a spin only pays when the peer is running on the other one. When the
 * machine is loaded (or the peer sits in the spinner's own carrier queue) every spin is wasted
 * and delays the peer: measured on a loaded 2-core machine, a fixed 48-spin budget made
 * unbuffered ping-pong 5x slower than parking at once. So each thing waited on (a channel) keeps
 * a racy hint of how long to spin: a spin that ended the wait restores the full budget, a wasted
 * one halves it, and once it is spent the waits park at once for a cool-down, after which one
 * full spin probes whether spinning pays again.
 */
public final class Spin {
    /** The most a waiter ever spins. */
    public static final int MAX = computeSpins();
    static final int SPINS = MAX;

    private Spin() {}

    /** Waits without spinning after a failed probe, before the next probe. */
    private static final int COOL_DOWN = 16;

    /**
     * How many times to spin for a hint: the hint itself, except that 0 means "probe" (a full
     * spin, to find out whether spinning pays again) and a negative hint means "cooling down".
     *
     * @param hint the hint kept by the thing waited on
     * @return the spin budget for this wait
     */
    public static int budget(int hint) {
        return hint > 0 ? hint : hint == 0 ? MAX : 0;
    }

    /**
     * The next spin hint after a wait.
     *
     * @param hint the hint the wait used
     * @param won whether the wait completed during its spin
     * @return the hint for the next wait on the same thing
     */
    public static int next(int hint, boolean won) {
        if (MAX == 0) {
            return -1; // one carrier: never spin
        }
        if (won) {
            return MAX; // the peer is running: keep spinning in full
        }
        if (hint > 1) {
            return hint >> 1; // wasted: spin less
        }
        if (hint >= 0) {
            return -COOL_DOWN; // the probe (or the last halving) was wasted too: park for a while
        }
        return hint + 1; // cooling down; at 0 the next wait probes
    }

    /**
     * The hint to store after a wait that read {@code hint} before it began and finds
     * {@code current} stored now. A win always restores the full budget. Otherwise the wait
     * only updates a hint nobody changed meanwhile: a wait that parked for long must not
     * overwrite, with a conclusion drawn from its stale reading, what a later wait learned (the
     * peer's winning probe, typically), or a stream would go on parking after its other side
     * found that spinning pays.
     *
     * @param hint the hint the wait used
     * @param current the hint stored now
     * @param won whether the wait completed during its spin
     * @return the hint to store (store it only when it differs from {@code current})
     */
    public static int update(int hint, int current, boolean won) {
        if (won) {
            return MAX; // (no wait spins, so none wins, when MAX is 0)
        }
        return current == hint ? next(hint, false) : current;
    }

    private static int computeSpins() {
        Integer forced = Integer.getInteger("gochan.spins");
        if (forced != null) {
            return Math.max(0, forced);
        }
        int carriers = Runtime.getRuntime().availableProcessors();
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                carriers = Integer.parseInt(p.trim());
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        // ~3 µs at ~24 ns per onSpinWait (measured on the EPYC CI machines), as
        // LinkedTransferQueue spins; adaptivity (above) stops it where it does not pay
        return carriers > 1 ? 128 : 0;
    }
}
