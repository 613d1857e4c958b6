package dev.gochan.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tour: runs the guide's examples in the guide's order, each under a heading, printing what
 * Go prints. Start it with {@code mvn -q -pl gochan-examples -am compile exec:exec}.
 *
 * <p>The examples keep Go's real durations (§2.1 sleeps 2 seconds, §4.3 waits 1 second, §4.4's
 * jobs take 1 second each on 3 workers, §5.1's workers 1 second at once, §6.3's main sleeps 3
 * seconds), so the tour takes about 9.5 seconds.
 */
public final class Tour {
    private Tour() {}

    /**
     * One example of the guide.
     *
     * @param heading the section's heading, e.g. "§2.1 Unbuffered channels"
     * @param example runs the example, printing to the stream it is given
     */
    record Section(String heading, Consumer<PrintStream> example) {}

    /** The examples, in the guide's order. */
    static final List<Section> SECTIONS = List.of(
            new Section("§2.1 Unbuffered channels", UnbufferedChannel::run),
            new Section("§2.2 Buffered channels", BufferedChannel::run),
            new Section("§3 Close, v, ok and range", CloseAndRange::run),
            new Section("§4.1 Pipeline", Pipeline::run),
            new Section("§4.2 Fan-out, fan-in", FanOutFanIn::run),
            new Section("§4.3 Select with timeout", SelectTimeout::run),
            new Section("§4.4 Worker pool", WorkerPool::run),
            new Section("§5.1 WaitGroup", WaitGroupWorkers::run),
            new Section("§5.2 Mutex", SafeCounter::run),
            new Section("§5.3 RWMutex", Balances::run),
            new Section("§6.1 Generator", FibonacciGenerator::run),
            new Section("§6.2 Done channel", DoneChannel::run),
            new Section("§6.3 Context", ContextTimeout::run),
            new Section("§7.1 Channel direction", ChannelDirection::run));

    /**
     * Runs the tour, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs every example in order, each under a heading line {@code == <heading> ==} and
     * followed by a blank line. Each example has printed all its lines before the next heading.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        for (Section s : SECTIONS) {
            out.println("== " + s.heading() + " ==");
            s.example().accept(out);
            out.println();
        }
    }
}
