package dev.javabgp.core.interop;

import java.util.List;
import java.util.Objects;

/**
 * A route a daemon originates itself, with the attributes it announces.
 *
 * <p>Give a documentation next hop (203.0.113.x, 2001:db8::x): GoBGP and FRR drop routes whose
 * next hop is a loopback address, which is what "next hop self" would be here.
 *
 * @param prefix the prefix, e.g. {@code 198.51.100.0/24} or {@code 2001:db8:1::/48}
 * @param nextHop the next hop announced to every neighbour, or null for the daemon's own address
 * @param communities RFC 1997 communities as {@code "65001:100"}
 * @param largeCommunities RFC 8092 large communities as {@code "65001:1:2"}
 * @param med the MULTI_EXIT_DISC, or null for none
 */
public record StaticRoute(String prefix, String nextHop, List<String> communities,
                          List<String> largeCommunities, Long med) {

    public StaticRoute {
        Objects.requireNonNull(prefix, "prefix");
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }

    public static StaticRoute of(String prefix, String nextHop) {
        return new StaticRoute(prefix, nextHop, List.of(), List.of(), null);
    }

    public StaticRoute communities(String... value) {
        return new StaticRoute(prefix, nextHop, List.of(value), largeCommunities, med);
    }

    public StaticRoute largeCommunities(String... value) {
        return new StaticRoute(prefix, nextHop, communities, List.of(value), med);
    }

    public StaticRoute med(long value) {
        return new StaticRoute(prefix, nextHop, communities, largeCommunities, value);
    }

    public Family family() {
        return Family.of(prefix);
    }
}
