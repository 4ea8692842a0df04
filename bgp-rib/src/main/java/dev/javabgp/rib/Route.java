package dev.javabgp.rib;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;

/**
 * One path as a value, for queries and tests; the RIB itself stores none of these.
 *
 * @param peer the peer it came from, or null for a locally originated route
 * @param pathId the ADD-PATH identifier it was received with (RFC 7911), or 0
 * @param best the decision process chose it
 * @param stale kept across the peer's graceful restart (RFC 4724) or as long-lived stale (RFC 9494)
 */
public record Route(IpPrefix prefix, PathAttributes attributes, PeerInfo peer, int pathId, boolean best, boolean stale) {}
