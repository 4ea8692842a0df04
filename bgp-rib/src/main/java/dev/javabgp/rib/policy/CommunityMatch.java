package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.PathAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Conditions on the communities a route carries: standard (RFC 1997), large (RFC 8092) and
 * extended (RFC 4360). Each tests whether the route carries any, all, or none of a set of values; a
 * route without the attribute carries none. Values are written as {@link CommunityText} reads them.
 */
public sealed interface CommunityMatch extends Match {

    /** How the values of a community match combine. */
    enum Quantifier {
        /** The route carries at least one of the values. */
        ANY_OF,
        /** The route carries every one of the values. */
        ALL_OF,
        /** The route carries none of the values. */
        NONE_OF;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The outcome, from how many of {@code wanted} values were found. */
        boolean holds(int found, int wanted) {
            return switch (this) {
                case ANY_OF -> found > 0;
                case ALL_OF -> found == wanted;
                case NONE_OF -> found == 0;
            };
        }
    }

    /** Standard communities such as {@code "65000:100"} or {@code "no-export"}. */
    static Standard standard(Quantifier quantifier, String... values) {
        int[] v = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = CommunityText.parseStandard(values[i]);
        }
        return new Standard(quantifier, v);
    }

    /** Large communities such as {@code "65000:1:2"}. */
    static Large large(Quantifier quantifier, String... values) {
        int[] v = new int[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(CommunityText.parseLarge(values[i]), 0, v, 3 * i, 3);
        }
        return new Large(quantifier, v);
    }

    /** Extended communities such as {@code "rt:65000:100"}. */
    static Extended extended(Quantifier quantifier, String... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = CommunityText.parseExtended(values[i]);
        }
        return new Extended(quantifier, v);
    }

    @Override
    default boolean dependsOnPrefix() {
        return false;
    }

    @Override
    default boolean dependsOnPeer() {
        return false;
    }

    private static void checkNotEmpty(int n, String what) {
        if (n == 0) {
            throw new IllegalArgumentException("a " + what + " match needs at least one value to look for");
        }
    }

    /**
     * Standard communities (RFC 1997), as 32-bit values.
     *
     * @param values the values, {@code asn << 16 | value}
     */
    record Standard(Quantifier quantifier, int[] values) implements CommunityMatch {
        public Standard {
            Objects.requireNonNull(quantifier, "quantifier");
            values = Arrays.stream(values).distinct().toArray();
            checkNotEmpty(values.length, "community");
        }

        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            Communities c = attributes.communities();
            int found = 0;
            if (c != null) {
                for (int v : values) {
                    if (c.contains(v)) {
                        found++;
                    }
                }
            }
            return quantifier.holds(found, values.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Standard s && s.quantifier == quantifier && Arrays.equals(s.values, values);
        }

        @Override
        public int hashCode() {
            return quantifier.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("community ").append(quantifier.text()).append(" [");
            for (int i = 0; i < values.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(CommunityText.formatStandard(values[i]));
            }
            return sb.append(']').toString();
        }
    }

    /**
     * Large communities (RFC 8092).
     *
     * @param triples global administrator, local data 1 and local data 2 of each value, back to back
     */
    record Large(Quantifier quantifier, int[] triples) implements CommunityMatch {
        public Large {
            Objects.requireNonNull(quantifier, "quantifier");
            if (triples.length % 3 != 0) {
                throw new IllegalArgumentException("large communities are triples; got " + triples.length + " numbers");
            }
            triples = triples.clone();
            checkNotEmpty(triples.length, "large community");
        }

        @Override
        public int[] triples() {
            return triples.clone();
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            LargeCommunities c = attributes.largeCommunities();
            int found = 0;
            if (c != null) {
                for (int i = 0; i < triples.length; i += 3) {
                    if (Bits.indexOfLarge(c, triples[i], triples[i + 1], triples[i + 2]) >= 0) {
                        found++;
                    }
                }
            }
            return quantifier.holds(found, triples.length / 3);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Large l && l.quantifier == quantifier && Arrays.equals(l.triples, triples);
        }

        @Override
        public int hashCode() {
            return quantifier.hashCode() * 31 + Arrays.hashCode(triples);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("large-community ").append(quantifier.text()).append(" [");
            for (int i = 0; i < triples.length; i += 3) {
                sb.append(i == 0 ? "" : ", ").append(CommunityText.formatLarge(triples, i));
            }
            return sb.append(']').toString();
        }
    }

    /**
     * Extended communities (RFC 4360), as 64-bit values with the type in the high octets.
     *
     * @param values the values
     */
    record Extended(Quantifier quantifier, long[] values) implements CommunityMatch {
        public Extended {
            Objects.requireNonNull(quantifier, "quantifier");
            values = Arrays.stream(values).distinct().toArray();
            checkNotEmpty(values.length, "extended community");
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            ExtendedCommunities c = attributes.extendedCommunities();
            int found = 0;
            if (c != null) {
                for (long v : values) {
                    if (Bits.indexOfExtended(c, v) >= 0) {
                        found++;
                    }
                }
            }
            return quantifier.holds(found, values.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && e.quantifier == quantifier && Arrays.equals(e.values, values);
        }

        @Override
        public int hashCode() {
            return quantifier.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("extended-community ").append(quantifier.text()).append(" [");
            for (int i = 0; i < values.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(CommunityText.formatExtended(values[i]));
            }
            return sb.append(']').toString();
        }
    }
}
