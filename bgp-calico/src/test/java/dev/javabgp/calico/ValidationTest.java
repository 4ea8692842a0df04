package dev.javabgp.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.resource.PeerAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of configuration mistake, each with the exact message a person sees: file,
 * line and column, the resource and field, the value given, what is accepted, and the fix.
 */
class ValidationTest {

    @TempDir
    Path dir;

    private static final String PEER_HEAD = """
            apiVersion: projectcalico.org/v3
            kind: BGPPeer
            metadata:
              name: rack1-tor
            spec:
            """;

    @Test
    void anEnumInTheWrongCaseGetsTheRightSpelling() {
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: 192.168.42.1
                  asNumber: 64513
                  sourceAddress: none
                """)).containsExactly(
                "calico.yaml:8:18: BGPPeer/rack1-tor spec.sourceAddress: \"none\" is not accepted; accepted: UseNodeIP, None; "
                        + "did you mean \"None\"?");
    }

    @Test
    void logSeverityInTheWrongCase() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  logSeverityScreen: debug
                """)).containsExactly(
                "calico.yaml:6:22: BGPConfiguration/default spec.logSeverityScreen: \"debug\" is not accepted; "
                        + "accepted: Debug, Info, Warning, Error, Fatal; did you mean \"Debug\"?");
    }

    @Test
    void aFieldOfTheOtherApiVersion() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pods
                spec:
                  cidr: 10.244.0.0/16
                  ipip:
                    enabled: true
                    mode: cross-subnet
                  nat-outgoing: true
                """)).containsExactly(
                "calico.yaml:7:3: IPPool/pods spec.ipip: {enabled: true, mode: cross-subnet} is not accepted under apiVersion "
                        + "projectcalico.org/v3: ipip exists only under crd.projectcalico.org/v1; accepted here: ipipMode: Always, "
                        + "CrossSubnet or Never; write ipipMode: CrossSubnet instead, or set apiVersion: crd.projectcalico.org/v1",
                "calico.yaml:10:3: IPPool/pods spec.nat-outgoing: \"true\" is not accepted under apiVersion projectcalico.org/v3: "
                        + "nat-outgoing exists only under crd.projectcalico.org/v1; accepted here: natOutgoing: true or false; "
                        + "write natOutgoing: true instead, or set apiVersion: crd.projectcalico.org/v1");
    }

    @Test
    void anUnknownFieldGetsTheNearestKnownOne() {
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIp: 192.168.42.1
                  asNumber: 64513
                """)).containsExactly(
                "calico.yaml:6:3: BGPPeer/rack1-tor spec.peerIp: unknown field; accepted here: node, nodeSelector, peerIP, "
                        + "asNumber, peerSelector, keepOriginalNextHop, password, sourceAddress, maxRestartTime, "
                        + "numAllowedLocalASNumbers, ttlSecurity, filters, reachableBy, peerInterface; did you mean \"peerIP\"?");
    }

    @Test
    void aPeerIpThatIsNotAnAddress() {
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: 192.168.42.300
                  asNumber: 64513
                """)).containsExactly(
                "calico.yaml:6:11: BGPPeer/rack1-tor spec.peerIP: \"192.168.42.300\" is not accepted; accepted: an IPv4 or IPv6 "
                        + "address, optionally with :port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or [fd00::1]:1790; "
                        + "300 is above 255, the most each part of an IPv4 address holds");
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: tor-1.rack1:179
                  asNumber: 64513
                """)).singleElement().asString().endsWith("[fd00::1]:1790; give the peer's address, not a host name: names are "
                + "not resolved here");
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: 192.168.42.1:65536
                  asNumber: 64513
                """)).singleElement().asString().endsWith("[fd00::1]:1790; the port must be 1 to 65535");
    }

    @Test
    void anIpv6PeerWithAPortNeedsBrackets() throws Exception {
        // ::1:1790 is an IPv6 address in its own right: valid, with a notice that says how it was read.
        CalicoConfig unbracketed = Yaml.valid(dir, PEER_HEAD + """
                  peerIP: "::1:1790"
                  asNumber: 64513
                """);
        assertThat(unbracketed.peers().getFirst().peerIP()).isEqualTo(new PeerAddress(InetAddress.getByName("::1:1790"), 0));
        assertThat(unbracketed.notices()).extracting(e -> e.toString().replace(dir + "/", "")).containsExactly(
                "calico.yaml:6:11: BGPPeer/rack1-tor spec.peerIP: \"::1:1790\" is read as the IPv6 address ::1:1790 on port 179; "
                        + "if 1790 is the port, write \"[::1]:1790\"");
        CalicoConfig bracketed = Yaml.valid(dir, PEER_HEAD + """
                  peerIP: "[::1]:1790"
                  asNumber: 64513
                """);
        assertThat(bracketed.peers().getFirst().peerIP()).isEqualTo(new PeerAddress(InetAddress.getByName("::1"), 1790));
        assertThat(bracketed.notices()).isEmpty();
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: "::1]:1790"
                  asNumber: 64513
                """)).containsExactly("calico.yaml:6:11: BGPPeer/rack1-tor spec.peerIP: \"::1]:1790\" is not accepted; accepted: an "
                + "IPv4 or IPv6 address, optionally with :port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or "
                + "[fd00::1]:1790; write an IPv6 address with a port as [::1]:1790");
    }

    @Test
    void aServiceRangeThatOverlapsAPodPool() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pods
                spec:
                  cidr: 10.244.0.0/16
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  serviceExternalIPs:
                    - cidr: 10.244.10.0/24
                """)).containsExactly(
                "calico.yaml:14:13: BGPConfiguration/default spec.serviceExternalIPs[0].cidr: \"10.244.10.0/24\" overlaps the "
                        + "pod pool 10.244.0.0/16 (IPPool/pods spec.cidr, calico.yaml line 6); accepted: a service range that "
                        + "shares no address with a pod pool or another service range; narrow serviceExternalIPs 10.244.10.0/24 to "
                        + "addresses outside 10.244.0.0/16, or move the IP pool");
    }

    @Test
    void aServiceRangeThatOverlapsAnInstallationPool() {
        assertThat(Yaml.errors(dir, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: default
                spec:
                  calicoNetwork:
                    ipPools:
                      - cidr: 10.244.0.0/16
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  serviceLoadBalancerIPs:
                    - cidr: 10.0.0.0/8
                """)).containsExactly(
                "calico.yaml:16:13: BGPConfiguration/default spec.serviceLoadBalancerIPs[0].cidr: \"10.0.0.0/8\" overlaps the "
                        + "pod pool 10.244.0.0/16 (Installation/default spec.calicoNetwork.ipPools[0].cidr, calico.yaml line 8); "
                        + "accepted: a service range that shares no address with a pod pool or another service range; narrow "
                        + "serviceLoadBalancerIPs 10.0.0.0/8 to addresses outside 10.244.0.0/16, or move the IP pool");
    }

    @Test
    void aServiceRangeThatOverlapsAnother() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  serviceClusterIPs:
                    - cidr: 10.96.0.0/12
                  serviceLoadBalancerIPs:
                    - cidr: 10.100.0.0/24
                """)).containsExactly(
                "calico.yaml:9:13: BGPConfiguration/default spec.serviceLoadBalancerIPs[0].cidr: \"10.100.0.0/24\" overlaps "
                        + "serviceClusterIPs 10.96.0.0/12 (spec.serviceClusterIPs[0].cidr, calico.yaml line 7); accepted: a service "
                        + "range that shares no address with a pod pool or another service range; narrow serviceLoadBalancerIPs "
                        + "10.100.0.0/24 or serviceClusterIPs 10.96.0.0/12 so that they share no address, or remove one of them");
    }

    private static final String INSTALLATION = """
            apiVersion: operator.tigera.io/v1
            kind: Installation
            metadata:
              name: default
            spec:
              calicoNetwork:
                mtu: %d
                ipPools:
                  - cidr: %s
                    encapsulation: VXLAN
            """;

    @Test
    void aVxlanMtuAboveTheInterfaceMtuLessFiftyBytes() {
        assertThat(Yaml.errors(dir, INSTALLATION.formatted(1480, "10.244.0.0/16"))).containsExactly(
                "calico.yaml:7:10: Installation/default spec.calicoNetwork.mtu: 1480 is above what VXLAN leaves of the interface "
                        + "MTU 1500: Installation pool 10.244.0.0/16 with encapsulation VXLAN (calico.yaml line 10) needs 50 bytes "
                        + "for VXLAN over IPv4; accepted: at most 1450; set mtu: 1450");
        assertThat(CalicoConfig.load(List.of(Yaml.write(dir, "ok.yaml", INSTALLATION.formatted(1450, "10.244.0.0/16")))))
                .isInstanceOf(LoadResult.Valid.class);
    }

    @Test
    void aVxlanMtuOverIpv6LeavesSeventyBytesOfAConfiguredInterfaceMtu() {
        assertThat(Yaml.errors(dir, INSTALLATION.formatted(8950, "fd00:244::/48"), LoadOptions.DEFAULT.withInterfaceMtu(9000)))
                .containsExactly("calico.yaml:7:10: Installation/default spec.calicoNetwork.mtu: 8950 is above what VXLAN leaves of "
                        + "the interface MTU 9000: Installation pool fd00:244::/48 with encapsulation VXLAN (calico.yaml line 10) "
                        + "needs 70 bytes for VXLAN over IPv6; accepted: at most 8930; set mtu: 8930");
    }

    @Test
    void aVxlanMtuIsCheckedAgainstAnIpPoolWithVxlanMode() {
        String config = """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: default
                spec:
                  calicoNetwork:
                    mtu: %d
                ---
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: pods
                spec:
                  cidr: 10.244.0.0/16
                  vxlanMode: %s
                """;
        assertThat(Yaml.errors(dir, config.formatted(1500, "CrossSubnet"))).containsExactly(
                "calico.yaml:7:10: Installation/default spec.calicoNetwork.mtu: 1500 is above what VXLAN leaves of the interface "
                        + "MTU 1500: IPPool 10.244.0.0/16 with vxlanMode CrossSubnet (calico.yaml line 15) needs 50 bytes for VXLAN "
                        + "over IPv4; accepted: at most 1450; set mtu: 1450");
        // Without VXLAN the pods may have the whole interface MTU.
        assertThat(CalicoConfig.load(List.of(Yaml.write(dir, "never.yaml", config.formatted(1500, "Never"))))).isInstanceOf(
                LoadResult.Valid.class);
    }

    @Test
    void aSecondInstallationIsAnErrorThatNamesBoth() {
        assertThat(Yaml.errors(dir, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: default
                spec:
                  calicoNetwork: {bgp: Enabled}
                ---
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata:
                  name: other
                spec:
                  calicoNetwork: {bgp: Disabled}
                """)).containsExactly("calico.yaml:11:9: Installation/other metadata.name: a second Installation; accepted: one, "
                + "and Installation/default is already at calico.yaml line 4; remove one of them");
    }

    @Test
    void everyErrorIsReportedAtOnceAndNoConfigurationComesOfIt() {
        LoadResult r = CalicoConfig.load(List.of(Yaml.write(dir, "calico.yaml", """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  logSeverityScreen: debug
                  listenPort: 70000
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeers
                metadata:
                  name: x
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: tor
                spec:
                  peerIP: tor.example
                  asNumber: 64513
                  filters: [export-sevices]
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata:
                  name: export-services
                """)));
        assertThat(r).isInstanceOf(LoadResult.Invalid.class);
        assertThat(((LoadResult.Invalid) r).errors()).extracting(e -> e.toString().replace(dir + "/", "")).containsExactly(
                "calico.yaml:6:22: BGPConfiguration/default spec.logSeverityScreen: \"debug\" is not accepted; "
                        + "accepted: Debug, Info, Warning, Error, Fatal; did you mean \"Debug\"?",
                "calico.yaml:7:15: BGPConfiguration/default spec.listenPort: \"70000\" is not accepted; accepted: a whole number "
                        + "from 1 to 65535",
                "calico.yaml:10:7: document 2 kind: \"BGPPeers\" is not accepted under projectcalico.org/v3; accepted: "
                        + "BGPConfiguration, BGPPeer, Node, IPPool, BGPFilter; did you mean \"BGPPeer\"?",
                "calico.yaml:19:11: BGPPeer/tor spec.peerIP: \"tor.example\" is not accepted; accepted: an IPv4 or IPv6 address, "
                        + "optionally with :port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or [fd00::1]:1790; give the "
                        + "peer's address, not a host name: names are not resolved here",
                "calico.yaml:21:13: BGPPeer/tor spec.filters[0]: \"export-sevices\" is not accepted; accepted: the name of a "
                        + "BGPFilter (export-services); did you mean \"export-services\"?");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(r::orThrow)).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("5 errors in the configuration:\n");
    }

    @Test
    void aNodeBgpConfigurationSetsOnlyWhatANodeMay() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: node.node-1
                spec:
                  listenPort: 1179
                  asNumber: 64600
                """)).containsExactly("calico.yaml:7:13: BGPConfiguration/node.node-1 spec.asNumber: is read only from the "
                + "BGPConfiguration named default; node.node-1 may set logSeverityScreen, listenPort and bindMode");
    }

    @Test
    void aResourceWithoutItsSpecIsPointedAtWhereItBegins() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: ok}
                spec: {cidr: 10.244.0.0/16}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: empty}
                """)).containsExactly(
                "calico.yaml:6:1: BGPPeer/empty spec.peerIP: missing; set peerIP (with asNumber) or peerSelector");
    }

    @Test
    void aFileThatIsNotYaml() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: [unclosed
                """)).singleElement().asString()
                .startsWith("calico.yaml:5:1: YAML: ")
                .endsWith("; the file is not valid YAML here, so none of it was read");
    }

    @Test
    void aMissingFile() {
        LoadResult r = CalicoConfig.load(List.of(dir.resolve("nowhere.yaml")));
        assertThat(((LoadResult.Invalid) r).errors()).extracting(e -> e.toString().replace(dir + "/", ""))
                .containsExactly("nowhere.yaml:1:1: file: does not exist; give a YAML file or a directory of them");
    }

    @Test
    void aSecretThatIsNotThere() {
        assertThat(Yaml.errors(dir, PEER_HEAD + """
                  peerIP: 127.0.0.2
                  asNumber: 64513
                  password:
                    secretKeyRef:
                      name: bgp-secrets
                      key: tor
                """)).containsExactly(
                "calico.yaml:11:12: BGPPeer/rack1-tor spec.password.secretKeyRef.key: no Secret \"bgp-secrets\" with key \"tor\"; "
                        + "give a Secret manifest (kind: Secret, stringData: {tor: ...}) with the configuration");
    }

    @Test
    void aBgpFilterRuleOfTheWrongFamilyOrWithoutItsOperator() {
        assertThat(Yaml.errors(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata:
                  name: f
                spec:
                  exportV4:
                    - action: Accept
                      cidr: fd00::/8
                      matchOperator: In
                    - action: accept
                      cidr: 10.0.0.0/8
                """)).containsExactly(
                "calico.yaml:8:13: BGPFilter/f spec.exportV4[0].cidr: \"fd00::/8\" is not accepted; accepted: an IPv4 CIDR in "
                        + "exportV4; put IPv6 rules under exportV6",
                "calico.yaml:10:7: BGPFilter/f spec.exportV4[1].matchOperator: missing; cidr and matchOperator must both be set or "
                        + "both be empty",
                "calico.yaml:10:15: BGPFilter/f spec.exportV4[1].action: \"accept\" is not accepted; accepted: Accept, Reject; "
                        + "did you mean \"Accept\"?");
    }
}
