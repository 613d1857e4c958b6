package dev.gochan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The paired comparison's arithmetic, and one tiny run of every workload through it. */
@Timeout(120)
class PairedTest {
    @Test
    void quartilesOfAKnownSample() {
        assertThat(Paired.quartiles(new double[] {5, 1, 4, 2, 3})).containsExactly(2, 3, 4);
        assertThat(Paired.quartiles(new double[] {4, 1, 3, 2})).containsExactly(1, 2.5, 4);
        assertThat(Paired.quartiles(new double[] {7})).containsExactly(7, 7, 7);
    }

    @Test
    void theRatioIsTakenPerRoundThenTheMedian() {
        Paired.Workload w = new Paired.Workload("w", 1, Map.of());
        // gochan twice as fast in rounds 0 and 2, ten times slower in round 1: per-round ratios
        // 2, 0.1, 2 (median 2), where a ratio of medians would give 20/10 = 2 only by chance
        Paired.Result r = new Paired.Result(w, Map.of(
                "gochan", new double[] {10, 1000, 30},
                "peer", new double[] {20, 100, 60}));
        assertThat(r.speedupQuartiles("peer")).containsExactly(0.1, 2.0, 2.0);
    }

    @Test
    void everyWorkloadRunsEveryContenderAndPrintsOneRowPerPeer() throws Exception {
        List<Paired.Workload> all = Paired.workloads(0.01);
        assertThat(all).extracting(Paired.Workload::name).containsExactly(
                "W1 ping-pong (per round trip)", "W2 unbuffered 1P1C", "W3 buffered 1024 1P1C",
                "W4 buffered 128 4P4C", "W5 select cap 0", "W5 select cap 16");
        for (Paired.Workload w : all) {
            Paired.Result r = Paired.measure(w, 1, 2);
            List<String> rows = Paired.rows(r);
            assertThat(rows).hasSize(w.contenders().size() - 1);
            for (double[] times : r.nanosPerMessage().values()) {
                assertThat(times).hasSize(2);
                assertThat(Math.min(times[0], times[1])).isPositive();
            }
            assertThat(rows).allSatisfy(row -> assertThat(row).startsWith("| " + w.name() + " | "));
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> Paired.main(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> Paired.main(new String[] {"--rounds", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds");
    }
}
