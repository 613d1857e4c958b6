package dev.gochan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gochan.SelTestSupport.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RULE-GO-04: Doug McIlroy's power series over demand-driven channel pairs, ported from Go's
 * test/chan/powser1.go. A power series is a pair of unbuffered channels: the consumer sends a
 * request on {@code req} and receives the next rational coefficient on {@code dat}. Every operator
 * is a goroutine; Mul and Exp create goroutines recursively (Split spawns one per coefficient),
 * and {@code getn} is a 4-case select whose cases are switched off by nil channels.
 *
 * <p>Each test builds its own world (its own Ones and Twos) in a {@link Scope}; like the Go
 * program, it leaves its generators blocked when it is done, and the scope ends them.
 */
@Timeout(120)
class ClassicPowserTest {

    /** A rational; {@code den == 0} marks the end of a finite series. Equality is Go's {@code eq}. */
    record Rat(long num, long den) {
        boolean isEnd() {
            return den == 0;
        }

        @Override
        public String toString() {
            return den == 1 ? Long.toString(num) : num + "/" + den;
        }
    }

    static long gcd(long u, long v) {
        if (u < 0) {
            return gcd(-u, v);
        }
        if (u == 0) {
            return v;
        }
        return gcd(v % u, u);
    }

    static Rat i2tor(long u, long v) {
        long g = gcd(u, v);
        return v > 0 ? new Rat(u / g, v / g) : new Rat(-u / g, -v / g);
    }

    static Rat itor(long u) {
        return i2tor(u, 1);
    }

    static final Rat ZERO = itor(0);
    static final Rat ONE = itor(1);
    static final Rat FINIS = i2tor(1, 0);

    static Rat add(Rat u, Rat v) {
        long g = gcd(u.den, v.den);
        return i2tor(u.num * (v.den / g) + v.num * (u.den / g), u.den * (v.den / g));
    }

    static Rat mul(Rat u, Rat v) {
        long g1 = gcd(u.num, v.den);
        long g2 = gcd(u.den, v.num);
        return new Rat((u.num / g1) * (v.num / g2), (u.den / g2) * (v.den / g1));
    }

    static Rat neg(Rat u) {
        return i2tor(-u.num, u.den);
    }

    /** A demand channel: Go's {@code dch}. A power series is one. */
    static final class Dch {
        final Chan<Integer> req = Chan.make();
        final Chan<Rat> dat = Chan.make();
    }

    /** The power-series operators of powser1.go, their goroutines started in one scope. */
    static final class Powser {
        final Scope scope;
        final AtomicInteger seqno = new AtomicInteger();
        final Dch ones;
        final Dch twos;

        Powser(Scope scope) {
            this.scope = scope;
            this.ones = rep(ONE);
            this.twos = rep(itor(2));
        }

        // split reads a single demand channel and replicates its output onto two, which may be
        // read at different rates. A goroutine is created at first demand for an item and dies
        // after the item has been sent to both outputs. The newest generation services out[0];
        // the oldest services out[1]; a signal on the release channel hands out[1] on.
        void dosplit(Dch in, Dch[] out, Chan<Integer> wait) {
            boolean[] both = {false}; // do not service both channels
            Select.run(out[0].req.onReceiveDo(v -> { }), wait.onReceiveDo(v -> {
                both[0] = true;
                Select.run(out[0].req.onReceiveDo(x -> { }), out[1].req.onReceiveDo(x -> {
                    Dch t = out[0];
                    out[0] = out[1];
                    out[1] = t;
                }));
            }));
            in.req.send(seqno.incrementAndGet());
            Chan<Integer> release = Chan.make();
            scope.go(() -> dosplit(in, out, release));
            Rat dat = in.dat.receive();
            out[0].dat.send(dat);
            if (!both[0]) {
                wait.receive();
            }
            out[1].req.receive();
            out[1].dat.send(dat);
            release.send(0);
        }

        void split(Dch in, Dch[] out) {
            Chan<Integer> release = Chan.make();
            scope.go(() -> dosplit(in, out, release));
            release.send(0);
        }

