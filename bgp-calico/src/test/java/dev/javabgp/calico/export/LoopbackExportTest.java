package dev.javabgp.calico.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's speaker built from a Calico configuration, its services exported from manifest files,
 * and a second speaker playing the top-of-rack router, over TCP on loopback.
 */
class LoopbackExportTest {

    @TempDir
    Path dir;

    private BgpSpeaker node;
    private BgpSpeaker router;
    private ServicePrefixExporter exporter;

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.close();
        }
        if (node != null) {
            node.close();
        }
        if (router != null) {
            router.close();
        }
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private Map<IpPrefix, PathAttributes> routerTable(long timeoutSeconds, Predicate<Map<IpPrefix, PathAttributes>> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<IpPrefix, PathAttributes> table = Map.of();
        while (System.nanoTime() < deadline) {
            table = router.routes(AddressFamily.IPV4_UNICAST).join().stream()
                    .collect(Collectors.toMap(Route::prefix, Route::attributes));
            if (until.test(table)) {
                return table;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the router's table never got there; it holds " + table.keySet());
    }

    @Test
    void servicesReachTheRouterWithTheirCommunitiesAndLeaveWithTheirManifest() throws Exception {
        int nodePort = freePort("127.0.0.1");
        int routerPort = freePort("127.0.0.3");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata: {name: default}
                spec:
                  calicoNetwork:
                    linuxDataplane: BPF
                    ipPools:
                      - cidr: 10.244.0.0/16
                        encapsulation: VXLANCrossSubnet
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec:
                  nodeToNodeMeshEnabled: false
                  listenPort: %d
                  bindMode: NodeIP
                  serviceClusterIPs: [{cidr: 10.96.0.0/12}]
                  serviceExternalIPs: [{cidr: 198.51.100.0/24}]
                  communities: [{name: svc, value: "64512:300"}]
                  prefixAdvertisements:
                    - cidr: 198.51.100.0/24
                      communities: [svc, "64512:1:50"]
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 127.0.0.3:%d
                  asNumber: 64513
                  filters: [no-cluster-range]
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata: {name: no-cluster-range}
                spec:
                  exportV4:
                    - action: Reject
                      matchOperator: Equal
                      cidr: 10.96.0.0/12
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec:
                  bgp: {ipv4Address: 127.0.0.1/8}
                """.formatted(nodePort, routerPort));
        Path services = Files.createDirectory(dir.resolve("services"));
        Files.writeString(services.resolve("web.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec:
                  clusterIP: 10.96.0.10
                  externalIPs: [198.51.100.10]
                  externalTrafficPolicy: Local
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-1
                  namespace: default
                  labels: {kubernetes.io/service-name: web}
                endpoints:
                  - addresses: [10.244.1.5]
                    conditions: {ready: true}
                    nodeName: node-1
                """);
        Files.writeString(services.resolve("api.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: default}
                spec:
                  clusterIP: 10.96.0.20
                  externalIPs: [198.51.100.11]
                  externalTrafficPolicy: Cluster
                """);

        NodeSettings settings = CalicoConfig.load(List.of(config)).orThrow().forNode("node-1");
        router = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.3", routerPort)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(nodePort).withPassive(true)).build();
        router.start().get(10, TimeUnit.SECONDS);
        node = settings.speakerBuilder().connectRetryTime(Duration.ofSeconds(1)).build();
        node.start().get(10, TimeUnit.SECONDS);
        exporter = new ServicePrefixExporter(RouteSink.of(node), settings.serviceRanges());
        exporter.follow(new ManifestServiceSource(List.of(services)));
        // A pod block, as a node's IPAM would have it: never for a peer outside the cluster.
        node.announce(IpPrefix.parse("10.244.1.0/26"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).join();

        IpPrefix range = IpPrefix.parse("198.51.100.0/24");
        IpPrefix web = IpPrefix.parse("198.51.100.10/32");
        Map<IpPrefix, PathAttributes> table = routerTable(15, t -> t.containsKey(range) && t.containsKey(web));
        assertThat(table.keySet()).containsExactlyInAnyOrder(range, web); // no Cluster /32, no pool, the filter took 10.96.0.0/12
        assertThat(table.get(range).communities()).isEqualTo(Communities.of(Communities.parse("64512:300")));
        assertThat(table.get(range).largeCommunities()).isEqualTo(LargeCommunities.of(64512, 1, 50));
        assertThat(table.get(web).communities()).isEqualTo(Communities.of(Communities.parse("64512:300")));
        assertThat(table.get(web).nextHop()).isEqualTo(NextHop.of("127.0.0.1"));
        assertThat(table.get(web).asPath()).isEqualTo(AsPath.sequence(64512));

        Files.delete(services.resolve("web.yaml"));
        table = routerTable(5, t -> !t.containsKey(web));
        assertThat(table.keySet()).containsExactly(range);
    }
}
