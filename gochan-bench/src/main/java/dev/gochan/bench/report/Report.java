package dev.gochan.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the comparison table of a benchmark run: one Markdown table with, per workload and
 * scheduler parallelism, the median of every contender, gochan's ratios to Jox and to the
 * java.util.concurrent queue, the target and whether it is met.
 *
 * <p>Reads every {@code *.json} file of a results directory (as written by
 * {@code run-benchmarks.sh}): JMH's {@code -rf json} files (an array of benchmark results), and
 * <em>rows</em>, written by {@code MemoryFootprint} and the Go programs: an array of objects
 * {@code {"workload", "parallelism", "contender", "unit", "values"}} whose values are already in
 * the table's unit.
 *
 * <p>The JMH benchmarks time one operation of {@code n} messages (a {@code @Param}); this class
 * divides by {@code n}. Every measurement iteration of every round is one sample; a cell is the
 * median of its samples.
 *
 * <p>A second table ({@link #pairedTable}) pairs the contenders round by round, from the round
 * in each file's name; it shows how far the ratio moves between rounds, and decides nothing.
 *
 * <p>Usage: {@code Report <results-dir>}.
 */
public final class Report {
    private Report() {}

    private static final String PARALLELISM_FLAG = "-Djdk.virtualThreadScheduler.parallelism=";

    /** Where a contender's numbers go. */
    enum Column { JOX, JUC, LTQ, GOCHAN, GO }

    /**
     * A workload's row heading and target.
     *
     * @param key the workload key used in result rows
     * @param title the heading, with the unit
     * @param juc the java.util.concurrent contender compared against, or null
     * @param lowerIsBetter true for times and bytes, false for throughput
     * @param joxFactor gochan must be within this factor of Jox (NaN: no such target)
     * @param jucFactor gochan must be within this factor of the j.u.c. queue (NaN: none)
     * @param limit an absolute bound on gochan's number (NaN: none)
     * @param target the target as printed
     */
    record Workload(String key, String title, String juc, boolean lowerIsBetter, double joxFactor,
            double jucFactor, double limit, String target) {}

    /** The workloads in table order, with the targets of the issue. */
    static final List<Workload> WORKLOADS = List.of(
            new Workload("W1", "W1 ping-pong, ns/round trip (lower is better)", "SQ", true, 0.6, 1, Double.NaN,
                    "<= 0.6x Jox, <= SQ"),
            new Workload("W2", "W2 unbuffered 1P1C, M msg/s", "SQ", false, 2, 1, Double.NaN, ">= 2x Jox, >= SQ"),
            new Workload("W3", "W3 buffered 1024 1P1C, M msg/s", "ABQ", false, 3, 2, Double.NaN,
                    ">= 3x Jox, >= 2x ABQ"),
            new Workload("W4", "W4 buffered 128 4P4C, M msg/s", "ABQ", false, 3, 1, Double.NaN, ">= 3x Jox, >= ABQ"),
            new Workload("W5 cap 0", "W5 select over 4 unbuffered, M msg/s", null, false, 2, Double.NaN, Double.NaN,
                    ">= 2x Jox"),
            new Workload("W5 cap 16", "W5 select over 4 buffered 16, M msg/s", null, false, 2, Double.NaN,
                    Double.NaN, ">= 2x Jox"),
            new Workload("memory", "memory, bytes per parked goroutine (lower is better)", "SQ", true, Double.NaN,
                    Double.NaN, 1400, "<= 1400 B"));

    /**
     * The samples of one contender in one workload at one parallelism, in the table's unit.
     *
     * @param workload the workload key ("W1", ..., "W5 cap 16", "memory")
     * @param parallelism "default" or the virtual-thread scheduler parallelism
     * @param contender the benchmark method name ("jox", "synchronousQueue", "gochan", ...) or "go"
     * @param values the samples
     * @param round the round of the run the samples come from (1, 2, ...), 0 when not known
     */
    record Row(String workload, String parallelism, String contender, List<Double> values, int round) {
        /** A row whose round is not known (0). */
        Row(String workload, String parallelism, String contender, List<Double> values) {
            this(workload, parallelism, contender, values, 0);
        }

        /** This row, from round {@code r}. */
        Row inRound(int r) {
            return new Row(workload, parallelism, contender, values, r);
        }
    }

    /** The round of a results file, from the {@code -rN.json} ending that run-benchmarks.sh gives it. */
    private static final Pattern ROUND = Pattern.compile("-r(\\d+)\\.json$");

    /**
     * Prints the table of the results in {@code args[0]}.
     *
     * @param args the results directory
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <results-dir>");
            System.exit(2);
        }
        List<Row> rows = readDir(Path.of(args[0]));
        System.out.print(table(rows, Runtime.getRuntime().availableProcessors()));
        String paired = pairedTable(rows);
        if (!paired.isEmpty()) {
            System.out.println();
            System.out.print(paired);
        }
    }

    /** Reads every {@code *.json} file of {@code dir}. */
    static List<Row> readDir(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            Matcher m = ROUND.matcher(f.getFileName().toString());
            int round = m.find() ? Integer.parseInt(m.group(1)) : 0;
            try {
                for (Row r : rows(Json.parse(Files.readString(f)))) {
                    rows.add(r.inRound(round));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** The rows in one parsed file, JMH's or ours. */
    static List<Row> rows(Object json) {
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<?>) json) {
            Map<?, ?> m = (Map<?, ?>) o;
            rows.add(m.containsKey("benchmark") ? fromJmh(m) : fromRow(m));
        }
        return rows;
    }

    private static Row fromRow(Map<?, ?> m) {
        List<Double> values = new ArrayList<>();
        for (Object v : (List<?>) m.get("values")) {
            values.add(Json.number(v));
        }
        return new Row((String) m.get("workload"), (String) m.get("parallelism"), (String) m.get("contender"),
                values);
    }

    /** One JMH result: per-operation times become per-message numbers. */
    private static Row fromJmh(Map<?, ?> m) {
        String benchmark = (String) m.get("benchmark"); // dev.gochan.bench.W1PingPong.gochan
        String[] parts = benchmark.split("\\.");
        String cls = parts[parts.length - 2];
        String contender = parts[parts.length - 1];
        Map<?, ?> params = (Map<?, ?>) m.get("params");
        String workload = cls.substring(0, 2);
        if (workload.equals("W5")) {
            workload += " cap " + params.get("capacity");
        }
        double n = Json.number(params.get("n"));
        String parallelism = "default";
        for (Object a : (List<?>) m.get("jvmArgs")) {
            if (a instanceof String s && s.startsWith(PARALLELISM_FLAG)) {
                parallelism = s.substring(PARALLELISM_FLAG.length());
            }
        }
        Map<?, ?> metric = (Map<?, ?>) m.get("primaryMetric");
        double nanosPerUnit = nanos((String) metric.get("scoreUnit"));
        List<Double> values = new ArrayList<>();
        for (Object fork : (List<?>) metric.get("rawData")) {
            for (Object v : (List<?>) fork) {
                double nsPerMessage = Json.number(v) * nanosPerUnit / n;
                // W1 is reported as time per round trip; the others as millions of messages per second.
                values.add(workload.equals("W1") ? nsPerMessage : 1e3 / nsPerMessage);
            }
        }
        return new Row(workload, parallelism, contender, values);
    }

    /** Nanoseconds in the time unit of an average-time score ("us/op" and so on). */
    static double nanos(String scoreUnit) {
        return switch (scoreUnit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + scoreUnit
                    + " (the benchmarks use Mode.AverageTime)");
        };
    }

    static Column column(String contender) {
        return switch (contender) {
            case "jox" -> Column.JOX;
            case "synchronousQueue", "arrayBlockingQueue" -> Column.JUC;
            case "linkedTransferQueue" -> Column.LTQ;
            case "gochan" -> Column.GOCHAN;
            case "go" -> Column.GO;
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        };
    }

    /**
     * The Markdown table of {@code rows}.
     *
     * @param rows every sample row of a run
     * @param cpus what "default" parallelism means on this machine
     * @return the table, one line per workload and parallelism that has data
     */
    static String table(Collection<Row> rows, int cpus) {
        // workload -> parallelism -> column -> samples
        Map<String, Map<String, Map<Column, List<Double>>>> data = new TreeMap<>();
        for (Row r : rows) {
            data.computeIfAbsent(r.workload(), k -> new TreeMap<>())
                    .computeIfAbsent(r.parallelism(), k -> new TreeMap<>())
                    .computeIfAbsent(column(r.contender()), k -> new ArrayList<>())
                    .addAll(r.values());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | parallelism | Jox | j.u.c. | LTQ | gochan | Go | gochan/Jox | gochan/j.u.c."
                + " | target | met |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Workload w : WORKLOADS) {
            Map<String, Map<Column, List<Double>>> byPar = data.getOrDefault(w.key(), Map.of());
            for (String par : sortedParallelisms(byPar.keySet())) {
                Map<Column, Double> med = new TreeMap<>();
                byPar.get(par).forEach((c, v) -> med.put(c, median(v)));
                Double jox = med.get(Column.JOX);
                Double juc = med.get(Column.JUC);
                Double go = med.get(Column.GOCHAN);
                sb.append("| ").append(w.title())
                        .append(" | ").append(par.equals("default") ? "default (" + cpus + ")" : par)
                        .append(" | ").append(fmt(w, jox))
                        .append(" | ").append(juc == null ? "-" : fmt(w, juc) + " " + w.juc())
                        .append(" | ").append(fmt(w, med.get(Column.LTQ)))
                        .append(" | ").append(fmt(w, go))
                        .append(" | ").append(fmt(w, med.get(Column.GO)))
                        .append(" | ").append(ratio(go, jox))
                        .append(" | ").append(ratio(go, juc))
                        .append(" | ").append(w.target())
                        .append(" | ").append(verdict(w, go, jox, juc))
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    /**
     * The ratios round by round: in each round, gochan's median against each peer's median of
     * the same round, then the median of those ratios. The contenders of one round ran back to
     * back, so they mostly share the machine's regime (see {@code Solo}); the main table's ratio
     * of medians over all rounds does not pair them, and swings with how many of each
     * contender's forks fell in the slow regime. Printed beside the main table, which alone
     * decides "met".
     *
     * @param rows every sample row of a run
     * @return a Markdown table, or "" when no workload has two rounds of gochan and one peer
     */
    static String pairedTable(Collection<Row> rows) {
        // workload -> parallelism -> round -> column -> samples
        Map<String, Map<String, Map<Integer, Map<Column, List<Double>>>>> data = new TreeMap<>();
        for (Row r : rows) {
            if (r.round() > 0) {
                data.computeIfAbsent(r.workload(), k -> new TreeMap<>())
                        .computeIfAbsent(r.parallelism(), k -> new TreeMap<>())
                        .computeIfAbsent(r.round(), k -> new TreeMap<>())
                        .computeIfAbsent(column(r.contender()), k -> new ArrayList<>())
                        .addAll(r.values());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Workload w : WORKLOADS) {
            Map<String, Map<Integer, Map<Column, List<Double>>>> byPar = data.getOrDefault(w.key(), Map.of());
            for (String par : sortedParallelisms(byPar.keySet())) {
                List<Double> vsJox = new ArrayList<>();
                List<Double> vsJuc = new ArrayList<>();
                for (Map<Column, List<Double>> round : byPar.get(par).values()) {
                    List<Double> g = round.get(Column.GOCHAN);
                    if (g == null) {
                        continue;
                    }
                    double gochan = median(g);
                    if (round.containsKey(Column.JOX)) {
                        vsJox.add(gochan / median(round.get(Column.JOX)));
                    }
                    if (round.containsKey(Column.JUC)) {
                        vsJuc.add(gochan / median(round.get(Column.JUC)));
                    }
                }
                if (Math.max(vsJox.size(), vsJuc.size()) < 2) {
                    continue; // one round is no pairing worth a line
                }
                sb.append("| ").append(w.title())
                        .append(" | ").append(par)
                        .append(" | ").append(ratios(vsJox))
                        .append(" | ").append(vsJox.isEmpty() ? "-" : ratio(median(vsJox), 1.0))
                        .append(" | ").append(ratios(vsJuc))
                        .append(" | ").append(vsJuc.isEmpty() ? "-" : ratio(median(vsJuc), 1.0) + " " + w.juc())
                        .append(" |\n");
            }
        }
        if (sb.isEmpty()) {
            return "";
        }
        return "Round by round (each round's contenders ran back to back; the table above decides"
                + " \"met\"):\n\n"
                + "| workload | parallelism | gochan/Jox by round | median | gochan/j.u.c. by round | median |\n"
                + "|---|---|---|---:|---|---:|\n"
                + sb;
    }

    private static String ratios(List<Double> rs) {
        if (rs.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (double r : rs) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", r));
        }
        return sb.toString();
    }

    /** "default" first, then explicit parallelisms in numeric order. */
    private static List<String> sortedParallelisms(Collection<String> pars) {
        List<String> sorted = new ArrayList<>(pars);
        sorted.sort((a, b) -> a.equals(b) ? 0 : a.equals("default") ? -1 : b.equals("default") ? 1
                : Integer.compare(parseIntOr(a), parseIntOr(b)));
        return sorted;
    }

    /** "met", "MISSED", or "n/a" when a number the target needs is missing. */
    static String verdict(Workload w, Double gochan, Double jox, Double juc) {
        boolean met = true;
        if (gochan == null) {
            return "n/a";
        }
        if (!Double.isNaN(w.joxFactor())) {
            if (jox == null) {
                return "n/a";
            }
            met &= within(w, gochan, w.joxFactor() * jox);
        }
        if (!Double.isNaN(w.jucFactor())) {
            if (juc == null) {
                return "n/a";
            }
            met &= within(w, gochan, w.jucFactor() * juc);
        }
        if (!Double.isNaN(w.limit())) {
            met &= within(w, gochan, w.limit());
        }
        return met ? "met" : "MISSED";
    }

    private static boolean within(Workload w, double value, double bound) {
        return w.lowerIsBetter() ? value <= bound : value >= bound;
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
    }

    private static String fmt(Workload w, Double v) {
        if (v == null) {
            return "-";
        }
        // Nanoseconds and bytes are whole numbers; throughput keeps one decimal, two below 10
        // (a collapsed contender at 0.04 M msg/s must not print as 0.0).
        String f = w.lowerIsBetter() ? "%.0f" : v < 10 ? "%.2f" : "%.1f";
        return String.format(Locale.ROOT, f, v);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static int parseIntOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
