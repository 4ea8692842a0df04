package dev.javabgp.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.resource.LinuxDataplane;
import dev.javabgp.calico.resource.Encapsulation;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.PeerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
