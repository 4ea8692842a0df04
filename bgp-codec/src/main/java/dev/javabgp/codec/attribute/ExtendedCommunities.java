package dev.javabgp.codec.attribute;

import java.util.Arrays;

/**
 * EXTENDED_COMMUNITIES (RFC 4360): 8-octet values; the high octets are type and sub-type
 * (§3), e.g. route target 0x0002.
 */
public record ExtendedCommunities(long[] values) implements PathAttribute {

    public ExtendedCommunities {
        values = values.clone();
    }

    public static ExtendedCommunities of(long... values) {
        return new ExtendedCommunities(values);
    }

    /** Two-octet-AS route target (RFC 4360 §4: type 0x00, sub-type 0x02). */
    public static long routeTarget(int asn, long value) {
        return 0x0002L << 48 | (long) (asn & 0xFFFF) << 32 | (value & 0xFFFF_FFFFL);
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public long get(int i) {
        return values[i];
    }

    @Override
    public int typeCode() {
        return AttributeType.EXTENDED_COMMUNITIES;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedCommunities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExtendedCommunities[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%016x", values[i]));
        }
        return sb.append(']').toString();
    }
}
