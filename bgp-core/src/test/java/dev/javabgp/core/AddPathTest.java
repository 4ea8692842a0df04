package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.rib.out.ExportSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ADD-PATH (RFC 7911) between speakers: a route server passes both paths to a client that takes them. */
class AddPathTest {

    @Test
    void aClientWithAddPathGetsEveryPathAndOneWithoutGetsTheBest() throws Exception {
        int port = TwoSpeakersTest.freePort("127.0.0.10");
        ExportSettings.Role client = ExportSettings.Role.ROUTE_SERVER_CLIENT;
        try (BgpSpeaker server = BgpSpeaker.builder(64500, "10.0.0.10").listen("127.0.0.10", port)
                        .peer(PeerConfig.of("127.0.0.11", 65011).withPassive(true).withRole(client))
                        .peer(PeerConfig.of("127.0.0.12", 65012).withPassive(true).withRole(client))
                        .peer(PeerConfig.of("127.0.0.13", 65013).withPassive(true).withRole(client)
                                .withAddPath(false, ExportSettings.ALL_PATHS))
                        .peer(PeerConfig.of("127.0.0.14", 65014).withPassive(true).withRole(client)
                                .withAddPath(false, ExportSettings.ALL_PATHS))
                        .build();
                BgpSpeaker c = client("127.0.0.11", 65011, port, false);
                BgpSpeaker d = client("127.0.0.12", 65012, port, false);
                BgpSpeaker withAddPath = client("127.0.0.13", 65013, port, true);
                BgpSpeaker without = client("127.0.0.14", 65014, port, false)) {
            server.start().get(10, TimeUnit.SECONDS);
            for (BgpSpeaker s : new BgpSpeaker[] {c, d, withAddPath, without}) {
                s.start().get(10, TimeUnit.SECONDS);
            }
            IpPrefix prefix = IpPrefix.parse("203.0.113.0/24");
            c.announce(prefix, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.11"))).get();
            d.announce(prefix, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.12"))).get();
            // Every client also passes its best path back (plain eBGP); a client drops the one with its own AS.
            TwoSpeakersTest.await("several paths at the ADD-PATH client",
                    () -> withAddPath.peers().join().get(0).prefixesReceived() >= 2);
            TwoSpeakersTest.await("the best path at the other", () -> without.peers().join().get(0).prefixesReceived() == 1);
            Thread.sleep(300);
            assertThat(without.peers().join().get(0).prefixesReceived()).isEqualTo(1);
        }
    }

    private static BgpSpeaker client(String address, long asn, int serverPort, boolean addPath) {
        return BgpSpeaker.builder(asn, "10.0.1." + address.substring(address.lastIndexOf('.') + 1))
                .peer(PeerConfig.of("127.0.0.10", 64500).withPort(serverPort).withLocalAddress(address)
                        .withAddPath(addPath, 1))
                .build();
    }
}
