package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.fsm.FsmState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that stops reading does not make the speaker buffer the table for it. */
class FlowControlTest {

    /** About 8 MB of UPDATEs: more than the kernel buffers (tcp_wmem allows up to 4 MB) hold. */
    static final int PREFIXES = 2_000_000;

    @Test
    void aPeerThatStopsReadingGetsTheRestWhenItReadsAgain() throws Exception {
        int port = TwoSpeakersTest.freePort("127.0.0.1");
        try (BgpSpeaker speaker = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", port)
                .peer(PeerConfig.of("127.0.0.3", 64513).withPassive(true)).expectedPrefixes(PREFIXES).build()) {
            speaker.start().get(10, TimeUnit.SECONDS);
            PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"));
            for (int i = 0; i < PREFIXES; i++) {
                speaker.announce(IpPrefix.ipv4(0x0B000000 + (i << 8), 24), attributes);
            }
            speaker.peers().get(30, TimeUnit.SECONDS); // every announcement is in
            try (RawPeer peer = new RawPeer("127.0.0.3", "127.0.0.1", port)) {
                peer.establish(64513, "10.0.0.3");
                TwoSpeakersTest.await("Established", () -> speaker.state("127.0.0.3").join() == FsmState.ESTABLISHED);
                Thread.sleep(1500); // the peer reads nothing; the speaker writes until the socket is full
                PeerStatus stalled = speaker.peers().join().get(0);
                // Netty's default high-water mark is 64 KiB: beyond it the speaker stops writing and
                // keeps only which prefixes are owed, not the messages for them.
                assertThat(stalled.queuedBytes()).isLessThan(1 << 20);
                // Part of the table is still owed, as a bit per prefix rather than as queued messages.
                assertThat(stalled.prefixesAdvertised()).isLessThan(PREFIXES);

                int received = 0;
                while (received < PREFIXES) {
                    BgpMessage m = peer.read();
                    if (m instanceof UpdateMessage u) {
                        received += u.announcedCount();
                    }
                }
                assertThat(received).isEqualTo(PREFIXES);
                assertThat(speaker.state("127.0.0.3").join()).isEqualTo(FsmState.ESTABLISHED);
            }
        }
    }
}
