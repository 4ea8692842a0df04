package dev.javabgp.codec.attribute;

import java.util.Arrays;

/** COMMUNITIES (RFC 1997): 32-bit values, conventionally written {@code asn:value}. */
public record Communities(int[] values) implements PathAttribute {

    public static final int NO_EXPORT = 0xFFFFFF01;            // RFC 1997
    public static final int NO_ADVERTISE = 0xFFFFFF02;         // RFC 1997
    public static final int NO_EXPORT_SUBCONFED = 0xFFFFFF03;  // RFC 1997
    public static final int NO_PEER = 0xFFFFFF04;              // RFC 3765
    public static final int GRACEFUL_SHUTDOWN = 0xFFFF0000;    // RFC 8326
    public static final int ACCEPT_OWN = 0xFFFF0001;           // RFC 7611
    public static final int LLGR_STALE = 0xFFFF0006;           // RFC 9494
    public static final int NO_LLGR = 0xFFFF0007;              // RFC 9494
    public static final int BLACKHOLE = 0xFFFF029A;            // RFC 7999

    public Communities {
        values = values.clone();
    }

    public static Communities of(int... values) {
        return new Communities(values);
    }

    /** Parses {@code "65000:100"} style values. */
    public static int parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a community: expected ASN:VALUE such as 65000:100");
        }
        try {
            int high = Integer.parseInt(text.substring(0, colon));
            int low = Integer.parseInt(text.substring(colon + 1));
            if (high < 0 || high > 0xFFFF || low < 0 || low > 0xFFFF) {
                throw new IllegalArgumentException("'" + text + "' is not a community: both halves must be 0..65535");
            }
            return high << 16 | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a community: expected ASN:VALUE such as 65000:100", e);
        }
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public int get(int i) {
        return values[i];
    }

    public boolean contains(int community) {
        for (int v : values) {
            if (v == community) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int typeCode() {
        return AttributeType.COMMUNITIES;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Communities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Communities[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(values[i] >>> 16).append(':').append(values[i] & 0xFFFF);
        }
        return sb.append(']').toString();
    }
}
