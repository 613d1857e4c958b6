package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guide §2.2: one goroutine, so the output is exact. */
@Timeout(10)
class BufferedChannelTest {
    @Test
    void printsOneThenTwo() {
        assertThat(Output.of(BufferedChannel::run).text()).isEqualTo("1\n2\n");
    }
}
