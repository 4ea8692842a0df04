package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.fsm.FsmState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TCP-MD5 (RFC 2385) between two speakers: the right key opens the session, a wrong one does not. */
class TcpMd5Test {

    @BeforeAll
    static void needsEpoll() {
        EpollRequired.check();
    }

    static BgpSpeaker[] pair(String keyA, String keyB) throws Exception {
        int portA = TwoSpeakersTest.freePort("127.0.0.1");
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true).withPassword(keyB)).build();
        BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1").withPassword(keyA)).build();
        b.start().get(10, TimeUnit.SECONDS);
        a.start().get(10, TimeUnit.SECONDS);
        return new BgpSpeaker[] {a, b};
    }

    @Test
    void theSharedKeyOpensTheSession() throws Exception {
        BgpSpeaker[] s = pair("s3cret-shared", "s3cret-shared");
        try (BgpSpeaker a = s[0]; BgpSpeaker b = s[1]) {
            TwoSpeakersTest.await("Established with TCP-MD5", () -> b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
        }
    }

    @Test
    void aWrongKeyKeepsTheSessionDownAndIsNeverShown() throws Exception {
        BgpSpeaker[] s = pair("wrong-key", "s3cret-shared");
        try (BgpSpeaker a = s[0]; BgpSpeaker b = s[1]) {
            Thread.sleep(3000); // segments without the right signature are dropped by the kernel
            assertThat(b.state("127.0.0.1").join()).isNotEqualTo(FsmState.ESTABLISHED);
            assertThat(a.state("127.0.0.2").join()).isNotEqualTo(FsmState.ESTABLISHED);
            String shown = a.peers().join().toString() + PeerConfig.of("127.0.0.2", 1).withPassword("wrong-key");
            assertThat(shown).doesNotContain("wrong-key").doesNotContain("s3cret");
        }
    }
}
