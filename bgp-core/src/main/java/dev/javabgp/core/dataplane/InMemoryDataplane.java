package dev.javabgp.core.dataplane;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dataplane in memory: what a kernel would hold, for tests and dry runs. Thread-safe. */
public final class InMemoryDataplane implements Dataplane {

    private final Map<IpPrefix, ForwardingRoute> routes = new LinkedHashMap<>();
    private final Map<InetAddress, TunnelEndpoint> tunnels = new LinkedHashMap<>();
    private final List<DataplaneBatch> batches = new ArrayList<>();
    private int synchronizations;

    @Override
    public synchronized void apply(DataplaneBatch batch) {
        for (IpPrefix p : batch.removedRoutes()) {
            routes.remove(p);
        }
        for (ForwardingRoute r : batch.routes()) {
            routes.put(r.prefix(), r);
        }
        for (InetAddress a : batch.removedTunnels()) {
            tunnels.remove(a);
        }
        for (TunnelEndpoint t : batch.tunnels()) {
            tunnels.put(t.underlay(), t);
        }
        batches.add(batch);
    }

    /** Replaces the whole state, as a dataplane that owns everything it holds would. */
    @Override
    public synchronized void synchronize(List<ForwardingRoute> wanted, List<TunnelEndpoint> wantedTunnels) {
        routes.clear();
        tunnels.clear();
        apply(new DataplaneBatch(wanted, List.of(), wantedTunnels, List.of()));
        synchronizations++;
    }

    /** How often {@link #synchronize} was called. */
    public synchronized int synchronizations() {
        return synchronizations;
    }

    public synchronized Map<IpPrefix, ForwardingRoute> routes() {
        return Map.copyOf(routes);
    }

    public synchronized Map<InetAddress, TunnelEndpoint> tunnels() {
        return Map.copyOf(tunnels);
    }

    /** Every batch applied so far, in order. */
    public synchronized List<DataplaneBatch> batches() {
        return List.copyOf(batches);
    }
}
