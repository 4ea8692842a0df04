package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.AttributeType;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.PathAttributes;
import java.util.Arrays;

/**
 * Changes to the communities a route carries: standard (COMMUNITIES, RFC 1997), large
 * (LARGE_COMMUNITIES, RFC 8092) and extended (EXTENDED_COMMUNITIES, RFC 4360). Each kind can be
 * set (replacing what the route had), added to (values already present are not repeated) or
 * removed from. An attribute left with no values is removed rather than sent empty. Values are
 * written as {@link CommunityText} reads them.
 */
public sealed interface CommunityAction extends Action {

    /** Replaces the standard communities with {@code values}; none removes them all. */
    static CommunityAction setStandard(String... values) {
        return new SetStandard(standard(values));
    }

    static CommunityAction addStandard(String... values) {
        return new AddStandard(standard(values));
    }

    static CommunityAction removeStandard(String... values) {
        return new RemoveStandard(standard(values));
    }

    /** Removes the well-known communities (0xFFFF0000..0xFFFFFFFF, RFC 1997), e.g. before passing a route on. */
    static CommunityAction removeWellKnown() {
        return new RemoveWellKnown();
    }

    /** Replaces the large communities with {@code values}; none removes them all. */
    static CommunityAction setLarge(String... values) {
        return new SetLarge(large(values));
    }

    static CommunityAction addLarge(String... values) {
        return new AddLarge(large(values));
    }

    static CommunityAction removeLarge(String... values) {
        return new RemoveLarge(large(values));
    }

    /** Replaces the extended communities with {@code values}; none removes them all. */
    static CommunityAction setExtended(String... values) {
        return new SetExtended(extended(values));
    }

    static CommunityAction addExtended(String... values) {
        return new AddExtended(extended(values));
    }

    static CommunityAction removeExtended(String... values) {
        return new RemoveExtended(extended(values));
    }

    @Override
    default boolean dependsOnPrefix() {
        return false;
    }

    @Override
    default boolean dependsOnPeer() {
        return false;
    }

