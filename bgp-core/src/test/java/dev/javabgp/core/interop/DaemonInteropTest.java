package dev.javabgp.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness against itself: pairs of real daemons, no javabgp involved. If one of these fails, the
 * harness (or the installed daemon) is broken, not the speaker.
 */
@Timeout(90)
class DaemonInteropTest {

    private static final String BIRD = "127.0.0.11";
    private static final String GOBGP = "127.0.0.12";
    private static final String FRR = "127.0.0.13";
    private static final String EXABGP = "127.0.0.14";

    @Test
    void birdAndGobgpExchangeIpv4RoutesWithAttributes() {
        int birdPort = Loopback.freePort(BIRD);
        int gobgpPort = Loopback.freePort(GOBGP);
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(GOBGP, gobgpPort, 65002))
                .route(StaticRoute.of("198.51.100.0/25", "203.0.113.1")
                        .communities("65001:100", "65001:101").largeCommunities("65001:1:2").med(50));
        DaemonConfig gobgp = DaemonConfig.of(65002, "10.0.0.2", GOBGP, gobgpPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65001).holdTime(30))
                .route(StaticRoute.of("198.51.100.128/25", "203.0.113.2")
                        .communities("65002:200").largeCommunities("65002:3:4").med(20));
        try (BgpDaemon b = new BirdDaemon(bird).start(); BgpDaemon g = new GobgpDaemon(gobgp).start()) {
            b.awaitEstablished(GOBGP);
            g.awaitEstablished(BIRD);

            Route atGobgp = g.awaitRoute("198.51.100.0/25");
            assertThat(atGobgp.nextHop()).isEqualTo("203.0.113.1");
            assertThat(atGobgp.asPath()).isEqualTo("65001");
            assertThat(atGobgp.communities()).containsExactly("65001:100", "65001:101");
            assertThat(atGobgp.largeCommunities()).containsExactly("65001:1:2");
            assertThat(atGobgp.med()).isEqualTo(50L);
            assertThat(atGobgp.from()).isEqualTo(BIRD);

            Route atBird = b.awaitRoute("198.51.100.128/25");
            assertThat(atBird.nextHop()).isEqualTo("203.0.113.2");
            assertThat(atBird.asPath()).isEqualTo("65002");
            assertThat(atBird.communities()).containsExactly("65002:200");
            assertThat(atBird.largeCommunities()).containsExactly("65002:3:4");
            assertThat(atBird.med()).isEqualTo(20L);
            assertThat(atBird.localPref()).isEqualTo(100L);
            assertThat(atBird.from()).isEqualTo(GOBGP);
        }
    }

    @Test
    void frrAndBirdExchangeIpv4RoutesWithAttributes() {
        int frrPort = Loopback.freePort(FRR);
        int birdPort = Loopback.freePort(BIRD);
        DaemonConfig frr = DaemonConfig.of(65003, "10.0.0.3", FRR, frrPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65001))
                .route(StaticRoute.of("198.51.100.0/25", "203.0.113.3")
                        .communities("65003:300").largeCommunities("65003:5:6").med(70));
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(FRR, frrPort, 65003).passive(true))
                .route(StaticRoute.of("198.51.100.128/25", "203.0.113.1").communities("65001:100").med(5));
        try (BgpDaemon f = new FrrDaemon(frr).start(); BgpDaemon b = new BirdDaemon(bird).start()) {
            f.awaitEstablished(BIRD);
            b.awaitEstablished(FRR);

            Route atBird = b.awaitRoute("198.51.100.0/25");
            assertThat(atBird.nextHop()).isEqualTo("203.0.113.3");
            assertThat(atBird.asPath()).isEqualTo("65003");
            assertThat(atBird.communities()).containsExactly("65003:300");
            assertThat(atBird.largeCommunities()).containsExactly("65003:5:6");
            assertThat(atBird.med()).isEqualTo(70L);
            assertThat(atBird.from()).isEqualTo(FRR);

            Route atFrr = f.awaitRoute("198.51.100.128/25");
            assertThat(atFrr.nextHop()).isEqualTo("203.0.113.1");
            assertThat(atFrr.asPath()).isEqualTo("65001");
            assertThat(atFrr.communities()).containsExactly("65001:100");
            assertThat(atFrr.med()).isEqualTo(5L);
            assertThat(atFrr.from()).isEqualTo(BIRD);
            assertThat(atFrr.best()).isTrue();

            List<Route> local = f.routes().stream().filter(r -> !r.learned()).toList();
            assertThat(local).extracting(Route::prefix).containsExactly("198.51.100.0/25");
        }
    }

    @Test
    void birdAndGobgpExchangeIpv6RoutesOverIpv6Loopback() {
        int birdPort = Loopback.freePort("::1");
        int gobgpPort = Loopback.freePort("::1");
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", "::1", birdPort)
                .neighbour(Neighbour.of("::1", gobgpPort, 65002))
                .route(StaticRoute.of("2001:db8:1::/48", "2001:db8::1").communities("65001:600").med(60));
        DaemonConfig gobgp = DaemonConfig.of(65002, "10.0.0.2", "::1", gobgpPort)
                .neighbour(Neighbour.of("::1", birdPort, 65001))
                .route(StaticRoute.of("2001:db8:2::/48", "2001:db8::2").largeCommunities("65002:7:8"));
        try (BgpDaemon b = new BirdDaemon(bird).start(); BgpDaemon g = new GobgpDaemon(gobgp).start()) {
            b.awaitEstablished("::1");
            g.awaitEstablished("::1");

            Route atGobgp = g.awaitRoute("2001:db8:1::/48");
            assertThat(atGobgp.nextHop()).isEqualTo("2001:db8::1");
            assertThat(atGobgp.asPath()).isEqualTo("65001");
            assertThat(atGobgp.communities()).containsExactly("65001:600");
            assertThat(atGobgp.med()).isEqualTo(60L);

            Route atBird = b.awaitRoute("2001:db8:2::/48");
            assertThat(atBird.nextHop()).isEqualTo("2001:db8::2");
            assertThat(atBird.asPath()).isEqualTo("65002");
            assertThat(atBird.largeCommunities()).containsExactly("65002:7:8");
        }
    }

    @Test
    void frrAndGobgpExchangeIpv6RoutesOverIpv6Loopback() {
        int frrPort = Loopback.freePort("::1");
        int gobgpPort = Loopback.freePort("::1");
        DaemonConfig frr = DaemonConfig.of(65003, "10.0.0.3", "::1", frrPort)
                .neighbour(Neighbour.of("::1", gobgpPort, 65002))
                .route(StaticRoute.of("2001:db8:3::/48", "2001:db8::3").communities("65003:1").med(3));
        DaemonConfig gobgp = DaemonConfig.of(65002, "10.0.0.2", "::1", gobgpPort)
                .neighbour(Neighbour.of("::1", frrPort, 65003))
                .route(StaticRoute.of("2001:db8:2::/48", "2001:db8::2").communities("65002:2"));
        try (BgpDaemon f = new FrrDaemon(frr).start(); BgpDaemon g = new GobgpDaemon(gobgp).start()) {
            f.awaitEstablished("::1");
            g.awaitEstablished("::1");

            Route atGobgp = g.awaitRoute("2001:db8:3::/48");
            assertThat(atGobgp.nextHop()).isEqualTo("2001:db8::3");
            assertThat(atGobgp.communities()).containsExactly("65003:1");
            assertThat(atGobgp.med()).isEqualTo(3L);

            Route atFrr = f.awaitRoute("2001:db8:2::/48");
            assertThat(atFrr.nextHop()).isEqualTo("2001:db8::2");
            assertThat(atFrr.asPath()).isEqualTo("65002");
            assertThat(atFrr.communities()).containsExactly("65002:2");
        }
    }

    @Test
    void exabgpSendsCraftedUpdatesToBirdAndLogsWhatBirdSends() {
        int exaPort = Loopback.freePort(EXABGP);
        int birdPort = Loopback.freePort(BIRD);
        DaemonConfig exa = DaemonConfig.of(65004, "10.0.0.4", EXABGP, exaPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65001))
                .route(StaticRoute.of("198.51.100.0/26", "203.0.113.4").communities("65004:100").med(10));
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(EXABGP, exaPort, 65004))
                .route(StaticRoute.of("198.51.100.128/25", "203.0.113.1").communities("65001:100")
                        .largeCommunities("65001:1:2"));
        try (ExaBgpDaemon e = new ExaBgpDaemon(exa)
                     .configRoute("route 198.51.100.64/26 next-hop 203.0.113.4 as-path [ 65004 ( 64512 64513 ) ]"
                             + " attribute [ 0x63 0xc0 0xdeadbeef ]");
             BgpDaemon b = new BirdDaemon(bird)) {
            e.start();
            b.start();
            e.awaitEstablished(BIRD);
            b.awaitEstablished(EXABGP);

            Route plain = b.awaitRoute("198.51.100.0/26");
            assertThat(plain.nextHop()).isEqualTo("203.0.113.4");
            assertThat(plain.asPath()).isEqualTo("65004");
            assertThat(plain.communities()).containsExactly("65004:100");
            assertThat(plain.med()).isEqualTo(10L);

            Route crafted = b.awaitRoute("198.51.100.64/26");
            assertThat(crafted.asPath()).isEqualTo("65004 {64512 64513}");
            assertThat(crafted.other()).containsEntry("BGP.63 [t]", "de ad be ef");

            e.send("announce route 198.51.100.32/27 next-hop 203.0.113.4 community [ 65004:7 ]");
            assertThat(b.awaitRoute("198.51.100.32/27").communities()).containsExactly("65004:7");
            e.send("withdraw route 198.51.100.32/27 next-hop 203.0.113.4");
            assertThat(b.routeGone("198.51.100.32/27", Duration.ofSeconds(20))).isTrue();

            Route atExa = e.awaitRoute("198.51.100.128/25");
            assertThat(atExa.nextHop()).isEqualTo("203.0.113.1");
            assertThat(atExa.asPath()).isEqualTo("65001");
            assertThat(atExa.communities()).containsExactly("65001:100");
            assertThat(atExa.largeCommunities()).containsExactly("65001:1:2");
            assertThat(atExa.from()).isEqualTo(BIRD);
        }
    }

    @Test
    void frrReflectsBirdRouteToGobgpWithOriginatorAndClusterList() {
        String rr = FRR;
        int rrPort = Loopback.freePort(rr);
        int birdPort = Loopback.freePort(BIRD);
        int gobgpPort = Loopback.freePort(GOBGP);
        DaemonConfig frr = DaemonConfig.of(65000, "10.0.0.3", rr, rrPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65000).routeReflectorClient(true))
                .neighbour(Neighbour.of(GOBGP, gobgpPort, 65000).routeReflectorClient(true));
        DaemonConfig bird = DaemonConfig.of(65000, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(rr, rrPort, 65000))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.1").communities("65000:1").med(9));
        DaemonConfig gobgp = DaemonConfig.of(65000, "10.0.0.2", GOBGP, gobgpPort)
                .neighbour(Neighbour.of(rr, rrPort, 65000));
        try (BgpDaemon f = new FrrDaemon(frr).start();
             BgpDaemon b = new BirdDaemon(bird).start();
             BgpDaemon g = new GobgpDaemon(gobgp).start()) {
            f.awaitEstablished(BIRD);
            f.awaitEstablished(GOBGP);
            b.awaitEstablished(rr);
            g.awaitEstablished(rr);

            Route atRr = f.awaitRoute("198.51.100.0/24");
            assertThat(atRr.localPref()).isEqualTo(100L);
            assertThat(atRr.asPath()).isEmpty();

            Route reflected = g.awaitRoute("198.51.100.0/24");
            assertThat(reflected.nextHop()).isEqualTo("203.0.113.1");
            assertThat(reflected.asPath()).isEmpty();
            assertThat(reflected.communities()).containsExactly("65000:1");
            assertThat(reflected.med()).isEqualTo(9L);
            assertThat(reflected.localPref()).isEqualTo(100L);
            assertThat(reflected.originatorId()).isEqualTo("10.0.0.1");
            assertThat(reflected.clusterList()).containsExactly("10.0.0.3");
            assertThat(reflected.from()).isEqualTo(rr);
        }
    }

    @Test
    void exabgpPutsMalformedAttributeOnTheWireAndLogsBirdsNotification() {
        int exaPort = Loopback.freePort(EXABGP);
        int birdPort = Loopback.freePort(BIRD);
        DaemonConfig exa = DaemonConfig.of(65004, "10.0.0.4", EXABGP, exaPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65001));
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(EXABGP, exaPort, 65004));
        try (ExaBgpDaemon e = new ExaBgpDaemon(exa); BirdDaemon b = new BirdDaemon(bird)) {
            e.start();
            b.start();
            e.awaitEstablished(BIRD);
            b.awaitEstablished(EXABGP);

            // ORIGIN with the undefined value 5: RFC 7606 says treat-as-withdraw, BIRD logs it.
            e.send("announce route 198.51.100.0/24 next-hop 203.0.113.4 attribute [ 0x01 0x40 0x05 ]");
            e.send("announce route 198.51.100.128/25 next-hop 203.0.113.4");
            b.awaitRoute("198.51.100.128/25");
            assertThat(b.routes()).extracting(Route::prefix).doesNotContain("198.51.100.0/24");
            assertThat(b.logs()).contains("Malformed ORIGIN attribute");

            // An administrative shutdown reaches ExaBGP as Cease / Administrative Shutdown (6/2).
            b.birdc("disable", b.protocolName(EXABGP));
            assertThat(e.notifications(Duration.ofSeconds(10)))
                    .containsExactly(new ExaBgpDaemon.Notification(BIRD, "receive", 6, 2, "0x"));
        }
    }

    @Test
    void md5ProtectedSessionBetweenFrrAndBird() {
        int frrPort = Loopback.freePort(FRR);
        int birdPort = Loopback.freePort(BIRD);
        DaemonConfig frr = DaemonConfig.of(65003, "10.0.0.3", FRR, frrPort)
                .neighbour(Neighbour.of(BIRD, birdPort, 65001).md5Password("s3cret"))
                .route(StaticRoute.of("198.51.100.0/24", "203.0.113.3"));
        DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", BIRD, birdPort)
                .neighbour(Neighbour.of(FRR, frrPort, 65003).md5Password("s3cret"));
        try (BgpDaemon f = new FrrDaemon(frr).start(); BgpDaemon b = new BirdDaemon(bird).start()) {
            b.awaitEstablished(FRR);
            f.awaitEstablished(BIRD);
            assertThat(b.awaitRoute("198.51.100.0/24").nextHop()).isEqualTo("203.0.113.3");
        }
    }

    @Test
    void exabgpSendsAsSetAndUnknownTransitiveAttributeToGobgp() {
        int exaPort = Loopback.freePort(EXABGP);
        int gobgpPort = Loopback.freePort(GOBGP);
        DaemonConfig exa = DaemonConfig.of(65004, "10.0.0.4", EXABGP, exaPort)
                .neighbour(Neighbour.of(GOBGP, gobgpPort, 65002));
        DaemonConfig gobgp = DaemonConfig.of(65002, "10.0.0.2", GOBGP, gobgpPort)
                .neighbour(Neighbour.of(EXABGP, exaPort, 65004).passive(true));
        try (ExaBgpDaemon e = new ExaBgpDaemon(exa); GobgpDaemon g = new GobgpDaemon(gobgp)) {
            g.start();
            e.start();
            g.awaitEstablished(EXABGP);
            e.awaitEstablished(GOBGP);
            e.send("announce route 198.51.100.0/24 next-hop 203.0.113.4 as-path [ 65004 ( 64512 64513 ) ]"
                    + " attribute [ 0x63 0xc0 0xdeadbeef ]");
            Route r = g.awaitRoute("198.51.100.0/24");
            assertThat(r.asPath()).isEqualTo("65004 {64512 64513}");
            assertThat(r.other()).containsEntry("type 99", "0xc0: de ad be ef");
            assertThat(r.nextHop()).isEqualTo("203.0.113.4");
        }
    }
}
