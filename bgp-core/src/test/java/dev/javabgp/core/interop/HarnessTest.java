package dev.javabgp.core.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The harness's own logic, no daemon needed. */
class HarnessTest {

    @Test
    void missingBinarySkipsOnADeveloperMachineAndFailsInCi() {
        List<String> binaries = List.of("no-such-bgp-daemon-binary");
        Class<? extends Throwable> expected = "true".equalsIgnoreCase(System.getenv("CI"))
                ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> BgpDaemon.requireInstalled("nothing", binaries))
                .isInstanceOf(expected)
                .hasMessageContaining("no-such-bgp-daemon-binary");
    }

    @Test
    void onlyLoopbackAddressesAreAccepted() {
        assertThatThrownBy(() -> Neighbour.of("192.0.2.1", 11179, 65001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DaemonConfig.of(65001, "10.0.0.1", "10.0.0.1", 11179))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Neighbour.of("example.org", 11179, 65001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Neighbour.of("127.0.0.42", 11179, 65001).families()).containsExactly(Family.IPV4_UNICAST);
        assertThat(Neighbour.of("::1", 11179, 65001).families()).containsExactly(Family.IPV6_UNICAST);
        assertThat(Loopback.freePort("127.0.0.42")).isGreaterThan(10000);
    }

    @Test
    void birdRouteOutputWithSeveralPathsAndBothTables() {
        String text = """
                BIRD 2.0.12 ready.
                Table master4:
                198.51.100.0/24      unicast [peer1 04:29:04.107 from 127.0.0.13] * (100) [AS65003i]
                \tvia 203.0.113.3 on lo
                \tType: BGP univ
                \tBGP.origin: IGP
                \tBGP.as_path: 65003 {64512 64513}
                \tBGP.next_hop: 203.0.113.3
                \tBGP.local_pref: 100
                \tBGP.community: (65003,100) (65003,101)
                \tBGP.large_community: (65003, 1, 2)
                \tBGP.originator_id: 10.0.0.9
                \tBGP.cluster_list: 10.0.0.3 10.0.0.4
                \tBGP.63 [t]: de ad be ef
                                     unicast [peer2 04:29:05.000 from 127.0.0.12] (100) [AS65002i]
                \tType: BGP univ
                \tBGP.as_path: 65002
                \tBGP.next_hop: 203.0.113.2
                \tBGP.med: 7
                198.51.100.128/25    blackhole [orig4 04:29:02.026] * (200)
                \tType: static univ

                Table master6:
                2001:db8:1::/48      unreachable [peer3 04:29:04.107 from ::1] * (100) [AS65001i]
                \tType: BGP univ
                \tBGP.next_hop: 2001:db8::1 fe80::1
                """;
        List<Route> routes = BirdDaemon.parseRoutes(text);
        assertThat(routes).hasSize(4);
        Route first = routes.get(0);
        assertThat(first.prefix()).isEqualTo("198.51.100.0/24");
        assertThat(first.best()).isTrue();
        assertThat(first.from()).isEqualTo("127.0.0.13");
        assertThat(first.asPath()).isEqualTo("65003 {64512 64513}");
        assertThat(first.communities()).containsExactly("65003:100", "65003:101");
        assertThat(first.largeCommunities()).containsExactly("65003:1:2");
        assertThat(first.localPref()).isEqualTo(100L);
        assertThat(first.originatorId()).isEqualTo("10.0.0.9");
        assertThat(first.clusterList()).containsExactly("10.0.0.3", "10.0.0.4");
        assertThat(first.other()).containsEntry("BGP.63 [t]", "de ad be ef");
        Route second = routes.get(1);
        assertThat(second.prefix()).isEqualTo("198.51.100.0/24");
        assertThat(second.best()).isFalse();
        assertThat(second.from()).isEqualTo("127.0.0.12");
        assertThat(second.med()).isEqualTo(7L);
        Route local = routes.get(2);
        assertThat(local.learned()).isFalse();
        assertThat(local.best()).isTrue();
        Route v6 = routes.get(3);
        assertThat(v6.prefix()).isEqualTo("2001:db8:1::/48");
        assertThat(v6.nextHop()).isEqualTo("2001:db8::1");
        assertThat(v6.from()).isEqualTo("::1");
    }

    @Test
    void jsonReader() {
        Object v = Json.parse("{\"a\": [1, -2.5e1, true, null, \"x\\u0041\\n\"], \"b\": {}}");
        assertThat(Json.object(v)).containsOnlyKeys("a", "b");
        List<Object> a = Json.array(Json.object(v).get("a"));
        assertThat(Json.number(a.get(0))).isEqualTo(1L);
        assertThat(Json.string(a.get(1))).isEqualTo("-25");
        assertThat(a.get(2)).isEqualTo(true);
        assertThat(a.get(3)).isNull();
        assertThat(a.get(4)).isEqualTo("xA\n");
    }
}
