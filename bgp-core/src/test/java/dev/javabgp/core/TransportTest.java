package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.fsm.FsmState;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NIO transport, for where epoll is missing: it peers with an epoll speaker like any other, and
 * a peer that needs what only epoll sets (TCP-MD5, GTSM) is refused with the peer and the reason.
 */
class TransportTest {

    @Test
    void aNioSpeakerReachesEstablishedWithAnEpollSpeakerAndRoutesCross() throws Exception {
        EpollRequired.check();
        int portNio = TwoSpeakersTest.freePort("127.0.0.1");
        int portEpoll = TwoSpeakersTest.freePort("127.0.0.2");
        try (BgpSpeaker epoll = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portEpoll).transport(Transport.EPOLL)
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portNio).withPassive(true)).build();
                BgpSpeaker nio = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portNio).transport(Transport.NIO)
                        .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portEpoll).withLocalAddress("127.0.0.1")).build()) {
            assertThat(nio.transport()).isEqualTo(Transport.NIO);
            assertThat(epoll.transport()).isEqualTo(Transport.EPOLL);
            epoll.start().get(10, TimeUnit.SECONDS);
            nio.start().get(10, TimeUnit.SECONDS);
            TwoSpeakersTest.await("Established between NIO and epoll",
                    () -> nio.state("127.0.0.2").join() == FsmState.ESTABLISHED
                            && epoll.state("127.0.0.1").join() == FsmState.ESTABLISHED);

            nio.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
            epoll.announce(IpPrefix.parse("203.0.113.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.2"))).get();
            TwoSpeakersTest.await("each other's route", () -> TwoSpeakersTest.routes(epoll, AddressFamily.IPV4_UNICAST).size() == 2
                    && TwoSpeakersTest.routes(nio, AddressFamily.IPV4_UNICAST).size() == 2);
            assertThat(TwoSpeakersTest.routes(epoll, AddressFamily.IPV4_UNICAST)).anySatisfy(r -> {
                assertThat(r.prefix()).isEqualTo(IpPrefix.parse("198.51.100.0/24"));
                assertThat(r.attributes().asPath()).isEqualTo(AsPath.sequence(64512));
            });

            // The accepting side over NIO too: the epoll speaker connects to the NIO listener.
            nio.addPeer(PeerConfig.of("127.0.0.3", 64514).withPassive(true)).get();
            try (BgpSpeaker third = BgpSpeaker.builder(64514, "10.0.0.3").transport(Transport.EPOLL)
                    .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portNio).withLocalAddress("127.0.0.3")).build()) {
                third.start().get(10, TimeUnit.SECONDS);
                TwoSpeakersTest.await("the route at a peer that connected to the NIO listener",
                        () -> TwoSpeakersTest.routes(third, AddressFamily.IPV4_UNICAST).size() == 2);
            }
        }
    }

    @Test
    void tcpMd5OrGtsmOverNioIsRefusedAtBuildNamingThePeerAndTheReason() {
        assertThatThrownBy(() -> BgpSpeaker.builder(64512, "10.0.0.1").transport(Transport.NIO)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPassword("s3cret")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("peer 127.0.0.2 asks for TCP-MD5 (RFC 2385), which needs the epoll transport")
                .hasMessageContaining("Transport.NIO")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> BgpSpeaker.builder(64512, "10.0.0.1").transport(Transport.NIO)
                .peer(PeerConfig.of("2001:db8::2", 64513).withGtsm(1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("peer 2001:db8::2 asks for GTSM (RFC 5082), which needs the epoll transport");
        assertThatThrownBy(() -> BgpSpeaker.builder(64512, "10.0.0.1").transport(Transport.NIO)
                .dynamicPeers(new DynamicPeers(IpPrefix.parse("127.0.0.128/25"), PeerConfig.of("127.0.0.128", 64513).withGtsm(1)))
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dynamic peers from 127.0.0.128/25")
                .hasMessageContaining("GTSM (RFC 5082), which needs the epoll transport");
    }

    @Test
    void tcpMd5OrGtsmAddedToARunningNioSpeakerFailsTheFutureAndChangesNothing() throws Exception {
        try (BgpSpeaker nio = BgpSpeaker.builder(64512, "10.0.0.1").transport(Transport.NIO)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPassive(true)).build()) {
            nio.start().get(10, TimeUnit.SECONDS);
            assertThat(nio.addPeer(PeerConfig.of("127.0.0.3", 64513).withPassword("s3cret")))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("peer 127.0.0.3 asks for TCP-MD5 (RFC 2385), which needs the epoll transport");
            assertThat(nio.updatePeer(PeerConfig.of("127.0.0.2", 64513).withPassive(true).withGtsm(1)))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("peer 127.0.0.2 asks for GTSM (RFC 5082), which needs the epoll transport");
            assertThat(nio.peers().join()).singleElement().satisfies(p -> {
                assertThat(p.address().getHostAddress()).isEqualTo("127.0.0.2");
                assertThat(p.flaps()).isZero();
            });
        }
    }
}
