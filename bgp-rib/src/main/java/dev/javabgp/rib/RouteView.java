package dev.javabgp.rib;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.policy.RouteContext;
import dev.javabgp.rib.table.PrefixTable;

/** The one mutable {@link RouteContext} a RIB component reuses for every route it shows a policy. */
public final class RouteView implements RouteContext {
    private AddressFamily family;
    private int length;
    private long high;
    private long low;
    private PathAttributes attributes;
    private PeerInfo peer;

    /** Shows prefix {@code id} of {@code prefixes}. */
    public RouteView set(PrefixTable prefixes, int id, PathAttributes attributes, PeerInfo peer) {
        return set(prefixes.family(), prefixes.lengthOf(id), prefixes.highOf(id), prefixes.lowOf(id), attributes, peer);
    }

    public RouteView set(AddressFamily family, int length, long high, long low, PathAttributes attributes, PeerInfo peer) {
        this.family = family;
        this.length = length;
        this.high = high;
        this.low = low;
        this.attributes = attributes;
        this.peer = peer;
        return this;
    }

    @Override
    public AddressFamily family() {
        return family;
    }

    @Override
    public int prefixLength() {
        return length;
    }

    @Override
    public long addressHigh() {
        return high;
    }

    @Override
    public long addressLow() {
        return low;
    }

    @Override
    public PathAttributes attributes() {
        return attributes;
    }

    @Override
    public PeerInfo peer() {
        return peer;
    }
}
