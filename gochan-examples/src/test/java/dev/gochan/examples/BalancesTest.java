package dev.gochan.examples;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §5.3: the output is the same in every run, and the locks do what the program relies
 * on: readers share the read lock, a reader waits for the writer, the writer waits for readers.
 */
@Timeout(20)
class BalancesTest {

    @RepeatedTest(20)
    void noReaderSeesAMoveHalfDoneAndEveryCoinIsMoved() {
        assertThat(Output.of(Balances::run).text())
                .isEqualTo("reads with a total other than 100: 0\nalice: 0 bob: 100\n");
    }

    @Test
    void startsWithAliceHoldingEverything() {
        Balances b = new Balances();
        assertThat(b.get("alice")).isEqualTo(100);
        assertThat(b.get("bob")).isZero();
        assertThat(b.get("carol")).isZero();
        assertThat(b.total()).isEqualTo(100);
    }

    @Test
    void readersDoNotWaitForEachOther() {
        Balances b = new Balances();
        Chan<Integer> total = Chan.make(1);
        b.mu.rLock(); // another reader, in the middle of its read
        try {
            go(() -> total.send(b.total()));
            assertThat(total.tryReceive(Duration.ofSeconds(5))).as("total() beside another reader")
                    .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(100));
        } finally {
            b.mu.rUnlock();
        }
    }

    @Test
    void aReaderWaitsForTheWriter() {
        Balances b = new Balances();
        Chan<Integer> total = Chan.make(1);
        b.mu.lock(); // a writer, in the middle of a move
        go(() -> total.send(b.total()));
        assertThat(total.tryReceive(Duration.ofMillis(100))).as("total() under the write lock").isEmpty();
        b.mu.unlock();
        assertThat(total.tryReceive(Duration.ofSeconds(5))).as("total() after the writer left")
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(100));
    }

    @Test
    void theWriterWaitsForEveryReaderAndReleasesTheLockAfterwards() {
        Balances b = new Balances();
        Chan<Void> moved = Chan.make();
        b.mu.rLock(); // a reader, in the middle of its read
        go(() -> {
            b.move("alice", "bob", 30);
            moved.close();
        });
        assertThat(moved.tryReceive(Duration.ofMillis(100))).as("move() under a read lock").isEmpty();
        b.mu.rUnlock();
        assertThat(moved.tryReceive(Duration.ofSeconds(5))).as("move() after the reader left").isPresent();
        assertThat(b.get("alice")).isEqualTo(70);
        assertThat(b.get("bob")).isEqualTo(30);
        assertThat(b.mu.tryLock()).as("move() unlocked in its finally").isTrue();
        b.mu.unlock();
    }
}
