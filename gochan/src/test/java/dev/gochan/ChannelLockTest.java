package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.internal.Selectable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lock a select takes on each of its channels: the lock bit of an unbuffered channel's state
 * word (ADR 0008) and a buffered channel's own lock word. Both spin in {@code SpinLock.lockSlow}.
 */
@Timeout(60)
class ChannelLockTest {

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void theChannelLockExcludesAndReleases(int cap) throws InterruptedException {
        Selectable ch = (Selectable) Chan.<Integer>make(cap);
        ch.lock();
        AtomicBoolean trying = new AtomicBoolean();
        boolean[] entered = new boolean[1];
        Thread other = Thread.ofVirtual().start(() -> {
            trying.set(true);
            ch.lock();
            entered[0] = true;
            ch.unlock();
        });
        while (!trying.get()) {
            Thread.onSpinWait();
        }
        assertThat(other.join(Duration.ofMillis(50))).as("held: the other waits")
                .isFalse();
        ch.unlock();
        other.join();
        assertThat(entered[0]).isTrue();
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void aLockAndUnlockLeaveTheChannelWorking(int cap) {
        Chan<Integer> ch = Chan.make(cap);
        Selectable s = (Selectable) ch;
        s.lock();
        s.unlock();
        assertThat(ch.trySend(1)).isEqualTo(cap > 0);
        assertThat(ch.tryReceive().isPresent()).isEqualTo(cap > 0);
    }
}
