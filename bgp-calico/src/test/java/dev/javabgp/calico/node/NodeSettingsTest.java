package dev.javabgp.calico.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.Yaml;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.policy.Policy;
import dev.javabgp.rib.policy.RouteContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which peers a node gets, and what its policies send them. */
class NodeSettingsTest {

    @TempDir
    Path dir;

    private static final String NODES = """
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata: {name: node-1, labels: {rack: r1}}
            spec: {bgp: {ipv4Address: 10.0.1.1/24}}
            ---
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata: {name: node-2, labels: {rack: r2}}
            spec: {bgp: {ipv4Address: 10.0.2.1/24, asNumber: 64600}}
            ---
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata: {name: rr-1, labels: {rack: r1, route-reflector: "true"}}
            spec: {bgp: {ipv4Address: 10.0.1.100/24, routeReflectorClusterID: 224.0.0.1}}
            """;

    private static List<String> addresses(NodeSettings s) {
        return s.peers().stream().map(p -> p.address().getHostAddress()).toList();
    }

    @Test
    void peersByNodeBySelectorAndEverywhereButNeverItself() {
        CalicoConfig c = Yaml.valid(dir, NODES + """
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {nodeToNodeMeshEnabled: false}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: everywhere}
                spec: {peerIP: 10.0.0.254, asNumber: 64513}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: rack1-tor}
                spec: {nodeSelector: rack == 'r1', peerIP: 10.0.1.254, asNumber: 64513}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: only-node-2}
                spec: {node: node-2, peerIP: 10.0.2.254, asNumber: 64513}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: to-self}
                spec: {node: node-1, peerIP: 10.0.1.1, asNumber: 64512}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: to-reflectors}
                spec: {peerSelector: has(route-reflector)}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: reflector-clients}
                spec: {nodeSelector: has(route-reflector), peerSelector: "!has(route-reflector)"}
                """);
        assertThat(addresses(c.forNode("node-1"))).containsExactly("10.0.0.254", "10.0.1.254", "10.0.1.100");
        assertThat(addresses(c.forNode("node-2"))).containsExactly("10.0.0.254", "10.0.2.254", "10.0.1.100");
        NodeSettings rr = c.forNode("rr-1");
        assertThat(addresses(rr)).containsExactly("10.0.0.254", "10.0.1.254", "10.0.1.1", "10.0.2.1");
        PeerConfig client = rr.peers().get(2);
        assertThat(client.role()).isEqualTo(ExportSettings.Role.ROUTE_REFLECTOR_CLIENT);
        assertThat(rr.peers().get(3).remoteAs()).isEqualTo(64600);
        assertThat(rr.peers().get(3).role()).isNull(); // another AS: eBGP, not a client
    }

    @Test
    void numAllowedLocalAsNumbersLetsThatManyOfOurAsIntoAReceivedPath() {
        CalicoConfig c = Yaml.valid(dir, NODES + """
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {nodeToNodeMeshEnabled: false}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: other-site}
                spec: {peerIP: 10.0.0.254, asNumber: 64513, numAllowedLocalASNumbers: 2}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.253, asNumber: 64513}
                """);
        NodeSettings n = c.forNode("node-1");
        assertThat(n.peers().get(0).allowAsIn()).isEqualTo(2);
        assertThat(n.peers().get(1).allowAsIn()).isZero(); // RFC 4271 §9.1.2 unless configured
        assertThat(n.routeReflectorClusterId()).isNull();
    }

    @Test
    void theMeshPeersWithEveryOtherNode() {
        CalicoConfig c = Yaml.valid(dir, NODES);
        NodeSettings n = c.forNode("node-2");
        assertThat(addresses(n)).containsExactly("10.0.1.1", "10.0.1.100");
        assertThat(n.asNumber()).isEqualTo(64600);
        assertThat(n.peers().get(0).remoteAs()).isEqualTo(64512);
        assertThat(n.peers().get(0).localAddress().getHostAddress()).isEqualTo("10.0.2.1");
    }

