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
}
