package dev.gochan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Each contender alone in JVMs of its own, timed second by second: a diagnostic beside the JMH
 * table and {@link Paired}, for judging a change when the machine switches regimes.
 *
 * <h2>Why</h2>
 * On the 2-vCPU machines here the time of a cross-carrier workload switches between a fast and a
 * slow regime (unbuffered W2: about 115 or 380 ns per message) every few seconds, inside one JVM,
 * with the CPU 98% busy in user code, no steal and no more context switches: the cache-line
 * transfers get slower, most likely because the host moved a vCPU to a farther core. A JMH fork
 * of 8 seconds can land in either regime, or straddle them. {@link Paired} keeps all contenders
 * in one JVM, which shares the regime but also the JIT's profiles, the heap and the collector:
 * on W2 it read gochan 1.00-1.14x SynchronousQueue, where JVMs of their own (as in JMH) read it
 * about 0.9x (SynchronousQueue takes 110-120 ns per message beside the others, 103-105 alone).
 *
 * <p>So this runs each contender alone in a JVM (as JMH does), for many one-second samples, in
 * JVMs that alternate between the contenders, and reports quantiles of the samples. The lower
 * quantiles compare the contenders within the fast regime; the upper ones show how much of the
 * time each spent in the slow one.
 *
 * <pre>
 *   java -cp ... dev.gochan.bench.Solo --only REGEX [--contenders A,B] [--jvms N] [--seconds S]
 *        [--jvm-arg ARG]...
 * </pre>
 * {@code --only} picks the workloads by name (as in {@link Paired}), {@code --contenders} the
 * contenders (default: all of each workload), {@code --jvms} how many JVMs each contender gets
 * (default 4), {@code --seconds} how many one-second samples each JVM takes after one second of
 * warm-up (default 6); each {@code --jvm-arg} goes to every JVM, for example
 * {@code --jvm-arg -Djdk.virtualThreadScheduler.parallelism=1}.
 */
public final class Solo {
    private Solo() {}

    /** The flag that makes a JVM run one contender and print its samples. */
    private static final String CHILD = "--child";

    /**
     * Runs the comparison, or (with {@code --child WORKLOAD CONTENDER SECONDS}) one contender.
     *
     * @param args see the class comment
     * @throws Exception if a contender fails (each checks that every message arrived once) or a
     *     JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals(CHILD)) {
            child(args[1], args[2], Integer.parseInt(args[3]));
            return;
        }
        Pattern only = Pattern.compile(".*");
        List<String> picked = null;
        int jvms = 4;
        int seconds = 6;
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Pattern.compile(args[++i]);
                case "--contenders" -> picked = List.of(args[++i].split(","));
                case "--jvms" -> jvms = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (use --only REGEX, --contenders A,B, --jvms N, --seconds S,"
                        + " --jvm-arg ARG)");
            }
        }
        if (jvms < 1 || seconds < 1) {
            throw new IllegalArgumentException("--jvms and --seconds must be at least 1");
        }
        System.out.println("| workload | contender | samples | p10 ns/msg | p25 | median | p75 "
                + "| time / gochan's, p25 | median |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Paired.Workload w : Paired.workloads(1.0)) {
            if (!only.matcher(w.name()).find()) {
                continue;
            }
            List<String> names = new ArrayList<>(w.contenders().keySet());
            if (picked != null) {
                names.retainAll(picked);
            }
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            for (String name : names) {
                samples.put(name, new ArrayList<>());
            }
            for (int j = 0; j < jvms; j++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((j + k) % names.size()); // rotate who goes first
                    samples.get(name).addAll(runChild(jvmArgs, w.name(), name, seconds));
                }
            }
            List<Double> gochan = samples.get("gochan");
            for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
                List<Double> s = e.getValue();
                double p25 = quantile(s, 0.25);
                double median = quantile(s, 0.5);
                System.out.printf(Locale.ROOT,
                        "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                        w.name(), e.getKey(), s.size(), quantile(s, 0.1), p25, median,
                        quantile(s, 0.75), ratio(p25, gochan, 0.25), ratio(median, gochan, 0.5));
            }
        }
    }

    /** Starts a JVM that runs one contender, and returns its samples (ns per message). */
    private static List<Double> runChild(List<String> jvmArgs, String workload, String contender,
            int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Solo.class.getName());
        cmd.add(CHILD);
        cmd.add(workload);
        cmd.add(contender);
        cmd.add(Integer.toString(seconds));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Double> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(Double.parseDouble(line.trim()));
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || out.size() != seconds) {
            throw new IllegalStateException(contender + " on " + workload + " failed (exit "
                    + exit + ", " + out.size() + " of " + seconds + " samples)");
        }
        return out;
    }

    /** In a JVM of its own: one second of warm-up, then one line per second, ns per message. */
    private static void child(String workload, String contender, int seconds) throws Exception {
        Paired.Run run = null;
        int messages = 0;
        for (Paired.Workload w : Paired.workloads(1.0)) {
            if (w.name().equals(workload)) {
                run = w.contenders().get(contender);
                messages = w.messages();
            }
        }
        if (run == null) {
            throw new IllegalArgumentException("no contender " + contender + " in " + workload);
        }
        for (int s = -1; s < seconds; s++) {
            long t0 = System.nanoTime();
            long runs = 0;
            long elapsed;
            do {
                run.run();
                runs++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < 1_000_000_000L);
            if (s >= 0) {
                System.out.printf(Locale.ROOT, "%.2f%n", (double) elapsed / (runs * messages));
            }
        }
    }

    /**
     * {@code value} over gochan's {@code q} quantile, as text: above 1, gochan is faster ("-"
     * when gochan was not measured).
     */
    private static String ratio(double value, List<Double> gochan, double q) {
        return gochan == null ? "-"
                : String.format(Locale.ROOT, "%.2fx", value / quantile(gochan, q));
    }

    /** The {@code q} quantile of {@code xs} (nearest rank). */
    static double quantile(List<Double> xs, double q) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int rank = (int) Math.ceil(q * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
