package dev.javabgp.core;

import dev.javabgp.rib.Route;
import java.util.List;

/**
 * Hears of changes to the best routes. A listener added to a running speaker first receives every
 * best route it holds as one batch, then each later batch of changes, in order, on the speaker's
 * event loop: it misses nothing in between. Keep it quick; what it throws is logged and changes
 * nothing else: it stays registered and the speaker carries on.
 */
@FunctionalInterface
public interface RouteListener {

    /**
     * @param best the new best route of each changed prefix
     * @param withdrawn prefixes that no longer have any route
     */
    void routesChanged(List<Route> best, List<dev.javabgp.codec.nlri.IpPrefix> withdrawn);
}
