package dev.javabgp.calico.service;

import java.util.List;

/** Every Service and EndpointSlice known at one moment. */
public record ServiceSnapshot(List<KubeService> services, List<EndpointSlice> endpointSlices) {

    /** No services. */
    public static final ServiceSnapshot EMPTY = new ServiceSnapshot(List.of(), List.of());

    public ServiceSnapshot {
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
    }

    /** True if {@code service} has a ready endpoint on {@code nodeName}. */
    public boolean hasReadyEndpoint(KubeService service, String nodeName) {
        for (EndpointSlice slice : endpointSlices) {
            if (!slice.namespace().equals(service.namespace()) || !slice.serviceName().equals(service.name())) {
                continue;
            }
            for (EndpointSlice.Endpoint e : slice.endpoints()) {
                if (e.ready() && nodeName.equals(e.nodeName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
