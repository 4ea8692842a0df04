package dev.javabgp.rib.decision;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.rib.PeerInfo;

/**
 * What the decision process reads of one path; a RIB implements it over its own storage so that
 * selection needs no object per path.
 */
public interface Candidate {

    /** The attributes of path {@code path}. */
    PathAttributes attributes(int path);

    /** The peer path {@code path} came from; null for a locally originated route. */
    PeerInfo peer(int path);

    /** True for a long-lived stale path (RFC 9494 §4.3). */
    boolean longLivedStale(int path);

    /** The BGP identifier of the path's peer as an unsigned number; 0 for a local route. */
    long routerId(int path);

    /**
     * Half of the path's peer address as a number, for the last tie-breaker: {@code word} 0 the
     * upper 64 bits of an IPv6 address (0 for IPv4), 1 the rest; 0 for a local route.
     */
    long peerAddress(int path, int word);
}
