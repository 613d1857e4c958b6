package dev.gochan;

import static dev.gochan.SelTestSupport.queued;
import static dev.gochan.SelTestSupport.stress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of the classic Go programs that the CHAN and CLOSE rules cite and that exercise select:
 * test/ken/chan.go (RULE-CHAN-17), runtime TestMultiConsumer (RULE-CHAN-19),
 * test/chan/sendstmt.go's chanchan (RULE-CHAN-20) and runtime TestNonblockRecvRace
 * (RULE-CLOSE-12). Each asserts the Go program's exact output.
 */
@Timeout(120)
class ClassicChanTest {

    // ---- test/ken/chan.go ---------------------------------------------------------------------

    /** ken/chan.go: one channel as seen by its sender (sc, sv) and its receiver (rc, rv). */
    static final class KenChan {
        Chan<Integer> sc; // null: nil (done sending, or the shared "nil Chan")
        Chan<Integer> rc;
        int sv;
        int rv;
    }

    /** The state of one ken/chan.go run. */
    static final class Ken {
        static final int END = 10_000;
        final AtomicInteger randx = new AtomicInteger();
        final AtomicInteger tots = new AtomicInteger();
        final AtomicInteger totr = new AtomicInteger();
        final KenChan nc = new KenChan(); // the "nil Chan" passed in unused slots
        int cval;

        /** ken/chan.go's deterministic pseudo-random numbers (atomic here: Go's is a data race). */
        int nrand(int n) {
            int x = randx.updateAndGet(r -> {
                r += 10007;
                return r >= 1_000_000 ? r - 1_000_000 : r;
            });
            return x % n;
        }

        void gosched(int n) {
            for (int r = nrand(n); r >= 0; r--) {
                Go.gosched();
            }
        }

        List<KenChan> mkchan(int c, int n) {
            List<KenChan> ca = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                cval += 100;
                KenChan ch = new KenChan();
                ch.sc = Chan.make(c);
                ch.rc = ch.sc;
                ch.sv = cval;
                ch.rv = cval;
                ca.add(ch);
            }
            return ca;
        }

        /** Each channel carries base..base+75, in order; after that its side is done. */
        static int expect(int v, int v0) {
            if (v == v0) {
                return v % 100 == 75 ? END : v + 1;
            }
            throw new AssertionError("got " + v0 + " expected " + v);
        }

        boolean send(KenChan c) {
            tots.incrementAndGet();
            c.sv = expect(c.sv, c.sv);
            if (c.sv == END) {
                c.sc = null;
                return true;
            }
            return false;
        }

        boolean recv(KenChan c, int v) {
            totr.incrementAndGet();
            c.rv = expect(c.rv, v);
            if (c.rv == END) {
                c.rc = null;
                return true;
            }
            return false;
        }

        void sendLoop(KenChan c) {
            do {
                gosched(10);
                c.sc.send(c.sv);
            } while (!send(c));
        }

        void recvLoop(KenChan c) {
            int v;
            do {
                gosched(10);
                v = c.rc.receive();
            } while (!recv(c, v));
        }

        private static Chan<Integer> orNil(Chan<Integer> c) {
            return c == null ? Chan.nil() : c;
        }

        /** An 8-case select: receives on r0..r3, sends on s0..s3; a case is nil once done. */
        void sel(KenChan[] r, KenChan[] s) {
            int a = 0; // local chans running
            for (int i = 0; i < 4; i++) {
                a += (r[i].rc != null ? 1 : 0) + (s[i].sc != null ? 1 : 0);
            }
            while (a > 0) {
                gosched(5);
                List<Case<Boolean>> cases = new ArrayList<>(8);
                for (KenChan rc : r) {
                    cases.add(orNil(rc.rc).onReceive(v -> recv(rc, v)));
                }
                for (KenChan sc : s) {
                    cases.add(orNil(sc.sc).onSend(sc.sv, () -> send(sc)));
                }
                if (Select.select(cases)) {
                    a--;
                }
            }
        }