        static void put(Rat dat, Dch out) {
            out.req.receive();
            out.dat.send(dat);
        }

        Rat get(Dch in) {
            in.req.send(seqno.incrementAndGet());
            return in.dat.receive();
        }

        /** Gets one item from each of two demand channels, serving them in any order. */
        Rat[] get2(Dch in0, Dch in1) {
            Dch[] in = {in0, in1};
            List<Chan<Integer>> req = new ArrayList<>(List.of(in0.req, in1.req));
            List<Chan<Rat>> dat = new ArrayList<>(List.of(Chan.nil(), Chan.nil()));
            Rat[] out = new Rat[2];
            for (int n = 4; n > 0; n--) {
                int seq = seqno.incrementAndGet();
                Select.run(
                        req.get(0).onSendDo(seq, () -> {
                            dat.set(0, in[0].dat);
                            req.set(0, Chan.nil());
                        }),
                        req.get(1).onSendDo(seq, () -> {
                            dat.set(1, in[1].dat);
                            req.set(1, Chan.nil());
                        }),
                        dat.get(0).onReceiveDo(it -> {
                            out[0] = it;
                            dat.set(0, Chan.nil());
                        }),
                        dat.get(1).onReceiveDo(it -> {
                            out[1] = it;
                            dat.set(1, Chan.nil());
                        }));
            }
            return out;
        }

        void copy(Dch in, Dch out) {
            for (;;) {
                out.req.receive();
                out.dat.send(get(in));
            }
        }

        Dch rep(Rat c) {
            Dch z = new Dch();
            scope.go(() -> {
                for (;;) {
                    put(c, z);
                }
            });
            return z;
        }

        Dch[] splitPS(Dch u) {
            Dch[] uu = {new Dch(), new Dch()};
            scope.go(() -> split(u, uu));
            return uu;
        }

        Dch add(Dch u, Dch v) {
            Dch z = new Dch();
            scope.go(() -> {
                for (;;) {
                    z.req.receive();
                    Rat[] uv = get2(u, v);
                    int ends = (uv[0].isEnd() ? 1 : 0) + 2 * (uv[1].isEnd() ? 1 : 0);
                    switch (ends) {
                        case 0 -> z.dat.send(ClassicPowserTest.add(uv[0], uv[1]));
                        case 1 -> {
                            z.dat.send(uv[1]);
                            copy(v, z);
                        }
                        case 2 -> {
                            z.dat.send(uv[0]);
                            copy(u, z);
                        }
                        default -> z.dat.send(FINIS);
                    }
                }
            });
            return z;
        }

        Dch cmul(Rat c, Dch u) {
            Dch z = new Dch();
            scope.go(() -> {
                boolean done = false;
                while (!done) {
                    z.req.receive();
                    Rat x = get(u);
                    if (x.isEnd()) {
                        done = true;
                    } else {
                        z.dat.send(ClassicPowserTest.mul(c, x));
                    }
                }
                z.dat.send(FINIS);
            });
            return z;
        }

        Dch sub(Dch u, Dch v) {
            return add(u, cmul(neg(ONE), v));
        }

        /** UV = u*v + x*(u*VV + v*UU) + x*x*UU*VV. */
        Dch mul(Dch u, Dch v) {
            Dch z = new Dch();
            scope.go(() -> {
                z.req.receive();
                Rat[] uv = get2(u, v);
                if (uv[0].isEnd() || uv[1].isEnd()) {
                    z.dat.send(FINIS);
                } else {
                    z.dat.send(ClassicPowserTest.mul(uv[0], uv[1]));
                    Dch[] uu = splitPS(u);
                    Dch[] vv = splitPS(v);
                    Dch w = add(cmul(uv[0], vv[0]), cmul(uv[1], uu[0]));
                    z.req.receive();
                    z.dat.send(get(w));
                    copy(add(w, mul(uu[1], vv[1])), z);
                }
            });
            return z;
        }

