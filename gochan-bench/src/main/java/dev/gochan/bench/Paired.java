package dev.gochan.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A paired comparison of the W1..W5 contenders inside one JVM: a diagnostic beside the JMH
 * table, for judging whether a change made gochan faster relative to its peers.
 *
 * <h2>Why</h2>
 * On the 2-vCPU machines here every contender is bimodal from one JVM to the next (the same code
 * measures 110 or 370 ns per unbuffered message, SynchronousQueue included), so JMH medians over
 * a few forks compare regimes as much as code. Within one JVM the regime mostly holds, and it
 * holds for all contenders alike: so each round runs every contender of a workload once, back to
 * back in a rotating order, and the ratio is taken per round. The median of those ratios moved by
 * a few hundredths between JVMs where JMH medians moved by 2x.
 *
 * <h2>Output</h2>
 * One line per workload and peer: the median time per message (W1: per round trip) of each,
 * and the median over rounds of {@code peer time / gochan time} (above 1: gochan is faster),
 * with its quartiles.
 *
 * <pre>
 *   java -cp ... dev.gochan.bench.Paired [--only REGEX] [--rounds R] [--scale S]
 * </pre>
 * {@code --scale} multiplies every workload's message count (1.0: 2*10^5 unbuffered messages,
 * 10^6 buffered).
 */
public final class Paired {
    private Paired() {}

    /** One contender: runs the workload once (its message count is fixed by the workload). */
    @FunctionalInterface
    interface Run {
        void run() throws Exception;
    }

    /** A workload: its contenders by name (gochan first) and messages per run. */
    record Workload(String name, int messages, Map<String, Run> contenders) {}

    /** The workloads, each at {@code scale} times its base message count. */
    static List<Workload> workloads(double scale) {
        List<Workload> all = new ArrayList<>();
        int unbuffered = count(200_000, scale);
        int buffered = count(1_000_000, scale);

        W1PingPong w1 = new W1PingPong();
        w1.n = unbuffered / 2; // a round trip is two messages; timed per round trip, as in JMH
        all.add(new Workload("W1 ping-pong (per round trip)", w1.n, contenders(
                w1::gochan, "Jox", w1::jox, "SynchronousQueue", w1::synchronousQueue)));

        W2Unbuffered w2 = new W2Unbuffered();
        w2.n = unbuffered;
        all.add(new Workload("W2 unbuffered 1P1C", unbuffered, contenders(
                w2::gochan, "Jox", w2::jox, "SynchronousQueue", w2::synchronousQueue)));

        W3Buffered w3 = new W3Buffered();
        w3.n = buffered;
        all.add(new Workload("W3 buffered 1024 1P1C", buffered, contenders(
                w3::gochan, "Jox", w3::jox, "ArrayBlockingQueue", w3::arrayBlockingQueue)));

        W4Mpmc w4 = new W4Mpmc();
        w4.n = buffered;
        w4.checkN();
        all.add(new Workload("W4 buffered 128 4P4C", buffered, contenders(
                w4::gochan, "Jox", w4::jox, "ArrayBlockingQueue", w4::arrayBlockingQueue)));

        for (int capacity : new int[] {0, 16}) {
            W5Select w5 = new W5Select();
            w5.n = unbuffered;
            w5.capacity = capacity;
            w5.checkN();
            all.add(new Workload("W5 select cap " + capacity, unbuffered, contenders(
                    w5::gochan, "Jox", w5::jox)));
        }
        return all;
    }

    private static int count(int base, double scale) {
        int n = (int) Math.max(8, Math.round(base * scale));
        return n - n % 8; // W4 and W5 split the messages among 4 goroutines; W1 halves them
    }

    private static Map<String, Run> contenders(Run gochan, String peer, Run peerRun) {
        Map<String, Run> m = new LinkedHashMap<>();
        m.put("gochan", gochan);
        m.put(peer, peerRun);
        return m;
    }

    private static Map<String, Run> contenders(Run gochan, String peer1, Run run1, String peer2,
            Run run2) {
        Map<String, Run> m = contenders(gochan, peer1, run1);
        m.put(peer2, run2);
        return m;
    }

    /** The result of one workload: per contender, the time per message of every round. */
    record Result(Workload workload, Map<String, double[]> nanosPerMessage) {
        /**
         * The quartiles over rounds of {@code peer time / gochan time} (index 1 is the median):
         * above 1, gochan is faster.
         */
        double[] speedupQuartiles(String peer) {
            double[] g = nanosPerMessage.get("gochan");
            double[] p = nanosPerMessage.get(peer);
            double[] r = new double[g.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = p[i] / g[i];
            }
            return quartiles(r);
        }
    }

    /**
     * Runs {@code w}: {@code warmups} unmeasured rounds, then {@code rounds} measured ones, each
     * running every contender once, starting from a different contender each round.
     */
    static Result measure(Workload w, int warmups, int rounds) throws Exception {
        List<String> names = new ArrayList<>(w.contenders().keySet());
        Map<String, double[]> times = new LinkedHashMap<>();
        for (String name : names) {
            times.put(name, new double[rounds]);
        }
        for (int round = -warmups; round < rounds; round++) {
            int first = Math.floorMod(round, names.size());
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((first + k) % names.size());
                long t0 = System.nanoTime();
                w.contenders().get(name).run();
                long elapsed = System.nanoTime() - t0;
                if (round >= 0) {
                    times.get(name)[round] = (double) elapsed / w.messages();
                }
            }
        }
        return new Result(w, times);
    }

    /**
     * The lower quartile, median and upper quartile of {@code xs} (the quartiles at the nearest
     * ranks, rounded outwards).
     */
    static double[] quartiles(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return new double[] {s[(s.length - 1) / 4], median(s), s[(3 * (s.length - 1) + 3) / 4]};
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The Markdown rows of one result. */
    static List<String> rows(Result r) {
        List<String> out = new ArrayList<>();
        double g = quartiles(r.nanosPerMessage().get("gochan"))[1];
        for (String peer : r.nanosPerMessage().keySet()) {
            if (peer.equals("gochan")) {
                continue;
            }
            double p = quartiles(r.nanosPerMessage().get(peer))[1];
            double[] q = r.speedupQuartiles(peer);
            out.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2fx | %.2f-%.2f |",
                    r.workload().name(), peer, g, p, q[1], q[0], q[2]));
        }
        return out;
    }

    /**
     * Runs the paired comparison and prints a Markdown table.
     *
     * @param args {@code --only REGEX}, {@code --rounds R} (default 15), {@code --scale S}
     * @throws Exception if a contender fails (each checks that every message arrived once)
     */
    public static void main(String[] args) throws Exception {
        Pattern only = Pattern.compile(".*");
        int rounds = 15;
        double scale = 1.0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Pattern.compile(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (use --only REGEX, --rounds R, --scale S)");
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1: " + rounds);
        }
        System.out.println("| workload | peer | gochan ns/msg | peer ns/msg "
                + "| peer/gochan time, median of rounds | quartiles |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (Workload w : workloads(scale)) {
            if (only.matcher(w.name()).find()) {
                for (String row : rows(measure(w, 3, rounds))) {
                    System.out.println(row);
                }
            }
        }
    }
}
