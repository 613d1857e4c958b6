package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §4.4. The example takes 2 seconds, so it runs once and each test checks one property of
 * that run. The lines interleave differently from run to run: only what Go guarantees is
 * asserted, plus the time it takes (tagged "timing").
 */
@Timeout(20)
class WorkerPoolTest {
    private static final Pattern LINE = Pattern.compile("Worker ([1-3]) (started|finished) job ([1-5])");

    private static Output run;

    /** One parsed line: which worker, which job, and where it was printed. */
    private record Event(int worker, boolean started, int job, int index) {}

    private static final List<Event> events = new ArrayList<>();

    @BeforeAll
    static void runTheExample() {
        run = Output.of(WorkerPool::run);
        List<String> lines = run.lines();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertThat(m.matches()).as("unexpected line \"%s\" in:%n%s", lines.get(i), run.text()).isTrue();
            events.add(new Event(Integer.parseInt(m.group(1)), m.group(2).equals("started"),
                    Integer.parseInt(m.group(3)), i));
        }
    }

    @Test
    void everyJobIsStartedAndFinishedOnceByTheSameWorker() {
        assertThat(run.lines()).as(run.text()).hasSize(2 * WorkerPool.NUM_JOBS);
        for (int job = 1; job <= WorkerPool.NUM_JOBS; job++) {
            int j = job;
            List<Event> started = events.stream().filter(e -> e.job() == j && e.started()).toList();
            List<Event> finished = events.stream().filter(e -> e.job() == j && !e.started()).toList();
            assertThat(started).as("started lines of job %d in:%n%s", j, run.text()).hasSize(1);
            assertThat(finished).as("finished lines of job %d in:%n%s", j, run.text()).hasSize(1);
            assertThat(finished.get(0).worker()).isEqualTo(started.get(0).worker());
            assertThat(started.get(0).index()).as("job %d started before it finished", j)
                    .isLessThan(finished.get(0).index());
        }
    }

    @Test
    void eachWorkerFinishesAJobBeforeItStartsTheNextAndTakesJobsInOrder() {
        Map<Integer, List<Event>> byWorker = new HashMap<>();
        events.forEach(e -> byWorker.computeIfAbsent(e.worker(), k -> new ArrayList<>()).add(e));
        byWorker.forEach((worker, es) -> {
            // A worker's own lines alternate started j, finished j, started j', finished j', ...
            for (int i = 0; i < es.size(); i++) {
                assertThat(es.get(i).started()).as("worker %d line %d in:%n%s", worker, i, run.text())
                        .isEqualTo(i % 2 == 0);
                if (i % 2 == 1) {
                    assertThat(es.get(i).job()).isEqualTo(es.get(i - 1).job());
                }
            }
            // The jobs channel is FIFO: a worker receives its jobs in increasing order.
            assertThat(es.stream().filter(Event::started).map(Event::job).toList()).isSorted();
        });
    }

    @Test
    void fiveOneSecondJobsOnThreeWorkersTakeAtLeastTwoSeconds() {
        // Five jobs on three workers: some worker does two jobs, one after the other.
        assertThat(Duration.ofNanos(run.elapsedNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @Tag("timing")
    void threeWorkersRunAtOnceSoTheJobsTakeAboutTwoSecondsNotFive() {
        // One worker would take 5 s; three take 2 s (3 s if a worker started a whole second late).
        assertThat(Duration.ofNanos(run.elapsedNanos())).isLessThan(Duration.ofMillis(3500));
    }
}
