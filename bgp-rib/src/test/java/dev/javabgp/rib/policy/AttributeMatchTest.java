package dev.javabgp.rib.policy;

import static dev.javabgp.rib.policy.TestRoute.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.AsPathSegment;
import dev.javabgp.codec.attribute.AttributeType;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.policy.CommunityMatch.Quantifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeMatchTest {

    private static final TestRoute R = route("10.1.0.0/16");

    private static TestRoute withPath(AsPath path) {
        return R.with(path);
    }

    // ---- AS path --------------------------------------------------------------------------------

    @Test
    void asPathContainsLooksInEverySegment() {
        TestRoute r = withPath(AsPath.of(AsPathSegment.sequence(65001, 65002), AsPathSegment.set(64512, 4200000000L)));
        assertThat(AsPathMatch.contains(65002).matches(r)).isTrue();
        assertThat(AsPathMatch.contains(4200000000L).matches(r)).isTrue();
        assertThat(AsPathMatch.contains(65003).matches(r)).isFalse();
        assertThat(AsPathMatch.contains(65001).matches(R.withAttributes(R.attributes().without(AttributeType.AS_PATH))))
                .isFalse();
    }

    @Test
    void originAsIsTheLastAsOfAFinalSequence() {
        assertThat(AsPathMatch.originAs(65002).matches(R)).isTrue();
        assertThat(AsPathMatch.originAs(65001).matches(R)).isFalse();
        TestRoute aggregate = withPath(AsPath.of(AsPathSegment.sequence(65001), AsPathSegment.set(65002, 65003)));
        assertThat(AsPathMatch.originAs(65003).matches(aggregate)).isFalse();
        assertThat(AsPathMatch.originAs(65002).matches(withPath(AsPath.EMPTY))).isFalse();
        assertThat(AsPathMatch.originAs(4200000000L).matches(withPath(AsPath.sequence(65001, 4200000000L)))).isTrue();
    }

    @Test
    void neighborAsIsTheFirstAs() {
        assertThat(AsPathMatch.neighborAs(65001).matches(R)).isTrue();
        assertThat(AsPathMatch.neighborAs(65002).matches(R)).isFalse();
        assertThat(AsPathMatch.neighborAs(65001).matches(withPath(AsPath.EMPTY))).isFalse();
    }

    @Test
    void pathLengthCountsASetAsOneAndConfederationsAsNothing() {
        TestRoute r = withPath(AsPath.of(AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 64512, 64513),
                AsPathSegment.sequence(65001, 65002), AsPathSegment.set(1, 2, 3)));
        assertThat(AsPathMatch.length(3, 3).matches(r)).isTrue();
        assertThat(AsPathMatch.length(0, 2).matches(r)).isFalse();
        assertThat(AsPathMatch.length(4, 10).matches(r)).isFalse();
        assertThat(AsPathMatch.length(0, 0).matches(withPath(AsPath.EMPTY))).isTrue();
        assertThatThrownBy(() -> AsPathMatch.length(5, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5..2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "^65001 .* 65002$ ; 65001 65010 65002 ; true",
        "^65001 .* 65002$ ; 65001 65002 ; false",
        "^65001 .* 65002$ ; 65010 65001 65020 65002 ; false",
        "(^| )65010( |$) ; 65001 65010 65002 ; true",
        "(^| )6501( |$) ; 65001 65010 65002 ; false",
        "^[0-9]+$ ; 65001 ; true",
        "^[0-9]+$ ; 65001 65002 ; false",
        "^$ ; '' ; true",
        "4200000000$ ; 65001 4200000000 ; true",
    })
    void asPathRegexRunsOverThePathText(String regex, String path, boolean expected) {
        long[] asns = path.isBlank() ? new long[0] : java.util.Arrays.stream(path.split(" ")).mapToLong(Long::parseLong).toArray();
        assertThat(AsPathMatch.regex(regex).matches(withPath(AsPath.sequence(asns)))).isEqualTo(expected);
    }

    @Test
    void asPathTextWritesSetsAndConfederations() {
        AsPath path = AsPath.of(AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 64512, 64513),
                AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SET, 64514, 64515),
                AsPathSegment.sequence(65001), AsPathSegment.set(1, 2));
        StringBuilder sb = new StringBuilder();
        AsPathMatch.Regex.appendText(path, sb);
        assertThat(sb).hasToString("(64512 64513) [64514,64515] 65001 {1,2}");
        assertThat(AsPathMatch.regex("\\{1,2\\}$").matches(withPath(path))).isTrue();
        assertThat(AsPathMatch.regex("^\\(64512 ").matches(withPath(path))).isTrue();
    }

    @Test
    void aMissingAsPathIsTheEmptyText() {
        TestRoute none = R.withAttributes(R.attributes().without(AttributeType.AS_PATH));
        assertThat(AsPathMatch.regex("^$").matches(none)).isTrue();
    }

    @Test
    void badRegexIsRefusedNamingIt() {
        assertThatThrownBy(() -> AsPathMatch.regex("^65001 (65002"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'^65001 (65002'")
                .hasMessageContaining("^65001 .* 65002$");
    }

    @Test
    void regexesWithTheSameTextAreEqual() {
        assertThat(AsPathMatch.regex("^65001")).isEqualTo(AsPathMatch.regex("^65001")).hasSameHashCodeAs(AsPathMatch.regex("^65001"));
        assertThat(AsPathMatch.regex("^65001")).isNotEqualTo(AsPathMatch.regex("^65002"));
    }

    @Test
    void regexIsSafeAcrossThreads() throws Exception {
        AsPathMatch m = AsPathMatch.regex("^65001 65002$");
        TestRoute other = withPath(AsPath.sequence(65003));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        if (!m.matches(R) || m.matches(other)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var f : futures) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asNumbersAreChecked() {
        assertThatThrownBy(() -> AsPathMatch.contains(-1)).hasMessageContaining("0..4294967295");
        assertThatThrownBy(() -> AsPathMatch.originAs(1L << 32)).hasMessageContaining("4294967296");
    }

    // ---- communities ----------------------------------------------------------------------------

    private static final TestRoute TAGGED = R.with(
            Communities.of(Communities.parse("65000:100"), Communities.parse("65000:200"), Communities.NO_EXPORT),
            LargeCommunities.of(65000, 1, 2, 4200000000L, 7, 8),
            ExtendedCommunities.of(ExtendedCommunities.routeTarget(65000, 100)));

    @Test
    void standardCommunitiesAnyAllNone() {
        assertThat(CommunityMatch.standard(Quantifier.ANY_OF, "65000:300", "65000:100").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.standard(Quantifier.ANY_OF, "65000:300").matches(TAGGED)).isFalse();
        assertThat(CommunityMatch.standard(Quantifier.ALL_OF, "65000:100", "65000:200").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.standard(Quantifier.ALL_OF, "65000:100", "65000:300").matches(TAGGED)).isFalse();
        assertThat(CommunityMatch.standard(Quantifier.NONE_OF, "65000:300").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.standard(Quantifier.NONE_OF, "65000:300", "65000:200").matches(TAGGED)).isFalse();
        assertThat(CommunityMatch.standard(Quantifier.ANY_OF, "no-export").matches(TAGGED)).isTrue();
    }

    @Test
    void aRouteWithoutCommunitiesCarriesNoneOfThem() {
        assertThat(CommunityMatch.standard(Quantifier.ANY_OF, "65000:100").matches(R)).isFalse();
        assertThat(CommunityMatch.standard(Quantifier.ALL_OF, "65000:100").matches(R)).isFalse();
        assertThat(CommunityMatch.standard(Quantifier.NONE_OF, "65000:100").matches(R)).isTrue();
        assertThat(CommunityMatch.large(Quantifier.NONE_OF, "1:2:3").matches(R)).isTrue();
        assertThat(CommunityMatch.extended(Quantifier.ANY_OF, "rt:65000:100").matches(R)).isFalse();
    }

    @Test
    void largeCommunities() {
        assertThat(CommunityMatch.large(Quantifier.ANY_OF, "65000:1:2").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.large(Quantifier.ANY_OF, "65000:2:1").matches(TAGGED)).isFalse();
        assertThat(CommunityMatch.large(Quantifier.ALL_OF, "65000:1:2", "4200000000:7:8").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.large(Quantifier.NONE_OF, "4200000000:7:8").matches(TAGGED)).isFalse();
    }

    @Test
    void extendedCommunities() {
        assertThat(CommunityMatch.extended(Quantifier.ANY_OF, "rt:65000:100").matches(TAGGED)).isTrue();
        assertThat(CommunityMatch.extended(Quantifier.ANY_OF, "soo:65000:100").matches(TAGGED)).isFalse();
        assertThat(CommunityMatch.extended(Quantifier.ALL_OF, "0x0002fde800000064").matches(TAGGED)).isTrue();
    }

    @Test
    void communityMatchesNeedValuesAndValidText() {
        assertThatThrownBy(() -> CommunityMatch.standard(Quantifier.ANY_OF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> CommunityMatch.standard(Quantifier.ANY_OF, "65000-100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'65000-100'").hasMessageContaining("65000:100");
        assertThatThrownBy(() -> CommunityMatch.large(Quantifier.ANY_OF, "65000:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'65000:1'").hasMessageContaining("65000:1:2");
    }

    @Test
    void communityMatchesAreValues() {
        assertThat(CommunityMatch.standard(Quantifier.ANY_OF, "65000:100"))
                .isEqualTo(new CommunityMatch.Standard(Quantifier.ANY_OF, new int[] {Communities.parse("65000:100")}))
                .hasToString("community any-of [65000:100]");
        assertThat(CommunityMatch.large(Quantifier.ALL_OF, "1:2:3")).hasToString("large-community all-of [1:2:3]");
    }

    // ---- origin, next hop, family --------------------------------------------------------------

    @Test
    void origin() {
        assertThat(Match.origin(Origin.IGP).matches(R)).isTrue();
        assertThat(Match.origin(Origin.INCOMPLETE).matches(R)).isFalse();
        assertThat(Match.origin(Origin.INCOMPLETE).matches(R.with(Origin.INCOMPLETE))).isTrue();
        assertThat(Match.origin(Origin.IGP).matches(R.withAttributes(R.attributes().without(AttributeType.ORIGIN))))
                .isFalse();
    }

    @Test
    void nextHopWithinAPrefix() {
        assertThat(Match.nextHopIn("192.0.2.0/24").matches(R)).isTrue();
        assertThat(Match.nextHopIn("192.0.2.1").matches(R)).isTrue();
        assertThat(Match.nextHopIn("192.0.2.2").matches(R)).isFalse();
        assertThat(Match.nextHopIn("198.51.100.0/24").matches(R)).isFalse();
        assertThat(Match.nextHopIn("192.0.2.0/24").matches(R.withAttributes(R.attributes().without(AttributeType.NEXT_HOP))))
                .isFalse();
    }

    @Test
    void ipv6NextHopComesFromMpReach() {
        TestRoute v6 = route("2001:db8:1::/48");
        assertThat(Match.nextHopIn("2001:db8::/64").matches(v6)).isTrue();
        assertThat(Match.nextHopIn("2001:db8::1").matches(v6)).isTrue();
        assertThat(Match.nextHopIn("2001:db8:1::/64").matches(v6)).isFalse();
        assertThat(Match.nextHopIn("192.0.2.0/24").matches(v6)).isFalse();
        // An IPv4 route with an IPv6 next hop (RFC 8950) and no NEXT_HOP.
        TestRoute v4viaV6 = R.withAttributes(R.attributes().without(AttributeType.NEXT_HOP)).with(new MpReachNlri(
                AddressFamily.IPV4_UNICAST, Addresses.ipv6("2001:db8::7"), PrefixBlock.empty(AddressFamily.IPV4_UNICAST)));
        assertThat(Match.nextHopIn("2001:db8::/32").matches(v4viaV6)).isTrue();
        assertThat(Match.nextHopIn("192.0.2.0/24").matches(v4viaV6)).isFalse();
    }

    @Test
    void ipv4NextHopReadsTheWholeAddress() {
        TestRoute high = R.with(NextHop.of("255.255.255.254"));
        assertThat(Match.nextHopIn("255.255.255.254").matches(high)).isTrue();
        assertThat(Match.nextHopIn("255.255.255.255").matches(high)).isFalse();
        assertThat(Match.nextHopIn("128.0.0.0/1").matches(high)).isTrue();
        assertThat(Match.nextHopIn("0.0.0.0/1").matches(high)).isFalse();
    }

    @Test
    void family() {
        assertThat(Match.family(AddressFamily.IPV4_UNICAST).matches(R)).isTrue();
        assertThat(Match.family(AddressFamily.IPV6_UNICAST).matches(R)).isFalse();
        assertThat(Match.family(AddressFamily.IPV6_UNICAST).matches(route("2001:db8::/32"))).isTrue();
        assertThat(Match.family(AddressFamily.IPV6_UNICAST).dependsOnPrefix()).isFalse();
    }

    // ---- peer ----------------------------------------------------------------------------------

    @Test
    void peerAddress() {
        assertThat(PeerMatch.addressIn("192.0.2.0/24").matches(R)).isTrue();
        assertThat(PeerMatch.addressIn("192.0.2.2").matches(R)).isFalse();
        TestRoute fromV6 = R.from(TestRoute.IBGP_PEER);
        assertThat(PeerMatch.addressIn("2001:db8:ffff::/48").matches(fromV6)).isTrue();
        assertThat(PeerMatch.addressIn("192.0.2.0/24").matches(fromV6)).isFalse();
    }

    @Test
    void peerAsAndType() {
        assertThat(PeerMatch.as(65001).matches(R)).isTrue();
        assertThat(PeerMatch.as(64512).matches(R)).isFalse();
        assertThat(PeerMatch.external().matches(R)).isTrue();
        assertThat(PeerMatch.internal().matches(R)).isFalse();
        assertThat(PeerMatch.internal().matches(R.from(TestRoute.IBGP_PEER))).isTrue();
        assertThat(PeerMatch.as(64512).matches(R.from(TestRoute.IBGP_PEER))).isTrue();
    }

    @Test
    void noPeerMatchesNoPeerCondition() {
        TestRoute local = R.from(null);
        assertThat(PeerMatch.external().matches(local)).isFalse();
        assertThat(PeerMatch.internal().matches(local)).isFalse();
        assertThat(PeerMatch.as(65001).matches(local)).isFalse();
        assertThat(PeerMatch.addressIn("0.0.0.0/0").matches(local)).isFalse();
    }

    @Test
    void peerMatchesDependOnThePeer() {
        assertThat(PeerMatch.external().dependsOnPeer()).isTrue();
        assertThat(PeerMatch.external().dependsOnPrefix()).isFalse();
        PeerInfo p = TestRoute.EBGP_PEER;
        assertThat(p.asn()).isEqualTo(65001);
    }

    // ---- combinators ---------------------------------------------------------------------------

    @Test
    void notAllOfAnyOf() {
        Match ten = Match.prefixOrLonger("10.0.0.0/8");
        Match ebgp = PeerMatch.external();
        Match never = Match.prefix("192.168.0.0/16");
        assertThat(Match.not(ten).matches(R)).isFalse();
        assertThat(Match.not(never).matches(R)).isTrue();
        assertThat(Match.not(Match.not(ten))).isEqualTo(ten);
        assertThat(ten.and(ebgp).matches(R)).isTrue();
        assertThat(ten.and(never).matches(R)).isFalse();
        assertThat(never.or(ebgp).matches(R)).isTrue();
        assertThat(never.or(never.negate().negate()).matches(R)).isFalse();
        assertThat(Match.allOf().matches(R)).isTrue();
        assertThat(Match.anyOf().matches(R)).isFalse();
        assertThat(Match.allOf(ten)).isSameAs(ten);
        assertThat(Match.allOf(ten, Match.allOf(ebgp, never))).isEqualTo(new Match.AllOf(java.util.List.of(ten, ebgp, never)));
    }

    @Test
    void combinatorsDependOnWhatTheyCombine() {
        Match ten = Match.prefixOrLonger("10.0.0.0/8");
        Match origin = Match.origin(Origin.IGP);
        assertThat(Match.not(ten).dependsOnPrefix()).isTrue();
        assertThat(Match.anyOf(origin, ten).dependsOnPrefix()).isTrue();
        assertThat(Match.anyOf(origin, PeerMatch.external()).dependsOnPrefix()).isFalse();
        assertThat(Match.anyOf(origin, PeerMatch.external()).dependsOnPeer()).isTrue();
        assertThat(Match.allOf(origin, Match.ANY).dependsOnPrefix()).isFalse();
    }
}
