package dev.gochan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model checking (Lincheck's general-purpose mode) of the blocking operations: small programs of
 * two to four threads whose interleavings Lincheck explores, switching threads at the shared-memory
 * accesses of the channel and of its goroutines' handoffs. A program fails when its result is
 * wrong (a value lost, or delivered twice, or both sent and refused) or when it hangs (a thread
 * that never returns: a lost wake-up, or a delivery that landed in the wrong wait).
 * {@link LincheckChanTest} checks the non-blocking operations against a sequential
 * specification; blocking ones have none in Lincheck outside Kotlin's suspending functions, so
 * these programs check their own invariants.
 *
 * <p>Covered: the unbuffered channel's waiting slot (ADR 0008, 0013) with senders and receivers
 * taking turns in it, a select completing its owner, close, and an interrupt racing a
 * counterpart; selects over two channels (two senders, two selects pairing either way, a select
 * that sends and receives on one channel); and the buffered ring's wait queues (woken to retry,
 * ADR 0006) from both sides.
 * The slot's windows are nanoseconds wide (the owner resets its handoff before it publishes
 * itself; an owner already completed may still mark itself parked on a later owner's state):
 * moving the reset after the publication did not fail the rest of the suite in one run, and
 * hangs these programs within a few hundred interleavings. Each of these mutations fails at
 * least one program here: the reset moved (sender or receiver), a select that leaves the slot
 * full, a close that skips the slot, a timeout or interrupt that gives the slot up without
 * looking whether it was completed, a select's group claimed without its CAS (two senders both
 * take one parked select), and a ring that does not look again after queueing, or does not wake
 * a queued receiver.
 *
 * <p>The build runs this class (tagged {@code own-jvm}) in a JVM of its own with
 * {@code -Dgochan.spins=0} and {@code -Dgochan.selectPolls=0}: so that the model reaches the
 * parking paths in a few steps instead of after a full spin (elsewhere it explores the same
 * programs, less deeply), and because after any earlier use of a channel in the JVM (one send and
 * receive between two platform threads is enough; a timer or a virtual thread is not) Lincheck's
 * runs here report hangs and non-determinism that a fresh JVM does not show.
 *
 * <p>Limit: Lincheck lets a parked thread wake spuriously, as {@code LockSupport.park} may, so a
 * missing unpark shows here only where the code would not find its result by looking again;
 * {@link HChanSlotTest} checks the unparks path by path.
 *
 * <p>Sizes: 300 interleavings per program (1000 for a select over two channels), so the class
 * runs in under a minute; {@code -Dgochan.stress=N} multiplies them.
 */
@Tag("own-jvm")
@Timeout(300)
class LincheckBlockingTest {
    private static final int INVOCATIONS = 300 * Integer.getInteger("gochan.stress", 1);
    /**
     * For the programs of a select over two channels, whose window (two counterparts claiming one
     * parked select) needs more interleavings: a claim made without its CAS failed within 900.
     */
    private static final int SELECT_INVOCATIONS = 1000 * Integer.getInteger("gochan.stress", 1);

    /** An unbuffered channel. */
    private static HChan<Integer> chan() {
        return (HChan<Integer>) Chan.<Integer>make();
    }

