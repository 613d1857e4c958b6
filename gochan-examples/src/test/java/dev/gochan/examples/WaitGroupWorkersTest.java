package dev.gochan.examples;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.Chan;
import dev.gochan.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §5.1. The example sleeps 1 second, so it runs once and each test checks one property of
 * that run; the same program without the sleep runs many times, where the workers' last lines
 * and main's line race hardest. The lines interleave differently from run to run: only what Go
 * guarantees is asserted, plus the time it takes (tagged "timing").
 */
@Timeout(20)
class WaitGroupWorkersTest {
    private static final String ALL = "All workers finished";

    private static Output run;

    @BeforeAll
    static void runTheExample() {
        run = Output.of(WaitGroupWorkers::run);
    }

    /** The eleven lines the program prints, in no particular order. */
    private static List<String> expectedLines() {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= WaitGroupWorkers.NUM_WORKERS; id++) {
            lines.add("Worker " + id + " starting");
            lines.add("Worker " + id + " done");
        }
        lines.add(ALL);
        return lines;
    }

    /** What Go guarantees about one run's lines. */
    private static void assertGoGuarantees(Output run) {
        assertThat(run.text()).endsWith("\n");
        assertThat(run.lines()).as(run.text()).containsExactlyInAnyOrderElementsOf(expectedLines());
        for (int id = 1; id <= WaitGroupWorkers.NUM_WORKERS; id++) {
            assertThat(run.indexOf("Worker " + id + " starting")).as("worker %d in:%n%s", id, run.text())
                    .isLessThan(run.indexOf("Worker " + id + " done"));
        }
        // wg.await() returns only after every worker's done(), which follows its last line.
        assertThat(run.lines()).as(run.text()).endsWith(ALL);
    }

    @Test
    void everyWorkerStartsThenFinishesAndMainPrintsLast() {
        assertGoGuarantees(run);
    }

    @RepeatedTest(50)
    void withoutTheSleepMainStillWaitsForEveryWorker() {
        assertGoGuarantees(Output.of(out -> WaitGroupWorkers.run(out, Duration.ZERO)));
    }

    @Test
    void mainWaitsForTheOneSecondOfWork() {
        assertThat(Duration.ofNanos(run.elapsedNanos())).isGreaterThanOrEqualTo(WaitGroupWorkers.WORK);
    }

    @Test
    @Tag("timing")
    void theWorkersSleepAtTheSameTimeSoTheProgramTakesAboutOneSecondNotFive() {
        assertThat(Duration.ofNanos(run.elapsedNanos())).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aWorkerThatThrowsStillCountsItselfDone() {
        // The finally is Go's defer: the group must not wait forever for a worker that failed.
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Chan<Void> awaited = Chan.make(1);
        go(() -> {
            wg.await();
            awaited.send(null);
        });
        assertThatThrownBy(() -> WaitGroupWorkers.worker(1, wg, Duration.ZERO, null)) // no stream
                .isInstanceOf(NullPointerException.class);
        assertThat(awaited.tryReceive(Duration.ofSeconds(5))).as("wg.await() returned").isPresent();
    }
}
