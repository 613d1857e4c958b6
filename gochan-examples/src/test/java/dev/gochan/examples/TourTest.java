package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tour runs every example in the guide's order, each section's lines under its heading. */
@Timeout(30)
class TourTest {
    @Test
    void runsEveryExampleUnderItsHeadingInTheGuidesOrder() {
        Output run = Output.of(Tour::run);
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : run.lines()) {
            if (line.startsWith("== ") && line.endsWith(" ==")) {
                current = new ArrayList<>();
                sections.put(line.substring(3, line.length() - 3), current);
            } else if (!line.isEmpty()) {
                assertThat(current).as("line before the first heading: %s", line).isNotNull();
                current.add(line);
            }
        }
        assertThat(sections.keySet()).containsExactly(
                "§2.1 Unbuffered channels",
                "§2.2 Buffered channels",
                "§3 Close, v, ok and range",
                "§4.1 Pipeline",
                "§4.2 Fan-out, fan-in",
                "§4.3 Select with timeout",
                "§4.4 Worker pool",
                "§5.1 WaitGroup",
                "§5.2 Mutex",
                "§5.3 RWMutex",
                "§6.1 Generator",
                "§6.2 Done channel",
                "§6.3 Context",
                "§7.1 Channel direction");
        assertThat(sections.get("§2.1 Unbuffered channels")).containsExactlyInAnyOrder(
                "Main: about to receive", "Goroutine: about to send",
                "Main: received Hello", "Goroutine: sent successfully");
        assertThat(sections.get("§2.2 Buffered channels")).containsExactly("1", "2");
        assertThat(sections.get("§3 Close, v, ok and range")).containsExactly(
                "1 true", "2", "3", "closed: ok = false", "panic: send on closed channel");
        assertThat(sections.get("§4.1 Pipeline")).containsExactly("4", "16");
        assertThat(sections.get("§4.2 Fan-out, fan-in")).hasSize(18)
                .filteredOn(l -> l.startsWith("Result: ")).hasSize(9);
        assertThat(sections.get("§4.3 Select with timeout")).containsExactly("Timeout!");
        assertThat(sections.get("§4.4 Worker pool")).hasSize(10)
                .filteredOn(l -> l.matches("Worker [1-3] finished job [1-5]")).hasSize(5);
        assertThat(sections.get("§5.1 WaitGroup")).hasSize(11)
                .filteredOn(l -> l.matches("Worker [1-5] (starting|done)")).hasSize(10);
        assertThat(sections.get("§5.1 WaitGroup")).endsWith("All workers finished");
        assertThat(sections.get("§5.2 Mutex")).containsExactly("1000");
        assertThat(sections.get("§5.3 RWMutex")).containsExactly(
                "reads with a total other than 100: 0", "alice: 0 bob: 100");
        List<String> fib = List.of("0", "1", "1", "2", "3", "5", "8", "13", "21", "34", "55", "89");
        List<String> generator = new ArrayList<>();
        generator.add("fibonacci():");
        generator.addAll(fib);
        generator.add("goroutines left behind: 1 [chan send]");
        generator.add("fibonacci(done):");
        generator.addAll(fib);
        generator.add("goroutines left behind: 0");
        generator.add("fibonacci(ctx):");
        generator.addAll(fib);
        generator.add("goroutines left behind: 0");
        assertThat(sections.get("§6.1 Generator")).containsExactlyElementsOf(generator);
        assertThat(sections.get("§6.2 Done channel")).hasSize(3)
                .startsWith("main: closing done").endsWith("main: worker has returned");
        List<String> context = sections.get("§6.3 Context");
        assertThat(context).allMatch(l -> l.matches("Worker [12] (working\\.\\.\\.|cancelled)"));
        for (int id = 1; id <= 2; id++) {
            String prefix = "Worker " + id + " ";
            List<String> worker = context.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(worker).as("worker %d", id)
                    .endsWith(prefix + "cancelled").containsOnlyOnce(prefix + "cancelled");
        }
        assertThat(sections.get("§7.1 Channel direction")).containsExactly("received 42");
    }
}
