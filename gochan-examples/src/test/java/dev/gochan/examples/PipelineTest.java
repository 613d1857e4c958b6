package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.SendChan;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guide §4.1: one goroutine per stage and FIFO channels, so the output is exact. */
@Timeout(10)
class PipelineTest {
    @RepeatedTest(20)
    void printsFourThenSixteen() {
        assertThat(Output.of(Pipeline::run).text()).isEqualTo("4\n16\n");
    }

    @Test
    void eachStageSendsItsValuesInOrderThenCloses() {
        assertThat(drain(Pipeline.generate(3, 1, 2))).containsExactly(3, 1, 2);
        assertThat(drain(Pipeline.square(Pipeline.generate(3, 1, 2)))).containsExactly(9, 1, 4);
        assertThat(drain(Pipeline.filterEven(Pipeline.generate(3, 4, 1, 2, 6))))
                .containsExactly(4, 2, 6);
        assertThat(drain(Pipeline.generate())).isEmpty();
    }

    @Test
    void stagesHandOutOnlyTheReceiveSide() {
        RecvChan<Integer> out = Pipeline.generate(1);
        assertThat(out).isNotInstanceOf(SendChan.class).isNotInstanceOf(Chan.class);
        assertThat(drain(out)).containsExactly(1);
    }

    /** Receives until the channel is closed (the range loop ends only then). */
    private static List<Integer> drain(RecvChan<Integer> ch) {
        List<Integer> got = ch.stream().toList();
        assertThat(ch.receiveOk().ok()).as("closed after the last value").isFalse();
        return got;
    }
}
