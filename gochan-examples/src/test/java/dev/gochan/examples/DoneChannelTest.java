package dev.gochan.examples;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guide §6.2: closing done stops the worker, whatever it was doing. */
@Timeout(10)
class DoneChannelTest {
    private static final Pattern STOPPED = Pattern.compile("worker: stopped after (\\d+) units of work");

    @Test
    void mainClosesDoneThenTheWorkerStopsThenMainSeesItReturn() {
        Output run = Output.of(DoneChannel::run);
        assertThat(run.lines()).as(run.text()).hasSize(3);
        assertThat(run.lines().get(0)).isEqualTo("main: closing done");
        assertThat(run.lines().get(1)).matches(STOPPED);
        assertThat(run.lines().get(2)).isEqualTo("main: worker has returned");
    }

    @Test
    @Tag("timing")
    void theWorkerWorksDuringTheHundredMilliseconds() {
        // Not a Go guarantee (the worker might not have been scheduled yet), but 100 ms is ages.
        Output run = Output.of(DoneChannel::run);
        Matcher m = STOPPED.matcher(run.lines().get(1));
        assertThat(m.matches()).as(run.text()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
    }

    @RepeatedTest(20)
    void aWorkerGivenAClosedDoneChannelDoesNoWork() {
        // A select with a default never takes it while a case is ready; a closed channel is ready.
        Chan<Void> done = Chan.make();
        done.close();
        assertThat(DoneChannel.worker(done)).isZero();
    }

    @Test
    void theWorkerKeepsWorkingUntilDoneIsClosed() {
        Chan<Void> done = Chan.make();
        Chan<Long> units = Chan.make(1);
        go(() -> units.send(DoneChannel.worker(done)));
        assertThat(units.tryReceive(Duration.ofMillis(200))).as("worker returned with done open").isEmpty();
        done.close();
        assertThat(units.tryReceive(Duration.ofSeconds(5))).as("worker stopped after the close").isPresent();
    }

    @Test
    void oneCloseStopsEveryWorker() {
        Chan<Void> done = Chan.make();
        Chan<Long> units = Chan.make(5);
        for (int i = 0; i < 5; i++) {
            go(() -> units.send(DoneChannel.worker(done)));
        }
        done.close();
        for (int i = 0; i < 5; i++) {
            assertThat(units.tryReceive(Duration.ofSeconds(5))).as("worker %d stopped", i).isPresent();
        }
    }
}
