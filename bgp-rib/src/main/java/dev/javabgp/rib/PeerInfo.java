package dev.javabgp.rib;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Who a route came from or goes to, as the RIB and policies see a peer.
 *
 * @param address the peer's transport address
 * @param asn the peer's AS number
 * @param routerId the peer's BGP identifier
 * @param external true for eBGP (the peer's AS differs from ours)
 * @param routeReflectorClient the peer is a route-reflector client of ours (RFC 4456)
 * @param routeServerClient the peer is a route-server client of ours (RFC 7947)
 */
public record PeerInfo(InetAddress address, long asn, Inet4Address routerId, boolean external, boolean routeReflectorClient,
        boolean routeServerClient) {

    public PeerInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routerId, "routerId");
        if (asn < 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS number must be 0..4294967295, not " + asn);
        }
    }
}
