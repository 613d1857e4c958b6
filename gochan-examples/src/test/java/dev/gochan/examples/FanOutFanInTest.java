package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §4.2. Worker lines and results interleave differently from run to run; the tests check
 * what Go guarantees, over many runs.
 */
@Timeout(20)
class FanOutFanInTest {
    private static final Pattern WORKER = Pattern.compile("Worker ([1-3]) processing job ([1-9])");
    private static final Pattern RESULT = Pattern.compile("Result: (\\d+)");

    @RepeatedTest(50)
    void everyJobIsProcessedOnceAndEveryResultPrintedOnce() {
        Output run = Output.of(FanOutFanIn::run);
        List<String> lines = run.lines();
        assertThat(lines).as(run.text()).hasSize(18);

        List<Integer> jobs = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        Map<Integer, Integer> lineOfJob = new HashMap<>();
        Map<Integer, List<Integer>> jobsOfWorker = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher w = WORKER.matcher(lines.get(i));
            Matcher r = RESULT.matcher(lines.get(i));
            if (w.matches()) {
                int worker = Integer.parseInt(w.group(1));
                int job = Integer.parseInt(w.group(2));
                jobs.add(job);
                lineOfJob.put(job, i);
                jobsOfWorker.computeIfAbsent(worker, k -> new ArrayList<>()).add(job);
            } else {
                assertThat(r.matches()).as("unexpected line \"%s\" in:%n%s", lines.get(i), run.text())
                        .isTrue();
                int result = Integer.parseInt(r.group(1));
                results.add(result);
                // The result of job j is sent after the worker printed its line for j.
                assertThat(lineOfJob).as("worker line for job %d before its result", result / 2)
                        .containsKey(result / 2);
                assertThat(lineOfJob.get(result / 2)).isLessThan(i);
            }
        }
        assertThat(jobs).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 9).boxed().toList());
        assertThat(results).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 9).map(j -> 2 * j).boxed().toList());
        // The jobs channel is FIFO: each worker receives its jobs in increasing order.
        jobsOfWorker.values().forEach(js -> assertThat(js).isSorted());
    }

    @Test
    void mergeForwardsEveryValueKeepsEachInputsOrderAndClosesAfterTheLastInput() {
        RecvChan<Integer> merged = FanOutFanIn.merge(
                Pipeline.generate(1, 2, 3), Pipeline.generate(10, 20), Pipeline.generate(100, 200, 300, 400));
        List<Integer> got = merged.stream().toList(); // ends only when merge closes its output
        assertThat(got).containsExactlyInAnyOrder(1, 2, 3, 10, 20, 100, 200, 300, 400);
        assertThat(got.stream().filter(v -> v < 10)).isSorted();
        assertThat(got.stream().filter(v -> v >= 10 && v < 100)).isSorted();
        assertThat(got.stream().filter(v -> v >= 100)).isSorted();
        assertThat(merged.receiveOk().ok()).isFalse();
    }

    @Test
    void mergeWaitsForEveryInputBeforeClosing() {
        Chan<Integer> slow = Chan.make();
        RecvChan<Integer> merged = FanOutFanIn.merge(Pipeline.generate(1), slow.recvOnly());
        assertThat(merged.receive()).isEqualTo(1);
        // `slow` is still open: the output must stay open (and empty) too.
        assertThat(merged.tryReceive(Duration.ofMillis(100))).isEmpty();
        slow.send(2);
        assertThat(merged.receive()).isEqualTo(2);
        slow.close();
        assertThat(merged.receiveOk().ok()).isFalse();
    }

    @Test
    void mergeOfNothingIsClosedAtOnce() {
        assertThat(FanOutFanIn.merge().receiveOk().ok()).isFalse();
    }
}
