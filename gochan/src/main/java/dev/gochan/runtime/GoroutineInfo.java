package dev.gochan.runtime;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one goroutine, as Go's goroutine dump shows it.
 *
 * @param id the goroutine id ({@code goroutine-<id>}); 0 for a thread not started by gochan
 *     (such threads appear only while blocked in a gochan operation)
 * @param name the thread's name
 * @param waitReason Go's wait reason ("chan receive", "chan send", "select", "sleep",
 *     "sync.Mutex.Lock", ...), or null when the goroutine is not blocked in gochan
 * @param waitingOn a description of what it waits on (a channel, a lock), or null
 * @param waited how long the current wait has lasted, counted from when the runtime first
 *     observed it (a dump, a leak check), as Go's traceback counts its "N minutes": a park
 *     does not read the clock. Zero when not waiting, and at the first observation of a wait
 * @param stack the stack, innermost frame first (may be empty if the thread has ended)
 */
public record GoroutineInfo(long id, String name, String waitReason, String waitingOn,
        Duration waited, List<StackTraceElement> stack) {

    /**
     * Whether the goroutine is blocked in a gochan operation.
     *
     * @return true when it has a wait reason
     */
    public boolean isWaiting() {
        return waitReason != null;
    }

    /**
     * The goroutine's header line as Go prints it: {@code goroutine 7 [chan receive, 2 minutes]:}.
     * Go shows the wait's length only from one minute on.
     *
     * @return the header line
     */
    public String header() {
        String state = waitReason == null ? "running" : waitReason;
        long minutes = waited.toMinutes();
        if (waitReason != null && minutes >= 1) {
            state += ", " + minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return "goroutine " + id + " [" + state + "]:";
    }
}
