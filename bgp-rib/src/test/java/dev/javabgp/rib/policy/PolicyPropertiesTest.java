package dev.javabgp.rib.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PolicyPropertiesTest {

    /**
     * A prefix range agrees with the obvious definition: same family, within the prefix by
     * {@link IpPrefix#contains}, length in ge..le. Route prefixes are made from the range's own
     * address with random bits replaced past a random point, so many land near the boundary.
     */
    @Property(tries = 3000)
    void prefixRangeAgreesWithIpPrefixContains(
            @ForAll boolean ipv6,
            @ForAll boolean routeIpv6,
            @ForAll @Size(16) byte[] address,
            @ForAll @Size(16) byte[] noise,
            @ForAll @IntRange(max = 1000) int lengthSeed,
            @ForAll @IntRange(max = 1000) int geSeed,
            @ForAll @IntRange(max = 1000) int leSeed,
            @ForAll @IntRange(max = 1000) int keepSeed,
            @ForAll @IntRange(max = 1000) int routeLengthSeed) {
        int max = ipv6 ? 128 : 32;
        int length = lengthSeed % (max + 1);
        int ge = length + geSeed % (max - length + 1);
        int le = ge + leSeed % (max - ge + 1);
        IpPrefix prefix = IpPrefix.of(java.util.Arrays.copyOf(address, max / 8), length);

        int routeMax = routeIpv6 ? 128 : 32;
        byte[] routeAddress = java.util.Arrays.copyOf(address, routeMax / 8);
        int keep = keepSeed % (routeMax + 1);
        for (int bit = keep; bit < routeMax; bit++) {
            int mask = 0x80 >>> (bit & 7);
            routeAddress[bit / 8] = (byte) ((routeAddress[bit / 8] & ~mask) | (noise[bit / 8] & mask));
        }
        IpPrefix routePrefix = IpPrefix.of(routeAddress, routeLengthSeed % (routeMax + 1));

        boolean expected = prefix.contains(routePrefix) && routePrefix.length() >= ge && routePrefix.length() <= le;
        PrefixRange range = PrefixRange.of(prefix, ge, le);
        assertThat(range.matches(TestRoute.route(routePrefix)))
                .as("%s against %s", range, routePrefix)
                .isEqualTo(expected);
        assertThat(PrefixRange.parse(range.toString())).isEqualTo(range);
    }

    @Provide
    Arbitrary<PathAttributes> attributes() {
        Arbitrary<Communities> communities = Arbitraries.of(Communities.parse("65000:1"), Communities.parse("65000:2"),
                Communities.NO_EXPORT, Communities.BLACKHOLE).list().ofMinSize(1).ofMaxSize(3).uniqueElements()
                .map(l -> Communities.of(l.stream().mapToInt(Integer::intValue).toArray()));
        Arbitrary<AsPath> paths = Arbitraries.longs().between(64512, 64520).list().ofMaxSize(4)
                .map(l -> AsPath.sequence(l.stream().mapToLong(Long::longValue).toArray()));
        return net.jqwik.api.Combinators.combine(
                        paths,
                        Arbitraries.of(Origin.class),
                        communities.injectNull(0.3),
                        Arbitraries.of(LargeCommunities.of(65000, 1, 1), LargeCommunities.of(65000, 1, 1, 65000, 2, 2))
                                .injectNull(0.5),
                        Arbitraries.of(ExtendedCommunities.of(ExtendedCommunities.routeTarget(65000, 1))).injectNull(0.5),
                        Arbitraries.longs().between(0, 300).map(LocalPref::new).injectNull(0.5),
                        Arbitraries.longs().between(0, 300).map(MultiExitDisc::new).injectNull(0.5))
                .as((path, origin, c, l, e, lp, med) -> {
                    PathAttributes a = TestRoute.IPV4_ATTRIBUTES.with(path).with(origin);
                    for (var attribute : new dev.javabgp.codec.attribute.PathAttribute[] {c, l, e, lp, med}) {
                        if (attribute != null) {
                            a = a.with(attribute);
                        }
                    }
                    return a;
                });
    }

    private static final List<Action> ACTIONS = List.of(
            CommunityAction.addStandard("65000:1", "65000:3"), CommunityAction.setStandard("65000:2"),
            CommunityAction.setStandard(), CommunityAction.removeStandard("65000:1"), CommunityAction.removeWellKnown(),
            CommunityAction.addLarge("65000:1:1"), CommunityAction.removeLarge("65000:2:2"), CommunityAction.setLarge("1:2:3"),
            CommunityAction.addExtended("rt:65000:2"), CommunityAction.removeExtended("rt:65000:1"),
            CommunityAction.setExtended("soo:1:1"), Action.setLocalPref(200), Action.setMed(10), Action.removeMed(),
            Action.prepend(64512, 2), Action.setNextHop("198.51.100.1"), Action.setNextHop("2001:db8::1"),
            Action.setOrigin(Origin.EGP));

    private static final List<Match> MATCHES = List.of(
            Match.ANY, Match.prefixOrLonger("10.0.0.0/8"), Match.prefix("10.0.0.0/8", 16, 24),
            CommunityMatch.standard(CommunityMatch.Quantifier.ANY_OF, "65000:1"),
            CommunityMatch.standard(CommunityMatch.Quantifier.NONE_OF, "no-export"),
            CommunityMatch.large(CommunityMatch.Quantifier.ANY_OF, "65000:1:1"),
            AsPathMatch.regex("^64512"), AsPathMatch.length(0, 2), AsPathMatch.originAs(64513),
            Match.origin(Origin.IGP), PeerMatch.external(), Match.nextHopIn("192.0.2.0/24"));

    @Provide
    Arbitrary<Policy> policies() {
        Arbitrary<PolicyRule> rules = net.jqwik.api.Combinators.combine(
                        Arbitraries.of(MATCHES),
                        Arbitraries.of(ACTIONS).list().ofMaxSize(3),
                        Arbitraries.of(Decision.class))
                .as((m, a, d) -> new PolicyRule(m, d == Decision.REJECT ? List.of() : a, d));
        Arbitrary<Policy> lists = net.jqwik.api.Combinators.combine(
                        rules.list().ofMaxSize(5), Arbitraries.of(Decision.ACCEPT, Decision.REJECT))
                .as((r, d) -> Policy.rules(d, r));
        return lists.list().ofMinSize(1).ofMaxSize(3).map(l -> Policy.chain(l.toArray(new Policy[0])));
    }

    /** Evaluation leaves the route and its attributes as they were, and gives the same answer twice. */
    @Property(tries = 1000)
    void evaluatingNeverMutatesItsInput(@ForAll("policies") Policy policy, @ForAll("attributes") PathAttributes attributes,
            @ForAll @IntRange(min = 8, max = 32) int length) {
        TestRoute route = TestRoute.route(IpPrefix.parse("10.0.0.0/8")).withAttributes(attributes);
        route = new TestRoute(route.family(), length, route.addressHigh(), route.addressLow(), attributes, route.peer());
        String before = attributes.toString();
        List<Object> partsBefore = new ArrayList<>(attributes.asList());
        PathAttributes copy = PathAttributes.of(attributes.asList());

        PathAttributes first = policy.evaluate(route);
        PathAttributes second = policy.evaluate(route);

        assertThat(attributes.toString()).isEqualTo(before);
        assertThat(attributes).isEqualTo(copy);
        assertThat(new ArrayList<Object>(attributes.asList())).isEqualTo(partsBefore);
        assertThat(route.attributes()).isSameAs(attributes);
        assertThat(second).isEqualTo(first);
    }

    /** A policy that says it does not depend on the prefix gives the same answer for any prefix. */
    @Property(tries = 1000)
    void policiesThatIgnoreThePrefixGiveOneAnswerForAllPrefixes(@ForAll("policies") Policy policy,
            @ForAll("attributes") PathAttributes attributes, @ForAll @Size(4) byte[] a, @ForAll @Size(4) byte[] b,
            @ForAll @IntRange(max = 32) int lengthA, @ForAll @IntRange(max = 32) int lengthB) {
        TestRoute one = TestRoute.route(IpPrefix.of(a, lengthA)).withAttributes(attributes);
        TestRoute two = TestRoute.route(IpPrefix.of(b, lengthB)).withAttributes(attributes);
        if (!policy.dependsOnPrefix()) {
            assertThat(policy.evaluate(two)).isEqualTo(policy.evaluate(one));
        }
    }
}
