package dev.gochan.internal;

/**
 * How long a waiter spins before it parks.
 *
 * <p>Measured on 2-core machines: parking at once costs about 770 ns per cross-carrier handoff,
 * and a spin of about a microsecond ends most unbuffered waits when the peer is running on the
 * other carrier. With a single carrier the peer cannot run while we spin, so spinning is pure
 * waste; {@code Thread.yield()} on a virtual thread costs about as much as a park. So: spin only
 * when the virtual-thread scheduler has more than one carrier. Override with the system
 * property {@code gochan.spins} (0 disables spinning).
 */
final class Spin {
    static final int SPINS = computeSpins();

    private Spin() {}

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
