package dev.javabgp.codec.attribute;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * AGGREGATOR (RFC 4271 §5.1.7) with a 4-octet AS number; on a 2-octet session the codec uses
 * AS_TRANS and AS4_AGGREGATOR (RFC 6793 §4.2).
 */
public record Aggregator(long asn, Inet4Address address) implements PathAttribute {

    public Aggregator {
        Checks.unsigned32(asn, "AGGREGATOR AS");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public int typeCode() {
        return AttributeType.AGGREGATOR;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }

    @Override
    public String toString() {
        return "Aggregator[" + asn + " " + NetUtil.toAddressString(address) + "]";
    }
}
