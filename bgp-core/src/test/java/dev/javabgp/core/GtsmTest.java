package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.fsm.FsmState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GTSM (RFC 5082): segments with a TTL below the minimum never reach the session. */
class GtsmTest {

    @BeforeAll
    static void needsEpoll() {
        EpollRequired.check();
    }

    @Test
    void twoSpeakersWithGtsmReachEstablished() throws Exception {
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        try (BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB)
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true).withGtsm(1)).build();
                BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1")
                        .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1").withGtsm(1)).build()) {
            b.start().get(10, TimeUnit.SECONDS);
            a.start().get(10, TimeUnit.SECONDS);
            TwoSpeakersTest.await("Established with TTL 255 both ways", () -> b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
        }
    }

    @Test
    void aConnectionFromTooFarNeverCompletesItsHandshake() throws Exception {
        // The JDK's sockets send with TTL 64; a listener whose peers all use GTSM drops the SYN.
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        try (BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true).withGtsm(1)).build()) {
            b.start().get(10, TimeUnit.SECONDS);
            try (java.net.Socket far = new java.net.Socket()) {
                far.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> far.connect(new java.net.InetSocketAddress("127.0.0.2", portB), 1500)))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
            assertThat(b.peers().join().get(0).messagesReceived()).isZero();
        }
    }

    @Test
    void aPeerAnsweringWithAnOrdinaryTtlIsNeverReached() throws Exception {
        // The JDK's sockets send with TTL 64: the SYN-ACK is below 255, so the kernel drops it and
        // the connection the speaker makes never completes.
        try (java.net.ServerSocket ordinary = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"));
                BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1")
                        .peer(PeerConfig.of("127.0.0.3", 64513).withPort(ordinary.getLocalPort()).withLocalAddress("127.0.0.1")
                                .withGtsm(1)).build()) {
            a.start().get(10, TimeUnit.SECONDS);
            Thread.sleep(2000);
            assertThat(a.state("127.0.0.3").join()).isIn(FsmState.CONNECT, FsmState.ACTIVE, FsmState.IDLE);
            assertThat(a.peers().join().get(0).messagesSent()).isZero(); // not even an OPEN went out
        }
    }
}
