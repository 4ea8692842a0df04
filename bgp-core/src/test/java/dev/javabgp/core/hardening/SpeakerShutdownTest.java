package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.DynamicPeers;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.core.interop.Loopback;
import dev.javabgp.fsm.FsmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping a speaker ends every session, dynamic peers' too, and leaves no thread behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpeakerShutdownTest {

    @Test
    void stoppingWithDynamicPeersSendsEachItsCeaseAndEndsTheEventLoop() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port = Loopback.freePort("127.0.0.1");
        BgpSpeaker speaker = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", port)
                .dynamicPeers(DynamicPeers.of("127.0.2.0/24", 65010))
                .peer(PeerConfig.of("127.0.0.2", 65001).withPassive(true)).build();
        speaker.start().get(10, TimeUnit.SECONDS);
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (String address : List.of("127.0.2.1", "127.0.2.2", "127.0.2.3", "127.0.0.2")) {
                RawPeer p = new RawPeer(address, "127.0.0.1", port);
                peers.add(p);
                p.establish(OpenMessage.of(address.startsWith("127.0.2.") ? 65010 : 65001, 0, Addresses.ipv4("10.0.0.9"), List.of()));
            }
            SpeakerProbe.await("four sessions", Duration.ofSeconds(10), () -> speaker.peers().join().stream()
                    .filter(s -> s.state() == FsmState.ESTABLISHED).count() == 4);

            assertThat(speaker.stop("maintenance")).succeedsWithin(Duration.ofSeconds(5));
            for (RawPeer p : peers) { // RFC 4486: Cease / Administrative Shutdown, with the reason (RFC 9003)
                NotificationMessage n = p.awaitNotification(Duration.ofSeconds(5));
                assertThat(n.code()).isEqualTo(NotificationCode.CEASE);
                assertThat(n.shutdownCommunication()).contains("maintenance");
                assertThat(p.awaitEnd(Duration.ofSeconds(5))).isTrue();
            }
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
        SpeakerProbe.await("the speaker's threads to end", Duration.ofSeconds(5), () -> {
            Set<Thread> now = Thread.getAllStackTraces().keySet();
            return now.stream().noneMatch(t -> !before.contains(t) && t.getName().startsWith("epollEventLoopGroup"));
        });
    }
}
