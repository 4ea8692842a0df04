package dev.javabgp.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.resource.ApiVersion;
import dev.javabgp.calico.resource.BgpConfiguration;
import dev.javabgp.calico.resource.BgpFilter;
import dev.javabgp.calico.resource.BgpPeer;
import dev.javabgp.calico.resource.BindMode;
import dev.javabgp.calico.resource.CalicoNode;
import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.resource.Encapsulation;
import dev.javabgp.calico.resource.Installation;
import dev.javabgp.calico.resource.IpPool;
import dev.javabgp.calico.resource.LinuxDataplane;
import dev.javabgp.calico.resource.LogSeverity;
import dev.javabgp.calico.resource.SourceAddress;
import dev.javabgp.calico.resource.TunnelMode;
import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calico's resources under both API versions and the operator's Installation, with Calico's defaults. */
class ParsingTest {

    @TempDir
    Path dir;

    @Test
    void bgpConfigurationWithEveryFieldWeRead() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  logSeverityScreen: Warning
                  nodeToNodeMeshEnabled: false
                  asNumber: 65001
                  listenPort: 1179
                  bindMode: NodeIP
                  serviceClusterIPs:
                    - cidr: 10.96.0.0/12
                    - cidr: fd00:10:96::/112
                  serviceExternalIPs:
                    - cidr: 198.51.100.0/24
                  serviceLoadBalancerIPs:
                    - cidr: 203.0.113.0/24
                  communities:
                    - name: svc
                      value: 65001:300
                  prefixAdvertisements:
                    - cidr: 198.51.100.0/24
                      communities: [svc, "65001:1:2"]
                  nodeMeshMaxRestartTime: 2m30s
                """);
        BgpConfiguration b = c.bgpConfiguration();
        assertThat(b.logSeverityScreen()).isEqualTo(LogSeverity.WARNING);
        assertThat(b.nodeToNodeMeshEnabled()).isFalse();
        assertThat(b.asNumber()).isEqualTo(65001);
        assertThat(b.listenPort()).isEqualTo(1179);
        assertThat(b.bindMode()).isEqualTo(BindMode.NODE_IP);
        assertThat(b.serviceClusterIPs()).containsExactly(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parse("fd00:10:96::/112"));
        assertThat(b.serviceExternalIPs()).containsExactly(IpPrefix.parse("198.51.100.0/24"));
        assertThat(b.serviceLoadBalancerIPs()).containsExactly(IpPrefix.parse("203.0.113.0/24"));
        assertThat(b.prefixAdvertisements()).singleElement().satisfies(a -> {
            assertThat(a.cidr()).isEqualTo(IpPrefix.parse("198.51.100.0/24"));
            assertThat(a.communities()).containsExactly(new Community("65001:300"), new Community("65001:1:2"));
        });
        assertThat(b.nodeMeshMaxRestartTime()).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void withoutABgpConfigurationCalicosDefaultsApply() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata:
                  name: node-1
                spec:
                  bgp:
                    ipv4Address: 10.0.0.1/24
                """);
        var node = c.forNode("node-1");
        assertThat(node.asNumber()).isEqualTo(64512);
        assertThat(node.listenPort()).isEqualTo(179);
        assertThat(node.logSeverity()).isEqualTo(LogSeverity.INFO);
        assertThat(node.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(node.routerId()).isEqualTo("10.0.0.1");
    }

    @Test
    void aNodesOwnBgpConfigurationOverridesTheDefault() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {listenPort: 1179, logSeverityScreen: Warning}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BGPConfiguration
                metadata: {name: node.node-1}
                spec: {listenPort: 2179, logSeverityScreen: Debug, bindMode: NodeIP}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: 10.0.0.1/24}}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-2}
                spec: {bgp: {ipv4Address: 10.0.0.2/24}}
                """);
        var one = c.forNode("node-1");
        assertThat(one.listenPort()).isEqualTo(2179);
        assertThat(one.logSeverity()).isEqualTo(LogSeverity.DEBUG);
        assertThat(one.listenAddress()).isEqualTo("10.0.0.1");
        var two = c.forNode("node-2");
        assertThat(two.listenPort()).isEqualTo(1179);
        assertThat(two.logSeverity()).isEqualTo(LogSeverity.WARNING);
        assertThat(two.listenAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void bgpPeerUnderBothApiVersionsWithPortsAndDefaults() throws Exception {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: tor-v4
                spec:
                  peerIP: 127.0.0.2:1790
                  asNumber: 64513
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BGPPeer
                metadata:
                  name: tor-v6
                spec:
                  node: node-1
                  peerIP: "[::1]:1790"
                  asNumber: "1.10"
                  sourceAddress: None
                  keepOriginalNextHop: true
                  maxRestartTime: 300s
                  numAllowedLocalASNumbers: 2
                  ttlSecurity: 1
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: rack-peers
                spec:
                  nodeSelector: rack == 'r1' && !has(edge)
                  peerSelector: has(route-reflector)
                """);
        BgpPeer v4 = c.peers().get(0);
        assertThat(v4.apiVersion()).isEqualTo(ApiVersion.PROJECTCALICO_V3);
        assertThat(v4.peerIP().address()).isEqualTo(InetAddress.getByName("127.0.0.2"));
        assertThat(v4.peerIP().port()).isEqualTo(1790);
        assertThat(v4.sourceAddress()).isEqualTo(SourceAddress.USE_NODE_IP);
        assertThat(v4.keepOriginalNextHop()).isFalse();
        assertThat(v4.maxRestartTime()).isNull();
        BgpPeer v6 = c.peers().get(1);
        assertThat(v6.apiVersion()).isEqualTo(ApiVersion.CRD_V1);
        assertThat(v6.node()).isEqualTo("node-1");
        assertThat(v6.peerIP().address()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(v6.peerIP().port()).isEqualTo(1790);
        assertThat(v6.asNumber()).isEqualTo(65546); // RFC 5396 asdot: 1 * 65536 + 10
        assertThat(v6.sourceAddress()).isEqualTo(SourceAddress.NONE);
        assertThat(v6.keepOriginalNextHop()).isTrue();
        assertThat(v6.maxRestartTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(v6.numAllowedLocalASNumbers()).isEqualTo(2);
        assertThat(v6.ttlSecurity()).isEqualTo(1);
        BgpPeer selected = c.peers().get(2);
        assertThat(selected.nodeSelector().matches(Map.of("rack", "r1"))).isTrue();
        assertThat(selected.nodeSelector().matches(Map.of("rack", "r1", "edge", ""))).isFalse();
        assertThat(selected.nodeSelector().matches(Map.of("rack", "r2"))).isFalse();
        assertThat(selected.peerSelector().matches(Map.of("route-reflector", "true"))).isTrue();
    }

    @Test
    void ipPoolV3AndTheApiV1FormsTheCrdStillHolds() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pods-v4
                spec:
                  cidr: 10.244.0.0/16
                  vxlanMode: CrossSubnet
                  natOutgoing: true
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: IPPool
                metadata:
                  name: legacy
                spec:
                  cidr: 10.245.0.0/16
                  ipip:
                    enabled: true
                    mode: cross-subnet
                  nat-outgoing: true
                ---
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pods-v6
                spec:
                  cidr: fd00:244::/48
                """);
        IpPool v4 = c.ipPools().get(0);
        assertThat(v4.vxlanMode()).isEqualTo(TunnelMode.CROSS_SUBNET);
        assertThat(v4.ipipMode()).isEqualTo(TunnelMode.NEVER);
        assertThat(v4.natOutgoing()).isTrue();
        assertThat(v4.blockSize()).isEqualTo(26);
        IpPool legacy = c.ipPools().get(1);
        assertThat(legacy.ipipMode()).isEqualTo(TunnelMode.CROSS_SUBNET);
        assertThat(legacy.natOutgoing()).isTrue();
        IpPool v6 = c.ipPools().get(2);
        assertThat(v6.vxlanMode()).isEqualTo(TunnelMode.NEVER);
        assertThat(v6.natOutgoing()).isFalse();
        assertThat(v6.blockSize()).isEqualTo(122);
    }

    @Test
    void nodeWithItsBgpSpec() throws Exception {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata:
                  name: rr-1
                  labels:
                    route-reflector: "true"
                spec:
                  bgp:
                    asNumber: 64600
                    ipv4Address: 192.168.42.20/24
                    ipv6Address: fd00::20/64
                    routeReflectorClusterID: 224.0.0.1
                """);
        CalicoNode n = c.node("rr-1").orElseThrow();
        assertThat(n.asNumber()).isEqualTo(64600);
        assertThat(n.ipv4Address().address()).isEqualTo(InetAddress.getByName("192.168.42.20"));
        assertThat(n.ipv4Address().prefixLength()).isEqualTo(24);
        assertThat(n.ipv6Address().address()).isEqualTo(InetAddress.getByName("fd00::20"));
        assertThat(n.routeReflectorClusterID()).isEqualTo("224.0.0.1");
        assertThat(n.labels()).containsEntry("route-reflector", "true");
    }

    @Test
    void nodeAndBgpFilterUnderTheCrdApiVersion() throws Exception {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: crd.projectcalico.org/v1
                kind: Node
                metadata:
                  name: node-1
                  labels: {rack: r1}
                spec:
                  bgp:
                    asNumber: 64600
                    ipv4Address: 192.168.42.10/24
                    routeReflectorClusterID: 224.0.0.1
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BGPFilter
                metadata:
                  name: only-services
                spec:
                  exportV4:
                    - action: Accept
                      matchOperator: In
                      cidr: 198.51.100.0/24
                    - action: Reject
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BGPPeer
                metadata:
                  name: tor
                spec:
                  peerIP: 192.168.42.1
                  asNumber: 64513
                  filters: [only-services]
                """);
        CalicoNode n = c.node("node-1").orElseThrow();
        assertThat(n.apiVersion()).isEqualTo(ApiVersion.CRD_V1);
        assertThat(n.asNumber()).isEqualTo(64600);
        assertThat(n.ipv4Address().address()).isEqualTo(InetAddress.getByName("192.168.42.10"));
        assertThat(n.routeReflectorClusterID()).isEqualTo("224.0.0.1");
        assertThat(n.labels()).containsEntry("rack", "r1");
        BgpFilter f = c.filter("only-services").orElseThrow();
        assertThat(f.apiVersion()).isEqualTo(ApiVersion.CRD_V1);
        assertThat(f.exportV4()).containsExactly(
                new BgpFilter.Rule(IpPrefix.parse("198.51.100.0/24"), BgpFilter.MatchOperator.IN, null, null, false, null,
                        BgpFilter.Action.ACCEPT),
                new BgpFilter.Rule(null, null, null, null, false, null, BgpFilter.Action.REJECT));
        var node = c.forNode("node-1");
        assertThat(node.asNumber()).isEqualTo(64600);
        assertThat(node.routeReflectorClusterId()).isEqualTo("224.0.0.1");
        assertThat(node.peers()).singleElement().satisfies(p -> assertThat(p.remoteAs()).isEqualTo(64513));
    }

    @Test
    void bgpFilterRules() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata:
                  name: only-services
                spec:
                  exportV4:
                    - action: Accept
                      matchOperator: In
                      cidr: 198.51.100.0/24
                      prefixLength:
                        min: 24
                        max: 32
                    - action: Reject
                      source: RemotePeers
                  importV4:
                    - action: Reject
                      matchOperator: NotEqual
                      cidr: 0.0.0.0/0
                  exportV6:
                    - action: Reject
                      interface: eth0
                  importV6:
                    - action: Accept
                      matchOperator: Equal
                      cidr: fd00::/8
                """);
        BgpFilter f = c.filter("only-services").orElseThrow();
        assertThat(f.exportV4()).containsExactly(
                new BgpFilter.Rule(IpPrefix.parse("198.51.100.0/24"), BgpFilter.MatchOperator.IN, 24, 32, false, null, BgpFilter.Action.ACCEPT),
                new BgpFilter.Rule(null, null, null, null, true, null, BgpFilter.Action.REJECT));
        assertThat(f.importV4()).containsExactly(
                new BgpFilter.Rule(IpPrefix.parse("0.0.0.0/0"), BgpFilter.MatchOperator.NOT_EQUAL, null, null, false, null, BgpFilter.Action.REJECT));
        assertThat(f.exportV6()).containsExactly(new BgpFilter.Rule(null, null, null, null, false, "eth0", BgpFilter.Action.REJECT));
        assertThat(f.importV6()).containsExactly(
                new BgpFilter.Rule(IpPrefix.parse("fd00::/8"), BgpFilter.MatchOperator.EQUAL, null, null, false, null, BgpFilter.Action.ACCEPT));
    }

    @Test
    void installationWithTheOperatorsDefaults() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: default
                spec:
                  variant: Calico
                  calicoNetwork:
                    linuxDataplane: BPF
                    mtu: 1450
                    ipPools:
                      - cidr: 10.244.0.0/16
                        encapsulation: VXLANCrossSubnet
                        natOutgoing: Disabled
                      - cidr: 10.245.0.0/16
                """);
        Installation i = c.installation().orElseThrow();
        assertThat(i.bgpEnabled()).isTrue();
        assertThat(i.linuxDataplane()).isEqualTo(LinuxDataplane.BPF);
        assertThat(i.mtu()).isEqualTo(1450);
        assertThat(i.ipPools()).containsExactly(
                new Installation.Pool(null, IpPrefix.parse("10.244.0.0/16"), Encapsulation.VXLAN_CROSS_SUBNET, false, 26, false),
                new Installation.Pool(null, IpPrefix.parse("10.245.0.0/16"), Encapsulation.IPIP, true, 26, false));
        assertThat(c.podPools()).containsExactly(IpPrefix.parse("10.244.0.0/16"), IpPrefix.parse("10.245.0.0/16"));
    }

    @Test
    void anInstallationWithBgpDisabledIsValidWithANotice() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: default
                spec:
                  calicoNetwork:
                    bgp: Disabled
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec:
                  bgp: {ipv4Address: 192.168.42.10/24}
                """);
        assertThat(c.bgpEnabled()).isFalse();
        assertThat(c.forNode("node-1").bgpEnabled()).isFalse();
        assertThat(c.notices()).extracting(e -> e.toString().replace(dir + "/", "")).containsExactly(
                "calico.yaml:7:10: Installation/default spec.calicoNetwork.bgp: Disabled: javabgp run neither listens nor opens a "
                        + "BGP session and announces nothing; set bgp: Enabled for the node to peer");
        assertThat(Yaml.valid(dir, "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-1}\n"
                + "spec: {bgp: {ipv4Address: 192.168.42.10/24}}\n").forNode("node-1").bgpEnabled()).isTrue();
    }

    @Test
    void passwordsFromASecretManifestOrASecretsDirectory() throws Exception {
        String peer = """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: tor
                spec:
                  peerIP: 127.0.0.2
                  asNumber: 64513
                  password:
                    secretKeyRef:
                      name: bgp-secrets
                      key: tor
                """;
        CalicoConfig fromManifest = Yaml.valid(dir, peer + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: bgp-secrets
                  namespace: kube-system
                type: Opaque
                data:
                  tor: c2VjcmV0LWZyb20tZGF0YQ==
                """);
        assertThat(fromManifest.peers().get(0).password().value()).isEqualTo("secret-from-data");
        assertThat(fromManifest.peers().get(0).password().toString()).doesNotContain("secret-from-data");

        Path secrets = Files.createDirectories(dir.resolve("secrets/bgp-secrets"));
        Files.writeString(secrets.resolve("tor"), "from-a-file\n");
        LoadResult r = CalicoConfig.load(List.of(Yaml.write(dir, "peer.yaml", peer)),
                LoadOptions.DEFAULT.withSecretsDirectory(dir.resolve("secrets")));
        assertThat(r.orThrow().peers().get(0).password().value()).isEqualTo("from-a-file");
    }

    @Test
    void servicesAndOtherCalicoKindsInTheSameFilesArePassedOver() {
        CalicoConfig c = Yaml.valid(dir, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  clusterIP: 10.96.0.10
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-1
                ---
                apiVersion: projectcalico.org/v3
                kind: FelixConfiguration
                metadata:
                  name: default
                spec:
                  bpfEnabled: true
                ---
                """);
        assertThat(c.peers()).isEmpty();
        assertThat(c.bgpConfiguration().asNumber()).isNull();
    }

    @Test
    void aFileIsInspectedForItsKindsAndMayBeReadFromAGivenText() throws Exception {
        Path services = Yaml.write(dir, "services.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1}
                """);
        assertThat(CalicoConfig.inspect(services, Files.readString(services)))
                .isEqualTo(new CalicoConfig.FileContents(services, null, false));
        assertThat(CalicoConfig.inspect(services, "").configures()).isFalse();
        String peer = "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: a}\nspec: {peerIP: 127.0.0.2, asNumber: 64513}\n";
        assertThat(CalicoConfig.inspect(services, peer).configures()).isTrue();
        CalicoConfig.FileContents broken = CalicoConfig.inspect(services, "apiVersion: v1\nkind: Service\nmetadata: {name: [web\n");
        assertThat(broken.syntaxError().toString()).startsWith(services + ":4:1: YAML: ")
                .endsWith("; the file is not valid YAML here, so none of it was read");
        assertThat(broken.configures()).isFalse();

        // The text given stands for the file: here a peer the file on disk does not hold.
        CalicoConfig c = CalicoConfig.load(List.of(dir), LoadOptions.DEFAULT, Map.of(services, peer)).orThrow();
        assertThat(c.peers()).extracting(BgpPeer::name).containsExactly("a");
        assertThat(CalicoConfig.load(List.of(dir)).orThrow().peers()).isEmpty();
    }

    @Test
    void aDirectoryMeansEveryYamlFileInIt() throws Exception {
        Yaml.write(dir, "a.yaml", """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: a}
                spec: {peerIP: 127.0.0.2, asNumber: 64513}
                """);
        Yaml.write(dir, "b.yml", """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: b}
                spec: {peerIP: 127.0.0.3, asNumber: 64513}
                """);
        Yaml.write(dir, "notes.txt", "not read");
        CalicoConfig c = CalicoConfig.load(List.of(dir)).orThrow();
        assertThat(c.peers()).extracting(BgpPeer::name).containsExactly("a", "b");
    }
}
