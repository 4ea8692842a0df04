package dev.javabgp.codec.attribute;

import java.util.ArrayList;
import java.util.List;

/**
 * AS_PATH (RFC 4271 §5.1.2) with 4-octet AS numbers throughout (RFC 6793). On a session without the
 * 4-octet capability the codec converts to and from the 2-octet form with AS4_PATH.
 */
public record AsPath(List<AsPathSegment> segments) implements PathAttribute {

    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
        segments = List.copyOf(segments);
    }

    /** A path of one AS_SEQUENCE; empty if no AS numbers are given. */
    public static AsPath sequence(long... asns) {
        return asns.length == 0 ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(asns)));
    }

    public static AsPath of(AsPathSegment... segments) {
        return new AsPath(List.of(segments));
    }

    /** Path length for route selection (RFC 4271 §9.1.2.2 a; RFC 5065 §5.3). */
    public int pathLength() {
        int n = 0;
        for (int i = 0; i < segments.size(); i++) {
            n += segments.get(i).pathLengthContribution();
        }
        return n;
    }

    /** The leftmost AS of the first AS_SEQUENCE, i.e. the neighbour AS; -1 if none. */
    public long firstAs() {
        for (int i = 0; i < segments.size(); i++) {
            AsPathSegment s = segments.get(i);
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE) {
                return s.asn(0);
            }
            if (!s.type().isConfederation()) {
                return -1;
            }
        }
        return -1;
    }

    /** How many times {@code asn} occurs in the path, for loop detection (RFC 4271 §9.1.2). */
    public int occurrences(long asn) {
        int bits = (int) asn;
        int n = 0;
        for (int j = 0; j < segments.size(); j++) {
            AsPathSegment s = segments.get(j);
            for (int i = 0; i < s.size(); i++) {
                if (s.asnBits(i) == bits) {
                    n++;
                }
            }
        }
        return n;
    }

    /** This path with {@code asn} prepended to a leading AS_SEQUENCE (RFC 4271 §5.1.2). */
    public AsPath prepend(long asn) {
        List<AsPathSegment> out = new ArrayList<>(segments.size() + 1);
        if (!segments.isEmpty()
                && segments.get(0).type() == AsPathSegment.Type.AS_SEQUENCE
                && segments.get(0).size() < 255) {
            AsPathSegment first = segments.get(0);
            int[] raw = new int[first.size() + 1];
            raw[0] = (int) asn;
            System.arraycopy(first.raw(), 0, raw, 1, first.size());
            out.add(AsPathSegment.ofBits(AsPathSegment.Type.AS_SEQUENCE, raw));
            out.addAll(segments.subList(1, segments.size()));
        } else {
            out.add(AsPathSegment.sequence(asn));
            out.addAll(segments);
        }
        return new AsPath(out);
    }

    /** True if any segment is a confederation segment (RFC 5065). */
    public boolean hasConfederationSegments() {
        for (AsPathSegment s : segments) {
            if (s.type().isConfederation()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int typeCode() {
        return AttributeType.AS_PATH;
    }

    @Override
    public int flags() {
        return WELL_KNOWN;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AsPath[");
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(segments.get(i));
        }
        return sb.append(']').toString();
    }
}
