package dev.gochan;

import static dev.gochan.SelTestSupport.queued;
import static dev.gochan.SelTestSupport.stress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stress tests that count every message: many producers and consumers over capacities 0, 1 and 16
 * (and 16 again with the ring in the large rings' layout, see {@link Kind}), selects mixing send
 * and receive cases, random interrupts, timeouts (timed {@code trySend} and {@code tryReceive},
 * {@code Select.onTimeout}) and closes. Each asserts that nothing is lost, nothing is duplicated
 * and nothing is left blocked (every goroutine returns, no waiter is left in a channel's queues).
 * Sized to run in a few seconds at {@code gochan.stress=1}.
 *
 * <p>Every value is a unique int; a receiver records it in {@link Ledger}, which fails on a
 * second receipt, and the test checks at the end that every delivered value was received once.
 */
@Timeout(180)
class StressChannelsTest {

    /** Counts receipts per value; a second receipt of a value is a failure at once. */
    static final class Ledger {
        final AtomicIntegerArray seen;
        final AtomicLong received = new AtomicLong();

        Ledger(int size) {
            seen = new AtomicIntegerArray(size);
        }

        void receive(Integer v) {
            if (v == null) {
                throw new AssertionError("received null (a zero value from a close?)");
            }
            if (seen.incrementAndGet(v) != 1) {
                throw new AssertionError("value " + v + " received twice");
            }
            received.incrementAndGet();
        }

        /** Every value in [0, n) was received exactly once. */
        void assertAllReceivedOnce(int n) {
            StringBuilder bad = new StringBuilder();
            int badCount = 0;
            for (int v = 0; v < n; v++) {
                if (seen.get(v) != 1) {
                    if (++badCount <= 10) {
                        bad.append(' ').append(v).append('x').append(seen.get(v));
                    }
                }
            }
            assertThat(badCount).as("values not received exactly once:%s", bad).isZero();
            assertThat(received.get()).isEqualTo(n);
        }
    }

    /**
     * A channel to stress: unbuffered, or buffered in one of the two ring layouts (ADR 0014: slot
     * objects up to {@link BufChan#MAX_SLOT_OBJECTS}, two arrays above), so that both layouts meet
     * full and empty rings.
     */
    record Kind(int cap, boolean arrays) {
        Chan<Integer> make() {
            return arrays ? new BufChan<>(cap, false) : Chan.make(cap);
        }

        @Override
        public String toString() {
            return "cap " + cap + (arrays ? " (ring in arrays)" : "");
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind(0, false), new Kind(1, false), new Kind(16, false), new Kind(16, true));

    static List<Kind> kinds() {
        return KINDS;
    }

    // ---- 1. plain MPMC --------------------------------------------------------------------------

    /**
     * 8 producers and 8 consumers per capacity; each consumer checks that the values of each
     * producer reach it in increasing order (one channel is FIFO).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void mpmcNothingLostNothingDuplicatedFifoPerProducer(Kind kind) {
        final int producers = 8;
        final int consumers = 8;
        final int perProducer = 25_000 * stress();
        final int total = producers * perProducer;
        Chan<Integer> ch = kind.make();
        Ledger ledger = new Ledger(total);
        try (Scope s = new Scope()) {
            CountDownLatch producersDone = new CountDownLatch(producers);
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                s.go(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        ch.send(base + i);
                    }
                    producersDone.countDown();
                });
            }
            for (int c = 0; c < consumers; c++) {
                int style = c % 3;
                s.go(() -> {
                    int[] last = new int[producers];
                    java.util.Arrays.fill(last, -1);
                    java.util.function.Consumer<Integer> take = v -> {
                        ledger.receive(v);
                        int p = v / perProducer;
                        assertThat(v).as("FIFO per producer").isGreaterThan(last[p]);
                        last[p] = v;
                    };
                    switch (style) {
                        case 0 -> {
                            for (int v : ch) { // range
                                take.accept(v);
                            }
                        }
                        case 1 -> {
                            for (Received<Integer> r; (r = ch.receiveOk()).ok(); ) {
                                take.accept(r.value());
                            }
                        }
                        default -> {
                            for (;;) {
                                Received<Integer> r = Select.select(ch.onReceiveOk(x -> x));
                                if (!r.ok()) {
                                    break;
                                }
                                take.accept(r.value());
                            }
                        }
                    }
                });
            }
            s.go(() -> {
                try {
                    producersDone.await();
                } catch (InterruptedException e) {
                    throw new GoInterruptedException("await producers");
                }
                ch.close();
            });
            s.join();
        }
        ledger.assertAllReceivedOnce(total);
        assertThat(queued(ch)).isZero();
    }

    // ---- 2. selects mixing sends and receives, with timeouts and interrupts ---------------------

    /**
     * 8 workers over 6 channels (capacities 0, 1, 16, twice). Each worker owns a quota of unique
     * values and loops until every value of every worker was received: a select with a send case
     * of its next value on every channel, a receive case on every channel and the done channel,
     * sometimes a {@code Select.onTimeout}; or a timed {@code trySend}/{@code tryReceive} on one
     * channel. An interrupter goroutine interrupts random workers all along; an interrupted
     * operation must have had no effect, and the worker simply retries.
     */
    @Test
    void selectsMixingSendAndReceiveWithTimeoutsAndInterrupts() {
        final int workers = 8;
        final int quota = 12_000 * stress();
        final int total = workers * quota;
        List<Chan<Integer>> chans = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            chans.add(KINDS.get(k % KINDS.size()).make());
        }
        Chan<Void> done = Chan.make();
        Ledger ledger = new Ledger(total);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(workers);
        AtomicInteger interrupts = new AtomicInteger();
        AtomicInteger interruptedOps = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        try (Scope s = new Scope()) {
            CountDownLatch workersDone = new CountDownLatch(workers);
            for (int w = 0; w < workers; w++) {
                int me = w;
                s.go(() -> {
                    threads.set(me, Thread.currentThread());
                    try {
                        worker(me * quota, quota, total, chans, done, ledger, interruptedOps, timeouts);
                    } finally {
                        threads.set(me, null);
                        workersDone.countDown();
                    }
                });
            }
            s.go(() -> { // the interrupter
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (workersDone.getCount() > 0) {
                    Thread t = threads.get(rnd.nextInt(workers));
                    if (t != null) {
                        t.interrupt();
                        interrupts.incrementAndGet();
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(rnd.nextInt(20_000, 200_000));
                }
            });
            s.join();
        }
        ledger.assertAllReceivedOnce(total);
        for (Chan<Integer> ch : chans) {
            assertThat(ch.len()).isZero();
            assertThat(queued(ch)).isZero();
        }
        assertThat(interrupts.get()).as("interrupts sent").isPositive();
        assertThat(interruptedOps.get()).as("operations interrupted").isPositive();
        System.out.printf("select stress: %d values, %d interrupts sent, %d operations interrupted,"
                + " %d timeouts%n", total, interrupts.get(), interruptedOps.get(), timeouts.get());
    }

    private static void worker(int base, int quota, int total, List<Chan<Integer>> chans,
            Chan<Void> done, Ledger ledger, AtomicInteger interruptedOps, AtomicInteger timeouts) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int next = 0; // index of the next own value to send
        int[] sentNow = {0};
        boolean[] finished = {false};
        while (!finished[0]) {
            boolean haveValue = next < quota;
            int v = base + next;
            sentNow[0] = 0;
            try {
                int mode = rnd.nextInt(8);
                if (mode == 0) { // timed direct operation on one channel
                    Chan<Integer> ch = chans.get(rnd.nextInt(chans.size()));
                    Duration d = Duration.ofNanos(rnd.nextInt(1, 50_000));
                    if (haveValue && rnd.nextBoolean()) {
                        if (ch.trySend(v, d)) {
                            sentNow[0] = 1;
                        } else {
                            timeouts.incrementAndGet();
                        }
                    } else {
                        Optional<Received<Integer>> r = ch.tryReceive(d);
                        if (r.isPresent()) {
                            ledger.receive(r.get().value());
                            finishIfAllReceived(ledger, total, done);
                        } else {
                            timeouts.incrementAndGet();
                        }
                    }
                } else {
                    List<Case<Void>> cases = new ArrayList<>();
                    for (Chan<Integer> ch : chans) {
                        if (haveValue) {
                            cases.add(ch.onSendDo(v, () -> sentNow[0] = 1));
                        }
                        cases.add(ch.onReceiveDo(x -> {
                            ledger.receive(x);
                            finishIfAllReceived(ledger, total, done);
                        }));
                    }
                    cases.add(done.onReceiveDo(x -> finished[0] = true));
                    if (mode == 1) {
                        cases.add(Select.onTimeoutDo(Duration.ofNanos(rnd.nextInt(1, 100_000)),
                                timeouts::incrementAndGet));
                    }
                    Select.run(cases);
                }
            } catch (GoInterruptedException e) {
                assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
                assertThat(sentNow[0]).as("an interrupted operation had no effect").isZero();
                interruptedOps.incrementAndGet();
            }
            next += sentNow[0];
        }
        assertThat(next).as("every own value sent before done").isEqualTo(quota);
        Thread.interrupted(); // an interrupt that arrived after the last blocking operation
    }

    private static void finishIfAllReceived(Ledger ledger, int total, Chan<Void> done) {
        if (ledger.received.get() == total) {
            done.close(); // exactly one receipt makes the count reach total
        }
    }

    // ---- 3. closes while senders and receivers are blocked --------------------------------------

    /**
     * Per round, per capacity: 6 producers send unique values (plain send, select send with a
     * receive case on a never-ready channel, timed trySend) until the channel is closed; 6
     * consumers receive (range, receiveOk, select with ok, timed tryReceive) until it is closed
     * and drained; a closer closes it once a random number of values was received. A send that
     * threw {@link ClosedChanException} delivered nothing; every send that returned delivered its
     * value: the delivered and the received sets must be equal.
     */
    @Test
    void closeWhileSendersAndReceiversAreBlocked() {
        final int rounds = 40 * stress();
        final int producers = 6;
        final int consumers = 6;
        final int perProducer = 4_000;
        long delivered = 0;
        long closedSends = 0;
        for (int round = 0; round < rounds; round++) {
            Chan<Integer> ch = KINDS.get(round % KINDS.size()).make();
            Chan<Integer> never = Chan.make();
            Ledger ledger = new Ledger(producers * perProducer);
            int threshold = ThreadLocalRandom.current().nextInt(1, producers * perProducer / 2);
            CountDownLatch enoughReceived = new CountDownLatch(threshold);
            ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
            AtomicInteger sendsOnClosed = new AtomicInteger();
            try (Scope s = new Scope()) {
                for (int p = 0; p < producers; p++) {
                    int base = p * perProducer;
                    int style = p % 3;
                    s.go(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            int v = base + i;
                            try {
                                boolean ok = switch (style) {
                                    case 0 -> {
                                        ch.send(v);
                                        yield true;
                                    }
                                    case 1 -> Select.select(ch.onSend(v, () -> true),
                                            never.onReceive(x -> false));
                                    default -> {
                                        while (!ch.trySend(v, Duration.ofMillis(1))) {
                                            Go.gosched();
                                        }
                                        yield true;
                                    }
                                };
                                assertThat(ok).isTrue();
                                sent.add(v);
                            } catch (ClosedChanException e) {
                                assertThat(e).hasMessage("send on closed channel");
                                sendsOnClosed.incrementAndGet();
                                return;
                            }
                        }
                    });
                }
                for (int c = 0; c < consumers; c++) {
                    int style = c % 4;
                    s.go(() -> {
                        java.util.function.Consumer<Integer> take = v -> {
                            ledger.receive(v);
                            enoughReceived.countDown();
                        };
                        switch (style) {
                            case 0 -> {
                                for (int v : ch) {
                                    take.accept(v);
                                }
                            }
                            case 1 -> {
                                for (Received<Integer> r; (r = ch.receiveOk()).ok(); ) {
                                    take.accept(r.value());
                                }
                            }
                            case 2 -> {
                                for (;;) {
                                    Received<Integer> r = Select.select(ch.onReceiveOk(x -> x),
                                            never.onReceiveOk(x -> x));
                                    if (!r.ok()) {
                                        break;
                                    }
                                    take.accept(r.value());
                                }
                            }
                            default -> {
                                for (;;) {
                                    Optional<Received<Integer>> r =
                                            ch.tryReceive(Duration.ofMillis(1));
                                    if (r.isEmpty()) {
                                        continue;
                                    }
                                    if (!r.get().ok()) {
                                        break;
                                    }
                                    take.accept(r.get().value());
                                }
                            }
                        }
                    });
                }
                s.go(() -> {
                    try {
                        enoughReceived.await();
                    } catch (InterruptedException e) {
                        throw new GoInterruptedException("await");
                    }
                    ch.close();
                });
                s.join();
            }
            // what was delivered was received exactly once, and nothing else was received
            for (int v : sent) {
                assertThat(ledger.seen.get(v)).as("delivered value %d received once", v).isEqualTo(1);
            }
            assertThat(ledger.received.get()).as("received = delivered").isEqualTo(sent.size());
            assertThat(queued(ch) + queued(never)).isZero();
            delivered += sent.size();
            closedSends += sendsOnClosed.get();
        }
        System.out.printf("close stress: %d rounds, %d values delivered, %d sends hit the close%n",
                rounds, delivered, closedSends);
        assertThat(closedSends).as("some senders were closed on").isPositive();
    }

    // ---- 4. interrupt storm on plain blocking operations ----------------------------------------

    /**
     * 6 producers and 6 consumers with plain blocking send/receive/receiveOk over each capacity,
     * while an interrupter interrupts them at random. An interrupted send did not deliver (it is
     * retried with the same value), an interrupted receive did not consume.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void interruptStormOnBlockingOperations(Kind kind) {
        final int producers = 6;
        final int consumers = 6;
        final int perProducer = 100_000 * stress();
        final int total = producers * perProducer;
        Chan<Integer> ch = kind.make();
        Ledger ledger = new Ledger(total);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(producers + consumers);
        AtomicInteger interruptedOps = new AtomicInteger();
        AtomicInteger interruptsSent = new AtomicInteger();
        try (Scope s = new Scope()) {
            CountDownLatch all = new CountDownLatch(producers + consumers);
            CountDownLatch producersDone = new CountDownLatch(producers);
            for (int p = 0; p < producers; p++) {
                int slot = p;
                int base = p * perProducer;
                s.go(() -> {
                    threads.set(slot, Thread.currentThread());
                    try {
                        for (int i = 0; i < perProducer; ) {
                            try {
                                ch.send(base + i);
                                i++;
                            } catch (GoInterruptedException e) {
                                assertThat(Thread.interrupted()).isTrue();
                                interruptedOps.incrementAndGet();
                            }
                        }
                    } finally {
                        threads.set(slot, null);
                        Thread.interrupted();
                        producersDone.countDown();
                        all.countDown();
                    }
                });
            }
            for (int c = 0; c < consumers; c++) {
                int slot = producers + c;
                boolean okForm = c % 2 == 0;
                s.go(() -> {
                    threads.set(slot, Thread.currentThread());
                    try {
                        for (;;) {
                            try {
                                if (okForm) {
                                    Received<Integer> r = ch.receiveOk();
                                    if (!r.ok()) {
                                        return;
                                    }
                                    ledger.receive(r.value());
                                } else {
                                    Integer v = ch.receive();
                                    if (v == null) { // closed and drained (no null is sent)
                                        return;
                                    }
                                    ledger.receive(v);
                                }
                            } catch (GoInterruptedException e) {
                                assertThat(Thread.interrupted()).isTrue();
                                interruptedOps.incrementAndGet();
                            }
                        }
                    } finally {
                        threads.set(slot, null);
                        Thread.interrupted();
                        all.countDown();
                    }
                });
            }
            s.go(() -> { // interrupts about as fast as one carrier allows, yielding in between
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (long i = 0; all.getCount() > 0; i++) {
                    Thread t = threads.get(rnd.nextInt(producers + consumers));
                    if (t != null) {
                        t.interrupt();
                        interruptsSent.incrementAndGet();
                    }
                    if (i % 16 == 15) {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000);
                    } else {
                        Go.gosched();
                    }
                }
            });
            s.go(() -> {
                try {
                    producersDone.await();
                } catch (InterruptedException e) {
                    throw new GoInterruptedException("await");
                }
                ch.close();
            });
            s.join();
        }
        ledger.assertAllReceivedOnce(total);
        assertThat(queued(ch)).isZero();
        System.out.printf("interrupt storm %s: %d values, %d interrupts sent, %d operations"
                + " interrupted%n", kind, total, interruptsSent.get(), interruptedOps.get());
    }

    // ---- 5. timeouts only -----------------------------------------------------------------------

    /**
     * Producers that only use timed {@code trySend} with tiny timeouts and consumers that only use
     * timed {@code tryReceive} or a select with {@code onTimeout}: most waits time out, yet no value
     * is lost or duplicated, and no timed-out waiter stays queued.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void tinyTimeoutsNeverLoseOrDuplicate(Kind kind) {
        final int producers = 4;
        final int consumers = 4;
        final int perProducer = 10_000 * stress();
        final int total = producers * perProducer;
        Chan<Integer> ch = kind.make();
        Ledger ledger = new Ledger(total);
        AtomicInteger timeouts = new AtomicInteger();
        try (Scope s = new Scope()) {
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                s.go(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < perProducer; ) {
                        if (ch.trySend(base + i, Duration.ofNanos(rnd.nextInt(1, 20_000)))) {
                            i++;
                        } else {
                            timeouts.incrementAndGet();
                        }
                    }
                });
            }
            for (int c = 0; c < consumers; c++) {
                boolean viaSelect = c % 2 == 0;
                s.go(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (ledger.received.get() < total) {
                        Duration d = Duration.ofNanos(rnd.nextInt(1, 20_000));
                        if (viaSelect) {
                            Integer v = Select.select(ch.onReceive(x -> x),
                                    Select.onTimeout(d, () -> null));
                            if (v == null) {
                                timeouts.incrementAndGet();
                            } else {
                                ledger.receive(v);
                            }
                        } else {
                            Optional<Received<Integer>> r = ch.tryReceive(d);
                            if (r.isPresent()) {
                                ledger.receive(r.get().value());
                            } else {
                                timeouts.incrementAndGet();
                            }
                        }
                    }
                });
            }
            s.join();
        }
        ledger.assertAllReceivedOnce(total);
        assertThat(queued(ch)).isZero();
        System.out.printf("timeout stress %s: %d values, %d timeouts%n", kind, total,
                timeouts.get());
    }
}
