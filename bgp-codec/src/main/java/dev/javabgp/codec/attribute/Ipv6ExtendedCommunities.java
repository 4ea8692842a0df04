package dev.javabgp.codec.attribute;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * IPv6 Address Specific Extended Communities (RFC 5701): 20-octet values of type (2 octets), IPv6
 * global administrator (16) and local administrator (2), held back to back.
 */
public record Ipv6ExtendedCommunities(byte[] encoded) implements PathAttribute {

    public static final int SIZE = 20;

    public Ipv6ExtendedCommunities {
        if (encoded.length == 0 || encoded.length % SIZE != 0) {
            throw new IllegalArgumentException("IPv6 extended communities are 20 octets each; got " + encoded.length + " octets");
        }
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return encoded.length / SIZE;
    }

    /** The 20 octets of community {@code i}. */
    public byte[] get(int i) {
        return Arrays.copyOfRange(encoded, i * SIZE, (i + 1) * SIZE);
    }

    @Override
    public int typeCode() {
        return AttributeType.IPV6_EXTENDED_COMMUNITIES;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv6ExtendedCommunities c && Arrays.equals(c.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Ipv6ExtendedCommunities[" + HexFormat.of().formatHex(encoded) + "]";
    }
}
