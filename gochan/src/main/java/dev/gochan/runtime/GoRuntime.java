package dev.gochan.runtime;

import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Go's {@code runtime} diagnostics: how many goroutines exist, and a goroutine dump in Go's format
 * with each goroutine's wait reason.
 *
 * <pre>{@code
 * System.err.print(GoRuntime.stack());
 * // goroutine 7 [chan receive]:
 * //     at dev.gochan.HChan.receive(HChan.java:...)
 * //     at com.example.Worker.run(Worker.java:12)
 * }</pre>
 *
 * <p>It reads the one wait record that every blocking gochan operation keeps (what the goroutine
 * waits on and since when). Threads not started with {@code Go.go} are listed only while they are
 * blocked in a gochan operation.
 */
public final class GoRuntime {
    private GoRuntime() {}

    /**
     * The number of live goroutines started with {@code Go.go}: Go's
     * {@code runtime.NumGoroutine()} (without the main thread).
     *
     * @return the count
     */
    public static int numGoroutine() {
        return Goroutines.count();
    }

    /**
     * A snapshot of every known goroutine, ordered by id. Never blocks.
     *
     * @return one entry per goroutine (and per foreign thread blocked in gochan)
     */
    public static List<GoroutineInfo> goroutines() {
        List<G> gs = Goroutines.snapshot();
        gs.sort(Comparator.comparingLong(G::id));
        long now = System.nanoTime();
        List<GoroutineInfo> out = new ArrayList<>(gs.size());
        for (G g : gs) {
            Thread t = g.thread();
            String reason = g.waitReason();
            Object on = g.waitingOn();
            long since = reason == null ? 0L : g.waitSinceNanos(); // 0: the wait just ended
            Duration waited = since == 0L ? Duration.ZERO : Duration.ofNanos(Math.max(0L, now - since));
            out.add(new GoroutineInfo(g.id(), t.getName(), reason, on == null ? null : on.toString(),
                    waited, List.of(t.getStackTrace())));
        }
        return out;
    }

    /**
     * All goroutines' stacks in Go's dump format: Go's {@code runtime.Stack(buf, true)}, or what a
     * Go program prints on a deadlock or a SIGQUIT. Gochan's own frames are left out.
     *
     * @return the dump, one block per goroutine separated by blank lines
     */
    public static String stack() {
        StringBuilder sb = new StringBuilder();
        for (GoroutineInfo g : goroutines()) {
            appendDump(sb, g);
        }
        return sb.toString();
    }

    static void appendDump(StringBuilder sb, GoroutineInfo g) {
        sb.append(g.header()).append('\n');
        if (g.waitingOn() != null) {
            sb.append("\t// waiting on ").append(g.waitingOn()).append('\n');
        }
        for (StackTraceElement e : g.stack()) {
            String c = e.getClassName();
            if (c.startsWith("dev.gochan.internal.") || c.startsWith("java.") || c.startsWith("jdk.")) {
                continue;
            }
            sb.append("\tat ").append(e).append('\n');
        }
        sb.append('\n');
    }
}
