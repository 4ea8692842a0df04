package dev.javabgp.dataplane.netlink;

import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.MAIN;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.fsm.FsmState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a speaker whose dataplane is the netlink one learns routes from a peer over
 * loopback, and they appear in the namespace's routing table; withdrawn, they leave it; across a
 * restart they stay, and reconciling with what the new run learned removes only the stale one.
 */
class SpeakerToKernelTest {

    private static final String PEER_ADDRESS = "127.0.0.31";
    private static final String NODE_ADDRESS = "127.0.0.32";

    private TestNamespace ns;
    private BgpSpeaker node;
    private BgpSpeaker peer;
    private NetlinkDataplane dataplane;

    @BeforeEach
    void start() throws Exception {
        ns = TestNamespace.create();
        dataplane = NetlinkDataplane.open(NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name));
        startSpeakers();
    }

    /** The node (with the dataplane) and its iBGP peer, so the peer's next hops reach the node unchanged. */
    private void startSpeakers() throws Exception {
        startSpeakers(List.of());
    }

    /** As {@link #startSpeakers()}, the peer announcing {@code first} before its End-of-RIB. */
    private void startSpeakers(List<IpPrefix> first) throws Exception {
        int nodePort = freePort(NODE_ADDRESS);
        int peerPort = freePort(PEER_ADDRESS);
        node = BgpSpeaker.builder(64512, "10.0.0.32").listen(NODE_ADDRESS, nodePort).dataplane(dataplane)
                .peer(PeerConfig.of(PEER_ADDRESS, 64512).withPort(peerPort).withPassive(true))
                .build();
        node.start().get(10, TimeUnit.SECONDS);
        peer = BgpSpeaker.builder(64512, "10.0.0.31").listen(PEER_ADDRESS, peerPort)
                .peer(PeerConfig.of(NODE_ADDRESS, 64512).withPort(nodePort).withLocalAddress(PEER_ADDRESS))
                .build();
        for (IpPrefix p : first) {
            peer.announce(p, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of(TestNamespace.NEXT_HOP_V4))).get();
        }
        peer.start().get(10, TimeUnit.SECONDS);
        await("the session", () -> node.state(PEER_ADDRESS).join() == FsmState.ESTABLISHED);
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        if (node != null) {
            node.close();
        }
        if (dataplane != null) {
            dataplane.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void learnedRoutesReachTheKernelAndWithdrawalsLeaveIt() throws Exception {
        IpPrefix service = IpPrefix.parse("198.51.100.0/24");
        IpPrefix other = IpPrefix.parse("203.0.113.128/25");
        IpPrefix v6 = IpPrefix.parse("2001:db8:7::/48");
        peer.announce(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of(TestNamespace.NEXT_HOP_V4))).get();
        peer.announce(other, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("10.99.0.3"))).get();
        peer.announce(v6, PathAttributes.of(Origin.IGP, AsPath.EMPTY, new MpReachNlri(AddressFamily.IPV6_UNICAST,
                Addresses.ipv6(TestNamespace.NEXT_HOP_V6), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))).get();

        await("three routes in the namespace's table", () -> ns.routes(PROTOCOL, MAIN, false).size() == 2
                && ns.routes(PROTOCOL, MAIN, true).size() == 1);
        assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactlyInAnyOrder(
                "198.51.100.0/24 via 10.99.0.2 dev uplink", "203.0.113.128/25 via 10.99.0.3 dev uplink");
        assertThat(ns.routes(PROTOCOL, MAIN, true).get(0)).startsWith("2001:db8:7::/48 via fd00:99::2 dev uplink");
        assertThat(node.routes(AddressFamily.IPV4_UNICAST).join()).hasSize(2);

        assertThat(peer.withdraw(service).get()).isTrue();
        assertThat(peer.withdraw(v6).get()).isTrue();
        await("the withdrawals in the namespace's table", () -> ns.routes(PROTOCOL, MAIN, false).size() == 1
                && ns.routes(PROTOCOL, MAIN, true).isEmpty());
        assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("203.0.113.128/25 via 10.99.0.3 dev uplink");
    }

    @Test
    void aRestartKeepsForwardingAndTheCompleteTableRemovesOnlyWhatIsGone() throws Exception {
        IpPrefix service = IpPrefix.parse("198.51.100.0/24");
        IpPrefix gone = IpPrefix.parse("203.0.113.128/25");
        peer.announce(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of(TestNamespace.NEXT_HOP_V4))).get();
        peer.announce(gone, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("10.99.0.3"))).get();
        await("two routes in the namespace's table", () -> ns.routes(PROTOCOL, MAIN, false).size() == 2);

        // The node stops for a restart: no NOTIFICATION, nothing withdrawn, the kernel keeps forwarding.
        node.stopForRestart().get(10, TimeUnit.SECONDS);
        dataplane.close();
        peer.close();
        assertThat(ns.routes(PROTOCOL, MAIN, false)).hasSize(2);

        // The next run adopts the kernel's routes; its peer now has only one of them. Once the
        // peer's End-of-RIB is in, the speaker hands the dataplane its complete table.
        dataplane = NetlinkDataplane.open(NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name));
        startSpeakers(List.of(service));
        await("the stale route removed", () -> ns.routes(PROTOCOL, MAIN, false).size() == 1);
        assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("198.51.100.0/24 via 10.99.0.2 dev uplink");
        List<ForwardingRoute> learned = node.routes(AddressFamily.IPV4_UNICAST).join().stream()
                .map(r -> new ForwardingRoute(r.prefix(), r.attributes().nextHopAddress())).toList();
        assertThat(dataplane.reconcile(learned, List.of()).changedNothing()).isTrue();
    }

    @Test
    void aRouteTheKernelRefusedGoesInOnceItCanWithoutAnyChangeFromThePeer() throws Exception {
        IpPrefix service = IpPrefix.parse("198.51.100.0/24");
        peer.announce(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("10.77.0.1"))).get();
        await("the route at the node", () -> node.routes(AddressFamily.IPV4_UNICAST).join().size() == 1);
        Thread.sleep(1500); // the batch and the speaker's first try again: ENETUNREACH, no route to 10.77.0.1
        assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();

        // The next hop's network comes up; the speaker tries again by itself and the route goes in.
        ns.ip("addr", "add", "10.77.0.2/24", "dev", "uplink");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ns.routes(PROTOCOL, MAIN, false).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("198.51.100.0/24 via 10.77.0.1 dev uplink");
        assertThat(node.peers().join().get(0).state()).isEqualTo(FsmState.ESTABLISHED);
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
