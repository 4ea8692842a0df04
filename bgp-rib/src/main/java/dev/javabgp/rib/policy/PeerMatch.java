package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.rib.PeerInfo;
import java.util.Objects;

/**
 * Conditions on {@link RouteContext#peer()}: the peer a route came from (import) or goes to
 * (export). A route with no peer (one we originate, on import) matches none of them.
 */
public sealed interface PeerMatch extends Match {

    /** Peers whose address lies within {@code prefix}, e.g. {@code "192.0.2.0/24"} or one address. */
    static PeerMatch addressIn(String prefix) {
        return new AddressIn(PrefixRange.orLonger(prefix));
    }

    /** Peers in AS {@code asn}. */
    static PeerMatch as(long asn) {
        return new As(asn);
    }

    /** eBGP peers (another AS than ours). */
    static PeerMatch external() {
        return new External(true);
    }

    /** iBGP peers (our own AS). */
    static PeerMatch internal() {
        return new External(false);
    }

    @Override
    default boolean dependsOnPrefix() {
        return false;
    }

    @Override
    default boolean dependsOnPeer() {
        return true;
    }

    /** Peers whose transport address lies within {@code within} (its length range is not used). */
    record AddressIn(PrefixRange within) implements PeerMatch {
        public AddressIn {
            Objects.requireNonNull(within, "within");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            PeerInfo peer = route.peer();
            return peer != null && within.containsAddress(peer.address());
        }

        @Override
        public String toString() {
            return "peer address in " + within.prefix();
        }
    }

    /** Peers in AS {@code asn}. */
    record As(long asn) implements PeerMatch {
        public As {
            Bits.checkAsn(asn, "peer AS");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            PeerInfo peer = route.peer();
            return peer != null && peer.asn() == asn;
        }

        @Override
        public String toString() {
            return "peer as " + asn;
        }
    }

    /** External (eBGP) peers when {@code external}, internal (iBGP) ones otherwise. */
    record External(boolean external) implements PeerMatch {
        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            PeerInfo peer = route.peer();
            return peer != null && peer.external() == external;
        }

        @Override
        public String toString() {
            return external ? "peer external" : "peer internal";
        }
    }
}
