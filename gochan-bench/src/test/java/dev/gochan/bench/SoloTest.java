package dev.gochan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics and the argument checks of {@link Solo} (its JVMs are too slow for a test). */
class SoloTest {
    @Test
    void quantilesAreNearestRanksOfTheSortedSamples() {
        List<Double> xs = List.of(7.0, 1.0, 10.0, 3.0, 5.0, 2.0, 9.0, 4.0, 8.0, 6.0);
        assertThat(Solo.quantile(xs, 0.1)).isEqualTo(1.0);
        assertThat(Solo.quantile(xs, 0.25)).isEqualTo(3.0);
        assertThat(Solo.quantile(xs, 0.5)).isEqualTo(5.0);
        assertThat(Solo.quantile(xs, 0.75)).isEqualTo(8.0);
        assertThat(Solo.quantile(xs, 1.0)).isEqualTo(10.0);
        assertThat(Solo.quantile(List.of(4.0), 0.1)).isEqualTo(4.0);
    }

    @Test
    void rejectsUnknownArgumentsAndEmptyRuns() {
        assertThatThrownBy(() -> Solo.main(new String[] {"--fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
        assertThatThrownBy(() -> Solo.main(new String[] {"--jvms", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jvms");
    }
}
