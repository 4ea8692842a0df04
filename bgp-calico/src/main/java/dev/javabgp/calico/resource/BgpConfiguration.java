package dev.javabgp.calico.resource;

import dev.javabgp.codec.nlri.IpPrefix;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@code BGPConfiguration}. The one named {@code default} holds the cluster's settings; one named
 * {@code node.<nodename>} overrides some of them for that node. A field left out is null here, so
 * that an override can tell it from a value; {@link dev.javabgp.calico.CalicoConfig} applies
 * Calico's defaults.
 *
 * @param name the resource's name
 * @param apiVersion the version it was written under
 * @param logSeverityScreen the least severe level logged; Calico's default {@code Info}
 * @param nodeToNodeMeshEnabled peer with every other node; Calico's default true
 * @param asNumber the nodes' AS number unless a Node says otherwise; Calico's default 64512
 * @param listenPort where BGP listens; Calico's default 179
 * @param bindMode where the listener binds; Calico's default {@code None} (every address)
 * @param serviceClusterIPs ranges of service cluster IPs to announce
 * @param serviceExternalIPs ranges of service external IPs to announce
 * @param serviceLoadBalancerIPs ranges of service load-balancer IPs to announce
 * @param prefixAdvertisements communities per announced prefix
 * @param nodeMeshPassword the TCP-MD5 password of mesh sessions, or null
 * @param nodeMeshMaxRestartTime the graceful restart time of mesh sessions, or null
 */
public record BgpConfiguration(String name, ApiVersion apiVersion, LogSeverity logSeverityScreen, Boolean nodeToNodeMeshEnabled,
        Long asNumber, Integer listenPort, BindMode bindMode, List<IpPrefix> serviceClusterIPs, List<IpPrefix> serviceExternalIPs,
        List<IpPrefix> serviceLoadBalancerIPs, List<PrefixAdvertisement> prefixAdvertisements, Password nodeMeshPassword,
        Duration nodeMeshMaxRestartTime) {

    /** Calico's default AS number, from the private range (RFC 6996). */
    public static final long DEFAULT_AS_NUMBER = 64512;
    /** BGP's port (RFC 4271 §8.2.1). */
    public static final int DEFAULT_LISTEN_PORT = 179;

    public BgpConfiguration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        serviceClusterIPs = List.copyOf(serviceClusterIPs);
        serviceExternalIPs = List.copyOf(serviceExternalIPs);
        serviceLoadBalancerIPs = List.copyOf(serviceLoadBalancerIPs);
        prefixAdvertisements = List.copyOf(prefixAdvertisements);
    }

    /** A configuration with nothing set, as Calico behaves without one. */
    public static BgpConfiguration empty(String name) {
        return new BgpConfiguration(name, ApiVersion.PROJECTCALICO_V3, null, null, null, null, null, List.of(), List.of(), List.of(),
                List.of(), null, null);
    }
}
