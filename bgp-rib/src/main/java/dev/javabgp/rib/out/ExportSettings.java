package dev.javabgp.rib.out;

import dev.javabgp.rib.policy.Policy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Objects;

/**
 * What the peers of one update group share: their role towards us, their export policy and the
 * next hop we give them. Peers with equal settings share one computation and one encoding.
 *
 * @param nextHopSelf our IPv4 address towards the group, written as NEXT_HOP where the route's is
 *     replaced (always towards eBGP, and towards iBGP with {@code forceNextHopSelf}); may be null
 *     for an IPv6-only group
 * @param nextHopSelf6 our IPv6 address towards the group, for MP_REACH_NLRI; may be null
 * @param keepOriginalNextHop towards eBGP, leave the next hop as received
 * @param forceNextHopSelf towards iBGP, replace the next hop with ours (next-hop-self)
 * @param lateralPeers the peers are bilateral peers rather than transit customers or providers, so
 *     routes marked NO_PEER are not sent to them (RFC 3765 §2; RFC 9234's role "peer")
 * @param pathsPerPrefix 1 to send the best path only; more to send that many of the best paths with
 *     ADD-PATH identifiers (RFC 7911), {@link #ALL_PATHS} to send every path
 * @param localAs 0, or the AS the group's peers know us by when it is not the RIB's own: the AS
 *     prepended towards eBGP
 */
public record ExportSettings(Role role, Policy exportPolicy, Inet4Address nextHopSelf, Inet6Address nextHopSelf6,
        boolean keepOriginalNextHop, boolean forceNextHopSelf, boolean lateralPeers, int pathsPerPrefix, long localAs) {

    public static final int ALL_PATHS = Integer.MAX_VALUE;

    /** The group's peers' relationship to us. */
    public enum Role {
        /** eBGP peers (RFC 4271). */
        EXTERNAL,
        /** iBGP peers that are not route-reflector clients. */
        INTERNAL,
        /** iBGP route-reflector clients (RFC 4456). */
        ROUTE_REFLECTOR_CLIENT,
        /** Clients of a transparent route server (RFC 7947). */
        ROUTE_SERVER_CLIENT
    }

    public ExportSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        if (pathsPerPrefix < 1) {
            throw new IllegalArgumentException("pathsPerPrefix must be at least 1, not " + pathsPerPrefix);
        }
        if (localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local AS must be 0 (the RIB's) or 1..4294967295, not " + localAs);
        }
    }

    public ExportSettings withLocalAs(long value) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, nextHopSelf6, keepOriginalNextHop, forceNextHopSelf,
                lateralPeers, pathsPerPrefix, value);
    }

    public static ExportSettings of(Role role, Inet4Address nextHopSelf) {
        return new ExportSettings(role, Policy.ACCEPT_ALL, nextHopSelf, null, false, false, false, 1, 0);
    }

    public ExportSettings withExportPolicy(Policy policy) {
        return new ExportSettings(role, policy, nextHopSelf, nextHopSelf6, keepOriginalNextHop, forceNextHopSelf, lateralPeers, pathsPerPrefix, localAs);
    }

    public ExportSettings withNextHopSelf6(Inet6Address address) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, address, keepOriginalNextHop, forceNextHopSelf, lateralPeers, pathsPerPrefix, localAs);
    }

    public ExportSettings withForceNextHopSelf(boolean value) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, nextHopSelf6, keepOriginalNextHop, value, lateralPeers, pathsPerPrefix, localAs);
    }

    public ExportSettings withKeepOriginalNextHop(boolean value) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, nextHopSelf6, value, forceNextHopSelf, lateralPeers, pathsPerPrefix, localAs);
    }

    public ExportSettings withLateralPeers(boolean value) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, nextHopSelf6, keepOriginalNextHop, forceNextHopSelf, value, pathsPerPrefix, localAs);
    }

    public ExportSettings withPathsPerPrefix(int value) {
        return new ExportSettings(role, exportPolicy, nextHopSelf, nextHopSelf6, keepOriginalNextHop, forceNextHopSelf,
                lateralPeers, value, localAs);
    }

    public boolean external() {
        return role == Role.EXTERNAL;
    }
}
