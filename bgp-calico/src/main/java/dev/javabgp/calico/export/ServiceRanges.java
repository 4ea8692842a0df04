package dev.javabgp.calico.export;

import dev.javabgp.calico.resource.PrefixAdvertisement;
import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a node announces for services, from BGPConfiguration: the configured ranges, the
 * communities per prefix, and the node's own addresses as next hops.
 *
 * @param nodeName the node whose local endpoints count for {@code Local} services
 * @param clusterIPs {@code serviceClusterIPs}
 * @param externalIPs {@code serviceExternalIPs}
 * @param loadBalancerIPs {@code serviceLoadBalancerIPs}
 * @param prefixAdvertisements {@code prefixAdvertisements}, names resolved
 * @param nextHopV4 the node's IPv4 address, the next hop of IPv4 prefixes
 * @param nextHopV6 the node's IPv6 address, the next hop of IPv6 prefixes, or null: then IPv6
 *     prefixes are not announced
 */
public record ServiceRanges(String nodeName, List<IpPrefix> clusterIPs, List<IpPrefix> externalIPs, List<IpPrefix> loadBalancerIPs,
        List<PrefixAdvertisement> prefixAdvertisements, InetAddress nextHopV4, InetAddress nextHopV6) {

    public ServiceRanges {
        Objects.requireNonNull(nodeName, "nodeName");
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        prefixAdvertisements = List.copyOf(prefixAdvertisements);
        Objects.requireNonNull(nextHopV4, "nextHopV4");
    }
}
