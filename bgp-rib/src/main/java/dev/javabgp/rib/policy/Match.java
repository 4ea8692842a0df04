package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A condition on a route. Implementations are immutable values and allocate nothing when
 * evaluated: the RIB evaluates them for every route it receives or sends.
 *
 * <p>The kinds: {@link #ANY}; prefixes ({@link PrefixRange}, {@link PrefixList}); {@link Family};
 * AS path ({@link AsPathMatch}); communities ({@link CommunityMatch}); {@link OriginIs}; {@link
 * NextHopIn}; the peer ({@link PeerMatch}); and the combinators {@link Not}, {@link AllOf} and
 * {@link AnyOf}. The static methods here create them from text.
 */
public interface Match {

    /** Matches every route. */
    Match ANY = new Any();

    /**
     * Tests a route.
     *
     * @param route the route; its prefix and peer are read from here
     * @param attributes the attributes to test, which are {@code route.attributes()} as changed by
     *     earlier rules and policies
     */
    boolean matches(RouteContext route, PathAttributes attributes);

    /** Tests a route with its own attributes. */
    default boolean matches(RouteContext route) {
        return matches(route, route.attributes());
    }

    /** True if the result may depend on the route's prefix address or length (not just its family). */
    boolean dependsOnPrefix();

    /** True if the result may depend on {@link RouteContext#peer()}. */
    boolean dependsOnPeer();

    /** This and {@code other}. */
    default Match and(Match other) {
        return allOf(this, other);
    }

    /** This or {@code other}. */
    default Match or(Match other) {
        return anyOf(this, other);
    }

    /** The opposite of this. */
    default Match negate() {
        return not(this);
    }

    // ---- factories ---------------------------------------------------------------------------

    static Match any() {
        return ANY;
    }

    static Match not(Match match) {
        return match instanceof Not n ? n.match() : new Not(match);
    }

    /** All of {@code matches}; none given matches everything. */
    static Match allOf(Match... matches) {
        return allOf(Arrays.asList(matches));
    }

    /** All of {@code matches}; an empty list matches everything, nested conjunctions are flattened. */
    static Match allOf(List<? extends Match> matches) {
        List<Match> flat = new ArrayList<>(matches.size());
        for (Match m : matches) {
            if (m instanceof AllOf a) {
                flat.addAll(a.matches());
            } else if (!(m instanceof Any)) {
                flat.add(Objects.requireNonNull(m, "match"));
            }
        }
        return flat.isEmpty() ? ANY : flat.size() == 1 ? flat.get(0) : new AllOf(flat);
    }

    /** Any of {@code matches}; none given matches nothing. */
    static Match anyOf(Match... matches) {
        return anyOf(Arrays.asList(matches));
    }

    /** Any of {@code matches}; an empty list matches nothing, nested disjunctions are flattened. */
    static Match anyOf(List<? extends Match> matches) {
        List<Match> flat = new ArrayList<>(matches.size());
        for (Match m : matches) {
            if (m instanceof AnyOf a) {
                flat.addAll(a.matches());
            } else {
                flat.add(Objects.requireNonNull(m, "match"));
            }
        }
        return flat.size() == 1 ? flat.get(0) : new AnyOf(flat);
    }

    /** Exactly this prefix, e.g. {@code "10.0.0.0/8"} or {@code "2001:db8::/32"}. */
    static PrefixRange prefix(String prefix) {
        return PrefixRange.exact(prefix);
    }

    /** Prefixes within {@code prefix} whose length is {@code ge..le}, e.g. ("10.0.0.0/8", 16, 24). */
    static PrefixRange prefix(String prefix, int ge, int le) {
        return PrefixRange.of(prefix, ge, le);
    }

    /** {@code prefix} and every more specific prefix within it. */
    static PrefixRange prefixOrLonger(String prefix) {
        return PrefixRange.orLonger(prefix);
    }

    /** Any of the entries, each in the syntax of {@link PrefixRange#parse}. */
    static PrefixList prefixList(String... entries) {
        return PrefixList.of(entries);
    }

    static Family family(AddressFamily family) {
        return new Family(family);
    }

    static OriginIs origin(Origin origin) {
        return new OriginIs(origin);
    }

    /** Routes whose next hop lies within {@code prefix} (a bare address means exactly that address). */
    static NextHopIn nextHopIn(String prefix) {
        return new NextHopIn(PrefixRange.orLonger(prefix));
    }

    // ---- the general kinds -------------------------------------------------------------------

    /** Matches every route; see {@link #ANY}. */
    record Any() implements Match {
        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            return true;
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    /** Matches when {@code match} does not. */
    record Not(Match match) implements Match {
        public Not {
            Objects.requireNonNull(match, "match");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            return !match.matches(route, attributes);
        }

        @Override
        public boolean dependsOnPrefix() {
            return match.dependsOnPrefix();
        }

        @Override
        public boolean dependsOnPeer() {
            return match.dependsOnPeer();
        }

        @Override
        public String toString() {
            return "not (" + match + ")";
        }
    }

    /** Matches when every one of {@code matches} does (in order, stopping at the first that does not). */
    record AllOf(List<Match> matches) implements Match {
        public AllOf {
            matches = List.copyOf(matches);
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            List<Match> list = matches;
            for (int i = 0, n = list.size(); i < n; i++) {
                if (!list.get(i).matches(route, attributes)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean dependsOnPrefix() {
            return matches.stream().anyMatch(Match::dependsOnPrefix);
        }

        @Override
        public boolean dependsOnPeer() {
            return matches.stream().anyMatch(Match::dependsOnPeer);
        }

        @Override
        public String toString() {
            return join(matches, " and ", "any");
        }
    }

    /** Matches when at least one of {@code matches} does; an empty list matches nothing. */
    record AnyOf(List<Match> matches) implements Match {
        public AnyOf {
            matches = List.copyOf(matches);
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            List<Match> list = matches;
            for (int i = 0, n = list.size(); i < n; i++) {
                if (list.get(i).matches(route, attributes)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean dependsOnPrefix() {
            return matches.stream().anyMatch(Match::dependsOnPrefix);
        }

        @Override
        public boolean dependsOnPeer() {
            return matches.stream().anyMatch(Match::dependsOnPeer);
        }

        @Override
        public String toString() {
            return join(matches, " or ", "none");
        }
    }

    private static String join(List<Match> matches, String separator, String empty) {
        if (matches.isEmpty()) {
            return empty;
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < matches.size(); i++) {
            sb.append(i == 0 ? "" : separator).append(matches.get(i));
        }
        return sb.append(')').toString();
    }

    /** Routes of one address family (AFI and SAFI, RFC 4760). */
    record Family(AddressFamily family) implements Match {
        public Family {
            Objects.requireNonNull(family, "family");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            return family.equals(route.family());
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "family " + family;
        }
    }

    /** Routes whose ORIGIN (RFC 4271 §5.1.1) is {@code origin}; a route without ORIGIN never matches. */
    record OriginIs(Origin origin) implements Match {
        public OriginIs {
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            return attributes.origin() == origin;
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "origin " + origin;
        }
    }

    /**
     * Routes whose next hop lies within {@code within} (its length range is not used). The next hop is
     * NEXT_HOP (RFC 4271 §5.1.3) for IPv4 routes that have one, otherwise the global next hop of
     * MP_REACH_NLRI (RFC 4760 §3); a route with neither never matches.
     */
    record NextHopIn(PrefixRange within) implements Match {
        public NextHopIn {
            Objects.requireNonNull(within, "within");
        }

        @Override
        public boolean matches(RouteContext route, PathAttributes attributes) {
            InetAddress nh = Bits.nextHop(route.family(), attributes);
            return nh != null && within.containsAddress(nh);
        }

        @Override
        public boolean dependsOnPrefix() {
            return false;
        }

        @Override
        public boolean dependsOnPeer() {
            return false;
        }

        @Override
        public String toString() {
            return "next hop in " + within.prefix();
        }
    }
}
