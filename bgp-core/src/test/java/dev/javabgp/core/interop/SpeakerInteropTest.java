package dev.javabgp.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.policy.Policy;
import dev.javabgp.rib.policy.PolicyRule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * javabgp against BIRD 2, GoBGP and FRR on loopback: sessions, routes both ways with their
 * attributes as each daemon's own CLI reports them, withdrawals, route reflection and IPv6.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpeakerInteropTest {

    static final long OUR_AS = 4_200_000_001L; // 4-octet (RFC 6793)
    /** GoBGP and FRR drop loopback next hops from eBGP peers: we send a documentation one. */
    static final Policy DOCUMENTATION_NEXT_HOP = Policy.rules(PolicyRule.rule().setNextHop("203.0.113.9").accept());

    record Kind(String name, Function<DaemonConfig, BgpDaemon> create) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> daemons() {
        return Stream.of(new Kind("BIRD", BirdDaemon::new), new Kind("GoBGP", GobgpDaemon::new), new Kind("FRR", FrrDaemon::new));
    }

    static Optional<Route> ours(BgpSpeaker speaker, AddressFamily family, String prefix) {
        IpPrefix p = IpPrefix.parse(prefix);
        return speaker.routes(family).join().stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void ebgpSessionWithRoutesBothWays(Kind kind) throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int theirPort = Loopback.freePort("127.0.0.31");
        DaemonConfig config = DaemonConfig.of(65001, "10.0.0.31", "127.0.0.31", theirPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS).passive(true))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.1").communities("65001:100").largeCommunities("65001:1:2").med(50));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.31", 65001).withPort(theirPort).withLocalAddress("127.0.0.1")
                        .withExportPolicy(DOCUMENTATION_NEXT_HOP))
                .build();
        try (BgpDaemon daemon = kind.create().apply(config).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            await("Established", () -> speaker.state("127.0.0.31").join() == FsmState.ESTABLISHED);
            daemon.awaitEstablished("127.0.0.1");

            // Their route, as our Loc-RIB holds it.
            await("their route", () -> ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.0/24").isPresent());
            PathAttributes theirs = ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.0/24").orElseThrow().attributes();
            assertThat(theirs.asPath()).isEqualTo(AsPath.sequence(65001));
            assertThat(theirs.nextHop()).isEqualTo(NextHop.of("203.0.113.1"));
            assertThat(theirs.communities()).isEqualTo(Communities.of(Communities.parse("65001:100")));
            assertThat(theirs.largeCommunities()).isEqualTo(LargeCommunities.of(65001, 1, 2));
            assertThat(theirs.multiExitDisc()).isEqualTo(new MultiExitDisc(50));

            // Our route, as the daemon's CLI shows it.
            speaker.announce(IpPrefix.parse("198.18.7.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"),
                    new MultiExitDisc(77), Communities.of(Communities.parse("64999:7")), LargeCommunities.of(OUR_AS, 3, 4))).get();
            dev.javabgp.core.interop.Route route = daemon.awaitRoute("198.18.7.0/24");
            assertThat(route.asPath()).isEqualTo(Long.toString(OUR_AS));
            assertThat(route.nextHop()).isEqualTo("203.0.113.9");
            assertThat(route.communities()).containsExactly("64999:7");
            assertThat(route.largeCommunities()).containsExactly(OUR_AS + ":3:4");
            assertThat(route.med()).isEqualTo(77L);

            // Withdrawals disappear on both sides.
            assertThat(speaker.withdraw(IpPrefix.parse("198.18.7.0/24")).get()).isTrue();
            assertThat(daemon.routeGone("198.18.7.0/24", Duration.ofSeconds(30))).isTrue();
        }
    }

    record Case(Kind kind, boolean ipv6) {
        @Override
        public String toString() {
            return kind + (ipv6 ? " over IPv6" : " over IPv4");
        }
    }

    static Stream<Case> daemonsAndFamilies() {
        return daemons().flatMap(k -> Stream.of(new Case(k, false), new Case(k, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemonsAndFamilies")
    void ibgpSessionWithRoutesBothWaysAndWithdrawalsMidSession(Case c) throws Exception {
        String ours = c.ipv6() ? "::1" : "127.0.0.1";
        String theirs = c.ipv6() ? "::1" : "127.0.0.33";
        AddressFamily family = c.ipv6() ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
        String theirPrefix = c.ipv6() ? "2001:db8:33::/48" : "198.51.100.0/24";
        String ourPrefix = c.ipv6() ? "2001:db8:7::/48" : "198.18.7.0/24";
        String ourNextHop = c.ipv6() ? "2001:db8::9" : "203.0.113.9";
        int ourPort = Loopback.freePort(ours);
        int theirPort = Loopback.freePort(theirs);
        DaemonConfig config = DaemonConfig.of(OUR_AS, "10.0.0.33", theirs, theirPort) // iBGP, 4-octet AS both sides
                .neighbour(Neighbour.of(ours, ourPort, OUR_AS).passive(true))
                .route(StaticRoute.of(theirPrefix, c.ipv6() ? "2001:db8::33" : "203.0.113.33").communities("65001:33"));
        PathAttributes ourAttributes = PathAttributes.of(Origin.IGP, AsPath.EMPTY, new MultiExitDisc(77),
                Communities.of(Communities.parse("64999:7")), LargeCommunities.of(OUR_AS, 3, 4));
        ourAttributes = c.ipv6()
                ? ourAttributes.with(new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6(ourNextHop),
                        PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))
                : ourAttributes.with(NextHop.of(ourNextHop));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen(ours, ourPort)
                .peer(PeerConfig.of(theirs, OUR_AS).withPort(theirPort).withLocalAddress(ours)).build();
        try (BgpDaemon daemon = c.kind().create().apply(config).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            daemon.awaitEstablished(ours);
            await("Established", () -> speaker.state(theirs).join() == FsmState.ESTABLISHED);

            await("their route", () -> ours(speaker, family, theirPrefix).isPresent());
            PathAttributes learned = ours(speaker, family, theirPrefix).orElseThrow().attributes();
            assertThat(learned.asPath()).isEqualTo(AsPath.EMPTY); // RFC 4271 §5.1.2: iBGP prepends nothing
            assertThat(learned.localPref()).isNotNull(); // RFC 4271 §5.1.5
            assertThat(learned.communities()).isEqualTo(Communities.of(Communities.parse("65001:33")));

            speaker.announce(IpPrefix.parse(ourPrefix), ourAttributes).get();
            dev.javabgp.core.interop.Route route = daemon.awaitRoute(ourPrefix);
            assertThat(route.asPath()).isEmpty();
            assertThat(route.nextHop()).isEqualTo(ourNextHop);
            assertThat(route.localPref()).isEqualTo(100L);
            assertThat(route.med()).isEqualTo(77L);
            assertThat(route.communities()).containsExactly("64999:7");
            assertThat(route.largeCommunities()).containsExactly(OUR_AS + ":3:4");

            // Withdrawals while both sessions stay up, each way.
            daemon.withdraw(theirPrefix);
            await("their route withdrawn", () -> ours(speaker, family, theirPrefix).isEmpty());
            assertThat(speaker.withdraw(IpPrefix.parse(ourPrefix)).get()).isTrue();
            assertThat(daemon.routeGone(ourPrefix, Duration.ofSeconds(30))).isTrue();
            assertThat(speaker.state(theirs).join()).isEqualTo(FsmState.ESTABLISHED);
            assertThat(daemon.isEstablished(ours)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void theDaemonKeepsARestartedSpeakersRoutesStaleUntilItsEndOfRib(Kind kind) throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int theirPort = Loopback.freePort("127.0.0.35");
        String prefix = "198.18.35.0/24";
        DaemonConfig config = DaemonConfig.of(65001, "10.0.0.35", "127.0.0.35", theirPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS).passive(true).gracefulRestart(120))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.35"));
        PeerConfig toDaemon = PeerConfig.of("127.0.0.35", 65001).withPort(theirPort).withLocalAddress("127.0.0.1")
                .withExportPolicy(DOCUMENTATION_NEXT_HOP).withGracefulRestart(Duration.ofSeconds(120));
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"),
                Communities.of(Communities.parse("64999:35")));
        try (BgpDaemon daemon = kind.create().apply(config).start()) {
            BgpSpeaker first = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                    .connectRetryTime(Duration.ofSeconds(60)).peer(toDaemon).build();
            first.start().get(10, TimeUnit.SECONDS);
            first.announce(IpPrefix.parse(prefix), attributes).get();
            daemon.awaitRoute(prefix);

            first.stopForRestart().get(10, TimeUnit.SECONDS); // no NOTIFICATION: the daemon keeps our routes
            await("the daemon to notice", () -> !daemon.isEstablished("127.0.0.1"));
            await("our route kept as stale", () -> daemon.holdsStaleRoutes("127.0.0.1")); // RFC 4724 §4.2
            assertThat(daemon.routes(r -> r.prefix().equals(prefix), Duration.ofSeconds(5))).isNotEmpty();

            // RFC 4724 §4.1: the restarted speaker waits for the daemon's End-of-RIB, then sends its table.
            try (BgpSpeaker second = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                    .restarting(Duration.ofSeconds(120)).peer(toDaemon).build()) {
                second.announce(IpPrefix.parse(prefix), attributes).get();
                second.start().get(10, TimeUnit.SECONDS);
                daemon.awaitEstablished("127.0.0.1");
                await("the daemon's route at the restarted speaker",
                        () -> ours(second, AddressFamily.IPV4_UNICAST, "198.51.100.0/24").isPresent());
                await("our route fresh again", () -> !daemon.holdsStaleRoutes("127.0.0.1"));
                assertThat(daemon.awaitRoute(prefix).communities()).containsExactly("64999:35");
            }
        }
    }

    @Test
    void routeReflectionBetweenBirdAndGobgpClients() throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int birdPort = Loopback.freePort("127.0.0.41");
        int gobgpPort = Loopback.freePort("127.0.0.42");
        DaemonConfig bird = DaemonConfig.of(65000, "10.0.0.41", "127.0.0.41", birdPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, 65000).passive(true))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.41").communities("65000:41"));
        DaemonConfig gobgp = DaemonConfig.of(65000, "10.0.0.42", "127.0.0.42", gobgpPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, 65000).passive(true))
                .route(StaticRoute.of("198.51.101.0/24", "203.0.113.42"));
        BgpSpeaker reflector = BgpSpeaker.builder(65000, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.41", 65000).withPort(birdPort).withLocalAddress("127.0.0.1")
                        .withRole(ExportSettings.Role.ROUTE_REFLECTOR_CLIENT))
                .peer(PeerConfig.of("127.0.0.42", 65000).withPort(gobgpPort).withLocalAddress("127.0.0.1")
                        .withRole(ExportSettings.Role.ROUTE_REFLECTOR_CLIENT))
                .build();
        try (BgpDaemon a = new BirdDaemon(bird).start(); BgpDaemon b = new GobgpDaemon(gobgp).start(); reflector) {
            reflector.start().get(10, TimeUnit.SECONDS);
            a.awaitEstablished("127.0.0.1");
            b.awaitEstablished("127.0.0.1");
            // RFC 4456 §8: each client sees the other's route with ORIGINATOR_ID and our cluster.
            dev.javabgp.core.interop.Route atGobgp = b.awaitRoute("198.51.100.0/24");
            assertThat(atGobgp.originatorId()).isEqualTo("10.0.0.41");
            assertThat(atGobgp.clusterList()).containsExactly("10.0.0.1");
            assertThat(atGobgp.nextHop()).isEqualTo("203.0.113.41");
            assertThat(atGobgp.communities()).containsExactly("65000:41");
            dev.javabgp.core.interop.Route atBird = a.awaitRoute("198.51.101.0/24");
            assertThat(atBird.originatorId()).isEqualTo("10.0.0.42");
            assertThat(atBird.clusterList()).containsExactly("10.0.0.1");
        }
    }

    @Test
    void exabgpCraftedUpdatesGetTheRfc7606Treatment() throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int exaPort = Loopback.freePort("127.0.0.71");
        DaemonConfig exa = DaemonConfig.of(65004, "10.0.0.71", "127.0.0.71", exaPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.71", 65004).withPort(exaPort).withPassive(true)).build();
        try (ExaBgpDaemon e = new ExaBgpDaemon(exa).configRoute(
                "route 198.51.100.64/26 next-hop 203.0.113.4 as-path [ 65004 ( 64512 64513 ) ] attribute [ 0x63 0xc0 0xdeadbeef ]");
                speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            e.start();
            e.awaitEstablished("127.0.0.1");

            // An AS_SET and an unknown optional transitive attribute are kept as they came.
            await("the crafted route", () -> ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.64/26").isPresent());
            PathAttributes crafted = ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.64/26").orElseThrow().attributes();
            assertThat(crafted.asPath()).isEqualTo(AsPath.of(AsPathSegment.sequence(65004), AsPathSegment.set(64512, 64513)));
            assertThat(crafted.get(0x63)).isEqualTo(new UnknownAttribute(0xc0, 0x63, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}));

            // RFC 7606 §7.8: a COMMUNITIES of three octets is treated as a withdrawal; the session stays.
            e.send("announce route 198.51.100.128/26 next-hop 203.0.113.4 attribute [ 0x08 0xc0 0x010203 ]");
            // RFC 7606 §7.6: a one-octet ATOMIC_AGGREGATE is discarded and the route kept.
            e.send("announce route 198.51.100.192/26 next-hop 203.0.113.4 attribute [ 0x06 0x40 0x00 ]");
            await("the route with its attribute discarded", () -> ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.192/26").isPresent());
            assertThat(ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.192/26").orElseThrow().attributes().atomicAggregate()).isFalse();
            assertThat(ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.128/26")).isEmpty();
            assertThat(speaker.state("127.0.0.71").join()).isEqualTo(FsmState.ESTABLISHED);

            // RFC 4271 §6.3: an unrecognised well-known attribute resets the session with 3/2.
            e.send("announce route 198.51.100.0/26 next-hop 203.0.113.4 attribute [ 0x32 0x40 0x00 ]");
            await("the session reset", () -> speaker.peers().join().get(0).lastError() != null);
            assertThat(speaker.peers().join().get(0).lastError()).contains("Unrecognized Well-known Attribute");
            assertThat(e.notifications(Duration.ofSeconds(20))).anySatisfy(n -> {
                assertThat(n.code()).isEqualTo(3);
                assertThat(n.subcode()).isEqualTo(2);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void holdTimeIsNegotiatedAndTheShutdownMessageReachesTheDaemonsLog(Kind kind) throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int birdPort = Loopback.freePort("127.0.0.81");
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.81", "127.0.0.81", birdPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS).passive(true).holdTime(27));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.81", 65001).withPort(birdPort).withLocalAddress("127.0.0.1")
                        .withHoldTime(Duration.ofSeconds(90)))
                .build();
        try (BgpDaemon daemon = kind.create().apply(bird).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            daemon.awaitEstablished("127.0.0.1");
            await("Established", () -> speaker.state("127.0.0.81").join() == FsmState.ESTABLISHED);
            // RFC 4271 §4.2: the smaller of the two offers.
            assertThat(speaker.peers().join().get(0).holdTime()).isEqualTo(Duration.ofSeconds(27));
            speaker.stop("maintenance window 7").get(10, TimeUnit.SECONDS);
            await("the daemon logs the shutdown communication", () -> daemon.logs().contains("maintenance window 7"));
        }
    }

    @Test
    void tcpMd5SessionWithBird() throws Exception {
        dev.javabgp.core.EpollRequired.check(); // TCP-MD5 is set through the epoll transport
        int ourPort = Loopback.freePort("127.0.0.1");
        int birdPort = Loopback.freePort("127.0.0.61");
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.61", "127.0.0.61", birdPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS).passive(true).md5Password("rfc2385-shared"))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.61"));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.61", 65001).withPort(birdPort).withLocalAddress("127.0.0.1")
                        .withPassword("rfc2385-shared"))
                .build();
        try (BgpDaemon daemon = new BirdDaemon(bird).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            daemon.awaitEstablished("127.0.0.1"); // RFC 2385: every segment signed with the shared key
            await("their route over the signed session",
                    () -> ours(speaker, AddressFamily.IPV4_UNICAST, "198.51.100.0/24").isPresent());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void ipv6SessionsAndRouteRefresh(Kind kind) throws Exception {
        int ourPort = Loopback.freePort("::1");
        int theirPort = Loopback.freePort("::1");
        DaemonConfig config = DaemonConfig.of(65001, "10.0.0.91", "::1", theirPort)
                .neighbour(Neighbour.of("::1", ourPort, OUR_AS).passive(true))
                .route(StaticRoute.of("2001:db8:100::/48", "2001:db8::1").communities("65001:6"));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("::1", ourPort)
                .peer(PeerConfig.of("::1", 65001).withPort(theirPort)
                        .withExportPolicy(Policy.rules(PolicyRule.rule().setNextHop("2001:db8::9").accept())))
                .build();
        try (BgpDaemon daemon = kind.create().apply(config).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            daemon.awaitEstablished("::1");
            await("their IPv6 route", () -> ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48").isPresent());
            PathAttributes theirs = ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48").orElseThrow().attributes();
            assertThat(theirs.mpReach().nextHop()).isEqualTo(Addresses.ipv6("2001:db8::1"));
            assertThat(theirs.communities()).isEqualTo(Communities.of(Communities.parse("65001:6")));

            speaker.announce(IpPrefix.parse("2001:db8:7::/48"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                    new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("::1"), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))).get();
            dev.javabgp.core.interop.Route route = daemon.awaitRoute("2001:db8:7::/48");
            assertThat(route.asPath()).isEqualTo(Long.toString(OUR_AS));
            assertThat(route.nextHop()).isEqualTo("2001:db8::9");

            // RFC 2918: the daemon answers our ROUTE-REFRESH with its routes again.
            long before = speaker.peers().join().get(0).updatesReceived();
            assertThat(speaker.requestRefresh("::1", AddressFamily.IPV6_UNICAST).get()).isTrue();
            await("the refreshed routes", () -> speaker.peers().join().get(0).updatesReceived() > before);
            assertThat(ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48")).isPresent();

            // Their session ends: their routes leave our Loc-RIB (RFC 4271 §8.2.2).
            daemon.close();
            await("their routes gone", () -> ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48").isEmpty());
        }
    }

    /** GoBGP's soft reset in re-reads its own Adj-RIB-In and sends nothing; BIRD and FRR ask the peer. */
    static Stream<Kind> daemonsThatAskForRefresh() {
        return daemons().filter(k -> !k.name().equals("GoBGP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemonsThatAskForRefresh")
    void theDaemonsRouteRefreshGetsOurRoutesAgain(Kind kind) throws Exception {
        int ourPort = Loopback.freePort("127.0.0.1");
        int theirPort = Loopback.freePort("127.0.0.37");
        DaemonConfig config = DaemonConfig.of(65001, "10.0.0.37", "127.0.0.37", theirPort)
                .neighbour(Neighbour.of("127.0.0.1", ourPort, OUR_AS).passive(true));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("127.0.0.1", ourPort)
                .peer(PeerConfig.of("127.0.0.37", 65001).withPort(theirPort).withLocalAddress("127.0.0.1")
                        .withExportPolicy(DOCUMENTATION_NEXT_HOP))
                .build();
        try (BgpDaemon daemon = kind.create().apply(config).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            speaker.announce(IpPrefix.parse("198.18.37.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"),
                    Communities.of(Communities.parse("64999:37")))).get();
            daemon.awaitEstablished("127.0.0.1");
            daemon.awaitRoute("198.18.37.0/24");
            await("our End-of-RIB sent", () -> speaker.peers().join().get(0).updatesSent() >= 2);
            PeerStatus before = speaker.peers().join().get(0);
            assertThat(before.refreshesReceived().requests()).isZero();

            // RFC 2918 §4: the daemon asks, we send our Adj-RIB-Out again (between BoRR and EoRR, RFC 7313).
            daemon.requestRefresh("127.0.0.1");
            await("the daemon's ROUTE-REFRESH", () -> speaker.peers().join().get(0).refreshesReceived().requests() >= 1);
            await("our routes sent again", () -> speaker.peers().join().get(0).updatesSent() > before.updatesSent());
            assertThat(daemon.awaitRoute("198.18.37.0/24").communities()).containsExactly("64999:37");
            assertThat(speaker.state("127.0.0.37").join()).isEqualTo(FsmState.ESTABLISHED);
            assertThat(speaker.peers().join().get(0).flaps()).isZero(); // a refresh, not a reset
        }
    }

    @Test
    void ipv6SessionWithBird() throws Exception {
        int ourPort = Loopback.freePort("::1");
        int birdPort = Loopback.freePort("::1");
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.51", "::1", birdPort)
                .neighbour(Neighbour.of("::1", ourPort, OUR_AS).passive(true))
                .route(StaticRoute.of("2001:db8:100::/48", "2001:db8::1").communities("65001:6"));
        BgpSpeaker speaker = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen("::1", ourPort)
                .peer(PeerConfig.of("::1", 65001).withPort(birdPort)
                        .withExportPolicy(Policy.rules(PolicyRule.rule().setNextHop("2001:db8::9").accept())))
                .build();
        try (BgpDaemon daemon = new BirdDaemon(bird).start(); speaker) {
            speaker.start().get(10, TimeUnit.SECONDS);
            daemon.awaitEstablished("::1");
            await("their IPv6 route", () -> ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48").isPresent());
            PathAttributes theirs = ours(speaker, AddressFamily.IPV6_UNICAST, "2001:db8:100::/48").orElseThrow().attributes();
            assertThat(theirs.mpReach().nextHop()).isEqualTo(Addresses.ipv6("2001:db8::1"));
            speaker.announce(IpPrefix.parse("2001:db8:7::/48"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                    new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("::1"), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))).get();
            dev.javabgp.core.interop.Route route = daemon.awaitRoute("2001:db8:7::/48");
            assertThat(route.asPath()).isEqualTo(Long.toString(OUR_AS));
            assertThat(route.nextHop()).isEqualTo("2001:db8::9");
        }
    }
}
