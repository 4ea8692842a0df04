package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.AsPathSegment;
import dev.javabgp.codec.attribute.PathAttributes;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Conditions on AS_PATH (RFC 4271 §5.1.2). A route without AS_PATH is treated as having an empty
 * path. AS numbers are 4-octet throughout (RFC 6793).
 */
public sealed interface AsPathMatch extends Match {

    /** Paths that contain {@code asn} in any segment. */
    static AsPathMatch contains(long asn) {
        return new Contains(asn);
    }

    /** Paths whose origin AS (the last AS of a path ending in an AS_SEQUENCE) is {@code asn}. */
    static AsPathMatch originAs(long asn) {
        return new OriginAs(asn);
    }

    /** Paths whose neighbour AS (the first AS of the first AS_SEQUENCE, {@link AsPath#firstAs()}) is {@code asn}. */
    static AsPathMatch neighborAs(long asn) {
        return new NeighborAs(asn);
    }

    /** Paths whose length for route selection (RFC 4271 §9.1.2.2 a) is {@code min..max}. */
    static AsPathMatch length(int min, int max) {
        return new Length(min, max);
    }

    /** Paths whose text matches {@code regex}; see {@link Regex}. */
    static AsPathMatch regex(String regex) {
        return new Regex(regex);
    }

    @Override
    default boolean dependsOnPrefix() {
        return false;
    }

    @Override
    default boolean dependsOnPeer() {
        return false;
    }

    private static AsPath pathOf(PathAttributes attributes) {
        AsPath p = attributes.asPath();
        return p == null ? AsPath.EMPTY : p;
    }