    @Test
    void aNodeThatIsNotThereIsNamedWithTheOnesThatAre() {
        CalicoConfig c = Yaml.valid(dir, NODES);
        assertThatThrownBy(() -> c.forNode("node-9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no Node named \"node-9\" in the configuration; the Nodes are: node-1, node-2, rr-1");
    }

    // ---- export to a peer outside the cluster ----

    private static final PeerInfo ROUTER = new PeerInfo(address("127.0.0.2"), 64513, (Inet4Address) address("10.0.0.2"), true,
            false, false);

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An IPv4 route as the RIB shows it to a policy. */
    record Ipv4Route(IpPrefix prefix, PathAttributes attributes, PeerInfo peer) implements RouteContext {
        @Override
        public AddressFamily family() {
            return AddressFamily.IPV4_UNICAST;
        }

        @Override
        public int prefixLength() {
            return prefix.length();
        }

        @Override
        public long addressHigh() {
            return (ByteBuffer.wrap(prefix.address()).getInt() & 0xFFFF_FFFFL) << 32;
        }

        @Override
        public long addressLow() {
            return 0;
        }
    }

    private static PathAttributes sent(Policy p, String prefix, PathAttributes attributes) {
        return p.evaluate(new Ipv4Route(IpPrefix.parse(prefix), attributes, ROUTER));
    }

    private static final PathAttributes OURS = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"));
    private static final PathAttributes LEARNED = PathAttributes.of(Origin.IGP, AsPath.sequence(64999), NextHop.of("10.9.9.9"));

    private Policy exportToTor(String filterRules, String peerExtra) {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: pods}
                spec: {cidr: 10.244.0.0/16, vxlanMode: CrossSubnet}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: 127.0.0.1/8}}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata: {name: f}
                spec:
                  exportV4:
                %s
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 127.0.0.2
                  asNumber: 64513
                  filters: [f]
                %s
                """.formatted(filterRules, peerExtra));
        return c.forNode("node-1").peers().get(0).exportPolicy();
    }

    @Test
    void podPoolRoutesStayInsideTheClusterUnlessAFilterSendsThem() {
        Policy plain = exportToTor("    - {action: Reject, matchOperator: Equal, cidr: 192.168.0.0/16}", "");
        assertThat(sent(plain, "10.244.1.0/26", OURS)).isNull();
        assertThat(sent(plain, "198.51.100.0/24", OURS)).isNotNull();

        Policy sendsPods = exportToTor("    - {action: Accept, matchOperator: In, cidr: 10.244.0.0/16, prefixLength: {min: 26}}", "");
        assertThat(sent(sendsPods, "10.244.1.0/26", OURS)).isNotNull();
        assertThat(sent(sendsPods, "10.244.0.0/16", OURS)).isNull(); // shorter than min: the pool rule takes it
    }

    @Test
    void theNodeIsTheNextHopUnlessKeepOriginalNextHop() {
        Policy self = exportToTor("    - {action: Reject, matchOperator: Equal, cidr: 192.168.0.0/16}", "");
        assertThat(sent(self, "203.0.113.0/24", LEARNED).nextHop()).isEqualTo(NextHop.of("127.0.0.1"));
        Policy keep = exportToTor("    - {action: Reject, matchOperator: Equal, cidr: 192.168.0.0/16}", "  keepOriginalNextHop: true");
        assertThat(sent(keep, "203.0.113.0/24", LEARNED).nextHop()).isEqualTo(NextHop.of("10.9.9.9"));
    }

    @Test
    void sourceRemotePeersMatchesLearnedRoutesOnly() {
        Policy p = exportToTor("    - {action: Reject, source: RemotePeers}", "");
        assertThat(sent(p, "203.0.113.0/24", LEARNED)).isNull();
        assertThat(sent(p, "198.51.100.0/24", OURS)).isNotNull();
    }

    @Test
    void notInAndNotEqual() {
        Policy notIn = exportToTor("    - {action: Reject, matchOperator: NotIn, cidr: 198.51.100.0/24}", "");
        assertThat(sent(notIn, "203.0.113.0/24", OURS)).isNull();
        assertThat(sent(notIn, "198.51.100.7/32", OURS)).isNotNull();
        Policy notEqual = exportToTor("    - {action: Reject, matchOperator: NotEqual, cidr: 198.51.100.0/24}", "");
        assertThat(sent(notEqual, "198.51.100.7/32", OURS)).isNull();
        assertThat(sent(notEqual, "198.51.100.0/24", OURS)).isNotNull();
    }
}
