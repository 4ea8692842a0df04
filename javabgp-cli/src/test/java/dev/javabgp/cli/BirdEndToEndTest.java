package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.core.interop.BgpDaemon;
import dev.javabgp.core.interop.BirdDaemon;
import dev.javabgp.core.interop.DaemonConfig;
import dev.javabgp.core.interop.Loopback;
import dev.javabgp.core.interop.Neighbour;
import dev.javabgp.core.interop.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code javabgp run} with a Calico configuration peers with BIRD 2 playing the
 * top-of-rack router, and BIRD's own CLI shows what reached it. Needs BIRD 2 (Debian bird2): skipped
 * without it on a developer machine, a failure under CI=true.
 */
class BirdEndToEndTest {

    @TempDir
    Path dir;

    /** Every path BIRD learned from the node, by prefix. */
    private static Map<String, Route> learned(BgpDaemon bird) {
        return bird.routes().stream().filter(Route::learned).collect(Collectors.toMap(Route::prefix, r -> r, (a, b) -> a));
    }

    @Test
    void birdGetsTheServicePrefixesWithTheirCommunitiesAndLosesTheLocalOnesWithTheManifest() throws Exception {
        int nodePort = Loopback.freePort("127.0.0.81");
        int birdPort = Loopback.freePort("127.0.0.82");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("calico.yaml"), NodeConfig.node("127.0.0.81", nodePort, "Info")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.82", birdPort, 64513));
        Files.writeString(conf.resolve("web.yaml"), NodeConfig.WEB);
        Files.writeString(conf.resolve("api.yaml"), NodeConfig.API);
        DaemonConfig tor = DaemonConfig.of(64513, "10.0.0.82", "127.0.0.82", birdPort)
                .neighbour(Neighbour.of("127.0.0.81", nodePort, 64512));
        try (BgpDaemon bird = new BirdDaemon(tor).start();
                RunningNode node = new RunningNode("-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString(),
                        "--connect-retry-time", "1")) {
            bird.awaitEstablished("127.0.0.81");
            for (String prefix : new String[] {"10.96.0.0/12", "198.51.100.0/24", "203.0.113.0/24", "198.51.100.10/32", "203.0.113.10/32"}) {
                bird.awaitRoute(prefix);
            }
            Map<String, Route> routes = learned(bird);
            // The ranges from every node; web (Local, endpoint here) also as /32s; api (Cluster) and
            // elsewhere (Local, its endpoint on another node) only through the ranges.
            assertThat(routes.keySet()).containsExactlyInAnyOrder("10.96.0.0/12", "198.51.100.0/24", "203.0.113.0/24",
                    "198.51.100.10/32", "203.0.113.10/32");
            for (Route r : routes.values()) {
                assertThat(r.asPath()).as(r.prefix()).isEqualTo("64512");
                assertThat(r.nextHop()).as(r.prefix()).isEqualTo("127.0.0.81");
            }
            assertThat(routes.get("10.96.0.0/12").communities()).isEmpty();
            assertThat(routes.get("10.96.0.0/12").largeCommunities()).isEmpty();
            for (String p : new String[] {"198.51.100.0/24", "198.51.100.10/32"}) {
                assertThat(routes.get(p).communities()).as(p).containsExactly("64512:300");
                assertThat(routes.get(p).largeCommunities()).as(p).containsExactly("64512:1:50");
            }
            for (String p : new String[] {"203.0.113.0/24", "203.0.113.10/32"}) {
                assertThat(routes.get(p).communities()).as(p).containsExactly("64512:400");
                assertThat(routes.get(p).largeCommunities()).as(p).isEmpty();
            }

            Files.delete(conf.resolve("web.yaml"));
            assertThat(bird.routeGone("198.51.100.10/32", Duration.ofSeconds(10))).isTrue();
            assertThat(bird.routeGone("203.0.113.10/32", Duration.ofSeconds(10))).isTrue();
            assertThat(learned(bird).keySet()).containsExactlyInAnyOrder("10.96.0.0/12", "198.51.100.0/24", "203.0.113.0/24");

            assertThat(node.stop().exitCode()).isZero();
            assertThat(bird.routeGone("198.51.100.0/24", Duration.ofSeconds(10))).isTrue();
            // RFC 4486: BIRD saw why the session ended
            assertThat(((BirdDaemon) bird).birdc("show", "protocols", "all", ((BirdDaemon) bird).protocolName("127.0.0.81")))
                    .contains("Last error:       Received: Administrative shutdown");
        }
    }
}
