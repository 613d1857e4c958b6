package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RULE-GO-02 and RULE-GO-03: the two concurrent prime sieves of Go's test/chan, each checked against
 * the first 25 primes as the Go programs are. Both leave their generators blocked forever when
 * "main" is done (RULE-GO-05); the test's {@link Scope} ends them.
 */
@Timeout(60)
class ClassicSieveTest {

    /** The expected output of both Go programs. */
    static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61,
        67, 71, 73, 79, 83, 89, 97};

    // ---- sieve1.go ----------------------------------------------------------------------------

    /** Sends 2, 3, 4, ... to {@code ch}. */
    static void generate(SendChan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copies from {@code in} to {@code out} the values not divisible by {@code prime}. */
    static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
        for (int i : in) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    /** The daisy chain: each prime found adds a filter goroutine at the end of the chain. */
    static void sieve(Scope s, SendChan<Integer> primes) {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> gen = ch;
        s.go(() -> generate(gen.sendOnly()));
        for (;;) {
            int prime = ch.receive();
            primes.send(prime);
            Chan<Integer> ch1 = Chan.make();
            RecvChan<Integer> in = ch.recvOnly();
            s.go(() -> filter(in, ch1.sendOnly(), prime));
            ch = ch1;
        }
    }

    @Test
    void rule_GO_02_sieve1FirstTwentyFivePrimes() {
        try (Scope s = new Scope()) {
            Chan<Integer> primes = Chan.make();
            s.go(() -> sieve(s, primes.sendOnly()));
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < PRIMES.length; i++) {
                int x = primes.receive();
                assertThat(x).as("prime %d (so far %s)", i, got).isEqualTo(PRIMES[i]);
                got.add(x);
            }
        }
    }

    // ---- sieve2.go ----------------------------------------------------------------------------

    /** A channel of odd numbers, starting from 5. */
    static Chan<Integer> odds(Scope s) {
        Chan<Integer> out = Chan.make(50);
        s.go(() -> {
            for (int n = 5; ; n += 2) {
                out.send(n);
            }
        });
        return out;
    }

    /** A channel of the odd multiples of the prime p, starting from p*p. */
    static Chan<Integer> multiples(Scope s, int p) {
        Chan<Integer> out = Chan.make(10);
        s.go(() -> {
            for (int n = p * p; ; n += 2 * p) {
                out.send(n);
            }
        });
        return out;
    }

    /** A channel with its next value already received. */
    static final class PeekCh {
        int head;
        final Chan<Integer> ch;

        PeekCh(int head, Chan<Integer> ch) {
            this.head = head;
            this.ch = ch;
        }
    }

    /**
     * A sending proxy to {@code out}: a goroutine receives into an expanding buffer, so sending to
     * the proxy never blocks for long. Its select switches its output case off (nil channel) while
     * the buffer is empty.
     */
    static SendChan<Integer> sendproxy(Scope s, SendChan<Integer> out) {
        Chan<Integer> proxy = Chan.make(10);
        s.go(() -> {
            ArrayDeque<Integer> buffer = new ArrayDeque<>(16);
            for (;;) {
                SendChan<Integer> c = out;
                int e = 0;
                if (buffer.isEmpty()) {
                    c = Chan.nil(); // buffer empty: disable output
                } else {
                    e = buffer.peekFirst();
                }
                Select.run(proxy.onReceiveDo(buffer::addLast), c.onSendDo(e, buffer::removeFirst));
            }
        });
        return proxy.sendOnly();
    }

    /** The primes, Eratosthenes style: a heap merges the multiples of the primes found so far. */
    static Chan<Integer> sieve2(Scope s) {
        Chan<Integer> out = Chan.make(10); // the output values
        out.send(2);
        out.send(3);
        Chan<Integer> composites = Chan.make(50); // all composites, in increasing order
        Chan<Integer> primes = Chan.make(10); // the feedback loop
        primes.send(3);

        s.go(() -> { // merge the channels of multiples of the primes into composites
            PriorityQueue<PeekCh> h = new PriorityQueue<>((a, b) -> Integer.compare(a.head, b.head));
            int min = 15;
            for (;;) {
                Chan<Integer> m = multiples(s, primes.receive());
                int head = m.receive();
                while (min < head) {
                    composites.send(min);
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.receive();
                    h.add(minchan);
                }
                while (min == head) {
                    PeekCh minchan = h.remove();
                    min = minchan.head;
                    minchan.head = minchan.ch.receive();
                    h.add(minchan);
                }
                composites.send(head);
                h.add(new PeekCh(m.receive(), m));
            }
        });

        s.go(() -> { // sieve the composites out of the candidates
            // The merger receives from primes much more slowly than this goroutine sends to it;
            // without the proxy's automatic buffering the two would deadlock.
            SendChan<Integer> primesProxy = sendproxy(s, primes.sendOnly());
            Chan<Integer> candidates = odds(s);
            int p = candidates.receive();
            for (;;) {
                int c = composites.receive();
                while (p < c) {
                    primesProxy.send(p);
                    out.send(p);
                    p = candidates.receive();
                }
                if (p == c) {
                    p = candidates.receive();
                }
            }
        });
        return out;
    }

    @Test
    void rule_GO_03_sieve2HeapMergeAndExpandingProxy() {
        try (Scope s = new Scope()) {
            Chan<Integer> primes = sieve2(s);
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < PRIMES.length; i++) {
                int x = primes.receive();
                assertThat(x).as("prime %d (so far %s)", i, got).isEqualTo(PRIMES[i]);
                got.add(x);
            }
        }
    }

    /** The expected list itself, recomputed by trial division. */
    @Test
    void expectedPrimesAreTheFirstTwentyFive() {
        List<Integer> ps = new ArrayList<>();
        for (int n = 2; ps.size() < 25; n++) {
            boolean prime = true;
            for (int d = 2; d * d <= n; d++) {
                prime &= n % d != 0;
            }
            if (prime) {
                ps.add(n);
            }
        }
        assertThat(ps).containsExactly(java.util.Arrays.stream(PRIMES).boxed().toArray(Integer[]::new));
    }
}
