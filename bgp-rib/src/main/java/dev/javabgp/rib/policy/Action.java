package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.AttributeType;
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A change to a route's path attributes. Implementations are immutable values; {@link #apply}
 * returns its input itself when the change would make no difference, so a policy that changes
 * nothing returns the attributes it was given.
 *
 * <p>The kinds: {@link SetLocalPref}, {@link SetMed}, {@link RemoveMed}, {@link Prepend}, {@link
 * SetNextHop}, {@link SetOrigin}, and the community actions of {@link CommunityAction}.
 */
public interface Action {

    /**
     * Applies the change.
     *
     * @param route the route, for its family (some actions depend on it)
     * @param attributes the attributes as changed so far
     * @return {@code attributes} itself if nothing changes, else the changed set
     */
    PathAttributes apply(RouteContext route, PathAttributes attributes);

    /** True if the result may depend on the route's prefix address or length. */
    boolean dependsOnPrefix();

    /** True if the result may depend on {@link RouteContext#peer()}. */
    boolean dependsOnPeer();

    static Action setLocalPref(long value) {
        return new SetLocalPref(value);
    }

    static Action setMed(long value) {
        return new SetMed(value);
    }

    static Action removeMed() {
        return new RemoveMed();
    }

    static Action prepend(long asn, int times) {
        return new Prepend(asn, times);
    }

    /** Sets the next hop to the IPv4 or IPv6 address {@code address}. */
    static Action setNextHop(String address) {
        IpPrefix p = IpPrefix.parse(address);
        if (p.length() != (p.isIpv4() ? 32 : 128) || address.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + address + "' is not a next hop: expected one address such as 192.0.2.1 or 2001:db8::1");
        }
        return new SetNextHop(Addresses.ofBytes(p.address()), null);
    }

    static Action setOrigin(Origin origin) {
        return new SetOrigin(origin);
    }

    /** Sets LOCAL_PREF (RFC 4271 §5.1.5) to {@code value}, 0..4294967295. */
    record SetLocalPref(long value) implements Action {
        public SetLocalPref {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("LOCAL_PREF " + value + " is out of range: it must be 0..4294967295");
            }
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            LocalPref current = attributes.localPref();
            return current != null && current.value() == value ? attributes : attributes.with(new LocalPref(value));
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "set local-pref " + value;
        }
    }

    /** Sets MULTI_EXIT_DISC (RFC 4271 §5.1.4) to {@code value}, 0..4294967295. */
    record SetMed(long value) implements Action {
        public SetMed {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("MED " + value + " is out of range: it must be 0..4294967295");
            }
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            MultiExitDisc current = attributes.multiExitDisc();
            return current != null && current.value() == value ? attributes : attributes.with(new MultiExitDisc(value));
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "set med " + value;
        }
    }

    /** Removes MULTI_EXIT_DISC (RFC 4271 §5.1.4). */
    record RemoveMed() implements Action {
        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            return attributes.multiExitDisc() == null ? attributes : attributes.without(AttributeType.MULTI_EXIT_DISC);
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "remove med";
        }
    }

    /**
     * Prepends {@code asn} to AS_PATH {@code times} times (RFC 4271 §5.1.2), e.g. to make a path less
     * preferred. The path holds 4-octet AS numbers; on a 2-octet session the codec writes AS_TRANS
     * and AS4_PATH for an AS above 65535 (RFC 6793 §4.2.2). A route without AS_PATH gets one.
     */
    record Prepend(long asn, int times) implements Action {
        public Prepend {
            Bits.checkAsn(asn, "prepend");
            if (times < 1 || times > 255) {
                throw new IllegalArgumentException("prepend " + times + " times is out of range: prepend 1..255 times");
            }
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            AsPath path = attributes.asPath();
            if (path == null) {
                path = AsPath.EMPTY;
            }
            for (int i = 0; i < times; i++) {
                path = path.prepend(asn);
            }
            return attributes.with(path);
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "prepend " + asn + (times == 1 ? "" : " x" + times);
        }
    }

    /**
     * Sets the next hop.
     *
     * <ul>
     *   <li>IPv4 routes, IPv4 address: NEXT_HOP (RFC 4271 §5.1.3); if the attributes carry an
     *       MP_REACH_NLRI of the route's family instead, its next hop.
     *   <li>IPv6 routes: the next hop of MP_REACH_NLRI (RFC 4760 §3, RFC 2545 §3), created if
     *       absent; its prefixes stay as they were (the RIB keeps them empty) and the link-local next
     *       hop becomes {@code linkLocal}. An IPv4 address cannot be an IPv6 route's next hop, so
     *       IPv6 routes are left unchanged by an IPv4 {@code address}.
     *   <li>IPv4 routes, IPv6 address: an MP_REACH_NLRI of the route's family with that next hop,
     *       and no NEXT_HOP (RFC 8950).
     * </ul>
     *
     * @param linkLocal the link-local IPv6 next hop to go with an IPv6 {@code address}, or null
     */
    record SetNextHop(InetAddress address, Inet6Address linkLocal) implements Action {
        public SetNextHop {
            Objects.requireNonNull(address, "address");
            if (linkLocal != null && !(address instanceof Inet6Address)) {
                throw new IllegalArgumentException("a link-local next hop " + linkLocal.getHostAddress()
                        + " goes with an IPv6 global next hop, not " + address.getHostAddress() + " (RFC 2545 §3)");
            }
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            AddressFamily family = route.family();
            boolean ipv4Route = family.afi() == AddressFamily.AFI_IPV4;
            MpReachNlri mp = attributes.mpReach();
            MpReachNlri current = mp != null && mp.family().equals(family) ? mp : null;
            if (ipv4Route && address instanceof Inet4Address v4 && current == null) {
                NextHop nh = attributes.nextHop();
                return nh != null && nh.address().equals(v4) ? attributes : attributes.with(new NextHop(v4));
            }
            if (!ipv4Route && !(address instanceof Inet6Address)) {
                return attributes;
            }
            if (current != null && current.nextHop().equals(address) && Objects.equals(current.linkLocalNextHop(), linkLocal)
                    && (!ipv4Route || attributes.nextHop() == null)) {
                return attributes; // unchanged, found without allocating
            }
            PrefixBlock nlri = current == null ? PrefixBlock.empty(family) : current.nlri();
            MpReachNlri updated = new MpReachNlri(family, address, linkLocal, nlri);
            PathAttributes out = updated.equals(current) ? attributes : attributes.with(updated);
            if (ipv4Route && out.nextHop() != null) {
                out = address instanceof Inet4Address v4
                        ? (out.nextHop().address().equals(v4) ? out : out.with(new NextHop(v4)))
                        : out.without(AttributeType.NEXT_HOP);
            }
            return out;
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "set next-hop " + address.getHostAddress() + (linkLocal == null ? "" : " " + linkLocal.getHostAddress());
        }
    }

    /** Sets ORIGIN (RFC 4271 §5.1.1). */
    record SetOrigin(Origin origin) implements Action {
        public SetOrigin {
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            return attributes.origin() == origin ? attributes : attributes.with(origin);
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "set origin " + origin;
        }
    }
}
