package dev.gochan;

import static dev.gochan.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gochan.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void unbufferedHandoff() {
        Chan<String> ch = Chan.make();
        go(() -> ch.send("Hello"));
        assertThat(ch.receive()).isEqualTo("Hello");
    }

    @Test
    void bufferedRangeAfterClose() {
        Chan<Integer> ch = Chan.make(2);
        go(() -> {
            for (int i = 0; i < 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        List<Integer> got = new ArrayList<>();
        for (int v : ch) {
            got.add(v);
        }
        assertThat(got).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
        assertThat(ch.receiveOk()).isEqualTo(Received.closed());
        assertThatThrownBy(() -> ch.send(1)).isInstanceOf(ClosedChanException.class)
                .hasMessage("send on closed channel");
    }

    @Test
    void selectTimeout() {
        Chan<String> ch = Chan.make();
        String r = Select.select(ch.onReceive(m -> "got " + m),
                Time.after(Duration.ofMillis(50)).onReceive(t -> "Timeout!"));
        assertThat(r).isEqualTo("Timeout!");
    }

    @Test
    void pingPong() {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        go(() -> {
            for (int v : ping) {
                pong.send(v + 1);
            }
            pong.close();
        });
        for (int i = 0; i < 100_000; i++) {
            ping.send(i);
            assertThat(pong.receive()).isEqualTo(i + 1);
        }
        ping.close();
        assertThat(pong.receiveOk().ok()).isFalse();
    }

    @Test
    void selectMany() {
        int n = 4;
        int per = 50_000;
        List<Chan<Integer>> chans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make(i % 2 == 0 ? 0 : 16);
            chans.add(c);
            go(() -> {
                for (int j = 0; j < per; j++) {
                    c.send(j);
                }
            });
        }
        List<Case<Integer>> cases = new ArrayList<>();
        for (Chan<Integer> c : chans) {
            cases.add(c.onReceive());
        }
        long sum = 0;
        for (int k = 0; k < n * per; k++) {
            sum += Select.select(cases);
        }
        assertThat(sum).isEqualTo((long) n * per * (per - 1) / 2);
    }
}
