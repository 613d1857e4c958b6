package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gochan.Chan;
import dev.gochan.RecvChan;
import dev.gochan.context.CancelContext;
import dev.gochan.context.Context;
import dev.gochan.runtime.GoroutineInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §6.1: the numbers, the guide's leak and the fix. Goroutines are told apart by id (those
 * alive before the code under test ran are ignored), so goroutines that earlier tests leave
 * behind or that are still ending do not count.
 *
 * <p>TODO(leakcheck): once gochan-junit's leak check exists, also run the fixed version under it
 * and show it catching the guide's version.
 */
@Timeout(20)
class FibonacciGeneratorTest {
    private static final List<Integer> UP_TO_100 = List.of(0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89);

    @Test
    void printsTheNumbersUpTo100ThriceAndOnlyTheGuidesVersionLeavesAGoroutineBehind() {
        Output run = Output.of(FibonacciGenerator::run);
        List<String> expected = new ArrayList<>();
        expected.add("fibonacci():");
        UP_TO_100.forEach(n -> expected.add(String.valueOf(n)));
        expected.add("goroutines left behind: 1 [chan send]");
        expected.add("fibonacci(done):");
        UP_TO_100.forEach(n -> expected.add(String.valueOf(n)));
        expected.add("goroutines left behind: 0");
        expected.add("fibonacci(ctx):");
        UP_TO_100.forEach(n -> expected.add(String.valueOf(n)));
        expected.add("goroutines left behind: 0");
        assertThat(run.lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void everyGeneratorProducesTheFibonacciNumbers() {
        assertThat(FibonacciGenerator.fibonacci().stream().limit(13).toList())
                .containsExactly(0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144);
        Chan<Void> done = Chan.make();
        assertThat(FibonacciGenerator.fibonacci(done).stream().limit(13).toList())
                .containsExactly(0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144);
        done.close();
        try (var ctx = Context.withCancel(Context.background())) {
            assertThat(FibonacciGenerator.fibonacci(ctx).stream().limit(13).toList())
                    .containsExactly(0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144);
        }
    }

    @Test
    void theGuidesGeneratorStaysBlockedSendingOnItsChannelAfterTheConsumerStops() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        RecvChan<Integer> ch = FibonacciGenerator.fibonacci();
        assertThat(ch.stream().limit(5).toList()).containsExactly(0, 1, 1, 2, 3);

        List<GoroutineInfo> left = FibonacciGenerator.leftBehind(before);
        assertThat(left).as("goroutines left behind").hasSize(1);
        GoroutineInfo g = left.get(0);
        assertThat(g.waitReason()).isEqualTo("chan send");
        assertThat(g.waitingOn()).as("what it waits on").isNotNull();
        assertThat(ch.toString()).as("the generator's channel").contains(g.waitingOn());
        // It is still there and still blocked: nothing will ever receive its 5.
        assertThat(FibonacciGenerator.leftBehind(before)).extracting(GoroutineInfo::id, GoroutineInfo::waitReason)
                .containsExactly(tuple(g.id(), "chan send"));
    }

    @Test
    void theFixedGeneratorEndsAndClosesItsChannelOnceDoneIsClosed() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        Chan<Void> done = Chan.make();
        RecvChan<Integer> ch = FibonacciGenerator.fibonacci(done);
        assertThat(ch.stream().limit(5).toList()).containsExactly(0, 1, 1, 2, 3);
        done.close();
        // While we still receive, the generator may send a few more (both of its cases are
        // ready and select picks at random: each one more with probability 1/2), but then it
        // stops and closes its channel, which ends this loop.
        List<Integer> more = ch.stream().toList();
        assertThat(more).as("values after the close").hasSizeLessThan(30)
                .isEqualTo(List.of(5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765,
                        10946, 17711, 28657, 46368, 75025, 121393, 196418, 317811, 514229, 832040,
                        1346269, 2178309, 3524578, 5702887).subList(0, more.size()));
        assertThat(ch.receiveOk().ok()).isFalse();
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }

    @Test
    void theFixedGeneratorLeavesNothingBehindWhenTheConsumerBreaksOut() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        Chan<Void> done = Chan.make();
        try {
            for (int num : FibonacciGenerator.fibonacci(done)) {
                if (num > 100) {
                    break;
                }
            }
        } finally {
            done.close();
        }
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }

    @Test
    void theContextGeneratorEndsAndClosesItsChannelOnceCanceled() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        CancelContext ctx = Context.withCancel(Context.background());
        RecvChan<Integer> ch = FibonacciGenerator.fibonacci(ctx);
        assertThat(ch.stream().limit(5).toList()).containsExactly(0, 1, 1, 2, 3);
        ctx.cancel();
        // As with done: a few more may come (select picks at random between two ready cases).
        List<Integer> more = ch.stream().toList();
        assertThat(more).as("values after the cancel").hasSizeLessThan(30)
                .isEqualTo(List.of(5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765,
                        10946, 17711, 28657, 46368, 75025, 121393, 196418, 317811, 514229, 832040,
                        1346269, 2178309, 3524578, 5702887).subList(0, more.size()));
        assertThat(ch.receiveOk().ok()).isFalse();
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }

    @Test
    void theContextGeneratorLeavesNothingBehindWhenTheConsumerBreaksOut() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        try (var ctx = Context.withCancel(Context.background())) {
            for (int num : FibonacciGenerator.fibonacci(ctx)) {
                if (num > 100) {
                    break;
                }
            }
        }
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }

    @Test
    void theContextGeneratorStopsWhenItsDeadlinePassesEvenIfNobodyCancels() {
        Set<Long> before = FibonacciGenerator.goroutineIds();
        try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100))) {
            RecvChan<Integer> ch = FibonacciGenerator.fibonacci(ctx);
            assertThat(ch.stream().limit(5).toList()).containsExactly(0, 1, 1, 2, 3);
            // The consumer pauses and never cancels: only the deadline can stop the generator.
            assertThat(ctx.done().tryReceive(Duration.ofSeconds(5))).as("the deadline passed").isPresent();
            assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
            // The generator may still hand over a few (select picks at random), then it closes.
            assertThat(ch.stream().toList()).as("values after the deadline").hasSizeLessThan(30);
            assertThat(ch.receiveOk().ok()).isFalse();
        }
        assertThat(FibonacciGenerator.leftBehind(before)).as("goroutines left behind").isEmpty();
    }
}
