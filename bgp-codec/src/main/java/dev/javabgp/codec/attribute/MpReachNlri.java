package dev.javabgp.codec.attribute;

import io.netty.util.NetUtil;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * MP_REACH_NLRI (RFC 4760 §3): reachable prefixes of a family with their next hop. An IPv6 next
 * hop may come with a link-local one (RFC 2545 §3); IPv4 prefixes may have an IPv6 next hop when
 * the extended next hop capability is negotiated (RFC 8950).
 *
 * @param linkLocalNextHop the link-local IPv6 next hop, or null
 */
public record MpReachNlri(AddressFamily family, InetAddress nextHop, Inet6Address linkLocalNextHop, PrefixBlock nlri)
        implements PathAttribute {

    public MpReachNlri {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(nlri, "nlri");
        if (!nlri.family().equals(family)) {
            throw new IllegalArgumentException("NLRI of " + nlri.family() + " in MP_REACH_NLRI of " + family);
        }
        if (family.afi() == AddressFamily.AFI_IPV6 && !(nextHop instanceof Inet6Address)) {
            throw new IllegalArgumentException("IPv6 routes need an IPv6 next hop, not " + nextHop.getHostAddress());
        }
        if (linkLocalNextHop != null && !(nextHop instanceof Inet6Address)) {
            throw new IllegalArgumentException("a link-local next hop goes with an IPv6 global next hop (RFC 2545 §3)");
        }
    }

    public MpReachNlri(AddressFamily family, InetAddress nextHop, PrefixBlock nlri) {
        this(family, nextHop, null, nlri);
    }

    /** Length of the Next Hop field on the wire: 4, 16 or 32. */
    public int nextHopLength() {
        if (nextHop instanceof Inet4Address) {
            return 4;
        }
        return linkLocalNextHop == null ? 16 : 32;
    }

    /** This attribute with other prefixes and the same next hop. */
    public MpReachNlri withNlri(PrefixBlock other) {
        return new MpReachNlri(family, nextHop, linkLocalNextHop, other);
    }

    @Override
    public int typeCode() {
        return AttributeType.MP_REACH_NLRI;
    }

    @Override
    public int flags() {
        return OPTIONAL_NON_TRANSITIVE;
    }

    @Override
    public String toString() {
        return "MpReachNlri[" + family + " via " + NetUtil.toAddressString(nextHop)
                + (linkLocalNextHop != null ? " " + NetUtil.toAddressString(linkLocalNextHop) : "") + " " + nlri + "]";
    }
}