        Dch diff(Dch u) {
            Dch z = new Dch();
            scope.go(() -> {
                z.req.receive();
                Rat x = get(u);
                if (!x.isEnd()) {
                    boolean done = false;
                    for (int i = 1; !done; i++) {
                        x = get(u);
                        if (x.isEnd()) {
                            done = true;
                        } else {
                            z.dat.send(ClassicPowserTest.mul(itor(i), x));
                            z.req.receive();
                        }
                    }
                }
                z.dat.send(FINIS);
            });
            return z;
        }

        /** Integrates, with constant of integration c. */
        Dch integ(Rat c, Dch u) {
            Dch z = new Dch();
            scope.go(() -> {
                put(c, z);
                boolean done = false;
                for (int i = 1; !done; i++) {
                    z.req.receive();
                    Rat x = get(u);
                    if (x.isEnd()) {
                        done = true;
                    }
                    z.dat.send(ClassicPowserTest.mul(i2tor(1, i), x));
                }
                z.dat.send(FINIS);
            });
            return z;
        }

        /** Exponential of a series with constant term 0: Z = exp(U), DZ = Z*DU, integrated. */
        Dch exp(Dch u) {
            Dch[] zz = {new Dch(), new Dch()};
            split(integ(ONE, mul(zz[0], diff(u))), zz);
            return zz[1];
        }

        /** Monomial substitution U(c x^n): each Ui is multiplied by c^i and followed by n-1 zeros. */
        Dch monSubst(Dch u, Rat c0, int n) {
            Dch z = new Dch();
            scope.go(() -> {
                Rat c = ONE;
                for (;;) {
                    z.req.receive();
                    Rat x = get(u);
                    z.dat.send(ClassicPowserTest.mul(x, c));
                    c = ClassicPowserTest.mul(c, c0);
                    if (x.isEnd()) {
                        z.dat.send(FINIS);
                        break;
                    }
                    for (int i = 1; i < n; i++) {
                        z.req.receive();
                        z.dat.send(ZERO);
                    }
                }
            });
            return z;
        }

        /** powser1.go's check: the next {@code count} coefficients all equal {@code c}. */
        void check(Dch u, Rat c, int count, String str) {
            for (int i = 0; i < count; i++) {
                Rat r = get(u);
                assertThat(r).as("%s: coefficient %d", str, i).isEqualTo(c);
            }
        }

        /** powser1.go's checka: the next N = 10 coefficients are {@code a}. */
        void checka(Dch u, Rat[] a, String str) {
            assertThat(a).hasSize(N);
            for (int i = 0; i < N; i++) {
                check(u, a[i], 1, str + " [" + i + "]");
            }
        }
    }

    static final int N = 10;

    static Rat[] naturals() { // 1 2 3 4 5 ...
        Rat[] a = new Rat[N];
        for (int i = 0; i < N; i++) {
            a[i] = itor(i + 1);
        }
        return a;
    }

    static Rat[] harmonic() { // 0 1 1/2 1/3 1/4 ...
        Rat[] a = new Rat[N];
        a[0] = ZERO; // integration constant
        for (int i = 1; i < N; i++) {
            a[i] = i2tor(1, i);
        }
        return a;
    }

    static Rat[] expOfOnes() { // exp(x/(1-x))
        return new Rat[] {itor(1), itor(1), i2tor(3, 2), i2tor(13, 6), i2tor(73, 24),
            i2tor(167, 40), i2tor(4051, 720), i2tor(37633, 5040), i2tor(43817, 4480),
            i2tor(4596553, 362880)};
    }

    static Rat[] atan() { // 0 1 0 -1/3 0 1/5 ... (powser1.go's comment says "0 -1 0 -1/3")
        Rat[] a = new Rat[N];
        for (int c = 1, i = 0; i < N; i++) {
            if (i % 2 == 0) {
                a[i] = ZERO;
            } else {
                a[i] = i2tor(c, i);
                c *= -1;
            }
        }
        return a;
    }

