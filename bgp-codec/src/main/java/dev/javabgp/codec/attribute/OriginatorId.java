package dev.javabgp.codec.attribute;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.util.Objects;

/** ORIGINATOR_ID (RFC 4456 §8): the router ID of the route's originator within the AS. */
public record OriginatorId(Inet4Address id) implements PathAttribute {

    public OriginatorId {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public int typeCode() {
        return AttributeType.ORIGINATOR_ID;
    }

    @Override
    public int flags() {
        return OPTIONAL_NON_TRANSITIVE;
    }

    @Override
    public String toString() {
        return "OriginatorId[" + NetUtil.toAddressString(id) + "]";
    }
}
