package dev.gochan.pattern;

import static org.assertj.core.api.Assertions.fail;

import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import dev.gochan.runtime.GoRuntime;
import dev.gochan.runtime.GoroutineInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds goroutines left behind: a snapshot of the live goroutines, then a bounded wait until
 * every goroutine started after it has ended (joining their threads, never sleeping). Tests run
 * one at a time, so the goroutines started after the snapshot are the test's own.
 */
final class Leaks {
    private final Set<Long> before;

    private Leaks(Set<Long> before) {
        this.before = before;
    }

    /** Remembers the goroutines alive now. */
    static Leaks snapshot() {
        return new Leaks(Goroutines.snapshot().stream().filter(G::isGoroutine).map(G::id).collect(Collectors.toSet()));
    }

    /** The goroutines started since the snapshot that are still alive. */
    List<G> fresh() {
        return Goroutines.snapshot().stream().filter(g -> g.isGoroutine() && !before.contains(g.id())).toList();
    }

    /**
     * Waits at most {@code within} for every goroutine started since the snapshot to end; fails
     * with their dump (Go's format, with wait reasons) if some are still there.
     */
    void assertNoneLeft(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            List<G> left = fresh();
            if (left.isEmpty()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                Set<Long> ids = left.stream().map(G::id).collect(Collectors.toSet());
                StringBuilder dump = new StringBuilder();
                for (GoroutineInfo g : GoRuntime.goroutines()) {
                    if (ids.contains(g.id())) {
                        dump.append(g.header()).append('\n');
                        g.stack().stream()
                                .filter(e -> !e.getClassName().startsWith("java.")
                                        && !e.getClassName().startsWith("dev.gochan.internal."))
                                .limit(8)
                                .forEach(e -> dump.append("\tat ").append(e).append('\n'));
                    }
                }
                fail("%d goroutine(s) left behind after %s:%n%s", left.size(), within, dump);
            }
            left.get(0).thread().join(Duration.ofNanos(remaining));
        }
    }

    /** {@link #assertNoneLeft(Duration)} with 10 seconds, generous for a loaded 2-core machine. */
    void assertNoneLeft() throws InterruptedException {
        assertNoneLeft(Duration.ofSeconds(10));
    }
}