    private static int[] standard(String... values) {
        int[] v = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = CommunityText.parseStandard(values[i]);
        }
        return v;
    }

    private static int[] large(String... values) {
        int[] v = new int[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(CommunityText.parseLarge(values[i]), 0, v, 3 * i, 3);
        }
        return v;
    }

    private static long[] extended(String... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = CommunityText.parseExtended(values[i]);
        }
        return v;
    }

    private static String describe(String verb, int[] values) {
        StringBuilder sb = new StringBuilder(verb).append(" community [");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(CommunityText.formatStandard(values[i]));
        }
        return sb.append(']').toString();
    }

    private static String describeLarge(String verb, int[] triples) {
        StringBuilder sb = new StringBuilder(verb).append(" large-community [");
        for (int i = 0; i < triples.length; i += 3) {
            sb.append(i == 0 ? "" : ", ").append(CommunityText.formatLarge(triples, i));
        }
        return sb.append(']').toString();
    }

    private static String describeExtended(String verb, long[] values) {
        StringBuilder sb = new StringBuilder(verb).append(" extended-community [");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(CommunityText.formatExtended(values[i]));
        }
        return sb.append(']').toString();
    }

    private static int[] checkTriples(int[] triples) {
        if (triples.length % 3 != 0) {
            throw new IllegalArgumentException("large communities are triples; got " + triples.length + " numbers");
        }
        // Drop repeated triples, keeping the first.
        int[] out = new int[triples.length];
        int n = 0;
        outer:
        for (int i = 0; i < triples.length; i += 3) {
            for (int j = 0; j < n; j += 3) {
                if (out[j] == triples[i] && out[j + 1] == triples[i + 1] && out[j + 2] == triples[i + 2]) {
                    continue outer;
                }
            }
            out[n++] = triples[i];
            out[n++] = triples[i + 1];
            out[n++] = triples[i + 2];
        }
        return Arrays.copyOf(out, n);
    }

    // ---- standard communities (RFC 1997) -----------------------------------------------------

    /** Replaces COMMUNITIES with {@code values}; an empty array removes the attribute. */
    record SetStandard(int[] values) implements CommunityAction {
        public SetStandard {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            if (values.length == 0) {
                return attributes.communities() == null ? attributes : attributes.without(AttributeType.COMMUNITIES);
            }
            Communities c = attributes.communities();
            if (c != null && c.size() == values.length) {
                boolean same = true;
                for (int v : values) {
                    same &= c.contains(v);
                }
                if (same) {
                    return attributes; // the same set, perhaps in another order
                }
            }
            return attributes.with(new Communities(values));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetStandard s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe("set", values);
        }
    }

    /** Adds {@code values} to COMMUNITIES, after those already there. */
    record AddStandard(int[] values) implements CommunityAction {
        public AddStandard {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            Communities c = attributes.communities();
            if (c == null) {
                return values.length == 0 ? attributes : attributes.with(new Communities(values));
            }
            int[] out = null;
            int n = c.size();
            for (int v : values) {
                if (!c.contains(v)) {
                    if (out == null) {
                        out = Arrays.copyOf(c.values(), n + values.length);
                    }
                    out[n++] = v;
                }
            }
            return out == null ? attributes : attributes.with(new Communities(Arrays.copyOf(out, n)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AddStandard s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe("add", values);
        }
    }

    /** Removes {@code values} from COMMUNITIES. */
    record RemoveStandard(int[] values) implements CommunityAction {
        public RemoveStandard {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            Communities c = attributes.communities();
            if (c == null) {
                return attributes;
            }
            boolean any = false;
            for (int r : values) {
                any |= c.contains(r);
            }
            if (!any) {
                return attributes; // the common case, without allocating
            }
            int[] kept = new int[c.size()];
            int n = 0;
            for (int i = 0; i < kept.length; i++) {
                int v = c.get(i);
                boolean remove = false;
                for (int r : values) {
                    remove |= r == v;
                }
                if (!remove) {
                    kept[n++] = v;
                }
            }
            return keepStandard(attributes, kept, n);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RemoveStandard s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe("remove", values);
        }
    }

    /** Removes every well-known community: the values 0xFFFF0000..0xFFFFFFFF that RFC 1997 reserves. */
    record RemoveWellKnown() implements CommunityAction {
        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            Communities c = attributes.communities();
            if (c == null) {
                return attributes;
            }
            boolean any = false;
            for (int i = 0, size = c.size(); i < size; i++) {
                any |= c.get(i) >>> 16 == 0xFFFF;
            }
            if (!any) {
                return attributes; // the common case, without allocating
            }
            int[] kept = new int[c.size()];
            int n = 0;
            for (int i = 0; i < kept.length; i++) {
                int v = c.get(i);
                if (v >>> 16 != 0xFFFF) {
                    kept[n++] = v;
                }
            }
            return keepStandard(attributes, kept, n);
        }

        @Override
        public String toString() {
            return "remove well-known communities";
        }
    }

    private static PathAttributes keepStandard(PathAttributes attributes, int[] kept, int n) {
        if (n == kept.length) {
            return attributes;
        }
        return n == 0 ? attributes.without(AttributeType.COMMUNITIES)
                : attributes.with(new Communities(Arrays.copyOf(kept, n)));
    }

    // ---- large communities (RFC 8092) --------------------------------------------------------

    /** Replaces LARGE_COMMUNITIES with {@code triples}; an empty array removes the attribute. */
    record SetLarge(int[] triples) implements CommunityAction {
        public SetLarge {
            triples = checkTriples(triples);
        }

        @Override
        public int[] triples() {
            return triples.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            if (triples.length == 0) {
                return attributes.largeCommunities() == null ? attributes : attributes.without(AttributeType.LARGE_COMMUNITIES);
            }
            LargeCommunities c = attributes.largeCommunities();
            if (c != null && c.size() == triples.length / 3) {
                boolean same = true;
                for (int i = 0; i < triples.length; i += 3) {
                    same &= Bits.indexOfLarge(c, triples[i], triples[i + 1], triples[i + 2]) >= 0;
                }
                if (same) {
                    return attributes;
                }
            }
            return attributes.with(new LargeCommunities(triples));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetLarge s && Arrays.equals(s.triples, triples);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(triples);
        }

        @Override
        public String toString() {
            return describeLarge("set", triples);
        }
    }

    /** Adds {@code triples} to LARGE_COMMUNITIES, after those already there. */
    record AddLarge(int[] triples) implements CommunityAction {
        public AddLarge {
            triples = checkTriples(triples);
        }

        @Override
        public int[] triples() {
            return triples.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            LargeCommunities c = attributes.largeCommunities();
            if (c == null) {
                return triples.length == 0 ? attributes : attributes.with(new LargeCommunities(triples));
            }
            int[] out = null;
            int n = c.size() * 3;
            for (int i = 0; i < triples.length; i += 3) {
                if (Bits.indexOfLarge(c, triples[i], triples[i + 1], triples[i + 2]) < 0) {
                    if (out == null) {
                        out = Arrays.copyOf(c.triples(), n + triples.length);
                    }
                    out[n++] = triples[i];
                    out[n++] = triples[i + 1];
                    out[n++] = triples[i + 2];
                }
            }
            return out == null ? attributes : attributes.with(new LargeCommunities(Arrays.copyOf(out, n)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AddLarge s && Arrays.equals(s.triples, triples);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(triples);
        }

        @Override
        public String toString() {
            return describeLarge("add", triples);
        }
    }

    /** Removes {@code triples} from LARGE_COMMUNITIES. */
    record RemoveLarge(int[] triples) implements CommunityAction {
        public RemoveLarge {
            triples = checkTriples(triples);
        }

        @Override
        public int[] triples() {
            return triples.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            LargeCommunities c = attributes.largeCommunities();
            if (c == null) {
                return attributes;
            }
            boolean any = false;
            for (int r = 0; r < triples.length; r += 3) {
                any |= Bits.indexOfLarge(c, triples[r], triples[r + 1], triples[r + 2]) >= 0;
            }
            if (!any) {
                return attributes; // the common case, without allocating
            }
            int[] all = c.triples();
            int[] kept = new int[all.length];
            int n = 0;
            for (int i = 0; i < all.length; i += 3) {
                boolean remove = false;
                for (int r = 0; r < triples.length; r += 3) {
                    remove |= triples[r] == all[i] && triples[r + 1] == all[i + 1] && triples[r + 2] == all[i + 2];
                }
                if (!remove) {
                    kept[n++] = all[i];
                    kept[n++] = all[i + 1];
                    kept[n++] = all[i + 2];
                }
            }
            if (n == all.length) {
                return attributes;
            }
            return n == 0 ? attributes.without(AttributeType.LARGE_COMMUNITIES)
                    : attributes.with(new LargeCommunities(Arrays.copyOf(kept, n)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RemoveLarge s && Arrays.equals(s.triples, triples);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(triples);
        }

        @Override
        public String toString() {
            return describeLarge("remove", triples);
        }
    }

    // ---- extended communities (RFC 4360) -----------------------------------------------------

    /** Replaces EXTENDED_COMMUNITIES with {@code values}; an empty array removes the attribute. */
    record SetExtended(long[] values) implements CommunityAction {
        public SetExtended {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            if (values.length == 0) {
                return attributes.extendedCommunities() == null ? attributes : attributes.without(AttributeType.EXTENDED_COMMUNITIES);
            }
            ExtendedCommunities c = attributes.extendedCommunities();
            if (c != null && c.size() == values.length) {
                boolean same = true;
                for (long v : values) {
                    same &= Bits.indexOfExtended(c, v) >= 0;
                }
                if (same) {
                    return attributes;
                }
            }
            return attributes.with(new ExtendedCommunities(values));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetExtended s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describeExtended("set", values);
        }
    }

    /** Adds {@code values} to EXTENDED_COMMUNITIES, after those already there. */
    record AddExtended(long[] values) implements CommunityAction {
        public AddExtended {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            ExtendedCommunities c = attributes.extendedCommunities();
            if (c == null) {
                return values.length == 0 ? attributes : attributes.with(new ExtendedCommunities(values));
            }
            long[] out = null;
            int n = c.size();
            for (long v : values) {
                if (Bits.indexOfExtended(c, v) < 0) {
                    if (out == null) {
                        out = Arrays.copyOf(c.values(), n + values.length);
                    }
                    out[n++] = v;
                }
            }
            return out == null ? attributes : attributes.with(new ExtendedCommunities(Arrays.copyOf(out, n)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AddExtended s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describeExtended("add", values);
        }
    }

    /** Removes {@code values} from EXTENDED_COMMUNITIES. */
    record RemoveExtended(long[] values) implements CommunityAction {
        public RemoveExtended {
            values = Arrays.stream(values).distinct().toArray();
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        @Override
        public PathAttributes apply(RouteContext route, PathAttributes attributes) {
            ExtendedCommunities c = attributes.extendedCommunities();
            if (c == null) {
                return attributes;
            }
            boolean any = false;
            for (long r : values) {
                any |= Bits.indexOfExtended(c, r) >= 0;
            }
            if (!any) {
                return attributes; // the common case, without allocating
            }
            long[] kept = new long[c.size()];
            int n = 0;
            for (int i = 0; i < kept.length; i++) {
                long v = c.get(i);
                boolean remove = false;
                for (long r : values) {
                    remove |= r == v;
                }
                if (!remove) {
                    kept[n++] = v;
                }
            }
            if (n == kept.length) {
                return attributes;
            }
            return n == 0 ? attributes.without(AttributeType.EXTENDED_COMMUNITIES)
                    : attributes.with(new ExtendedCommunities(Arrays.copyOf(kept, n)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RemoveExtended s && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describeExtended("remove", values);
        }
    }
}
