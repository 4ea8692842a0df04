package dev.javabgp.dataplane.netlink;

import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.MAIN;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.PROTOCOL;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.nodeB;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.nodeBv6;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.route;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.v4Device;
import static dev.javabgp.dataplane.netlink.NetlinkDataplaneTest.v6Device;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.TunnelEndpoint;
import dev.javabgp.dataplane.netlink.Reconciliation.Changes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconciliation and restarts: stale entries of ours go, foreign ones stay, nothing is lost. */
class ReconciliationTest {

    private TestNamespace ns;

    @BeforeEach
    void createNamespace() {
        ns = TestNamespace.create();
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    private NetlinkDataplaneConfig config() throws Exception {
        return NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name).withDevice(v4Device()).withDevice(v6Device());
    }

    private List<ForwardingRoute> desiredRoutes() throws Exception {
        return List.of(route("198.51.100.0/24", TestNamespace.NEXT_HOP_V4), route("203.0.113.0/24", TestNamespace.NEXT_HOP_V4),
                route("2001:db8:7::/48", TestNamespace.NEXT_HOP_V6));
    }

    @Test
    void staleEntriesAreRemovedForeignOnesStayAndASecondRunChangesNothing() throws Exception {
        String protocol = Integer.toString(PROTOCOL);
        // The devices exist from an earlier run; then stale state of ours and foreign state is planted.
        NetlinkDataplane.open(config()).close();
        ns.ip("route", "add", "10.50.0.0/24", "via", TestNamespace.NEXT_HOP_V4, "proto", protocol);
        ns.ip("route", "add", "198.51.100.0/24", "via", "10.99.0.9", "proto", protocol); // wanted, wrong next hop
        ns.ip("route", "add", "10.51.0.0/24", "via", TestNamespace.NEXT_HOP_V4, "proto", protocol, "metric", "50");
        ns.ip("-6", "route", "add", "2001:db8:50::/48", "via", TestNamespace.NEXT_HOP_V6, "proto", protocol);
        ns.ip("neigh", "add", "10.244.9.0", "lladdr", "66:aa:bb:cc:dd:09", "dev", "vxlan.calico", "nud", "permanent");
        ns.bridge("fdb", "add", "66:aa:bb:cc:dd:09", "dev", "vxlan.calico", "dst", "10.99.0.19");
        ns.ip("route", "add", "10.60.0.0/24", "via", TestNamespace.NEXT_HOP_V4, "proto", "static");
        ns.ip("route", "add", "10.61.0.0/24", "via", TestNamespace.NEXT_HOP_V4, "proto", "202");
        ns.ip("-6", "route", "add", "2001:db8:60::/48", "via", TestNamespace.NEXT_HOP_V6, "proto", "static");
        ns.ip("neigh", "add", "10.99.0.7", "lladdr", "66:aa:bb:cc:dd:07", "dev", "uplink", "nud", "permanent");

        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            // Opening adopts: a restart removes nothing by itself.
            assertThat(ns.routes(PROTOCOL, MAIN, false)).hasSize(3);

            Reconciliation first = dataplane.reconcile(desiredRoutes(), List.of(nodeB(), nodeBv6()));

            // 203.0.113.0/24 and the v6 route, three pod blocks added; 198.51.100.0/24 replaced;
            // 10.50.0.0/24, the metric-50 route and 2001:db8:50::/48 removed.
            assertThat(first.routes()).isEqualTo(new Changes(5, 1, 3));
            assertThat(first.neighbours()).isEqualTo(new Changes(2, 0, 1));
            assertThat(first.forwardingEntries()).isEqualTo(new Changes(2, 0, 1));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactlyInAnyOrder(
                    "10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink",
                    "10.244.1.64/26 via 10.244.1.0 dev vxlan.calico onlink",
                    "198.51.100.0/24 via 10.99.0.2 dev uplink",
                    "203.0.113.0/24 via 10.99.0.2 dev uplink");
            assertThat(ns.routes(PROTOCOL, MAIN, true)).hasSize(2).noneMatch(r -> r.startsWith("2001:db8:50::"));
            assertThat(ns.ip("neigh", "show", "dev", "vxlan.calico")).doesNotContain("10.244.9.0");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan.calico")).doesNotContain("66:aa:bb:cc:dd:09");

            // Everyone else's routes and entries are where they were.
            assertThat(ns.ip("route", "show", "proto", "static")).contains("10.60.0.0/24 via 10.99.0.2 dev uplink");
            assertThat(ns.ip("route", "show", "proto", "202")).contains("10.61.0.0/24 via 10.99.0.2 dev uplink");
            assertThat(ns.ip("-6", "route", "show", "proto", "static")).contains("2001:db8:60::/48 via fd00:99::2 dev uplink");
            assertThat(ns.ip("neigh", "show", "dev", "uplink")).contains("10.99.0.7 lladdr 66:aa:bb:cc:dd:07 PERMANENT");

            Reconciliation second = dataplane.reconcile(desiredRoutes(), List.of(nodeB(), nodeBv6()));
            assertThat(second.changedNothing()).as("second run: %s", second).isTrue();
        }
    }

    @Test
    void aRestartAdoptsWhatTheLastRunInstalledSoLaterBatchesCanRemoveIt() throws Exception {
        try (NetlinkDataplane first = NetlinkDataplane.open(config())) {
            first.apply(new DataplaneBatch(desiredRoutes(), List.of(), List.of(nodeB(), nodeBv6()), List.of()));
        }
        List<String> before = ns.routes(PROTOCOL, MAIN, false);
        try (NetlinkDataplane second = NetlinkDataplane.open(config())) {
            // Nothing was lost, and reconciling with the same state changes nothing.
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEqualTo(before).hasSize(4);
            assertThat(second.reconcile(desiredRoutes(), List.of(nodeB(), nodeBv6())).changedNothing()).isTrue();
        }
        try (NetlinkDataplane third = NetlinkDataplane.open(config())) {
            // Withdrawals of what an earlier run installed find it, by prefix and underlay address alone.
            third.apply(new DataplaneBatch(List.of(), List.of(IpPrefix.parse("198.51.100.0/24"),
                    IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8:7::/48")), List.of(),
                    List.of(nodeB().underlay(), nodeBv6().underlay())));
        }
        assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();
        assertThat(ns.routes(PROTOCOL, MAIN, true)).isEmpty();
        assertThat(ns.ip("neigh", "show", "dev", "vxlan.calico")).doesNotContain("lladdr");
        assertThat(ns.bridge("fdb", "show", "dev", "vxlan.calico")).doesNotContain("dst");
        assertThat(ns.bridge("fdb", "show", "dev", "vxlan-v6.calico")).doesNotContain("dst");
    }

    @Test
    void aDeletedDeviceIsMadeAgainWithItsEntries() throws Exception {
        TunnelEndpoint node = nodeB();
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            dataplane.reconcile(List.of(), List.of(node));
            ns.ip("link", "del", "vxlan.calico");
            Reconciliation repaired = dataplane.reconcile(List.of(), List.of(node));
            assertThat(repaired.routes()).isEqualTo(new Changes(2, 0, 0));
            assertThat(repaired.neighbours()).isEqualTo(new Changes(1, 0, 0));
            assertThat(repaired.forwardingEntries()).isEqualTo(new Changes(1, 0, 0));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).hasSize(2);
        }
    }
}