        KenChan[] four(KenChan a, KenChan b, KenChan c, KenChan d) {
            return new KenChan[] {a, b, c, d};
        }

        /** Runs one test's goroutines and waits for them all ("wait()" in ken/chan.go). */
        void run(java.util.function.Consumer<Scope> test) {
            try (Scope s = new Scope()) {
                test.accept(s);
                s.join();
            }
        }

        void tests(int c) {
            run(s -> { // test1: direct send to direct recv
                for (KenChan ch : mkchan(c, 4)) {
                    s.go(() -> sendLoop(ch));
                    s.go(() -> recvLoop(ch));
                }
            });
            run(s -> { // test2: direct send to select recv
                List<KenChan> ca = mkchan(c, 4);
                for (KenChan ch : ca) {
                    s.go(() -> sendLoop(ch));
                }
                s.go(() -> sel(ca.toArray(KenChan[]::new), four(nc, nc, nc, nc)));
            });
            run(s -> { // test3: select send to direct recv
                List<KenChan> ca = mkchan(c, 4);
                for (KenChan ch : ca) {
                    s.go(() -> recvLoop(ch));
                }
                s.go(() -> sel(four(nc, nc, nc, nc), ca.toArray(KenChan[]::new)));
            });
            run(s -> { // test4: select send to select recv
                KenChan[] ca = mkchan(c, 4).toArray(KenChan[]::new);
                s.go(() -> sel(four(nc, nc, nc, nc), ca));
                s.go(() -> sel(ca, four(nc, nc, nc, nc)));
            });
            run(s -> { // test5: two selects, each sending to and receiving from the other
                List<KenChan> ca = mkchan(c, 8);
                KenChan[] lo = ca.subList(0, 4).toArray(KenChan[]::new);
                KenChan[] hi = ca.subList(4, 8).toArray(KenChan[]::new);
                s.go(() -> sel(hi, lo));
                s.go(() -> sel(lo, hi));
            });
            run(s -> { // test6: direct and select operations mixed
                List<KenChan> ca = mkchan(c, 12);
                for (KenChan ch : ca.subList(4, 8)) {
                    s.go(() -> sendLoop(ch));
                }
                for (KenChan ch : ca.subList(8, 12)) {
                    s.go(() -> recvLoop(ch));
                }
                KenChan[] a = ca.subList(0, 4).toArray(KenChan[]::new);
                KenChan[] b = ca.subList(4, 8).toArray(KenChan[]::new);
                KenChan[] d = ca.subList(8, 12).toArray(KenChan[]::new);
                s.go(() -> sel(b, a));
                s.go(() -> sel(a, d));
            });
        }
    }

    /** test/ken/chan.go: per-channel FIFO through any mix of direct operations and selects. */
    @Test
    void rule_CHAN_17_kenChanMixedFifoExactTotals() {
        Ken ken = new Ken();
        for (int c : new int[] {0, 1, 10, 100}) {
            ken.tests(c);
        }
        int t = 4 * (4 * 4 + 8 + 12) * 76; // buffer sizes x channels x sends per channel
        assertThat(t).isEqualTo(10944);
        assertThat(ken.tots.get()).as("tots").isEqualTo(t);
        assertThat(ken.totr.get()).as("totr").isEqualTo(t);
    }

    // ---- runtime TestMultiConsumer ------------------------------------------------------------

    @Test
    void rule_CHAN_19_multiConsumerExactCountAndSum() {
        final int nwork = 23;
        final int niter = 271_828;
        final int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Chan<Integer> q = Chan.make(nwork * 3);
        Chan<Integer> r = Chan.make(nwork * 3);
        AtomicLong expect = new AtomicLong();
        try (Scope s = new Scope()) {
            CountDownLatch wg = new CountDownLatch(nwork);
            for (int i = 0; i < nwork; i++) {
                int w = i;
                s.go(() -> { // workers
                    for (int v : q) {
                        if (pn[w % pn.length] == v) {
                            Go.gosched(); // mess with the FIFO-ish nature of range
                        }
                        r.send(v);
                    }
                    wg.countDown();
                });
            }
            s.go(() -> { // feeder and closer
                long sum = 0;
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    sum += v;
                    q.send(v);
                }
                expect.set(sum);
                q.close(); // no more work
                try {
                    wg.await(); // workers done
                } catch (InterruptedException e) {
                    throw new GoInterruptedException("wg.Wait");
                }
                r.close(); // ... so there can be no more results
            });
            long n = 0;
            long sum = 0;
            for (int v : r) {
                n++;
                sum += v;
            }
            assertThat(n).isEqualTo(271_828);
            assertThat(sum).isEqualTo(expect.get()).isEqualTo(4_158_941);
            s.join();
        }
    }

    // ---- test/chan/sendstmt.go: chanchan -------------------------------------------------------

    /** Go's {@code select { case <-cc <- 2: default: panic("nonblock") }}. */
    @Test
    void rule_CHAN_20_channelOfChannels() {
        for (int i = 0; i < 100; i++) {
            Chan<Chan<Integer>> cc = Chan.make(1);
            Chan<Integer> c = Chan.make(1);
            cc.send(c);
            // the operand <-cc is evaluated on entering the select (here: when the case is made)
            String r = Select.select(cc.receive().onSend(2, () -> "sent"),
                    Select.onDefault(() -> "nonblock"));
            assertThat(r).isEqualTo("sent");
            assertThat(c.receive()).isEqualTo(2);
        }
        // and through goroutines: a server receives reply channels and answers on them
        try (Scope s = new Scope()) {
            Chan<Chan<Integer>> requests = Chan.make();
            s.go(() -> {
                int n = 0;
                for (Chan<Integer> reply : requests) {
                    reply.send(n++);
                }
            });
            for (int i = 0; i < 1000; i++) {
                Chan<Integer> reply = Chan.make();
                requests.send(reply);
                assertThat(reply.receive()).isEqualTo(i);
            }
            requests.close();
            s.join();
        }
    }

    // ---- runtime TestNonblockRecvRace ----------------------------------------------------------

    /** No empty-but-open window between close and drain: the goroutine never takes default. */
    @Test
    void rule_CLOSE_12_nonblockRecvRaceNeverTakesDefault() {
        final int n = 10_000 * stress();
        AtomicInteger defaults = new AtomicInteger();
        try (Scope s = new Scope()) {
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                s.go(() -> Select.run(c.onReceiveDo(v -> { }),
                        Select.onDefaultDo(defaults::incrementAndGet)));
                c.close();
                c.receive();
            }
            s.join();
        }
        assertThat(defaults.get()).as("selects that saw no ready channel").isZero();
    }

    /** The channels of a finished ken/chan run hold no waiter (sanity of the port's teardown). */
    @Test
    void kenChanLeavesNoWaiters() {
        Ken ken = new Ken();
        List<KenChan> all = new ArrayList<>();
        List<Chan<Integer>> chans = new ArrayList<>();
        ken.run(s -> {
            List<KenChan> ca = ken.mkchan(0, 8);
            all.addAll(ca);
            ca.forEach(ch -> chans.add(ch.sc));
            KenChan[] lo = ca.subList(0, 4).toArray(KenChan[]::new);
            KenChan[] hi = ca.subList(4, 8).toArray(KenChan[]::new);
            s.go(() -> ken.sel(hi, lo));
            s.go(() -> ken.sel(lo, hi));
        });
        for (KenChan ch : all) {
            assertThat(ch.sc).isNull();
            assertThat(ch.rc).isNull();
        }
        assertThat(ken.tots.get()).isEqualTo(8 * 76);
        assertThat(ken.totr.get()).isEqualTo(8 * 76);
        for (Chan<Integer> ch : chans) {
            assertThat(queued(ch)).isZero();
        }
    }
}
