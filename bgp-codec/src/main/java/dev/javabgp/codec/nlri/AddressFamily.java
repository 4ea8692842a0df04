package dev.javabgp.codec.nlri;

/**
 * An address family: AFI and SAFI as carried in capabilities, MP_REACH_NLRI and ROUTE-REFRESH
 * (RFC 4760 §3). Any pair can be represented; only the IP unicast and multicast families carry
 * plain prefixes that this codec parses.
 */
public record AddressFamily(int afi, int safi) {

    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;
    public static final int SAFI_MULTICAST = 2;

    public static final AddressFamily IPV4_UNICAST = new AddressFamily(AFI_IPV4, SAFI_UNICAST);
    public static final AddressFamily IPV6_UNICAST = new AddressFamily(AFI_IPV6, SAFI_UNICAST);
    public static final AddressFamily IPV4_MULTICAST = new AddressFamily(AFI_IPV4, SAFI_MULTICAST);
    public static final AddressFamily IPV6_MULTICAST = new AddressFamily(AFI_IPV6, SAFI_MULTICAST);

    public AddressFamily {
        if (afi < 0 || afi > 0xFFFF) {
            throw new IllegalArgumentException("AFI must fit in 16 bits: " + afi);
        }
        if (safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("SAFI must fit in 8 bits: " + safi);
        }
    }

    /** The canonical instance for well-known families, so they can be compared cheaply. */
    public static AddressFamily of(int afi, int safi) {
        if (afi == AFI_IPV4 && safi == SAFI_UNICAST) {
            return IPV4_UNICAST;
        }
        if (afi == AFI_IPV6 && safi == SAFI_UNICAST) {
            return IPV6_UNICAST;
        }
        return new AddressFamily(afi, safi);
    }

    /** True for IPv4 and IPv6 unicast and multicast, whose NLRI are plain prefixes. */
    public boolean carriesPrefixes() {
        return (afi == AFI_IPV4 || afi == AFI_IPV6) && (safi == SAFI_UNICAST || safi == SAFI_MULTICAST);
    }

    /** Address length in bytes of this family's prefixes: 4 or 16. */
    public int addressBytes() {
        return switch (afi) {
            case AFI_IPV4 -> 4;
            case AFI_IPV6 -> 16;
            default -> throw new IllegalStateException(this + " has no IP address length");
        };
    }

    public int maxPrefixLength() {
        return addressBytes() * 8;
    }

    @Override
    public String toString() {
        String a = switch (afi) {
            case AFI_IPV4 -> "ipv4";
            case AFI_IPV6 -> "ipv6";
            default -> "afi" + afi;
        };
        String s = switch (safi) {
            case SAFI_UNICAST -> "unicast";
            case SAFI_MULTICAST -> "multicast";
            default -> "safi" + safi;
        };
        return a + "-" + s;
    }
}
