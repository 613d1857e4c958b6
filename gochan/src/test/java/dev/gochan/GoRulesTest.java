package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GO rules of SEMANTICS.md (goroutines and whole-program behaviour).
 *
 * <p>RULE-GO-02 (sieve1) and RULE-GO-03 (sieve2) are in {@link ClassicSieveTest}, RULE-GO-04
 * (powser1) in {@link ClassicPowserTest}.
 *
 * <p>RULE-GO-06 (when every goroutine is blocked, the runtime aborts with "fatal error: all
 * goroutines are asleep - deadlock!") is in {@link GoMainTest}: the detector runs in the closed
 * world of {@code Go.main}, so each of its programs runs in a child JVM.
 */
@Timeout(120)
class GoRulesTest {

    /** test/chan/goroutines.go: 10000 goroutines chained by 10001 unbuffered channels. */
    @Test
    void rule_GO_01_chainOfTenThousandGoroutines() {
        final int n = 10_000;
        try (Scope s = new Scope()) {
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> left = leftmost;
            Chan<Integer> right = leftmost;
            for (int i = 0; i < n; i++) {
                right = Chan.make();
                Chan<Integer> l = left;
                Chan<Integer> r = right;
                s.go(() -> l.send(r.receive())); // left <- <-right
                left = right;
            }
            Chan<Integer> end = right;
            s.go(() -> end.send(1));
            assertThat(leftmost.receive()).isEqualTo(1);
            assertThat(s.started()).isEqualTo(n + 1);
            s.join(); // the chain tears down cleanly: every goroutine has returned
        }
    }

    /**
     * The program ends when main returns, even with goroutines blocked forever (on a channel, in
     * {@code select {}}, on the nil channel): goroutines are daemon virtual threads. Checked on a
     * child JVM running {@link LeakyMain}.
     */
    @Test
    void rule_GO_05_programEndsWhenMainReturnsDespiteBlockedGoroutines() throws Exception {
        Child child = runChild(LeakyMain.class);
        assertThat(child.exitCode).as("exit code; output:%n%s", child.output).isZero();
        assertThat(child.output).contains("main returns; blocked goroutines: 102 (daemon true)");
    }

    /** A Go-style main that returns while 102 goroutines are blocked. */
    public static final class LeakyMain {
        private LeakyMain() {}

        /**
         * Starts blocked goroutines and returns.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            Chan<Integer> never = Chan.make();
            for (int i = 0; i < 100; i++) {
                Go.go(never::receive);
            }
            Go.go(() -> Select.run()); // select {}
            Go.go(() -> Chan.<Integer>nil().send(1));
            SelTestSupport.awaitRecvQueued(never, 100); // all 100 are really blocked
            boolean daemon = Thread.ofVirtual().unstarted(() -> { }).isDaemon();
            System.out.println("main returns; blocked goroutines: " + Go.numGoroutine()
                    + " (daemon " + daemon + ")");
        }
    }

    /**
     * Gosched yields: on a single carrier thread, two goroutines that spin waiting for their turn
     * make progress only because each yields (virtual threads are not time-sliced). Checked on a
     * child JVM with one carrier ({@link YieldMain}). Correctness never depends on it elsewhere:
     * the ports that call it (select7, TestPseudoRandomSend, ken/chan) use it only to interleave.
     *
     * <p>Known limit (JDK 25 scheduler, not gochan): with one carrier, a goroutine spinning on
     * {@code gosched} can starve a goroutine that a platform thread started <em>after</em> the
     * spinner began running; the yield re-queues the spinner where the carrier finds it before the
     * external submission. So the turn-takers here are started by a goroutine, as in Go programs.
     */
    @Test
    void rule_GO_07_goschedYields() throws Exception {
        Go.gosched(); // from a platform thread: returns
        try (Scope s = new Scope()) {
            Chan<Integer> done = Chan.make(1);
            s.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    Go.gosched();
                }
                done.send(1);
            });
            assertThat(done.receive()).isEqualTo(1);
            s.join();
        }
        Child child = runChild(YieldMain.class, "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        assertThat(child.exitCode).as("exit code; output:%n%s", child.output).isZero();
        assertThat(child.output).contains("turns taken: 2000");
    }

    /** Two goroutines take 1000 turns each, spinning with Gosched while it is not their turn. */
    public static final class YieldMain {
        private YieldMain() {}

        /**
         * Runs the turn-taking and exits 0 when it completes, 1 when it stalls.
         *
         * @param args ignored
         * @throws InterruptedException if interrupted
         */
        public static void main(String[] args) throws InterruptedException {
            AtomicInteger turn = new AtomicInteger();
            AtomicInteger taken = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(2);
            Go.go(() -> { // the program's "main goroutine" starts the two turn-takers
                for (int me = 0; me < 2; me++) {
                    int p = me;
                    Go.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            while (turn.get() % 2 != p) {
                                Go.gosched();
                            }
                            taken.incrementAndGet();
                            turn.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
            });
            if (!done.await(30, TimeUnit.SECONDS)) {
                System.out.println("stalled after " + taken.get() + " turns");
                System.exit(1);
            }
            System.out.println("turns taken: " + taken.get());
        }
    }

    private record Child(int exitCode, String output) {}

    private static Child runChild(Class<?> main, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not exit within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Child(p.exitValue(), out);
    }
}
