package dev.javabgp.codec.attribute;

import java.util.Arrays;

/**
 * One AS_PATH segment (RFC 4271 §4.3, RFC 5065 §3 for the confederation types). AS numbers are
 * held as unsigned 32-bit values in an int array.
 */
public final class AsPathSegment {

    /** Segment types as on the wire. */
    public enum Type {
        AS_SET(1),
        AS_SEQUENCE(2),
        AS_CONFED_SEQUENCE(3),
        AS_CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The type for a wire code, or null if the code is not a segment type. */
        public static Type ofCode(int code) {
            return switch (code) {
                case 1 -> AS_SET;
                case 2 -> AS_SEQUENCE;
                case 3 -> AS_CONFED_SEQUENCE;
                case 4 -> AS_CONFED_SET;
                default -> null;
            };
        }

        public boolean isConfederation() {
            return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET;
        }

        public boolean isSet() {
            return this == AS_SET || this == AS_CONFED_SET;
        }
    }

    private final Type type;
    private final int[] asns;

    private AsPathSegment(Type type, int[] asns) {
        this.type = type;
        this.asns = asns;
    }

    /** A segment of 1 to 255 AS numbers (RFC 4271 §4.3: the count is one octet). */
    public static AsPathSegment of(Type type, long... asns) {
        if (asns.length == 0 || asns.length > 255) {
            throw new IllegalArgumentException("an AS_PATH segment holds 1 to 255 AS numbers, not " + asns.length);
        }
        int[] values = new int[asns.length];
        for (int i = 0; i < asns.length; i++) {
            if (asns[i] < 0 || asns[i] > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asns[i]);
            }
            values[i] = (int) asns[i];
        }
        return new AsPathSegment(type, values);
    }

    /** A segment from AS numbers given as raw 32-bit values (unsigned), as read from the wire. */
    public static AsPathSegment ofBits(Type type, int[] asnBits) {
        if (asnBits.length == 0 || asnBits.length > 255) {
            throw new IllegalArgumentException("an AS_PATH segment holds 1 to 255 AS numbers, not " + asnBits.length);
        }
        return new AsPathSegment(type, asnBits.clone());
    }

    /** The first {@code n} AS numbers of this segment. */
    public AsPathSegment prefix(int n) {
        return n == asns.length ? this : new AsPathSegment(type, Arrays.copyOf(asns, n));
    }

    /** This segment followed by {@code other}'s AS numbers, keeping this segment's type. */
    public AsPathSegment concat(AsPathSegment other) {
        int[] joined = Arrays.copyOf(asns, asns.length + other.asns.length);
        System.arraycopy(other.asns, 0, joined, asns.length, other.asns.length);
        return ofBits(type, joined);
    }

    public static AsPathSegment sequence(long... asns) {
        return of(Type.AS_SEQUENCE, asns);
    }

    public static AsPathSegment set(long... asns) {
        return of(Type.AS_SET, asns);
    }

    public Type type() {
        return type;
    }

    public int size() {
        return asns.length;
    }

    /** AS number {@code i} as an unsigned value. */
    public long asn(int i) {
        return Integer.toUnsignedLong(asns[i]);
    }

    /** AS number {@code i} as raw 32 bits, for callers that compare without widening. */
    public int asnBits(int i) {
        return asns[i];
    }

    int[] raw() {
        return asns;
    }

    /** Contribution to the path length of RFC 4271 §9.1.2.2 a: a set counts 1, confederations 0. */
    public int pathLengthContribution() {
        if (type.isConfederation()) {
            return 0; // RFC 5065 §5.3
        }
        return type == Type.AS_SET ? 1 : asns.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPathSegment s && s.type == type && Arrays.equals(s.asns, asns);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String open = switch (type) {
            case AS_SET -> "{";
            case AS_CONFED_SEQUENCE -> "(";
            case AS_CONFED_SET -> "[";
            case AS_SEQUENCE -> "";
        };
        sb.append(open);
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(type.isSet() ? "," : " ");
            }
            sb.append(Integer.toUnsignedString(asns[i]));
        }
        sb.append(switch (type) {
            case AS_SET -> "}";
            case AS_CONFED_SEQUENCE -> ")";
            case AS_CONFED_SET -> "]";
            case AS_SEQUENCE -> "";
        });
        return sb.toString();
    }
}
