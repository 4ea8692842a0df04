package dev.javabgp.dataplane.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.TunnelEndpoint;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The netlink dataplane against a real kernel, in a network namespace of each test's own. */
class NetlinkDataplaneTest {

    static final int PROTOCOL = 201;
    static final long MAIN = 254;

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

    static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    static VxlanDevice v4Device() throws Exception {
        return VxlanDevice.of("vxlan.calico", 4096, address(TestNamespace.UPLINK_V4));
    }

    static VxlanDevice v6Device() throws Exception {
        return VxlanDevice.of("vxlan-v6.calico", 4096, address(TestNamespace.UPLINK_V6));
    }

    NetlinkDataplaneConfig config() throws Exception {
        return NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name).withDevice(v4Device()).withDevice(v6Device());
    }

    static TunnelEndpoint nodeB() throws Exception {
        return new TunnelEndpoint(address("10.99.0.12"), address("10.244.1.0"), TunnelEndpoint.mac("66:aa:bb:cc:dd:01"),
                List.of(IpPrefix.parse("10.244.1.0/26"), IpPrefix.parse("10.244.1.64/26")));
    }

    static TunnelEndpoint nodeBv6() throws Exception {
        return new TunnelEndpoint(address("fd00:99::12"), address("fd00:244:1::"), TunnelEndpoint.mac("66:aa:bb:cc:dd:61"),
                List.of(IpPrefix.parse("fd00:244:1::/80")));
    }

    static DataplaneBatch tunnels(TunnelEndpoint... endpoints) {
        return new DataplaneBatch(List.of(), List.of(), List.of(endpoints), List.of());
    }

    static DataplaneBatch routes(ForwardingRoute... routes) {
        return new DataplaneBatch(List.of(routes), List.of(), List.of(), List.of());
    }

    static ForwardingRoute route(String prefix, String nextHop) throws Exception {
        return new ForwardingRoute(IpPrefix.parse(prefix), address(nextHop));
    }

    @Test
    void createsTheVxlanDevicesUpWithTheirVniPortLocalAddressMtuAndNoLearning() throws Exception {
        java.nio.file.Path ownNamespace = java.nio.file.Path.of("/proc/thread-self/ns/net");
        Object before = java.nio.file.Files.readSymbolicLink(ownNamespace);
        NetlinkDataplane dataplane = NetlinkDataplane.open(config());
        try {
            // The socket went into the namespace; this thread did not.
            assertThat(java.nio.file.Files.readSymbolicLink(ownNamespace)).isEqualTo(before);
            String v4 = ns.ip("-d", "link", "show", "vxlan.calico");
            assertThat(v4).contains("mtu 1450", "vxlan id 4096", "local 10.99.0.1", "dstport 4789", "nolearning")
                    .containsPattern("<[^>]*\\bUP\\b[^>]*>");
            String v6 = ns.ip("-d", "link", "show", "vxlan-v6.calico");
            assertThat(v6).contains("mtu 1430", "vxlan id 4096", "local fd00:99::1", "dstport 4789", "nolearning");
        } finally {
            dataplane.close();
        }
        // Nothing of it is in this process's own namespace.
        assertThat(TestNamespace.run("ip", "link", "show")).doesNotContain("vxlan.calico");
    }

    @Test
    void reopeningKeepsTheDeviceAndChangedSettingsAreApplied() throws Exception {
        NetlinkDataplane.open(config()).close();
        String index = ns.ip("-o", "link", "show", "vxlan.calico").split(":")[0];
        NetlinkDataplane.open(config()).close();
        assertThat(ns.ip("-o", "link", "show", "vxlan.calico")).startsWith(index + ":");

        // A new MTU is set in place; a new VNI needs a new device.
        NetlinkDataplaneConfig mtu = NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name)
                .withDevice(v4Device().withMtu(1400));
        NetlinkDataplane.open(mtu).close();
        assertThat(ns.ip("-o", "-d", "link", "show", "vxlan.calico")).startsWith(index + ":").contains("mtu 1400");
        NetlinkDataplaneConfig vni = NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name)
                .withDevice(new VxlanDevice("vxlan.calico", 7, 4789, address(TestNamespace.UPLINK_V4), 1400));
        NetlinkDataplane.open(vni).close();
        assertThat(ns.ip("-o", "-d", "link", "show", "vxlan.calico")).contains("vxlan id 7 ").doesNotStartWith(index + ":");
    }

    @Test
    void aDeviceOfAnotherKindUnderTheNameIsNotTouched() throws Exception {
        ns.ip("link", "add", "vxlan.calico", "type", "bridge");
        assertThatThrownBy(() -> NetlinkDataplane.open(config()))
                .isInstanceOf(DataplaneException.class)
                .hasMessageContaining("device vxlan.calico exists and is a bridge device, not vxlan");
        assertThat(ns.ip("-d", "link", "show", "vxlan.calico")).contains("bridge");
    }

    @Test
    void aTunnelEndpointGetsOnlinkRoutesAPermanentNeighbourAndAnFdbEntryIpv4AndIpv6() throws Exception {
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            dataplane.apply(tunnels(nodeB(), nodeBv6()));

            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactlyInAnyOrder(
                    "10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink",
                    "10.244.1.64/26 via 10.244.1.0 dev vxlan.calico onlink");
            assertThat(ns.routes(PROTOCOL, MAIN, true)).singleElement().asString()
                    .startsWith("fd00:244:1::/80 via fd00:244:1:: dev vxlan-v6.calico metric 1024 onlink");
            assertThat(TestNamespace.lines(ns.ip("neigh", "show", "dev", "vxlan.calico")))
                    .containsExactly("10.244.1.0 lladdr 66:aa:bb:cc:dd:01 PERMANENT");
            assertThat(TestNamespace.lines(ns.ip("-6", "neigh", "show", "dev", "vxlan-v6.calico")))
                    .contains("fd00:244:1:: lladdr 66:aa:bb:cc:dd:61 PERMANENT");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan.calico"))
                    .contains("66:aa:bb:cc:dd:01 dst 10.99.0.12 self permanent");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan-v6.calico"))
                    .contains("66:aa:bb:cc:dd:61 dst fd00:99::12 self permanent");

            // The node moves to another underlay address, gets a new MAC and loses a block.
            TunnelEndpoint moved = new TunnelEndpoint(address("10.99.0.13"), address("10.244.1.0"),
                    TunnelEndpoint.mac("66:aa:bb:cc:dd:02"), List.of(IpPrefix.parse("10.244.1.0/26")));
            dataplane.apply(new DataplaneBatch(List.of(), List.of(), List.of(moved), List.of(nodeB().underlay())));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink");
            assertThat(TestNamespace.lines(ns.ip("neigh", "show", "dev", "vxlan.calico")))
                    .containsExactly("10.244.1.0 lladdr 66:aa:bb:cc:dd:02 PERMANENT");
            String fdb = ns.bridge("fdb", "show", "dev", "vxlan.calico");
            assertThat(fdb).contains("66:aa:bb:cc:dd:02 dst 10.99.0.13 self permanent").doesNotContain("66:aa:bb:cc:dd:01");

            // Removing the endpoints removes everything they brought.
            dataplane.apply(new DataplaneBatch(List.of(), List.of(), List.of(),
                    List.of(moved.underlay(), nodeBv6().underlay())));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();
            assertThat(ns.routes(PROTOCOL, MAIN, true)).isEmpty();
            assertThat(ns.ip("neigh", "show", "dev", "vxlan.calico")).doesNotContain("lladdr");
            assertThat(ns.ip("-6", "neigh", "show", "dev", "vxlan-v6.calico")).doesNotContain("PERMANENT");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan.calico")).doesNotContain("dst");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan-v6.calico")).doesNotContain("dst");
        }
    }

    @Test
    void forwardingRoutesAreInstalledReplacedAndRemovedInTheConfiguredTable() throws Exception {
        NetlinkDataplaneConfig config = NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name).withTable(1000);
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config)) {
            dataplane.apply(routes(route("198.51.100.0/24", TestNamespace.NEXT_HOP_V4),
                    route("2001:db8:7::/48", TestNamespace.NEXT_HOP_V6)));
            assertThat(ns.routes(PROTOCOL, 1000, false)).containsExactly("198.51.100.0/24 via 10.99.0.2 dev uplink");
            assertThat(ns.routes(PROTOCOL, 1000, true)).singleElement().asString()
                    .startsWith("2001:db8:7::/48 via fd00:99::2 dev uplink metric 1024");
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();

            dataplane.apply(routes(route("198.51.100.0/24", "10.99.0.3")));
            assertThat(ns.routes(PROTOCOL, 1000, false)).containsExactly("198.51.100.0/24 via 10.99.0.3 dev uplink");

            dataplane.apply(new DataplaneBatch(List.of(), List.of(IpPrefix.parse("198.51.100.0/24"),
                    IpPrefix.parse("2001:db8:7::/48")), List.of(), List.of()));
            assertThat(ns.routes(PROTOCOL, 1000, false)).isEmpty();
            assertThat(ns.routes(PROTOCOL, 1000, true)).isEmpty();
        }
    }

    @Test
    void aPodBlockRouteWinsOverAForwardingRouteForTheSamePrefixAndHandsBackWhenTheTunnelGoes() throws Exception {
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            dataplane.apply(routes(route("10.244.1.0/26", TestNamespace.NEXT_HOP_V4)));
            dataplane.apply(tunnels(nodeB()));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).contains("10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink");
            dataplane.apply(new DataplaneBatch(List.of(), List.of(), List.of(), List.of(nodeB().underlay())));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("10.244.1.0/26 via 10.99.0.2 dev uplink");
        }
    }

    @Test
    void kernelRefusalsNameTheObjectAndTheRestOfTheBatchIsApplied() throws Exception {
        ns.ip("route", "add", "203.0.113.0/24", "via", TestNamespace.NEXT_HOP_V4, "proto", "static");
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            assertThatThrownBy(() -> dataplane.apply(routes(route("203.0.113.0/24", "10.99.0.5"),
                    route("198.51.100.0/24", TestNamespace.NEXT_HOP_V4))))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessage("route 203.0.113.0/24 via 10.99.0.5: File exists (EEXIST)");
            // The other route went in, and the route of another protocol was left as it was.
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("198.51.100.0/24 via 10.99.0.2 dev uplink");
            assertThat(ns.ip("route", "show", "203.0.113.0/24")).contains("via 10.99.0.2 dev uplink proto static");

            // The next batch's own refusal comes first; the route refused before is tried again with it.
            assertThatThrownBy(() -> dataplane.apply(routes(route("198.18.0.0/15", "10.77.0.1"))))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageStartingWith("route 198.18.0.0/15 via 10.77.0.1: Network is unreachable (ENETUNREACH)")
                    .hasMessageEndingWith("(and 1 more refused in the same batch, such as route 203.0.113.0/24 via 10.99.0.5: "
                            + "File exists (EEXIST))");
        }
    }

    static final DataplaneBatch NOTHING = new DataplaneBatch(List.of(), List.of(), List.of(), List.of());

    @Test
    void aRouteTheKernelRefusedIsInstalledByALaterBatchOnceItsNextHopIsReachable() throws Exception {
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            assertThatThrownBy(() -> dataplane.apply(routes(route("198.18.0.0/15", "10.77.0.1"))))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageStartingWith("route 198.18.0.0/15 via 10.77.0.1: Network is unreachable (ENETUNREACH)");
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();

            // The next hop's network appears; the next batch, even an empty one, installs the route.
            ns.ip("addr", "add", "10.77.0.2/24", "dev", "uplink");
            dataplane.apply(NOTHING);
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("198.18.0.0/15 via 10.77.0.1 dev uplink");

            // Refused again elsewhere, then installed by a batch about something else.
            assertThatThrownBy(() -> dataplane.apply(routes(route("198.51.100.0/24", "10.78.0.1"))))
                    .hasMessageStartingWith("route 198.51.100.0/24 via 10.78.0.1: Network is unreachable (ENETUNREACH)");
            ns.ip("addr", "add", "10.78.0.2/24", "dev", "uplink");
            dataplane.apply(routes(route("203.0.113.0/24", TestNamespace.NEXT_HOP_V4)));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactlyInAnyOrder("198.18.0.0/15 via 10.77.0.1 dev uplink",
                    "198.51.100.0/24 via 10.78.0.1 dev uplink", "203.0.113.0/24 via 10.99.0.2 dev uplink");

            // A refused route withdrawn before it could be installed is not tried again.
            assertThatThrownBy(() -> dataplane.apply(routes(route("192.0.2.0/24", "10.79.0.1"))))
                    .hasMessageStartingWith("route 192.0.2.0/24 via 10.79.0.1: Network is unreachable (ENETUNREACH)");
            dataplane.apply(new DataplaneBatch(List.of(), List.of(IpPrefix.parse("192.0.2.0/24")), List.of(), List.of()));
            ns.ip("addr", "add", "10.79.0.2/24", "dev", "uplink");
            dataplane.apply(NOTHING);
            assertThat(ns.routes(PROTOCOL, MAIN, false)).noneMatch(r -> r.startsWith("192.0.2.0/24"));
        }
    }

    @Test
    void aVxlanDeviceDeletedUnderTheDataplaneIsNamedInTheRefusalAndTheNextBatchMakesItAgain() throws Exception {
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            ns.ip("link", "del", "vxlan.calico");
            assertThatThrownBy(() -> dataplane.apply(tunnels(nodeB())))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageStartingWith("fdb entry 66:aa:bb:cc:dd:01 dev vxlan.calico dst 10.99.0.12: No such device (ENODEV)")
                    .hasMessageContaining("more refused in the same batch, such as neighbour 10.244.1.0 lladdr 66:aa:bb:cc:dd:01 "
                            + "dev vxlan.calico: No such device (ENODEV)");

            dataplane.apply(NOTHING);
            assertThat(ns.ip("-d", "link", "show", "vxlan.calico")).contains("vxlan id 4096");
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactlyInAnyOrder(
                    "10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink",
                    "10.244.1.64/26 via 10.244.1.0 dev vxlan.calico onlink");
            assertThat(TestNamespace.lines(ns.ip("neigh", "show", "dev", "vxlan.calico")))
                    .containsExactly("10.244.1.0 lladdr 66:aa:bb:cc:dd:01 PERMANENT");
            assertThat(ns.bridge("fdb", "show", "dev", "vxlan.calico")).contains("66:aa:bb:cc:dd:01 dst 10.99.0.12 self permanent");
        }
    }

    @Test
    void aBatchOfMoreRequestsThanOneSendGoesWholeAndARefusalDeepInItNamesItsRoute() throws Exception {
        int count = 3000; // the socket sends at most 1,024 requests before it reads their ACKs
        List<ForwardingRoute> many = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            many.add(route("10.200." + (i / 256) + "." + (i % 256) + "/32", TestNamespace.NEXT_HOP_V4));
        }
        ns.ip("route", "add", "10.200.9.196/32", "via", TestNamespace.NEXT_HOP_V4, "proto", "static"); // the 2,501st
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            assertThatThrownBy(() -> dataplane.apply(new DataplaneBatch(many, List.of(), List.of(), List.of())))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessage("route 10.200.9.196/32 via 10.99.0.2: File exists (EEXIST)");
            List<String> installed = ns.routes(PROTOCOL, MAIN, false);
            assertThat(installed).hasSize(count - 1).contains("10.200.0.0 via 10.99.0.2 dev uplink",
                    "10.200.4.0 via 10.99.0.2 dev uplink", "10.200.11.183 via 10.99.0.2 dev uplink");

            dataplane.apply(new DataplaneBatch(List.of(), many.stream().map(ForwardingRoute::prefix).toList(), List.of(),
                    List.of()));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();
            assertThat(ns.ip("route", "show", "10.200.9.196/32")).contains("proto static"); // someone else's stays
        }
    }

    @Test
    void anIpv4RouteTakesAnIpv6NextHopAndTheKernelsOwnReasonIsQuotedWhenItRefuses() throws Exception {
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(config())) {
            // RFC 8950: IPv4 prefixes with an IPv6 next hop.
            dataplane.apply(routes(route("198.51.100.0/24", TestNamespace.NEXT_HOP_V6)));
            assertThat(ns.routes(PROTOCOL, MAIN, false)).containsExactly("198.51.100.0/24 via inet6 fd00:99::2 dev uplink");
            // The other way round the kernel has no support, and says so in its extended ACK.
            assertThatThrownBy(() -> dataplane.apply(routes(route("2001:db8:7::/48", TestNamespace.NEXT_HOP_V4))))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessage("route 2001:db8:7::/48 via 10.99.0.2: Invalid argument (EINVAL): "
                            + "IPv6 does not support RTA_VIA attribute");
        }
    }

    @Test
    void aTunnelWithoutADeviceForItsUnderlayFamilyIsRefusedBeforeAnythingChanges() throws Exception {
        NetlinkDataplaneConfig v4Only = NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name).withDevice(v4Device());
        try (NetlinkDataplane dataplane = NetlinkDataplane.open(v4Only)) {
            assertThatThrownBy(() -> dataplane.apply(new DataplaneBatch(List.of(route("198.51.100.0/24",
                    TestNamespace.NEXT_HOP_V4)), List.of(), List.of(nodeBv6()), List.of())))
                    .isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("tunnel endpoint fd00:99::12: no VXLAN device with an IPv6 local address");
            assertThat(ns.routes(PROTOCOL, MAIN, false)).isEmpty();
        }
    }

    @Test
    void aNamespaceThatDoesNotExistIsNamed() {
        NetlinkDataplaneConfig missing = NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(ns.name + "-missing");
        assertThatThrownBy(() -> NetlinkDataplane.open(missing))
                .isInstanceOf(DataplaneException.class)
                .hasMessageContaining("there is no network namespace '" + ns.name + "-missing'")
                .hasMessageContaining("ip netns add");
    }
}
