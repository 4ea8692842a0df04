package dev.javabgp.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.export.RouteSink;
import dev.javabgp.calico.export.ServiceExportPolicy;
import dev.javabgp.calico.export.ServicePrefixExporter;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.resource.LinuxDataplane;
import dev.javabgp.calico.resource.Encapsulation;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.PeerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The example configurations at the repository root are valid and mean what they say. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theDesignNotesNode() {
        CalicoConfig c = CalicoConfig.load(List.of(EXAMPLES.resolve("design-notes"))).orThrow();
        var installation = c.installation().orElseThrow();
        assertThat(installation.linuxDataplane()).isEqualTo(LinuxDataplane.BPF);
        assertThat(installation.ipPools()).singleElement().satisfies(p -> {
            assertThat(p.cidr()).isEqualTo(IpPrefix.parse("10.244.0.0/16"));
            assertThat(p.encapsulation()).isEqualTo(Encapsulation.VXLAN_CROSS_SUBNET);
        });
        assertThat(c.bgpConfiguration().serviceExternalIPs()).containsExactly(IpPrefix.parse("192.168.50.0/24"));

        NodeSettings node = c.forNode("node-1");
        assertThat(node.asNumber()).isEqualTo(64512);
        assertThat(node.routerId()).isEqualTo("192.168.42.10");
        assertThat(node.listenPort()).isEqualTo(179);
        PeerConfig tor = node.peers().get(0);
        assertThat(tor.address().getHostAddress()).isEqualTo("192.168.42.1");
        assertThat(tor.remoteAs()).isEqualTo(64513);
        assertThat(tor.port()).isEqualTo(179);
        assertThat(tor.localAddress()).isNull(); // sourceAddress: None
        assertThat(tor.families()).isEqualTo(Set.of(AddressFamily.IPV4_UNICAST));
        assertThat(tor.restartTime()).isEqualTo(Duration.ofSeconds(120));
        PeerConfig mesh = node.peers().get(1);
        assertThat(mesh.address().getHostAddress()).isEqualTo("192.168.42.11");
        assertThat(mesh.remoteAs()).isEqualTo(64512);
        assertThat(mesh.localAddress().getHostAddress()).isEqualTo("192.168.42.10");
        assertThat(node.peers()).hasSize(2);

        ServiceSnapshot services = new ManifestServiceSource(List.of(EXAMPLES.resolve("design-notes"))).read();
        assertThat(services.services()).hasSize(2);
        assertThat(services.endpointSlices()).hasSize(2);

        // What node-1 announces: both ranges, and web's external IP (Local, its ready endpoint here),
        // with the communities of prefixAdvertisements; api (Cluster) only through the range.
        List<String> reasons = new ArrayList<>();
        List<Community> svc = List.of(new Community("64512:300"), new Community("64512:1:50"));
        assertThat(ServiceExportPolicy.desired(node.serviceRanges(), services, reasons::add)).containsExactly(
                Map.entry(IpPrefix.parse("10.96.0.0/12"), List.of()),
                Map.entry(IpPrefix.parse("192.168.50.0/24"), svc),
                Map.entry(IpPrefix.parse("192.168.50.10/32"), svc));
        assertThat(reasons).isEmpty();
        // node-2's endpoint of web is not ready: no host route from there.
        assertThat(ServiceExportPolicy.desired(c.forNode("node-2").serviceRanges(), services, reasons::add).keySet())
                .containsExactly(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parse("192.168.50.0/24"));
        // As the exporter hands them to the speaker: node-1 as next hop, standard and large communities.
        ServicePrefixExporter exporter = new ServicePrefixExporter(new RouteSink() {
            @Override
            public CompletableFuture<Void> announce(IpPrefix prefix, PathAttributes attributes) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Boolean> withdraw(IpPrefix prefix) {
                return CompletableFuture.completedFuture(true);
            }
        }, node.serviceRanges());
        exporter.update(services).join();
        PathAttributes web = exporter.announced().get(IpPrefix.parse("192.168.50.10/32"));
        assertThat(web.nextHop()).isEqualTo(NextHop.of("192.168.42.10"));
        assertThat(web.communities()).isEqualTo(Communities.of(Communities.parse("64512:300")));
        assertThat(web.largeCommunities()).isEqualTo(LargeCommunities.of(64512, 1, 50));
    }

    @Test
    void theLoopbackNode() {
        CalicoConfig c = CalicoConfig.load(List.of(EXAMPLES.resolve("loopback"))).orThrow();
        NodeSettings node = c.forNode("node-1");
        assertThat(node.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(node.listenPort()).isEqualTo(1179);
        assertThat(node.peers()).singleElement().satisfies(p -> {
            assertThat(p.address().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(p.port()).isEqualTo(1790);
            assertThat(p.localAddress().getHostAddress()).isEqualTo("127.0.0.1");
        });
    }
}