    /** Starts every body on a thread of its own and waits for all of them. */
    private static void runAll(Runnable... bodies) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable b : bodies) {
            Thread t = new Thread(b);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Fails unless {@code got} holds exactly {@code expected}, in any order. (Plain checks: the
     * model checker runs this code too, and AssertJ's assertions are not meant to be compared.)
     */
    private static void expectExactly(ConcurrentLinkedQueue<Integer> got, List<Integer> expected) {
        List<Integer> actual = new ArrayList<>(got);
        actual.sort(null);
        List<Integer> sorted = new ArrayList<>(expected);
        sorted.sort(null);
        if (!actual.equals(sorted)) {
            throw new AssertionError("received " + actual + ", expected " + sorted);
        }
    }

    @Test
    void sendersTakingTurnsInTheSlot() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            HChan<Integer> ch = chan();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            runAll(() -> ch.send(1), () -> ch.send(2), () -> {
                got.add(ch.receive());
                got.add(ch.receive());
            });
            expectExactly(got, List.of(1, 2));
        });
    }

    @Test
    void receiversTakingTurnsInTheSlot() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> twoReceiversAndASender(chan()));
    }

    /**
     * Two receivers and a sender of two values on {@code ch}: each value once. (The model runs
     * a lambda that captures nothing: Lincheck warns about the fields of one that does.)
     */
    private static void twoReceiversAndASender(Chan<Integer> ch) {
        ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
        runAll(() -> got.add(ch.receive()), () -> got.add(ch.receive()), () -> {
            ch.send(1);
            ch.send(2);
        });
        expectExactly(got, List.of(1, 2));
    }

    /**
     * A select's receive and a plain receive compete for two senders, one of them in the slot.
     * The select has one case, so that it goes straight to the engine's locked poll and its
     * nodes (a select of several cases first tries each alone, as a plain non-blocking receive).
     */
    @Test
    void aSelectAndAPlainReceiverShareTheSlot() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            HChan<Integer> ch = chan();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            runAll(() -> ch.send(1), () -> ch.send(2),
                    () -> got.add(Select.select(ch.onReceive(v -> v))),
                    () -> got.add(ch.receive()));
            expectExactly(got, List.of(1, 2));
        });
    }

    /**
     * A close races a sender in the slot and a receiver: the sender returns exactly when its
     * value was received, and otherwise fails with Go's panic; the receiver gets the value or
     * the zero value of a closed channel.
     */
    @Test
    void closeRacesTheSlotOwnerAndItsCounterpart() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            HChan<Integer> ch = chan();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
            runAll(() -> {
                try {
                    ch.send(1);
                    sent.add(1);
                } catch (ClosedChanException e) {
                    if (!e.getMessage().equals("send on closed channel")) {
                        throw new AssertionError(e);
                    }
                }
            }, () -> {
                Integer v = ch.receive(); // null: closed (Go's zero value)
                if (v != null) {
                    got.add(v);
                }
            }, ch::close);
            expectExactly(got, new ArrayList<>(sent));
        });
    }

    /**
     * An interrupt races a counterpart for the slot's owner: the sender returns exactly when its
     * value was received, or throws (interrupted, or failed by the close that ends the program)
     * with its value undelivered; never both, never neither.
     */
    @Test
    void anInterruptRacesTheSlotOwnersCounterpart() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            HChan<Integer> ch = chan();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
            Thread sender = new Thread(() -> {
                try {
                    ch.send(1);
                    sent.add(1);
                } catch (GoInterruptedException | ClosedChanException e) {
                    // not sent: checked below against what was received
                }
            });
            sender.start();
            runAll(sender::interrupt, () -> ch.tryReceive().ifPresent(r -> got.add(r.value())));
            ch.close(); // frees the sender if the interrupt came before it waited
            try {
                sender.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            expectExactly(got, new ArrayList<>(sent));
        });
    }

    /** A buffered channel of capacity 1. */
    private static BufChan<Integer> ring() {
        return (BufChan<Integer>) Chan.<Integer>make(1);
    }

    /**
     * A buffered channel's blocked senders and receivers (not the slot: the ring's wait queues,
     * woken to retry): two senders fill a ring of one and block, a receiver takes all three
     * values. A wake-up lost between a sender's send and a receiver's queueing hangs it.
     */
    @Test
    void bufferedSendersBlockOnAFullRingAndAreWoken() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            BufChan<Integer> ch = ring();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            runAll(() -> {
                ch.send(1);
                ch.send(2);
            }, () -> ch.send(3), () -> {
                for (int i = 0; i < 3; i++) {
                    got.add(ch.receive());
                }
            });
            expectExactly(got, List.of(1, 2, 3));
        });
    }

    /** The mirror image: two receivers block on an empty ring of one, a sender feeds them. */
    @Test
    void bufferedReceiversBlockOnAnEmptyRingAndAreWoken() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> twoReceiversAndASender(ring()));
    }

    /**
     * A select over two channels receives from both of their senders in turn: each value once,
     * whichever order the senders and the select's parked nodes meet in.
     */
    @Test
    void aSelectOverTwoChannelsReceivesFromBothSenders() {
        Lincheck.runConcurrentTest(SELECT_INVOCATIONS, () -> {
            HChan<Integer> a = chan();
            HChan<Integer> b = chan();
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            runAll(() -> a.send(1), () -> b.send(2), () -> {
                for (int i = 0; i < 2; i++) {
                    got.add(Select.select(a.onReceive(v -> v), b.onReceive(v -> v)));
                }
            });
            expectExactly(got, List.of(1, 2));
        });
    }

    /**
     * Two selects that can pair either way (one sends on {@code a} and receives on {@code b}, the
     * other the reverse) pair exactly once, one way, with matching results on both sides.
     */
    @Test
    void twoSelectsPairExactlyOnce() {
        Lincheck.runConcurrentTest(SELECT_INVOCATIONS, () -> {
            HChan<Integer> a = chan();
            HChan<Integer> b = chan();
            String[] outcome = new String[2];
            runAll(() -> outcome[0] = Select.select(
                            a.onSend(1, () -> "sent a"), b.onReceive(v -> "got " + v)),
                    () -> outcome[1] = Select.select(
                            a.onReceive(v -> "got " + v), b.onSend(2, () -> "sent b")));
            String pair = outcome[0] + " / " + outcome[1];
            if (!pair.equals("sent a / got 1") && !pair.equals("got 2 / sent b")) {
                throw new AssertionError("the selects did not pair once: " + pair);
            }
        });
    }

    /**
     * A select that sends and receives on the same channel never pairs with itself: with a plain
     * receiver beside it, its send is the only case that can proceed.
     */
    @Test
    void aSelectNeverPairsWithItself() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            HChan<Integer> ch = chan();
            String[] outcome = new String[1];
            ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
            runAll(() -> outcome[0] = Select.select(
                            ch.onSend(1, () -> "sent"), ch.onReceive(v -> "got " + v)),
                    () -> got.add(ch.receive()));
            if (!"sent".equals(outcome[0])) {
                throw new AssertionError("the select took " + outcome[0]);
            }
            expectExactly(got, List.of(1));
        });
    }
}
