package dev.javabgp.calico.service;

/** A Service's {@code externalTrafficPolicy} or {@code internalTrafficPolicy}. */
public enum TrafficPolicy {
    /** Any node may take the traffic and forward it to an endpoint anywhere (Kubernetes' default). */
    CLUSTER,
    /** Only nodes with a ready endpoint of the service take its traffic. */
    LOCAL;

    /** Kubernetes' spelling, {@code Cluster} or {@code Local}. */
    public String spelling() {
        return this == CLUSTER ? "Cluster" : "Local";
    }
}
