package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/** Guide §3: main does all the printing in program order, so the output is exact. */
@Timeout(10)
class CloseAndRangeTest {
    @RepeatedTest(20)
    void printsValueOkRangeCloseAndThePanic() {
        assertThat(Output.of(CloseAndRange::run).text()).isEqualTo("""
                1 true
                2
                3
                closed: ok = false
                panic: send on closed channel
                """);
    }
}
