package dev.javabgp.calico.service;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a discovery.k8s.io/v1 EndpointSlice that say where a service's endpoints run.
 *
 * @param namespace its namespace
 * @param name its name
 * @param serviceName its {@code kubernetes.io/service-name} label: the Service it belongs to
 * @param endpoints its endpoints
 */
public record EndpointSlice(String namespace, String name, String serviceName, List<Endpoint> endpoints) {

    public EndpointSlice {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceName, "serviceName");
        endpoints = List.copyOf(endpoints);
    }

    /**
     * One endpoint.
     *
     * @param addresses its addresses
     * @param ready {@code conditions.ready}; an absent condition counts as ready, as the
     *     EndpointSlice API tells consumers to read it
     * @param nodeName {@code nodeName}: where it runs, or null if not known
     */
    public record Endpoint(List<InetAddress> addresses, boolean ready, String nodeName) {
        public Endpoint {
            addresses = List.copyOf(addresses);
        }
    }
}
