package dev.javabgp.calico.kubernetes;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.ConfigError;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.codec.nlri.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a node's speaker reads from the cluster at one moment.
 *
 * @param configuration the BGP configuration the valid objects make, and the errors of the objects
 *     left out (each named as {@code Kind/name} with its field path)
 * @param services the Services and EndpointSlices
 * @param blocks every IPAM block with an affinity to a node
 * @param warnings what could not be used of the Services, EndpointSlices and IPAM blocks, one
 *     sentence each, naming the object
 */
public record ClusterState(CalicoConfig.ObjectsLoad configuration, ServiceSnapshot services, List<PodBlock> blocks,
        List<String> warnings) {

    public ClusterState {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(services, "services");
        blocks = List.copyOf(blocks);
        warnings = List.copyOf(warnings);
    }

    /** The configuration of the valid objects. */
    public CalicoConfig config() {
        return configuration.config();
    }

    /** The errors of the objects left out of {@link #config()}. */
    public List<ConfigError> skipped() {
        return configuration.skipped();
    }

    /**
     * The blocks {@code nodeName} announces: those affine to it inside a pool that BGP carries
     * ({@link CalicoConfig#bgpPools()}: not VXLAN, not {@code disableBGPExport}), in prefix order.
     */
    public Set<IpPrefix> podBlocks(String nodeName) {
        List<IpPrefix> pools = config().bgpPools();
        Set<IpPrefix> out = new TreeSet<>();
        for (PodBlock b : blocks) {
            if (b.node().equals(nodeName) && pools.stream().anyMatch(p -> p.isIpv4() == b.cidr().isIpv4() && p.contains(b.cidr()))) {
                out.add(b.cidr());
            }
        }
        return out;
    }
}
