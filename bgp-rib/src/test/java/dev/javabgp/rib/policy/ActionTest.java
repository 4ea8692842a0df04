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
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import org.junit.jupiter.api.Test;

class ActionTest {

    private static final TestRoute R = route("10.1.0.0/16");
    private static final TestRoute V6 = route("2001:db8:1::/48");

    private static int c(String text) {
        return Communities.parse(text);
    }

    private static PathAttributes apply(Action action, TestRoute route) {
        return action.apply(route, route.attributes());
    }

    // ---- standard communities -------------------------------------------------------------------

    @Test
    void addCommunityAppendsOnlyMissingValues() {
        PathAttributes out = apply(CommunityAction.addStandard("65000:100"), R);
        assertThat(out.communities().values()).containsExactly(c("65000:100"));

        TestRoute tagged = R.with(Communities.of(c("65000:1"), c("65000:100")));
        out = apply(CommunityAction.addStandard("65000:100", "65000:2"), tagged);
        assertThat(out.communities().values()).containsExactly(c("65000:1"), c("65000:100"), c("65000:2"));
        assertThat(apply(CommunityAction.addStandard("65000:100"), tagged)).isSameAs(tagged.attributes());
    }

    @Test
    void setCommunitiesReplaces() {
        TestRoute tagged = R.with(Communities.of(c("65000:1"), c("65000:2")));
        assertThat(apply(CommunityAction.setStandard("65000:9"), tagged).communities().values()).containsExactly(c("65000:9"));
        assertThat(apply(CommunityAction.setStandard("65000:2", "65000:1"), tagged)).isSameAs(tagged.attributes());
        assertThat(apply(CommunityAction.setStandard(), tagged).communities()).isNull();
        assertThat(apply(CommunityAction.setStandard(), R)).isSameAs(R.attributes());
    }

    @Test
    void removeCommunityDropsTheAttributeWhenEmpty() {
        TestRoute tagged = R.with(Communities.of(c("65000:1"), c("65000:2")));
        assertThat(apply(CommunityAction.removeStandard("65000:1"), tagged).communities().values()).containsExactly(c("65000:2"));
        assertThat(apply(CommunityAction.removeStandard("65000:1", "65000:2"), tagged).has(AttributeType.COMMUNITIES)).isFalse();
        assertThat(apply(CommunityAction.removeStandard("65000:3"), tagged)).isSameAs(tagged.attributes());
        assertThat(apply(CommunityAction.removeStandard("65000:3"), R)).isSameAs(R.attributes());
    }

    @Test
    void removeWellKnownCommunities() {
        TestRoute tagged = R.with(Communities.of(Communities.NO_EXPORT, c("65000:1"), Communities.BLACKHOLE,
                Communities.GRACEFUL_SHUTDOWN, c("65535:65535")));
        assertThat(apply(CommunityAction.removeWellKnown(), tagged).communities().values()).containsExactly(c("65000:1"));
        TestRoute plain = R.with(Communities.of(c("65000:1")));
        assertThat(apply(CommunityAction.removeWellKnown(), plain)).isSameAs(plain.attributes());
        TestRoute onlyWellKnown = R.with(Communities.of(Communities.NO_ADVERTISE));
        assertThat(apply(CommunityAction.removeWellKnown(), onlyWellKnown).communities()).isNull();
        assertThat(apply(CommunityAction.removeStandard("no-advertise"), onlyWellKnown).communities()).isNull();
    }

    // ---- large communities ----------------------------------------------------------------------

