package dev.gochan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.Chan;
import dev.gochan.Go;
import dev.gochan.Select;
import dev.gochan.internal.G;
import dev.gochan.internal.Goroutines;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GoRuntimeTest {

    /** Waits until goroutine {@code id} is recorded as blocked with {@code reason}. */
    private static GoroutineInfo awaitBlocked(long id, String reason) {
        for (;;) {
            Optional<GoroutineInfo> g = GoRuntime.goroutines().stream().filter(x -> x.id() == id).findFirst();
            if (g.isPresent() && reason.equals(g.get().waitReason())) {
                return g.get();
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void dumpShowsEachGoroutineWithItsWaitReason() throws InterruptedException {
        Chan<Integer> in = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Long> ids = Chan.make(2);
        CountDownLatch done = new CountDownLatch(2);
        Go.go(() -> {
            ids.send(Go.goroutineId());
            in.receive();
            done.countDown();
        });
        Go.go(() -> {
            ids.send(Go.goroutineId());
            Select.run(out.onSendDo(1, () -> { }), in.onReceiveDo(v -> { }));
            done.countDown();
        });
        long a = ids.receive();
        long b = ids.receive();
        GoroutineInfo ga = awaitBlocked(a, "chan receive");
        GoroutineInfo gb = awaitBlocked(b, "select");
        assertThat(ga.header()).isEqualTo("goroutine " + a + " [chan receive]:");
        assertThat(ga.waitingOn()).isEqualTo(in.toString());
        assertThat(gb.header()).isEqualTo("goroutine " + b + " [select]:");
        String dump = GoRuntime.stack();
        assertThat(dump).contains("goroutine " + a + " [chan receive]:", "goroutine " + b + " [select]:");
        assertThat(dump).contains("GoRuntimeTest");
        in.close();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void foreignThreadAppearsOnlyWhileBlocked() throws InterruptedException {
        Chan<Integer> ch = Chan.make();
        Thread t = Thread.ofVirtual().name("plain-virtual").start(ch::receive);
        for (;;) {
            if (GoRuntime.goroutines().stream().anyMatch(g -> g.name().equals("plain-virtual")
                    && "chan receive".equals(g.waitReason()))) {
                break;
            }
            Thread.onSpinWait();
        }
        ch.send(1);
        t.join();
        assertThat(GoRuntime.goroutines()).noneMatch(g -> g.name().equals("plain-virtual"));
    }

    @Test
    void aGoroutineParksWithItsOwnRecordAndAPlainThreadKeepsOneRecord() throws InterruptedException {
        Chan<Integer> ch = Chan.make();
        Chan<Long> ids = Chan.make(1);
        Chan<Boolean> foreign = Chan.make(1);
        Go.go(() -> {
            ids.send(Go.goroutineId());
            ch.receive();
            foreign.send(Goroutines.hasForeignRecord());
        });
        awaitBlocked(ids.receive(), "chan receive"); // it parked
        ch.send(1);
        assertThat(foreign.receive()).as("a goroutine's park never registers it as a foreign thread")
                .isFalse();

        G[] seen = new G[2];
        Thread t = Thread.ofVirtual().name("plain-twice").start(() -> {
            ch.receive();
            seen[0] = Goroutines.current();
            ch.receive();
            seen[1] = Goroutines.current();
        });
        for (;;) {
            if (GoRuntime.goroutines().stream().anyMatch(g -> g.name().equals("plain-twice")
                    && "chan receive".equals(g.waitReason()))) {
                break; // it parked: it has a record now
            }
            Thread.onSpinWait();
        }
        ch.send(1);
        ch.send(2);
        t.join();
        assertThat(seen[0]).isNotNull().isSameAs(seen[1]);
        assertThat(seen[0].isGoroutine()).isFalse();
    }

    @Test
    void waitedCountsFromTheFirstObservationAndGrows() {
        Chan<Integer> ch = Chan.make();
        Chan<Long> ids = Chan.make(1);
        Go.go(() -> {
            ids.send(Go.goroutineId());
            ch.receive();
        });
        long id = ids.receive();
        GoroutineInfo first = awaitBlocked(id, "chan receive");
        long afterFirst = System.nanoTime();
        GoroutineInfo later;
        long beforeLater;
        do { // observe again until the clock has moved on (the class timeout bounds it)
            beforeLater = System.nanoTime();
            later = awaitBlocked(id, "chan receive");
        } while (later.waited().compareTo(first.waited()) <= 0);
        // Its start was fixed at (or before) the first observation, so it has waited at least as
        // long as passed between the two.
        assertThat(later.waited()).isGreaterThanOrEqualTo(Duration.ofNanos(beforeLater - afterFirst))
                .isGreaterThan(first.waited());
        ch.send(1);
    }

    @Test
    void numGoroutineCountsLiveGoroutines() throws InterruptedException {
        // Other test classes run in this JVM and their goroutines may still be ending, so the
        // global count can fall at any moment: assert on this test's own goroutines, by id.
        Chan<Void> release = Chan.make();
        Chan<Long> ids = Chan.make(3);
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            Go.go(() -> {
                ids.send(Go.goroutineId());
                release.receive();
                done.countDown();
            });
        }
        Set<Long> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add(ids.receive());
        }
        for (long id : mine) {
            awaitBlocked(id, "chan receive");
        }
        assertThat(GoRuntime.goroutines()).filteredOn(g -> mine.contains(g.id())).hasSize(3);
        assertThat(GoRuntime.numGoroutine()).isGreaterThanOrEqualTo(3);
        release.close();
        done.await();
        // the goroutines unregister right after their body returns
        for (int spins = 0; spins < 10_000_000
                && GoRuntime.goroutines().stream().anyMatch(g -> mine.contains(g.id())); spins++) {
            Thread.onSpinWait();
        }
        assertThat(GoRuntime.goroutines()).noneMatch(g -> mine.contains(g.id()));
    }
}
