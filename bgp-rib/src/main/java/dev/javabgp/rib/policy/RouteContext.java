package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.PeerInfo;

/**
 * What a policy sees of one route. The RIB passes a flyweight it reuses from route to route, so a
 * policy must not keep a reference to it after {@link Policy#evaluate} returns.
 */
public interface RouteContext {

    AddressFamily family();

    /** Prefix length in bits. */
    int prefixLength();

    /** IPv4: the address in the upper 32 bits, lower bits zero; IPv6: the upper 64 bits. */
    long addressHigh();

    /** IPv6: the lower 64 bits; IPv4: zero. */
    long addressLow();

    PathAttributes attributes();

    /** The peer the route came from (import) or goes to (export). */
    PeerInfo peer();
}
