package dev.javabgp.core.dataplane;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * Changes to apply together: routes to install or replace, prefixes to remove, tunnel endpoints to
 * add or replace, and endpoints (by underlay address) to remove.
 */
public record DataplaneBatch(List<ForwardingRoute> routes, List<IpPrefix> removedRoutes, List<TunnelEndpoint> tunnels,
        List<InetAddress> removedTunnels) {

    public DataplaneBatch {
        routes = List.copyOf(routes);
        removedRoutes = List.copyOf(removedRoutes);
        tunnels = List.copyOf(tunnels);
        removedTunnels = List.copyOf(removedTunnels);
    }

    public boolean isEmpty() {
        return routes.isEmpty() && removedRoutes.isEmpty() && tunnels.isEmpty() && removedTunnels.isEmpty();
    }
}
