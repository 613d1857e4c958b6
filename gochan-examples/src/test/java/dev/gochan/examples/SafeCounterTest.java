package dev.gochan.examples;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.sync.WaitGroup;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §5.2: the count is exactly 1000 in every run, and that is the mutex's doing: both
 * methods wait while someone else holds it.
 */
@Timeout(20)
class SafeCounterTest {

    @RepeatedTest(20)
    void printsExactly1000() {
        assertThat(Output.of(SafeCounter::run).text()).isEqualTo("1000\n");
    }

    @Test
    void aKeyNeverIncrementedCountsZero() {
        SafeCounter c = new SafeCounter();
        c.inc("a");
        assertThat(c.value("a")).isEqualTo(1);
        assertThat(c.value("b")).isZero();
    }

    @Test
    void incWaitsWhileTheMutexIsHeld() {
        SafeCounter c = new SafeCounter();
        Chan<Void> finished = Chan.make();
        c.mu.lock();
        go(() -> {
            c.inc("key");
            finished.close();
        });
        assertThat(finished.tryReceive(Duration.ofMillis(100))).as("inc returned under a held mutex").isEmpty();
        c.mu.unlock();
        assertThat(finished.tryReceive(Duration.ofSeconds(5))).as("inc returned after the unlock").isPresent();
        assertThat(c.value("key")).isEqualTo(1);
    }

    @Test
    void valueWaitsWhileTheMutexIsHeldAndReleasesItAfterwards() {
        SafeCounter c = new SafeCounter();
        c.inc("key");
        Chan<Integer> got = Chan.make(1);
        c.mu.lock();
        go(() -> got.send(c.value("key")));
        assertThat(got.tryReceive(Duration.ofMillis(100))).as("value returned under a held mutex").isEmpty();
        c.mu.unlock();
        assertThat(got.tryReceive(Duration.ofSeconds(5))).as("value returned after the unlock")
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(1));
        // value() unlocked in its finally: the mutex is free again.
        assertThat(c.mu.tryLock()).isTrue();
        c.mu.unlock();
    }

    @Test
    void manyGoroutinesOnManyKeysLoseNoIncrement() {
        int keys = 8;
        int perKey = 2000 * Integer.getInteger("gochan.stress", 1);
        SafeCounter c = new SafeCounter();
        WaitGroup wg = new WaitGroup();
        for (int k = 0; k < keys; k++) {
            String key = "k" + k;
            for (int g = 0; g < 4; g++) { // four goroutines per key, each perKey / 4 times
                wg.go(() -> {
                    for (int i = 0; i < perKey / 4; i++) {
                        c.inc(key);
                    }
                });
            }
        }
        wg.await();
        for (int k = 0; k < keys; k++) {
            assertThat(c.value("k" + k)).as("k%d", k).isEqualTo(perKey / 4 * 4);
        }
    }
}
