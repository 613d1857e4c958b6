package dev.gochan;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.sync.WaitGroup;
import dev.gochan.time.Time;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RULE-GO-06: when every goroutine is blocked, the program dies with Go's
 * "fatal error: all goroutines are asleep - deadlock!" and exit status 2. Each program runs in
 * its own JVM (as Go's runtime tests run such programs in a subprocess): deadlock detection
 * watches every goroutine of the process.
 */
@Timeout(120)
class GoMainTest {

    record Result(int status, String stderr, String stdout) {}

    private static Result runProgram(String name) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GoMainTest.class.getName() + "$" + name).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("program %s ended", name).isTrue();
        return new Result(p.exitValue(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Main receives from a channel nobody will ever send on. */
    public static final class MainBlocksForever {
        public static void main(String[] args) {
            Go.main(() -> {
                Chan<Integer> ch = Chan.make();
                ch.receive();
            });
        }
    }

    /** Two goroutines wait on each other while main waits for them. */
    public static final class CycleBehindAWaitGroup {
        public static void main(String[] args) {
            Go.main(() -> {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                go(() -> {
                    a.send(b.receive());
                    wg.done();
                });
                go(() -> {
                    b.send(a.receive());
                    wg.done();
                });
                wg.await();
            });
        }
    }

    /** Everyone blocks for a while, but a timer will wake them: not a deadlock. */
    public static final class WokenByATimer {
        public static void main(String[] args) {
            Go.main(() -> {
                Chan<String> ch = Chan.make();
                go(() -> {
                    Time.sleep(Duration.ofMillis(300));
                    ch.send("late");
                });
                Select.run(ch.onReceiveDo(System.out::println),
                        Select.onTimeoutDo(Duration.ofSeconds(30), () -> System.out.println("timeout")));
                System.out.println(Time.after(Duration.ofMillis(300)).receive() != null ? "tick" : "?");
            });
            System.out.println("main returned");
        }
    }

    /** Main panics. */
    public static final class MainPanics {
        public static void main(String[] args) {
            Go.main(() -> {
                Chan<Integer> ch = Chan.make(1);
                ch.close();
                ch.send(1);
            });
        }
    }

    @Test
    void rule_GO_06_mainBlockedForeverIsADeadlock() throws Exception {
        Result r = runProgram("MainBlocksForever");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("fatal error: all goroutines are asleep - deadlock!\n\n");
        assertThat(r.stderr()).contains("goroutine 1 [chan receive]:");
    }

    @Test
    void rule_GO_06_cycleOfGoroutinesIsADeadlockWithEveryGoroutineInTheDump() throws Exception {
        Result r = runProgram("CycleBehindAWaitGroup");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("fatal error: all goroutines are asleep - deadlock!");
        assertThat(r.stderr()).contains("goroutine 1 [sync.WaitGroup.Wait]:");
        assertThat(r.stderr().lines().filter(l -> l.matches("goroutine \\d+ \\[chan receive\\]:")).count())
                .isEqualTo(2);
    }

    @Test
    void rule_GO_06_pendingTimersAndSleepsAreNotADeadlock() throws Exception {
        Result r = runProgram("WokenByATimer");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).isEqualTo(List.of("late", "tick", "main returned"));
    }

    @Test
    void mainPanicIsReportedGoStyleWithStatus2() throws Exception {
        Result r = runProgram("MainPanics");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("panic: send on closed channel\n\ngoroutine 1 [running]:\n");
    }
}
