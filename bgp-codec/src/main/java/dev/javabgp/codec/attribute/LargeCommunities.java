package dev.javabgp.codec.attribute;

import java.util.Arrays;

/**
 * LARGE_COMMUNITIES (RFC 8092): triples of unsigned 32-bit global administrator, local data 1 and
 * local data 2, held back to back in an int array.
 */
public record LargeCommunities(int[] triples) implements PathAttribute {

    public LargeCommunities {
        if (triples.length == 0 || triples.length % 3 != 0) {
            throw new IllegalArgumentException("large communities are triples; got " + triples.length + " values");
        }
        triples = triples.clone();
    }

    public static LargeCommunities of(long... triples) {
        int[] raw = new int[triples.length];
        for (int i = 0; i < triples.length; i++) {
            Checks.unsigned32(triples[i], "large community part");
            raw[i] = (int) triples[i];
        }
        return new LargeCommunities(raw);
    }

    @Override
    public int[] triples() {
        return triples.clone();
    }

    public int size() {
        return triples.length / 3;
    }

    public long globalAdministrator(int i) {
        return Integer.toUnsignedLong(triples[3 * i]);
    }

    public long localData1(int i) {
        return Integer.toUnsignedLong(triples[3 * i + 1]);
    }

    public long localData2(int i) {
        return Integer.toUnsignedLong(triples[3 * i + 2]);
    }

    @Override
    public int typeCode() {
        return AttributeType.LARGE_COMMUNITIES;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LargeCommunities c && Arrays.equals(c.triples, triples);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(triples);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LargeCommunities[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(globalAdministrator(i)).append(':').append(localData1(i)).append(':').append(localData2(i));
        }
        return sb.append(']').toString();
    }
}
