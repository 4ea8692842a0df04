package dev.javabgp.core.dataplane;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A route to install: a prefix and the next hop the speaker chose for it.
 *
 * @param nextHop where packets for the prefix go; an IPv6 route may name an IPv4 next hop only
 *     through RFC 8950
 */
public record ForwardingRoute(IpPrefix prefix, InetAddress nextHop) {
    public ForwardingRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(nextHop, "nextHop");
    }
}
