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
 * a racy hint of how long to spin: a spin that ended the wait grows it, a wasted one halves it,
 * and a wait that did not spin raises it by one (a slow probe back up).
 */
public final class Spin {
    /** The most a waiter ever spins. */
    public static final int MAX = computeSpins();
    static final int SPINS = MAX;

    private Spin() {}

    /**
     * The next spin hint after a wait.
     *
     * @param hint the hint the wait used
     * @param won whether the wait completed during its spin
     * @return the hint for the next wait on the same thing
     */
    public static int next(int hint, boolean won) {
        if (won) {
            return Math.min(MAX, hint + (hint >> 1) + 4);
        }
        if (hint > 0) {
            return hint >> 1;
        }
        return Math.min(MAX, 1);
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
        return carriers > 1 ? 48 : 0; // ~1 µs at ~24 ns per onSpinWait (measured on the EPYC CI machines)
    }
}
