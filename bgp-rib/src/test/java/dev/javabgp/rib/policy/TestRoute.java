package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttribute;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.rib.PeerInfo;

/** An immutable {@link RouteContext} for tests: a prefix, attributes and a peer. */
record TestRoute(AddressFamily family, int prefixLength, long addressHigh, long addressLow, PathAttributes attributes,
        PeerInfo peer) implements RouteContext {

    static final PeerInfo EBGP_PEER =
            new PeerInfo(Addresses.ipv4("192.0.2.1"), 65001, Addresses.ipv4("192.0.2.1"), true, false, false);
    static final PeerInfo IBGP_PEER =
            new PeerInfo(Addresses.ipv6("2001:db8:ffff::2"), 64512, Addresses.ipv4("198.51.100.2"), false, true, false);

    /** ORIGIN IGP, AS_PATH 65001 65002, NEXT_HOP 192.0.2.1. */
    static final PathAttributes IPV4_ATTRIBUTES =
            PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 65002), NextHop.of("192.0.2.1"));

    /** ORIGIN IGP, AS_PATH 65001 65002, MP_REACH_NLRI via 2001:db8::1 with no prefixes. */
    static final PathAttributes IPV6_ATTRIBUTES = PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 65002),
            new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8::1"),
                    PrefixBlock.empty(AddressFamily.IPV6_UNICAST)));

    /** A route to {@code prefix} from {@link #EBGP_PEER} with the default attributes of its family. */
    static TestRoute route(String prefix) {
        return route(IpPrefix.parse(prefix));
    }

    static TestRoute route(IpPrefix prefix) {
        byte[] a = prefix.address();
        long high = 0;
        long low = 0;
        for (int i = 0; i < a.length; i++) {
            if (i < 8) {
                high |= (a[i] & 0xFFL) << (56 - 8 * i);
            } else {
                low |= (a[i] & 0xFFL) << (56 - 8 * (i - 8));
            }
        }
        return new TestRoute(prefix.family(), prefix.length(), high, low,
                prefix.isIpv4() ? IPV4_ATTRIBUTES : IPV6_ATTRIBUTES, EBGP_PEER);
    }

    /** This route with {@code extra} added to (or replacing those of the same type in) its attributes. */
    TestRoute with(PathAttribute... extra) {
        PathAttributes a = attributes;
        for (PathAttribute p : extra) {
            a = a.with(p);
        }
        return withAttributes(a);
    }

    TestRoute withAttributes(PathAttributes a) {
        return new TestRoute(family, prefixLength, addressHigh, addressLow, a, peer);
    }

    TestRoute from(PeerInfo p) {
        return new TestRoute(family, prefixLength, addressHigh, addressLow, attributes, p);
    }
}
