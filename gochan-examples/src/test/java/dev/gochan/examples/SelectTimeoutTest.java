package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guide §4.3: the one-second timer beats the two-second result. */
@Timeout(10)
class SelectTimeoutTest {
    @Test
    @Tag("timing")
    void printsTimeoutAfterOneSecond() {
        Output run = Output.of(SelectTimeout::run);
        assertThat(run.text()).isEqualTo("Timeout!\n");
        assertThat(Duration.ofNanos(run.elapsedNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
