package dev.javabgp.calico.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.Yaml;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.ClusterList;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.rib.Route;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Calico route reflector and two client nodes, each a speaker built from the same
 * configuration, over TCP on loopback: a reflected route carries the configured
 * routeReflectorClusterID, not the reflector's router ID.
 */
class RouteReflectorLoopbackTest {

    @TempDir
    Path dir;

    private final List<BgpSpeaker> speakers = new ArrayList<>();

    @AfterEach
    void stop() {
        speakers.forEach(BgpSpeaker::close);
    }

    private BgpSpeaker start(NodeSettings s) throws Exception {
        BgpSpeaker speaker = s.speakerBuilder().connectRetryTime(Duration.ofSeconds(1)).build();
        speakers.add(speaker);
        speaker.start().get(10, TimeUnit.SECONDS);
        return speaker;
    }

    @Test
    void reflectedRoutesCarryTheConfiguredClusterId() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.71", 0));
            port = s.getLocalPort();
        }
        CalicoConfig config = Yaml.valid(dir, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {nodeToNodeMeshEnabled: false, listenPort: %d, bindMode: NodeIP}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: rr-1, labels: {route-reflector: "true"}}
                spec: {bgp: {ipv4Address: 127.0.0.71/8, routeReflectorClusterID: 10.255.0.9}}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-a}
                spec: {bgp: {ipv4Address: 127.0.0.72/8}}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-b}
                spec: {bgp: {ipv4Address: 127.0.0.73/8}}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: to-clients}
                spec: {nodeSelector: has(route-reflector), peerSelector: "!has(route-reflector)"}
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: to-reflectors}
                spec: {nodeSelector: "!has(route-reflector)", peerSelector: has(route-reflector)}
                """.formatted(port));
        assertThat(config.forNode("rr-1").routeReflectorClusterId()).isEqualTo("10.255.0.9");
        start(config.forNode("rr-1"));
        BgpSpeaker a = start(config.forNode("node-a"));
        BgpSpeaker b = start(config.forNode("node-b"));
        IpPrefix block = IpPrefix.parse("10.244.1.0/26");
        a.announce(block, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.72"))).join();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Route> atB = List.of();
        while (atB.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            atB = b.routes(AddressFamily.IPV4_UNICAST).join();
        }
        assertThat(atB).as("the reflected route at node-b").hasSize(1);
        // RFC 4456 §8: the reflector prepends its CLUSTER_ID to the CLUSTER_LIST
        ClusterList clusters = atB.get(0).attributes().clusterList();
        int configured = ByteBuffer.wrap(InetAddress.getByName("10.255.0.9").getAddress()).getInt();
        assertThat(clusters.clusterIds()).containsExactly(configured);
        assertThat(atB.get(0).attributes().nextHop()).isEqualTo(NextHop.of("127.0.0.72"));
    }
}
