package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two speakers over real TCP on loopback: a session, routes both ways, and an RFC 9003 shutdown. */
class TwoSpeakersTest {

    private BgpSpeaker a;
    private BgpSpeaker b;
    private final List<PeerStatus> heardByB = new CopyOnWriteArrayList<>();
    private int bPort;
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final dev.javabgp.core.dataplane.InMemoryDataplane dataplaneB = new dev.javabgp.core.dataplane.InMemoryDataplane();

    static int freePort(String address) {
        return dev.javabgp.core.interop.Loopback.freePort(address);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        SpeakerProbe.await(what, Duration.ofSeconds(15), condition);
    }

    static List<Route> routes(BgpSpeaker s, AddressFamily f) {
        return s.routes(f).join();
    }

    @BeforeEach
    void start() throws Exception {
        int portA = freePort("127.0.0.1");
        int portB = freePort("127.0.0.2");
        bPort = portB;
        b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB).dataplane(dataplaneB).meterRegistry(metrics)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true))
                .build();
        b.addListener(heardByB::add);
        b.start().get(10, TimeUnit.SECONDS);
        a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1")
                        .withHoldTime(Duration.ofSeconds(9)))
                .build();
        a.start().get(10, TimeUnit.SECONDS);
        await("both sessions Established", () -> a.state("127.0.0.2").join() == FsmState.ESTABLISHED
                && b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aListenerHearsTheStateBeforeAndEveryChangeAfter() {
        assertThat(heardByB.get(0).state()).isEqualTo(FsmState.IDLE); // the current state came first
        assertThat(heardByB).extracting(PeerStatus::state).contains(FsmState.OPEN_CONFIRM, FsmState.ESTABLISHED);
        PeerStatus status = b.peers().join().get(0);
        assertThat(status.establishedSince()).isNotNull();
        assertThat(status.remoteAs()).isEqualTo(64512);
    }

    @Test
    void routesCrossWithOurAsPrependedAndAreWithdrawn() throws Exception {
        IpPrefix service = IpPrefix.parse("203.0.113.7/32");
        a.announce(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"),
                Communities.of(Communities.parse("64512:300")), LargeCommunities.of(64512, 1, 2))).get();
        await("the route at b", () -> !routes(b, AddressFamily.IPV4_UNICAST).isEmpty());
        Route got = routes(b, AddressFamily.IPV4_UNICAST).get(0);
        assertThat(got.prefix()).isEqualTo(service);
        assertThat(got.attributes().asPath()).isEqualTo(AsPath.sequence(64512));
        assertThat(got.attributes().nextHop()).isEqualTo(NextHop.of("127.0.0.1"));
        assertThat(got.attributes().communities()).isEqualTo(Communities.of(Communities.parse("64512:300")));
        assertThat(got.attributes().largeCommunities()).isEqualTo(LargeCommunities.of(64512, 1, 2));

        IpPrefix v6 = IpPrefix.parse("2001:db8:7::/48");
        a.announce(v6, PathAttributes.of(Origin.IGP, AsPath.EMPTY, new MpReachNlri(AddressFamily.IPV6_UNICAST,
                Addresses.ipv6("2001:db8::1"), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))).get();
        await("the IPv6 route at b", () -> !routes(b, AddressFamily.IPV6_UNICAST).isEmpty());
        assertThat(routes(b, AddressFamily.IPV6_UNICAST).get(0).prefix()).isEqualTo(v6);

        // b's dataplane gets its best routes with their next hops, in batches.
        await("the dataplane", () -> dataplaneB.routes().size() == 2);
        assertThat(dataplaneB.routes().get(service).nextHop()).isEqualTo(Addresses.ipv4("127.0.0.1"));

        assertThat(a.withdraw(service).get()).isTrue();
        await("the withdrawal at b", () -> routes(b, AddressFamily.IPV4_UNICAST).isEmpty());
        await("the removal from the dataplane", () -> !dataplaneB.routes().containsKey(service));
        assertThat(a.peers().join().get(0).prefixesAdvertised()).isEqualTo(1);
        assertThat(b.peers().join().get(0).prefixesReceived()).isEqualTo(1);
        // The same counters through Micrometer, tagged with the peer.
        assertThat(metrics.get("bgp.peer.prefixes.received").tag("peer", "127.0.0.1").gauge().value()).isEqualTo(1.0);
        assertThat(metrics.get("bgp.peer.updates.received").tag("peer", "127.0.0.1").functionCounter().count()).isGreaterThanOrEqualTo(3);
        assertThat(metrics.get("bgp.peer.state").tag("peer", "127.0.0.1").gauge().value())
                .isEqualTo(FsmState.ESTABLISHED.ordinal());
    }

    @Test
    void aRouteRefreshRequestBringsTheRoutesAgain() throws Exception {
        a.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
        await("the route at b", () -> !routes(b, AddressFamily.IPV4_UNICAST).isEmpty());
        long before = b.peers().join().get(0).updatesReceived();
        assertThat(b.peers().join().get(0).refreshesReceived()).isEqualTo(new PeerStatus.RouteRefreshes(0, 0, 0));
        assertThat(b.requestRefresh("127.0.0.1", AddressFamily.IPV4_UNICAST).get()).isTrue();
        // RFC 2918 §4 with RFC 7313: a sends BoRR, its Adj-RIB-Out again, then EoRR.
        await("BoRR, the routes again and EoRR", () -> b.peers().join().get(0).refreshesReceived().ends() == 1);
        PeerStatus status = b.peers().join().get(0);
        assertThat(status.refreshesReceived()).isEqualTo(new PeerStatus.RouteRefreshes(0, 1, 1));
        assertThat(status.updatesReceived()).isGreaterThanOrEqualTo(before + 1);
        assertThat(a.peers().join().get(0).refreshesReceived().requests()).isEqualTo(1);
        assertThat(metrics.get("bgp.peer.route.refresh.received").tag("peer", "127.0.0.1").tag("subtype", "end")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(routes(b, AddressFamily.IPV4_UNICAST)).singleElement().satisfies(r -> assertThat(r.stale()).isFalse());
    }

    @Test
    void tunnelEndpointsReachTheDataplaneAsOneBatch() throws Exception {
        var node = new dev.javabgp.core.dataplane.TunnelEndpoint(Addresses.ipv4("192.0.2.21"), Addresses.ipv4("10.244.1.0"),
                dev.javabgp.core.dataplane.TunnelEndpoint.mac("66:a1:b2:c3:d4:e5"), List.of(IpPrefix.parse("10.244.1.0/26")));
        b.updateTunnels(List.of(node), List.of()).get();
        assertThat(dataplaneB.tunnels()).containsEntry(Addresses.ipv4("192.0.2.21"), node);
        b.updateTunnels(List.of(), List.of(Addresses.ipv4("192.0.2.21"))).get();
        assertThat(dataplaneB.tunnels()).isEmpty();
        assertThat(a.updateTunnels(List.of(node), List.of())).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("without a dataplane");
    }

    @Test
    void peersFromADynamicRangeAreAcceptedAndForgottenWhenTheyLeave() throws Exception {
        int port = freePort("127.0.0.5");
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (BgpSpeaker reflector = BgpSpeaker.builder(64513, "10.0.0.5").listen("127.0.0.5", port).meterRegistry(registry)
                .dynamicPeers(DynamicPeers.of("127.0.0.128/25", 64513)).build()) {
            reflector.start().get(10, TimeUnit.SECONDS);
            for (int round = 0; round < 3; round++) { // peers that come and go leave nothing behind
                BgpSpeaker client = BgpSpeaker.builder(64513, "10.0.0.130")
                        .peer(PeerConfig.of("127.0.0.5", 64513).withPort(port).withLocalAddress("127.0.0.130")).build();
                client.start().get(10, TimeUnit.SECONDS);
                client.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                        NextHop.of("127.0.0.130"))).get();
                await("the dynamic peer's route", () -> routes(reflector, AddressFamily.IPV4_UNICAST).size() == 1);
                assertThat(registry.find("bgp.peer.prefixes.received").tag("peer", "127.0.0.130").gauge().value()).isEqualTo(1);
                client.close();
                await("the dynamic peer forgotten", () -> reflector.peers().join().isEmpty());
                await("its route withdrawn", () -> routes(reflector, AddressFamily.IPV4_UNICAST).isEmpty());
                assertThat(reflector.onLoop(() -> reflector.rib().peerCount()).join()).isZero();
                assertThat(registry.find("bgp.peer.prefixes.received").gauges()).isEmpty();
            }
        }
    }

    @Test
    void aConfiguredKeepaliveTimeSetsHowOftenKeepalivesGo() throws Exception {
        int port = freePort("127.0.0.8");
        try (BgpSpeaker quiet = BgpSpeaker.builder(64513, "10.0.0.8").listen("127.0.0.8", port)
                .peer(PeerConfig.of("127.0.0.9", 64512).withPassive(true)).build();
                BgpSpeaker chatty = BgpSpeaker.builder(64512, "10.0.0.9")
                        .peer(PeerConfig.of("127.0.0.8", 64513).withPort(port).withLocalAddress("127.0.0.9")
                                .withKeepaliveTime(Duration.ofSeconds(1))).build()) {
            quiet.start().get(10, TimeUnit.SECONDS);
            chatty.start().get(10, TimeUnit.SECONDS);
            await("Established", () -> quiet.state("127.0.0.9").join() == FsmState.ESTABLISHED);
            long before = quiet.peers().join().get(0).messagesReceived();
            // With the default, a third of 90 s, nothing more would arrive for 30 s.
            await("KEEPALIVEs every second", () -> quiet.peers().join().get(0).messagesReceived() >= before + 3);
        }
    }

    @Test
    void aLocalAsOverrideIsTheAsThePeerSeesInTheOpenAndThePath() throws Exception {
        int port = freePort("127.0.0.6");
        try (BgpSpeaker merged = BgpSpeaker.builder(4_200_000_006L, "10.0.0.6").listen("127.0.0.6", port).build()) {
            merged.start().get(10, TimeUnit.SECONDS);
            BgpSpeaker renumbered = BgpSpeaker.builder(64512, "10.0.0.7")
                    .peer(PeerConfig.of("127.0.0.6", 4_200_000_006L).withPort(port).withLocalAddress("127.0.0.7")
                            .withLocalAs(64999)).build();
            merged.addPeer(PeerConfig.of("127.0.0.7", 64999).withPassive(true)).get(); // expects the old AS
            try (renumbered) {
                renumbered.start().get(10, TimeUnit.SECONDS);
                renumbered.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                        NextHop.of("127.0.0.7"))).get();
                await("the route", () -> routes(merged, AddressFamily.IPV4_UNICAST).size() == 1);
                assertThat(routes(merged, AddressFamily.IPV4_UNICAST).get(0).attributes().asPath()).isEqualTo(AsPath.sequence(64999));
            }
        }
    }

    @Test
    void aPolicyChangeAppliesWithoutAResetAndOtherChangesResetOnlyThatSession() throws Exception {
        a.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
        await("the route at b", () -> !routes(b, AddressFamily.IPV4_UNICAST).isEmpty());
        PeerConfig current = PeerConfig.of("127.0.0.2", 64513).withPort(bPort).withLocalAddress("127.0.0.1")
                .withHoldTime(Duration.ofSeconds(9));
        var tagging = dev.javabgp.rib.policy.Policy.rules(dev.javabgp.rib.policy.PolicyRule.rule().addCommunity("64512:99").accept());
        assertThat(a.updatePeer(current.withExportPolicy(tagging)).get()).isFalse();
        await("the route tagged at b", () -> {
            var c = routes(b, AddressFamily.IPV4_UNICAST).get(0).attributes().communities();
            return c != null && c.contains(Communities.parse("64512:99"));
        });
        assertThat(b.peers().join().get(0).flaps()).isZero(); // no reset for a policy change

        assertThat(a.updatePeer(current.withExportPolicy(tagging).withHoldTime(Duration.ofSeconds(30))).get()).isTrue();
        await("the session back", () -> b.peers().join().get(0).flaps() == 1
                && b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
        assertThat(b.peers().join().get(0).lastError()).contains("Other Configuration Change");
    }

    @Test
    void flapsAndUptimeReachTheMetersAndCountersCarryOnAcrossAConfigurationChange() throws Exception {
        java.util.function.DoubleSupplier uptime = () -> metrics.get("bgp.peer.uptime.seconds").tag("peer", "127.0.0.1").gauge().value();
        java.util.function.DoubleSupplier flaps = () -> metrics.get("bgp.peer.flaps").tag("peer", "127.0.0.1").functionCounter().count();
        await("a second Established", () -> uptime.getAsDouble() >= 1);
        assertThat(flaps.getAsDouble()).isZero();
        PeerStatus aBefore = a.peers().join().get(0);

        java.time.Instant reset = java.time.Instant.now();
        assertThat(a.updatePeer(PeerConfig.of("127.0.0.2", 64513).withPort(bPort).withLocalAddress("127.0.0.1")
                .withHoldTime(Duration.ofSeconds(30))).get()).isTrue();
        await("the session back", () -> b.peers().join().get(0).flaps() == 1 && b.state("127.0.0.1").join() == FsmState.ESTABLISHED
                && a.state("127.0.0.2").join() == FsmState.ESTABLISHED);
        assertThat(flaps.getAsDouble()).isEqualTo(1.0);
        // The uptime is the new session's: no longer than since the reset, where the old one had run a second before.
        assertThat(b.peers().join().get(0).establishedSince()).isAfter(reset);
        assertThat(uptime.getAsDouble()).isLessThanOrEqualTo(Duration.between(reset, java.time.Instant.now()).toSeconds());

        // a replaced its session for the new configuration; what it counts since the start goes on.
        PeerStatus aAfter = a.peers().join().get(0);
        assertThat(aAfter.flaps()).isEqualTo(1);
        assertThat(aAfter.lastError()).contains("Other Configuration Change");
        assertThat(aAfter.messagesReceived()).isGreaterThanOrEqualTo(aBefore.messagesReceived() + 2); // + OPEN, KEEPALIVE
        assertThat(aAfter.messagesSent()).isGreaterThanOrEqualTo(aBefore.messagesSent() + 3); // + NOTIFICATION, OPEN, KEEPALIVE
    }

    @Test
    void routeListenersHearTheTableFirstThenEachChange() throws Exception {
        a.announce(IpPrefix.parse("198.51.100.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
        await("the first route at b", () -> routes(b, AddressFamily.IPV4_UNICAST).size() == 1);
        List<List<Route>> best = new CopyOnWriteArrayList<>();
        List<IpPrefix> withdrawn = new CopyOnWriteArrayList<>();
        b.addRouteListener((changedBest, changedWithdrawn) -> {
            best.add(changedBest);
            withdrawn.addAll(changedWithdrawn);
        });
        await("the current table", () -> !best.isEmpty());
        assertThat(best.get(0)).extracting(r -> r.prefix().toString()).containsExactly("198.51.100.0/24");

        a.announce(IpPrefix.parse("198.51.101.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
        a.withdraw(IpPrefix.parse("198.51.100.0/24")).get();
        // Later batches may come apart or together, as they arrive; together they tell both changes.
        await("both changes", () -> withdrawn.contains(IpPrefix.parse("198.51.100.0/24"))
                && best.stream().skip(1).flatMap(List::stream).anyMatch(r -> r.prefix().equals(IpPrefix.parse("198.51.101.0/24"))));
    }

    @Test
    void aPeerBeyondItsPrefixLimitIsClosedWithTheRfc4486Cease() throws Exception {
        int portC = freePort("127.0.0.6");
        try (BgpSpeaker limited = BgpSpeaker.builder(64513, "10.0.0.6").listen("127.0.0.6", portC)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true).withPrefixLimit(AddressFamily.IPV4_UNICAST, 2, true))
                .build();
                BgpSpeaker sender = BgpSpeaker.builder(64512, "10.0.0.1")
                        .peer(PeerConfig.of("127.0.0.6", 64513).withPort(portC).withLocalAddress("127.0.0.1")).build()) {
            limited.start().get(10, TimeUnit.SECONDS);
            for (String p : List.of("198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24")) {
                sender.announce(IpPrefix.parse(p), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
            }
            sender.start().get(10, TimeUnit.SECONDS);
            await("the limit to close the session", () -> limited.peers().join().get(0).lastError() != null);
            assertThat(limited.peers().join().get(0).lastError()).contains("Maximum Number of Prefixes Reached");
            assertThat(sender.peers().join().get(0).lastError()).contains("received NOTIFICATION Cease / Maximum Number of Prefixes");
            assertThat(routes(limited, AddressFamily.IPV4_UNICAST)).isEmpty();
        }
    }

    @Test
    void stoppingSendsTheShutdownCommunication() throws Exception {
        BgpSpeaker stopped = a;
        a.stop("maintenance window 42").get(10, TimeUnit.SECONDS);
        a = null;
        assertThat(stopped.stop("again")).succeedsWithin(Duration.ofSeconds(5)); // stopping twice is harmless
        assertThat(stopped.peers()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("the speaker is stopped");
        await("b sees the session go down", () -> b.state("127.0.0.1").join() != FsmState.ESTABLISHED);
        PeerStatus status = b.peers().join().get(0);
        assertThat(status.lastError()).contains("Administrative Shutdown").contains("maintenance window 42");
        assertThat(status.flaps()).isEqualTo(1);
    }
}
