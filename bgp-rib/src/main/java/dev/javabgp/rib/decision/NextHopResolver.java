package dev.javabgp.rib.decision;

import java.net.InetAddress;

/**
 * Tells the decision process whether a next hop is reachable and at what interior cost
 * (RFC 4271 §9.1.2.1, §9.1.2.2 e). Plug in the IGP or the kernel's routing table.
 */
@FunctionalInterface
public interface NextHopResolver {

    long UNREACHABLE = -1;

    /** Every next hop is reachable at cost 0: directly connected peers, route servers, tests. */
    NextHopResolver CONNECTED = nextHop -> 0;

    /** The cost to reach {@code nextHop}, or {@link #UNREACHABLE}. */
    long cost(InetAddress nextHop);
}
