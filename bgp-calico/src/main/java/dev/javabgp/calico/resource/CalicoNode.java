package dev.javabgp.calico.resource;

import java.util.Map;
import java.util.Objects;

/**
 * A Calico {@code Node} with its {@code spec.bgp}.
 *
 * @param name the node's name, as Kubernetes knows it
 * @param apiVersion the version it was written under
 * @param labels the node's labels, for selectors
 * @param asNumber the node's own AS, or null for BGPConfiguration's
 * @param ipv4Address the node's IPv4 address and subnet, or null
 * @param ipv6Address the node's IPv6 address and subnet, or null
 * @param routeReflectorClusterID set when the node is a route reflector, or null
 */
public record CalicoNode(String name, ApiVersion apiVersion, Map<String, String> labels, Long asNumber, InterfaceAddress ipv4Address,
        InterfaceAddress ipv6Address, String routeReflectorClusterID) {

    public CalicoNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        labels = Map.copyOf(labels);
    }
}
