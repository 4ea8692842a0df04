package dev.javabgp.core.interop;

import java.util.List;
import java.util.Map;

/**
 * One path in a daemon's RIB, as read from the daemon's own CLI. Fields the daemon does not show are
 * null (scalars) or empty (lists).
 *
 * @param prefix e.g. {@code 198.51.100.0/24}
 * @param nextHop the (global) next hop
 * @param asPath the AS path as space-separated numbers, an AS_SET in braces: {@code "65004 {64512 64513}"};
 *     empty for a local route
 * @param communities e.g. {@code ["65001:100"]}
 * @param largeCommunities e.g. {@code ["65001:1:2"]}
 * @param med MULTI_EXIT_DISC or null
 * @param localPref LOCAL_PREF or null
 * @param originatorId ORIGINATOR_ID or null
 * @param clusterList CLUSTER_LIST, first entry first
 * @param from the address of the neighbour the path was learned from, null for a route the daemon
 *     originated itself
 * @param best true if this is the daemon's best path for the prefix
 * @param stale true if the daemon keeps the path only while its neighbour restarts (RFC 4724 §4.2)
 * @param other attributes the harness does not model, as the daemon shows them (e.g. BIRD's
 *     {@code "BGP.63 [t]" -> "de ad be ef"}, GoBGP's {@code "type 99" -> "0xc0: de ad be ef"} with the
 *     flags first, ExaBGP's JSON keys such as {@code "attribute-0x63-0xC0"})
 */
public record Route(String prefix, String nextHop, String asPath, List<String> communities,
                    List<String> largeCommunities, Long med, Long localPref, String originatorId,
                    List<String> clusterList, String from, boolean best, boolean stale, Map<String, String> other) {

    public Route {
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        clusterList = List.copyOf(clusterList);
        other = Map.copyOf(other);
    }

    /** True if the daemon learned this path from a neighbour rather than originating it. */
    public boolean learned() {
        return from != null;
    }
}