    @Test
    void rule_GO_04_powserRationalArithmetic() {
        assertThat(i2tor(2, 4)).isEqualTo(new Rat(1, 2));
        assertThat(i2tor(3, -6)).isEqualTo(new Rat(-1, 2));
        assertThat(add(i2tor(1, 2), i2tor(1, 3))).isEqualTo(i2tor(5, 6));
        assertThat(mul(i2tor(2, 3), i2tor(3, 4))).isEqualTo(i2tor(1, 2));
        assertThat(neg(ONE)).isEqualTo(itor(-1));
        assertThat(FINIS.isEnd()).isTrue();
        assertThat(atan()[1]).isEqualTo(ONE);
        assertThat(atan()[3]).isEqualTo(i2tor(-1, 3));
        assertThat(atan()[5]).isEqualTo(i2tor(1, 5));
    }

    @Test
    void rule_GO_04_powserOnes() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.check(p.ones, ONE, 5, "Ones");
        }
    }

    @Test
    void rule_GO_04_powserAdd() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            // powser1.go checks 0 coefficients of these two; we check 10 of each
            p.check(p.add(p.ones, p.ones), itor(2), 10, "Add Ones Ones");
            p.check(p.add(p.ones, p.twos), itor(3), 10, "Add Ones Twos");
        }
    }

    @Test
    void rule_GO_04_powserDiff() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.checka(p.diff(p.ones), naturals(), "Diff");
        }
    }

    @Test
    void rule_GO_04_powserInteg() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.checka(p.integ(ZERO, p.ones), harmonic(), "Integ");
        }
    }

    @Test
    void rule_GO_04_powserCmul() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.check(p.cmul(neg(ONE), p.twos), itor(-2), 10, "CMul");
        }
    }

    @Test
    void rule_GO_04_powserSub() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            // powser1.go checks 0 coefficients; we check 10
            p.check(p.sub(p.ones, p.twos), itor(-1), 10, "Sub Ones Twos");
        }
    }

    @Test
    void rule_GO_04_powserMul() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.checka(p.mul(p.ones, p.ones), naturals(), "Mul");
        }
    }

    @Test
    void rule_GO_04_powserExp() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.checka(p.exp(p.ones), expOfOnes(), "Exp");
        }
    }

    @Test
    void rule_GO_04_powserMonSubstATan() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            Rat[] alternating = new Rat[N]; // 1/(1+x^2) = 1 0 -1 0 1 0 -1 ...
            for (int i = 0; i < N; i++) {
                alternating[i] = i % 2 == 1 ? ZERO : itor(i % 4 == 0 ? 1 : -1);
            }
            p.checka(p.monSubst(p.ones, neg(ONE), 2), alternating, "MonSubst");
            p.checka(p.integ(ZERO, p.monSubst(p.ones, neg(ONE), 2)), atan(), "ATan");
        }
    }

    /** powser1.go's main, in its order, on one shared Ones and Twos. */
    @Test
    void rule_GO_04_powser1MainSequence() {
        try (Scope s = new Scope()) {
            Powser p = new Powser(s);
            p.check(p.ones, ONE, 5, "Ones");
            p.check(p.add(p.ones, p.ones), itor(2), 5, "Add Ones Ones");
            p.check(p.add(p.ones, p.twos), itor(3), 5, "Add Ones Twos");
            p.checka(p.diff(p.ones), naturals(), "Diff");
            p.checka(p.integ(ZERO, p.ones), harmonic(), "Integ");
            p.check(p.cmul(neg(ONE), p.twos), itor(-2), 10, "CMul");
            p.check(p.sub(p.ones, p.twos), itor(-1), 5, "Sub Ones Twos");
            p.checka(p.mul(p.ones, p.ones), naturals(), "Mul");
            p.checka(p.exp(p.ones), expOfOnes(), "Exp");
            p.checka(p.integ(ZERO, p.monSubst(p.ones, neg(ONE), 2)), atan(), "ATan");
        }
    }
}
