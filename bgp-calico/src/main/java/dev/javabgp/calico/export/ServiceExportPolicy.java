package dev.javabgp.calico.export;

import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.resource.PrefixAdvertisement;
import dev.javabgp.calico.service.KubeService;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.calico.service.TrafficPolicy;
import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Calico's policy for service addresses, as a pure function from configuration and services to
 * the prefixes one node announces:
 *
 * <ul>
 *   <li>every node announces each configured range (serviceClusterIPs, serviceExternalIPs,
 *       serviceLoadBalancerIPs) whole;
 *   <li>a Service whose traffic policy is {@code Local} ({@code internalTrafficPolicy} for cluster
 *       IPs, {@code externalTrafficPolicy} for external and load-balancer IPs) also gets the /32 or
 *       /128 of each of its addresses inside a configured range of that kind, from the nodes that
 *       have a ready endpoint of it;
 *   <li>an address outside every range of its kind is never announced, and {@code reasons} hears
 *       why;
 *   <li>each prefix carries the communities of every prefixAdvertisement whose CIDR holds it.
 * </ul>
 */
public final class ServiceExportPolicy {

    private ServiceExportPolicy() {}

    /** The kinds of service address, each with its own ranges and traffic policy. */
    private enum Kind {
        CLUSTER("cluster IP", "serviceClusterIPs"),
        EXTERNAL("external IP", "serviceExternalIPs"),
        LOAD_BALANCER("load-balancer IP", "serviceLoadBalancerIPs");

        final String noun;
        final String field;

        Kind(String noun, String field) {
            this.noun = noun;
            this.field = field;
        }
    }

    /**
     * The prefixes {@code ranges.nodeName()} announces, each with its communities, in prefix order.
     *
     * @param reasons hears one sentence per address that is not announced and why
     */
    public static Map<IpPrefix, List<Community>> desired(ServiceRanges ranges, ServiceSnapshot snapshot, Consumer<String> reasons) {
        Set<IpPrefix> prefixes = new LinkedHashSet<>();
        prefixes.addAll(ranges.clusterIPs());
        prefixes.addAll(ranges.externalIPs());
        prefixes.addAll(ranges.loadBalancerIPs());
        for (KubeService s : snapshot.services()) {
            add(prefixes, ranges, snapshot, s, Kind.CLUSTER, s.clusterIPs(), s.internalTrafficPolicy(), ranges.clusterIPs(), reasons);
            add(prefixes, ranges, snapshot, s, Kind.EXTERNAL, s.externalIPs(), s.externalTrafficPolicy(), ranges.externalIPs(), reasons);
            add(prefixes, ranges, snapshot, s, Kind.LOAD_BALANCER, s.loadBalancerIPs(), s.externalTrafficPolicy(),
                    ranges.loadBalancerIPs(), reasons);
        }
        Map<IpPrefix, List<Community>> out = new TreeMap<>();
        for (IpPrefix p : prefixes) {
            if (!p.isIpv4() && ranges.nextHopV6() == null) {
                reasons.accept(p + " is not announced: node " + ranges.nodeName() + " has no IPv6 address (Node spec.bgp.ipv6Address) "
                        + "to give as its next hop");
                continue;
            }
            out.put(p, communities(p, ranges.prefixAdvertisements()));
        }
        return out;
    }

    private static void add(Set<IpPrefix> prefixes, ServiceRanges ranges, ServiceSnapshot snapshot, KubeService service, Kind kind,
            List<InetAddress> addresses, TrafficPolicy policy, List<IpPrefix> configured, Consumer<String> reasons) {
        for (InetAddress a : addresses) {
            IpPrefix host = IpPrefix.of(a, a.getAddress().length * 8);
            if (configured.stream().noneMatch(r -> r.contains(host))) {
                reasons.accept("service " + service.key() + ": " + kind.noun + " " + a.getHostAddress() + " is not announced: it is "
                        + "outside every " + kind.field + " range (" + (configured.isEmpty() ? "none configured"
                        : String.join(", ", configured.stream().map(IpPrefix::toString).toList())) + ")");
                continue;
            }
            // Calico: only nodes with a local endpoint attract the traffic of a Local service, so the
            // source address survives; a Cluster service is reachable through the range from any node.
            if (policy == TrafficPolicy.LOCAL && snapshot.hasReadyEndpoint(service, ranges.nodeName())) {
                prefixes.add(host);
            }
        }
    }

    /** The communities of every prefixAdvertisement whose CIDR holds {@code prefix}, each once. */
    static List<Community> communities(IpPrefix prefix, List<PrefixAdvertisement> advertisements) {
        Set<Community> out = new LinkedHashSet<>();
        for (PrefixAdvertisement a : advertisements) {
            if (a.cidr().contains(prefix)) {
                out.addAll(a.communities());
            }
        }
        return new ArrayList<>(out);
    }
}
