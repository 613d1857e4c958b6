package dev.gochan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guide §2.1. The example sleeps 2 seconds, so it runs once and each test checks one property
 * of that run. Only what Go guarantees is asserted: the last two lines may come in either order.
 */
@Timeout(10)
class UnbufferedChannelTest {
    private static final String MAIN_ABOUT = "Main: about to receive";
    private static final String G_ABOUT = "Goroutine: about to send";
    private static final String MAIN_GOT = "Main: received Hello";
    private static final String G_SENT = "Goroutine: sent successfully";

    private static Output run;

    @BeforeAll
    static void runTheExample() {
        run = Output.of(UnbufferedChannel::run);
    }

    @Test
    void printsTheGuidesFourLinesOnce() {
        assertThat(run.text()).endsWith("\n");
        assertThat(run.lines()).containsExactlyInAnyOrder(MAIN_ABOUT, G_ABOUT, MAIN_GOT, G_SENT);
    }

    @Test
    void mainReceivesOnlyAfterTheGoroutineIsAboutToSend() {
        assertThat(run.indexOf(G_ABOUT)).isLessThan(run.indexOf(MAIN_GOT));
        assertThat(run.indexOf(MAIN_ABOUT)).isLessThan(run.indexOf(MAIN_GOT));
    }

    @Test
    void sendCompletesOnlyAfterMainIsReceiving() {
        // An unbuffered send completes only once a receiver has taken the value.
        assertThat(run.indexOf(MAIN_ABOUT)).isLessThan(run.indexOf(G_SENT));
        assertThat(run.indexOf(G_ABOUT)).isLessThan(run.indexOf(G_SENT));
    }

    @Test
    void receiveWaitsForTheSendAfterTheTwoSecondSleep() {
        assertThat(Duration.ofNanos(run.elapsedNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @Tag("timing")
    void mainIsReceivingLongBeforeTheGoroutineWakes() {
        // Not a Go guarantee, but the goroutine sleeps 2 s before printing: the guide's order.
        assertThat(run.lines().subList(0, 2)).containsExactly(MAIN_ABOUT, G_ABOUT);
    }
}
