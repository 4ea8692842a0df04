package dev.javabgp.core;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.table.RouteTable;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the Loc-RIB's changes into dataplane batches: a changed prefix with a learned best route
 * is installed (or replaced) with its next hop, any other changed prefix removed. Both are
 * idempotent, so nothing per prefix is remembered here. Locally originated routes are not installed:
 * they live on this node.
 */
final class DataplaneFeed implements Rib.Listener {

    private List<ForwardingRoute> routes = new ArrayList<>();
    private List<IpPrefix> removed = new ArrayList<>();

    /** The forwarding table holds best routes only: other paths' changes need no netlink request. */
    @Override
    public boolean bestPathsOnly() {
        return true;
    }

    @Override
    public void changed(Rib rib, RouteTable table, int[] prefixIds, int count) {
        for (int i = 0; i < count; i++) {
            int id = prefixIds[i];
            IpPrefix prefix = rib.prefix(table, id);
            int best = table.best(id);
            InetAddress nextHop = best < 0 || table.paths().peer(best) == Rib.LOCAL ? null
                    : rib.attributes(table, best).nextHopAddress();
            if (nextHop == null) {
                removed.add(prefix);
            } else {
                routes.add(new ForwardingRoute(prefix, nextHop));
            }
        }
    }

    /** Every learned best route of a table, for a synchronisation of the whole state. */
    static void bestRoutes(Rib rib, RouteTable table, List<ForwardingRoute> into) {
        for (int id = 0; id < table.prefixes().idLimit(); id++) {
            if (!table.prefixes().live(id)) {
                continue;
            }
            int best = table.best(id);
            InetAddress nextHop = best < 0 || table.paths().peer(best) == Rib.LOCAL ? null
                    : rib.attributes(table, best).nextHopAddress();
            if (nextHop != null) {
                into.add(new ForwardingRoute(rib.prefix(table, id), nextHop));
            }
        }
    }

    /** The changes gathered since the last call, as one batch. */
    DataplaneBatch drain() {
        DataplaneBatch batch = new DataplaneBatch(routes, removed, List.of(), List.of());
        routes = new ArrayList<>();
        removed = new ArrayList<>();
        return batch;
    }

}
