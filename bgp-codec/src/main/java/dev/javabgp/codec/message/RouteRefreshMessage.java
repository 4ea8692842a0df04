package dev.javabgp.codec.message;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.Objects;

/**
 * ROUTE-REFRESH (RFC 2918 §3) with the message subtype of enhanced route refresh (RFC 7313 §3.2):
 * a plain request, or the beginning or end of a refresh.
 */
public record RouteRefreshMessage(AddressFamily family, int subtype) implements BgpMessage {

    public static final int REQUEST = 0;
    public static final int BEGIN_OF_ROUTE_REFRESH = 1; // BoRR
    public static final int END_OF_ROUTE_REFRESH = 2;   // EoRR

    public RouteRefreshMessage {
        Objects.requireNonNull(family, "family");
        if (subtype < 0 || subtype > 255) {
            throw new IllegalArgumentException("subtype is one octet, not " + subtype);
        }
    }

    public static RouteRefreshMessage request(AddressFamily family) {
        return new RouteRefreshMessage(family, REQUEST);
    }

    /** False for subtypes RFC 7313 does not define, which a receiver ignores (RFC 7313 §5). */
    public boolean isKnownSubtype() {
        return subtype <= END_OF_ROUTE_REFRESH;
    }

    @Override
    public int type() {
        return TYPE_ROUTE_REFRESH;
    }
}
