package dev.gochan.examples;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §6.3: the timeout stops both workers; each works until then, says once that it was
 * cancelled, and returns.
 */
@Timeout(20)
class ContextTimeoutTest {

    /** The lines worker {@code id} printed, in order. */
    private static List<String> linesOf(Output run, int id) {
        return run.lines().stream().filter(l -> l.startsWith("Worker " + id + " ")).toList();
    }

    @Test
    void eachWorkerWorksThenIsCancelledExactlyOnceAndHasReturnedWhenMainDoes() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        Output run = Output.of(ContextTimeout::run);
        assertThat(run.lines()).as("only the workers print").allMatch(l -> l.matches("Worker [12] .*"));
        for (int id = 1; id <= 2; id++) {
            List<String> lines = linesOf(run, id);
            assertThat(lines).as("worker %d, in\n%s", id, run.text()).isNotEmpty()
                    .endsWith("Worker " + id + " cancelled")
                    .containsOnlyOnce("Worker " + id + " cancelled");
            assertThat(lines.subList(0, lines.size() - 1)).as("worker %d before its cancel line", id)
                    .containsOnly("Worker " + id + " working...");
        }
        // Both returned (2 to 2.5 s in, main returns at 3 s), so nothing can follow the cancel lines.
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }

    @Test
    @Tag("timing")
    void eachWorkerWorksAboutFourTimesInTheTwoSecondsAndMainTakesThree() {
        Output run = Output.of(ContextTimeout::run);
        for (int id = 1; id <= 2; id++) {
            List<String> lines = linesOf(run, id);
            // 0, 0.5, 1, 1.5 s; a fifth at 2 s if the worker's sleep ends just before the deadline.
            assertThat(lines.stream().filter(l -> l.endsWith(" working...")).count())
                    .as("worker %d's units of work, in\n%s", id, run.text()).isBetween(3L, 5L);
            assertThat(lines).as("worker %d", id).endsWith("Worker " + id + " cancelled");
        }
        assertThat(Duration.ofNanos(run.elapsedNanos())).isGreaterThanOrEqualTo(ContextTimeout.MAIN_SLEEP);
    }

    @RepeatedTest(20)
    void aWorkerGivenADoneContextDoesNoWork() {
        // A select with a default never takes it while a case is ready; a done context's is.
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Output run = Output.of(out -> ContextTimeout.worker(ctx, 7, out));
        assertThat(run.text()).isEqualTo("Worker 7 cancelled\n");
    }

    @Test
    void theWorkerKeepsWorkingUntilTheContextIsCanceledThenReturnsAtItsNextTurn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Chan<Void> finished = Chan.make();
        try (var ctx = Context.withCancel(Context.background())) {
            go(() -> {
                try {
                    ContextTimeout.worker(ctx, 3, out);
                } finally {
                    finished.close();
                }
            });
            assertThat(finished.tryReceive(Duration.ofMillis(700))).as("worker returned before the cancel").isEmpty();
        } // cancel()
        // It may be in the middle of a unit of work: half a second, then it sees ctx.done().
        assertThat(finished.tryReceive(Duration.ofSeconds(5))).as("worker returned after the cancel").isPresent();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).endsWith("Worker 3 cancelled");
        assertThat(lines.subList(0, lines.size() - 1)).containsOnly("Worker 3 working...");
    }

    @Test
    void theDeadlineAloneStopsEveryWorker() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Chan<Integer> finished = Chan.make(5);
        try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(200))) {
            for (int id = 1; id <= 5; id++) {
                int n = id;
                go(() -> {
                    ContextTimeout.worker(ctx, n, out);
                    finished.send(n);
                });
            }
            // Nobody cancels: only the deadline can end them.
            for (int i = 0; i < 5; i++) {
                assertThat(finished.tryReceive(Duration.ofSeconds(5))).as("worker stopped %d", i).isPresent();
            }
            assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        for (int id = 1; id <= 5; id++) {
            assertThat(text.lines().filter(("Worker " + id + " cancelled")::equals)).as(text).hasSize(1);
        }
    }
}