    /** Paths that contain {@code asn} anywhere, AS_SETs and confederation segments included. */
    record Contains(long asn) implements AsPathMatch {
        public Contains {
            Bits.checkAsn(asn, "AS");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            List<AsPathSegment> segments = pathOf(attributes).segments();
            int bits = (int) asn;
            for (int s = 0, n = segments.size(); s < n; s++) {
                AsPathSegment segment = segments.get(s);
                for (int i = 0, m = segment.size(); i < m; i++) {
                    if (segment.asnBits(i) == bits) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "as-path contains " + asn;
        }
    }

    /**
     * Paths whose origin AS is {@code asn}: the last AS of the path, when the path ends in an
     * AS_SEQUENCE. A path ending in an AS_SET (an aggregate) has no single origin AS and an empty path
     * (a route from our own AS) has none either; neither matches.
     */
    record OriginAs(long asn) implements AsPathMatch {
        public OriginAs {
            Bits.checkAsn(asn, "origin AS");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            List<AsPathSegment> segments = pathOf(attributes).segments();
            if (segments.isEmpty()) {
                return false;
            }
            AsPathSegment last = segments.get(segments.size() - 1);
            return last.type() == AsPathSegment.Type.AS_SEQUENCE && last.asnBits(last.size() - 1) == (int) asn;
        }

        @Override
        public String toString() {
            return "origin-as " + asn;
        }
    }

    /** Paths whose neighbour AS, the leftmost AS of the first AS_SEQUENCE, is {@code asn}. */
    record NeighborAs(long asn) implements AsPathMatch {
        public NeighborAs {
            Bits.checkAsn(asn, "neighbour AS");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            // AsPath.firstAs() walks the segments with an iterator; this loop allocates nothing.
            List<AsPathSegment> segments = pathOf(attributes).segments();
            for (int s = 0, n = segments.size(); s < n; s++) {
                AsPathSegment segment = segments.get(s);
                if (segment.type() == AsPathSegment.Type.AS_SEQUENCE) {
                    return segment.asnBits(0) == (int) asn;
                }
                if (!segment.type().isConfederation()) {
                    return false;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "neighbor-as " + asn;
        }
    }

    /**
     * Paths whose length counts {@code min..max}: each AS of an AS_SEQUENCE counts one, an AS_SET one
     * in all, confederation segments nothing (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3).
     */
    record Length(int min, int max) implements AsPathMatch {
        public Length {
            if (min < 0 || min > max) {
                throw new IllegalArgumentException(
                        "AS path length range " + min + ".." + max + " is empty or negative: need 0 <= min <= max");
            }
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            List<AsPathSegment> segments = pathOf(attributes).segments();
            int n = 0;
            for (int s = 0, count = segments.size(); s < count; s++) {
                n += segments.get(s).pathLengthContribution();
            }
            return n >= min && n <= max;
        }

        @Override
        public String toString() {
            return "as-path length " + min + ".." + max;
        }
    }

    /**
     * Paths whose text matches a {@link Pattern} found anywhere in it (use {@code ^} and {@code $} to
     * anchor). The text is the AS numbers in decimal, separated by single spaces, with an AS_SET
     * written {@code {1,2}}, an AS_CONFED_SEQUENCE {@code (1 2)} and an AS_CONFED_SET {@code [1,2]}:
     * {@code "65001 65010 {64512,64513}"}. An empty path is the empty text, so {@code ^$} matches
     * routes from our own AS. Examples: {@code ^65001 .* 65002$} (from 65001, through at least one
     * more AS, originated by 65002), {@code (^| )65003( |$)} (65003 anywhere), {@code ^[0-9]+$} (one
     * AS).
     *
     * <p>The pattern is compiled once. Each thread that evaluates it keeps one text buffer and one
     * {@link Matcher}, reused for every route, so matching allocates nothing. This is a class
     * rather than a record for that per-thread state; it is equal to another Regex with the same
     * expression.
     */
    final class Regex implements AsPathMatch {
        private final String regex;
        private final Pattern pattern;
        private final ThreadLocal<Scratch> scratch;

        private static final class Scratch {
            final StringBuilder text = new StringBuilder(64);
            final Matcher matcher;

            Scratch(Pattern pattern) {
                matcher = pattern.matcher(text);
            }
        }

        /** @throws IllegalArgumentException if {@code regex} is not a valid {@link Pattern} */
        public Regex(String regex) {
            this.regex = java.util.Objects.requireNonNull(regex, "regex");
            try {
                this.pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + regex + "' is not a valid AS path regular expression ("
                        + e.getDescription() + " near index " + e.getIndex()
                        + "): write a java.util.regex pattern over text like \"65001 65002\", e.g. ^65001 .* 65002$", e);
            }
            Pattern p = pattern;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(p));
        }

        public String regex() {
            return regex;
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            Scratch s = scratch.get();
            StringBuilder text = s.text;
            text.setLength(0);
            appendText(pathOf(attributes), text);
            return s.matcher.reset().find();
        }

        /** Appends the text this match runs its pattern over. */
        static void appendText(AsPath path, StringBuilder out) {
            List<AsPathSegment> segments = path.segments();
            for (int s = 0, n = segments.size(); s < n; s++) {
                AsPathSegment segment = segments.get(s);
                if (s > 0) {
                    out.append(' ');
                }
                AsPathSegment.Type type = segment.type();
                char separator = type.isSet() ? ',' : ' ';
                switch (type) {
                    case AS_SET -> out.append('{');
                    case AS_CONFED_SEQUENCE -> out.append('(');
                    case AS_CONFED_SET -> out.append('[');
                    case AS_SEQUENCE -> { }
                }
                for (int i = 0, m = segment.size(); i < m; i++) {
                    if (i > 0) {
                        out.append(separator);
                    }
                    out.append(Integer.toUnsignedLong(segment.asnBits(i)));
                }
                switch (type) {
                    case AS_SET -> out.append('}');
                    case AS_CONFED_SEQUENCE -> out.append(')');
                    case AS_CONFED_SET -> out.append(']');
                    case AS_SEQUENCE -> { }
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.regex.equals(regex);
        }

        @Override
        public int hashCode() {
            return regex.hashCode();
        }

        @Override
        public String toString() {
            return "as-path ~ /" + regex + "/";
        }
    }
}
