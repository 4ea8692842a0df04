package dev.javabgp.codec.capability;

/**
 * A capability advertised in OPEN (RFC 5492 §4). Known capabilities are typed; others are kept as
 * {@link UnknownCapability} with their raw bytes.
 */
public sealed interface Capability
        permits MultiprotocolCapability, RouteRefreshCapability, EnhancedRouteRefreshCapability,
                FourOctetAsCapability, GracefulRestartCapability, LongLivedGracefulRestartCapability,
                AddPathCapability, ExtendedNextHopCapability, ExtendedMessageCapability, RoleCapability,
                FqdnCapability, UnknownCapability {

    int MULTIPROTOCOL = 1;              // RFC 4760 §8
    int ROUTE_REFRESH = 2;              // RFC 2918 §2
    int EXTENDED_NEXT_HOP = 5;          // RFC 8950 §3
    int EXTENDED_MESSAGE = 6;           // RFC 8654 §3
    int ROLE = 9;                       // RFC 9234 §4.1
    int GRACEFUL_RESTART = 64;          // RFC 4724 §3
    int FOUR_OCTET_AS = 65;             // RFC 6793 §3
    int ADD_PATH = 69;                  // RFC 7911 §4
    int ENHANCED_ROUTE_REFRESH = 70;    // RFC 7313 §3.1
    int LONG_LIVED_GRACEFUL_RESTART = 71; // RFC 9494 §3
    int FQDN = 73;                      // draft-walton-bgp-hostname-capability

    /** Capability code. */
    int code();
}
