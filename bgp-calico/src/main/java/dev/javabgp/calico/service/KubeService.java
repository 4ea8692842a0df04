package dev.javabgp.calico.service;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a Kubernetes v1 Service that decide what is announced for it.
 *
 * @param namespace its namespace
 * @param name its name
 * @param clusterIPs {@code spec.clusterIPs} (or {@code spec.clusterIP}); empty for a headless service
 * @param externalIPs {@code spec.externalIPs}
 * @param loadBalancerIPs {@code status.loadBalancer.ingress[].ip}
 * @param externalTrafficPolicy {@code spec.externalTrafficPolicy}, for external and load-balancer IPs
 * @param internalTrafficPolicy {@code spec.internalTrafficPolicy}, for cluster IPs
 */
public record KubeService(String namespace, String name, List<InetAddress> clusterIPs, List<InetAddress> externalIPs,
        List<InetAddress> loadBalancerIPs, TrafficPolicy externalTrafficPolicy, TrafficPolicy internalTrafficPolicy) {

    public KubeService {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
        Objects.requireNonNull(internalTrafficPolicy, "internalTrafficPolicy");
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
