package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.InMemoryDataplane;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dataplane keeps what a previous run programmed while tables arrive, and gets the complete
 * state once every peer has sent End-of-RIB: then, and only then, the leftovers go.
 */
class DataplaneSyncTest {

    @Test
    void leftoversOfAPreviousRunGoOnceEveryPeerHasSentEndOfRib() throws Exception {
        InMemoryDataplane kernel = new InMemoryDataplane();
        IpPrefix kept = IpPrefix.parse("10.244.1.0/24");
        IpPrefix stale = IpPrefix.parse("10.244.9.0/24");
        InetAddress peer = InetAddress.getByName("127.0.0.2");
        kernel.apply(new DataplaneBatch(List.of(new ForwardingRoute(kept, peer), new ForwardingRoute(stale, peer)), List.of(),
                List.of(), List.of())); // as the previous run left them
        int port = TwoSpeakersTest.freePort("127.0.0.1");
        try (BgpSpeaker node = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", port).dataplane(kernel)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPassive(true)).build();
                BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.2")
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPort(port).withLocalAddress("127.0.0.2")).build()) {
            router.announce(kept, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.2"))).get();
            node.start().get(10, TimeUnit.SECONDS);
            assertThat(kernel.routes()).containsKey(stale); // nothing is dropped before the tables are in
            router.start().get(10, TimeUnit.SECONDS);
            TwoSpeakersTest.await("the synchronisation", () -> kernel.synchronizations() == 1);
            assertThat(kernel.routes()).containsOnlyKeys(kept);
            assertThat(kernel.routes().get(kept).nextHop()).isEqualTo(peer);
        }
    }
}
