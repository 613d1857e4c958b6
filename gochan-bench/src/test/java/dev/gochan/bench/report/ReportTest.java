package dev.gochan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    /** A JMH result as JMH 1.37 writes it, cut to the fields the report reads. */
    private static String jmh(String benchmark, String params, String jvmArgs, String unit, String raw) {
        return "[{\"jmhVersion\":\"1.37\",\"benchmark\":\"dev.gochan.bench." + benchmark + "\",\"mode\":\"avgt\","
                + "\"jvmArgs\":[" + jvmArgs + "],\"params\":{" + params + "},"
                + "\"primaryMetric\":{\"score\":1,\"scoreUnit\":\"" + unit + "\",\"rawData\":[" + raw + "]},"
                + "\"secondaryMetrics\":{}}]";
    }

    @Test
    void pingPongBecomesNanosecondsPerRoundTrip() {
        List<Report.Row> rows = Report.rows(Json.parse(jmh("W1PingPong.gochan", "\"n\":\"1000\"",
                "\"-Xmx1g\",\"-Djdk.virtualThreadScheduler.parallelism=1\"", "us/op", "[300.0, 400.0]")));
        assertThat(rows).containsExactly(new Report.Row("W1", "1", "gochan", List.of(300.0, 400.0)));
    }

    @Test
    void throughputBecomesMillionsOfMessagesPerSecond() {
        // 1000 messages in 100 us = 10 M msg/s; in 1 ms = 1 M msg/s.
        List<Report.Row> rows = Report.rows(Json.parse(jmh("W5Select.jox", "\"capacity\":\"16\",\"n\":\"1000\"",
                "\"-Xmx1g\"", "ms/op", "[0.1, 1.0]")));
        assertThat(rows).hasSize(1);
        Report.Row r = rows.get(0);
        assertThat(r.workload()).isEqualTo("W5 cap 16");
        assertThat(r.parallelism()).isEqualTo("default");
        assertThat(r.contender()).isEqualTo("jox");
        assertThat(r.values().get(0)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.values().get(1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void ourRowsAreReadAsTheyAre() {
        List<Report.Row> rows = Report.rows(Json.parse("[{\"workload\":\"memory\",\"parallelism\":\"default\","
                + "\"contender\":\"gochan\",\"unit\":\"bytes\",\"values\":[1200.5]}]"));
        assertThat(rows).containsExactly(new Report.Row("memory", "default", "gochan", List.of(1200.5)));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Report.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Report.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void tableShowsMediansRatiosAndVerdicts() {
        List<Report.Row> rows = List.of(
                new Report.Row("W1", "default", "jox", List.of(1000.0, 900.0, 1100.0)),
                new Report.Row("W1", "default", "synchronousQueue", List.of(700.0)),
                new Report.Row("W1", "default", "gochan", List.of(500.0)),
                new Report.Row("W1", "1", "jox", List.of(1000.0)),
                new Report.Row("W1", "1", "synchronousQueue", List.of(400.0)),
                new Report.Row("W1", "1", "gochan", List.of(500.0)),
                new Report.Row("W3", "default", "gochan", List.of(30.0)),
                new Report.Row("W3", "default", "go", List.of(2.5)),
                new Report.Row("memory", "default", "gochan", List.of(1300.0)));
        String table = Report.table(rows, 2);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.get(2)).startsWith("| W1 ").contains("| default (2) | 1000 | 700 SQ | - | 500 | - | 0.50x | 0.71x |")
                .endsWith("| met |");
        // Parallelism 1: beats Jox but not the SynchronousQueue.
        assertThat(lines.get(3)).contains("| 1 | 1000 | 400 SQ |").endsWith("| MISSED |");
        // Without Jox and ABQ numbers the W3 target cannot be judged.
        assertThat(lines.get(4)).startsWith("| W3 ").contains("| 30.0 | 2.50 |").endsWith("| n/a |");
        assertThat(lines.get(5)).startsWith("| memory").contains("| 1300 |").endsWith("| met |");
    }

    @Test
    void pairedTableRatiosEachRoundThenTakesTheMedian() {
        List<Report.Row> rows = List.of(
                // round 1 in the fast regime, round 2 in the slow one, round 3 fast again
                new Report.Row("W5 cap 16", "default", "jox", List.of(2.0, 2.5, 3.0), 1),
                new Report.Row("W5 cap 16", "default", "gochan", List.of(7.5), 1),
                new Report.Row("W5 cap 16", "default", "jox", List.of(1.0), 2),
                new Report.Row("W5 cap 16", "default", "gochan", List.of(2.0), 2),
                new Report.Row("W5 cap 16", "default", "jox", List.of(2.0), 3),
                new Report.Row("W5 cap 16", "default", "gochan", List.of(8.0), 3),
                new Report.Row("W5 cap 16", "default", "go", List.of(7.0)), // no round: not paired
                new Report.Row("W1", "1", "jox", List.of(1000.0), 1),
                new Report.Row("W1", "1", "synchronousQueue", List.of(400.0), 1),
                new Report.Row("W1", "1", "gochan", List.of(200.0), 1),
                new Report.Row("W1", "1", "synchronousQueue", List.of(300.0), 2),
                new Report.Row("W1", "1", "gochan", List.of(330.0), 2));
        List<String> lines = Report.pairedTable(rows).lines().toList();
        assertThat(lines.get(0)).startsWith("Round by round");
        assertThat(lines).hasSize(4 + 2);
        // W1 first (table order); one Jox round only, two SQ rounds: 0.50 and 1.10, median 0.80
        assertThat(lines.get(4)).isEqualTo("| W1 ping-pong, ns/round trip (lower is better) | 1 | 0.20 | 0.20x"
                + " | 0.50 1.10 | 0.80x SQ |");
        // 7.5 / 2.5, 2 / 1, 8 / 2
        assertThat(lines.get(5)).isEqualTo("| W5 select over 4 buffered 16, M msg/s | default | 3.00 2.00 4.00"
                + " | 3.00x | - | - |");
    }

    @Test
    void pairedTableNeedsTwoRounds() {
        assertThat(Report.pairedTable(List.of(
                new Report.Row("W2", "default", "jox", List.of(2.0)),
                new Report.Row("W2", "default", "gochan", List.of(4.0))))).isEmpty();
        assertThat(Report.pairedTable(List.of( // a --quick run: one round
                new Report.Row("W2", "default", "jox", List.of(2.0), 1),
                new Report.Row("W2", "default", "synchronousQueue", List.of(3.0), 1),
                new Report.Row("W2", "default", "gochan", List.of(4.0), 1)))).isEmpty();
    }

    @Test
    void theRoundComesFromTheFileName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh-W2-pdefault-gochan-r3.json"), jmh("W2Unbuffered.gochan",
                "\"n\":\"1000\"", "\"-Xmx1g\"", "us/op", "[100.0]"));
        Files.writeString(dir.resolve("go-pdefault.json"), "[{\"workload\":\"W2\",\"parallelism\":\"default\","
                + "\"contender\":\"go\",\"unit\":\"M msg/s\",\"values\":[9.0]}]");
        List<Report.Row> rows = Report.readDir(dir);
        assertThat(rows).extracting(Report.Row::contender, Report.Row::round)
                .containsExactlyInAnyOrder(tuple("gochan", 3), tuple("go", 0));
    }

    @Test
    void throughputTargetsNeedTheFactor() {
        Report.Workload w3 = Report.WORKLOADS.get(2);
        assertThat(w3.key()).isEqualTo("W3");
        assertThat(Report.verdict(w3, 60.0, 20.0, 30.0)).isEqualTo("met");
        assertThat(Report.verdict(w3, 59.0, 20.0, 30.0)).isEqualTo("MISSED"); // < 2x ABQ
        assertThat(Report.verdict(w3, 60.0, 21.0, 10.0)).isEqualTo("MISSED"); // < 3x Jox
    }
}