    @Test
    void largeCommunities() {
        PathAttributes added = apply(CommunityAction.addLarge("65000:1:2", "4200000000:0:4294967295"), R);
        assertThat(added.largeCommunities()).isEqualTo(LargeCommunities.of(65000, 1, 2, 4200000000L, 0, 4294967295L));
        TestRoute tagged = R.withAttributes(added);
        assertThat(apply(CommunityAction.addLarge("65000:1:2"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.addLarge("65000:1:3"), tagged).largeCommunities().size()).isEqualTo(3);
        assertThat(apply(CommunityAction.removeLarge("65000:1:2"), tagged).largeCommunities())
                .isEqualTo(LargeCommunities.of(4200000000L, 0, 4294967295L));
        assertThat(apply(CommunityAction.removeLarge("65000:1:9"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.removeLarge("65000:1:2", "4200000000:0:4294967295"), tagged).largeCommunities()).isNull();
        assertThat(apply(CommunityAction.setLarge("1:2:3"), tagged).largeCommunities()).isEqualTo(LargeCommunities.of(1, 2, 3));
        assertThat(apply(CommunityAction.setLarge("4200000000:0:4294967295", "65000:1:2"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.setLarge(), tagged).largeCommunities()).isNull();
    }

    // ---- extended communities -------------------------------------------------------------------

    @Test
    void extendedCommunities() {
        long rt = ExtendedCommunities.routeTarget(65000, 100);
        PathAttributes added = apply(CommunityAction.addExtended("rt:65000:100"), R);
        assertThat(added.extendedCommunities()).isEqualTo(ExtendedCommunities.of(rt));
        TestRoute tagged = R.withAttributes(added);
        assertThat(apply(CommunityAction.addExtended("rt:65000:100"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.addExtended("soo:65000:1"), tagged).extendedCommunities().size()).isEqualTo(2);
        assertThat(apply(CommunityAction.removeExtended("rt:65000:100"), tagged).extendedCommunities()).isNull();
        assertThat(apply(CommunityAction.removeExtended("rt:65000:101"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.setExtended("rt:192.0.2.1:7"), tagged).extendedCommunities().values())
                .containsExactly(CommunityText.parseExtended("rt:192.0.2.1:7"));
        assertThat(apply(CommunityAction.setExtended("rt:65000:100"), tagged)).isSameAs(added);
        assertThat(apply(CommunityAction.setExtended(), tagged).extendedCommunities()).isNull();
    }

    // ---- LOCAL_PREF, MED, ORIGIN ---------------------------------------------------------------

    @Test
    void setLocalPref() {
        PathAttributes out = apply(Action.setLocalPref(200), R);
        assertThat(out.localPref()).isEqualTo(new LocalPref(200));
        assertThat(Action.setLocalPref(200).apply(R, out)).isSameAs(out);
        assertThat(apply(Action.setLocalPref(4294967295L), R).localPref().value()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> Action.setLocalPref(-1)).hasMessageContaining("LOCAL_PREF -1").hasMessageContaining("0..4294967295");
    }

    @Test
    void setAndRemoveMed() {
        PathAttributes out = apply(Action.setMed(50), R);
        assertThat(out.multiExitDisc()).isEqualTo(new MultiExitDisc(50));
        assertThat(Action.setMed(50).apply(R, out)).isSameAs(out);
        assertThat(Action.removeMed().apply(R, out).multiExitDisc()).isNull();
        assertThat(apply(Action.removeMed(), R)).isSameAs(R.attributes());
        assertThatThrownBy(() -> Action.setMed(1L << 32)).hasMessageContaining("MED 4294967296");
    }

    @Test
    void setOrigin() {
        assertThat(apply(Action.setOrigin(Origin.INCOMPLETE), R).origin()).isEqualTo(Origin.INCOMPLETE);
        assertThat(apply(Action.setOrigin(Origin.IGP), R)).isSameAs(R.attributes());
    }

    // ---- AS path prepending ---------------------------------------------------------------------

    @Test
    void prependAddsToTheLeadingSequence() {
        PathAttributes out = apply(Action.prepend(64512, 3), R);
        assertThat(out.asPath()).isEqualTo(AsPath.sequence(64512, 64512, 64512, 65001, 65002));
        assertThat(apply(Action.prepend(4200000000L, 1), R).asPath()).isEqualTo(AsPath.sequence(4200000000L, 65001, 65002));
    }

    @Test
    void prependBeforeASetStartsASequence() {
        TestRoute aggregate = R.with(AsPath.of(AsPathSegment.set(1, 2)));
        assertThat(apply(Action.prepend(64512, 2), aggregate).asPath())
                .isEqualTo(AsPath.of(AsPathSegment.sequence(64512, 64512), AsPathSegment.set(1, 2)));
        TestRoute none = R.withAttributes(R.attributes().without(AttributeType.AS_PATH));
        assertThat(apply(Action.prepend(64512, 1), none).asPath()).isEqualTo(AsPath.sequence(64512));
    }

    @Test
    void prependChecksItsArguments() {
        assertThatThrownBy(() -> Action.prepend(64512, 0)).hasMessageContaining("prepend 0 times").hasMessageContaining("1..255");
        assertThatThrownBy(() -> Action.prepend(-5, 1)).hasMessageContaining("-5").hasMessageContaining("0..4294967295");
    }

    // ---- next hop ------------------------------------------------------------------------------

    @Test
    void setNextHopOnIpv4SetsNextHop() {
        PathAttributes out = apply(Action.setNextHop("198.51.100.9"), R);
        assertThat(out.nextHop()).isEqualTo(NextHop.of("198.51.100.9"));
        assertThat(apply(Action.setNextHop("192.0.2.1"), R)).isSameAs(R.attributes());
    }

    @Test
    void setNextHopOnIpv6ReplacesTheMpReachNextHopKeepingNoPrefixes() {
        PathAttributes out = apply(Action.setNextHop("2001:db8::99"), V6);
        MpReachNlri mp = out.mpReach();
        assertThat(mp.nextHop()).isEqualTo(Addresses.ipv6("2001:db8::99"));
        assertThat(mp.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
        assertThat(mp.nlri().isEmpty()).isTrue();
        assertThat(mp.linkLocalNextHop()).isNull();
        assertThat(apply(Action.setNextHop("2001:db8::1"), V6)).isSameAs(V6.attributes());
    }

    @Test
    void setNextHopWithLinkLocal() {
        Action a = new Action.SetNextHop(Addresses.ipv6("2001:db8::5"), Addresses.ipv6("fe80::5"));
        MpReachNlri mp = apply(a, V6).mpReach();
        assertThat(mp.linkLocalNextHop()).isEqualTo(Addresses.ipv6("fe80::5"));
        assertThat(mp.nextHopLength()).isEqualTo(32);
        assertThatThrownBy(() -> new Action.SetNextHop(Addresses.ipv4("192.0.2.1"), Addresses.ipv6("fe80::5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 2545");
    }

    @Test
    void setNextHopCreatesMpReachForAnIpv6RouteWithout() {
        TestRoute bare = V6.withAttributes(V6.attributes().without(AttributeType.MP_REACH_NLRI));
        MpReachNlri mp = apply(Action.setNextHop("2001:db8::42"), bare).mpReach();
        assertThat(mp).isEqualTo(new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8::42"),
                PrefixBlock.empty(AddressFamily.IPV6_UNICAST)));
    }

    @Test
    void anIpv4NextHopLeavesIpv6RoutesAlone() {
        assertThat(apply(Action.setNextHop("192.0.2.77"), V6)).isSameAs(V6.attributes());
    }

    @Test
    void anIpv6NextHopForAnIpv4RouteUsesMpReach() {
        PathAttributes out = apply(Action.setNextHop("2001:db8::8"), R);
        assertThat(out.nextHop()).isNull();
        assertThat(out.mpReach().family()).isEqualTo(AddressFamily.IPV4_UNICAST);
        assertThat(out.mpReach().nextHop()).isEqualTo(Addresses.ipv6("2001:db8::8"));
    }

    @Test
    void setNextHopRefusesAPrefix() {
        assertThatThrownBy(() -> Action.setNextHop("192.0.2.0/24"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'192.0.2.0/24'");
        assertThatThrownBy(() -> Action.setNextHop("gateway"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gateway'");
    }

    @Test
    void actionsDependOnNeitherPrefixNorPeer() {
        for (Action a : java.util.List.of(Action.setLocalPref(1), Action.setMed(1), Action.removeMed(), Action.prepend(1, 1),
                Action.setNextHop("192.0.2.1"), Action.setOrigin(Origin.EGP), CommunityAction.addStandard("1:1"),
                CommunityAction.removeWellKnown(), CommunityAction.setLarge("1:2:3"), CommunityAction.removeExtended("rt:1:1"))) {
            assertThat(a.dependsOnPrefix()).as(a.toString()).isFalse();
            assertThat(a.dependsOnPeer()).as(a.toString()).isFalse();
        }
    }
}
