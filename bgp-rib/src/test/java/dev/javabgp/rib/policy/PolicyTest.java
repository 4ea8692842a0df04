package dev.javabgp.rib.policy;

import static dev.javabgp.rib.policy.PolicyRule.rule;
import static dev.javabgp.rib.policy.TestRoute.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static final TestRoute R = route("10.1.0.0/16");

    @Test
    void acceptAllAndRejectAll() {
        assertThat(Policy.ACCEPT_ALL.evaluate(R)).isSameAs(R.attributes());
        assertThat(Policy.REJECT_ALL.evaluate(R)).isNull();
        assertThat(Policy.ACCEPT_ALL.dependsOnPrefix()).isFalse();
        assertThat(Policy.ACCEPT_ALL.dependsOnPeer()).isFalse();
        assertThat(Policy.ACCEPT_ALL).hasToString("accept all");
    }

    @Test
    void theExampleFromTheIssue() {
        Policy p = Policy.rules(
                rule().matchPrefix("10.0.0.0/8", 16, 24).addCommunity("65000:100").accept(),
                rule().reject());
        PathAttributes out = p.evaluate(R);
        assertThat(out.communities().values()).containsExactly(Communities.parse("65000:100"));
        assertThat(p.evaluate(route("10.0.0.0/8"))).isNull();
        assertThat(p.evaluate(route("192.168.0.0/16"))).isNull();
    }

    @Test
    void firstMatchWins() {
        Policy p = Policy.rules(
                rule().matchPrefixOrLonger("10.0.0.0/8").setLocalPref(100).accept(),
                rule().matchPrefixOrLonger("10.1.0.0/16").setLocalPref(200).accept());
        assertThat(p.evaluate(R).localPref()).isEqualTo(new LocalPref(100));
    }

    @Test
    void aRejectingRuleStopsTheList() {
        Policy p = Policy.rules(Decision.ACCEPT,
                rule().matchPrefixOrLonger("10.0.0.0/8").reject(),
                rule().setLocalPref(200).accept());
        assertThat(p.evaluate(R)).isNull();
        assertThat(p.evaluate(route("192.168.0.0/16")).localPref()).isEqualTo(new LocalPref(200));
    }

    @Test
    void theDefaultDecisionAppliesWhenNoRuleDecides() {
        RuleList rules = Policy.rules(rule().matchPrefix("192.168.0.0/16").accept());
        assertThat(rules.otherwise()).isEqualTo(Decision.REJECT);
        assertThat(rules.evaluate(R)).isNull();
        assertThat(rules.otherwiseAccept().evaluate(R)).isSameAs(R.attributes());
        assertThat(rules.otherwiseAccept().otherwiseReject().evaluate(R)).isNull();
        assertThat(Policy.rules(Decision.ACCEPT, List.of()).evaluate(R)).isSameAs(R.attributes());
        assertThatThrownBy(() -> rules.otherwise(Decision.CONTINUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ACCEPT or REJECT");
    }

    @Test
    void continueKeepsChangesAndLaterRulesSeeThem() {
        Policy p = Policy.rules(
                rule().matchExternalPeer().addCommunity("65000:1").continueToNext(),
                rule().matchCommunity("65000:1").setLocalPref(50).accept(),
                rule().accept());
        PathAttributes out = p.evaluate(R);
        assertThat(out.communities().values()).containsExactly(Communities.parse("65000:1"));
        assertThat(out.localPref()).isEqualTo(new LocalPref(50));
        // From an iBGP peer the first rule does not match, so neither does the second.
        assertThat(p.evaluate(R.from(TestRoute.IBGP_PEER))).isSameAs(R.attributes());
    }

    @Test
    void continueChangesSurviveADefaultAcceptAndVanishWithADefaultReject() {
        PolicyRule tag = rule().addCommunity("65000:1").continueToNext();
        assertThat(Policy.rules(Decision.ACCEPT, tag).evaluate(R).communities()).isNotNull();
        assertThat(Policy.rules(Decision.REJECT, tag).evaluate(R)).isNull();
    }

    @Test
    void chainFeedsOnePolicysOutputToTheNext() {
        Policy tag = Policy.rules(Decision.ACCEPT, rule().addCommunity("65000:1").accept());
        Policy prefer = Policy.rules(Decision.ACCEPT, rule().matchCommunity("65000:1").setLocalPref(300).accept());
        PathAttributes out = Policy.chain(tag, prefer).evaluate(R);
        assertThat(out.localPref()).isEqualTo(new LocalPref(300));
        assertThat(tag.then(prefer).evaluate(R)).isEqualTo(out);
        // The other way round, the second policy has not yet seen the community.
        assertThat(prefer.then(tag).evaluate(R).localPref()).isNull();
    }

    @Test
    void aRejectStopsTheChain() {
        Policy counting = new Policy() {
            @Override
            public PathAttributes evaluate(RouteContext route, PathAttributes attributes) {
                throw new AssertionError("a rejected route went on down the chain");
            }

            @Override
            public boolean dependsOnPrefix() {
                return false;
            }

            @Override
            public boolean dependsOnPeer() {
                return false;
            }
        };
        assertThat(Policy.chain(Policy.ACCEPT_ALL, Policy.REJECT_ALL, counting).evaluate(R)).isNull();
    }

    @Test
    void chainsFlattenAndASingletonIsItself() {
        Policy a = Policy.rules(rule().accept());
        Policy b = Policy.REJECT_ALL;
        assertThat(Policy.chain(a)).isSameAs(a);
        assertThat(a.then(b).then(a)).isEqualTo(new PolicyChain(List.of(a, b, a)));
        assertThat(Policy.chain().evaluate(R)).isSameAs(R.attributes());
    }

    @Test
    void nothingChangedReturnsTheSameInstance() {
        TestRoute tagged = R.with(Communities.of(Communities.parse("65000:1")), new LocalPref(100));
        Policy p = Policy.rules(
                rule().addCommunity("65000:1").setLocalPref(100).removeMed().removeWellKnownCommunities().continueToNext(),
                rule().matchPrefixOrLonger("10.0.0.0/8").setOrigin(tagged.attributes().origin()).accept())
                .then(Policy.ACCEPT_ALL);
        assertThat(p.evaluate(tagged)).isSameAs(tagged.attributes());
        // Evaluating against other attributes returns those, not the route's.
        PathAttributes other = tagged.attributes().with(AsPath.sequence(1));
        assertThat(p.evaluate(tagged, other)).isSameAs(other);
    }

    @Test
    void dependsOnPrefixFollowsTheMatches() {
        Policy attributeOnly = Policy.rules(
                rule().matchCommunity("65000:1").matchAsPath("^65001").setLocalPref(10).accept(),
                rule().matchFamily(AddressFamily.IPV4_UNICAST).prepend(64512).continueToNext(),
                rule().matchNot(Match.origin(dev.javabgp.codec.attribute.Origin.EGP)).accept());
        assertThat(attributeOnly.dependsOnPrefix()).isFalse();
        assertThat(attributeOnly.dependsOnPeer()).isFalse();

        Policy withPrefix = Policy.rules(rule().matchCommunity("65000:1").accept(),
                rule().match(Match.anyOf(Match.origin(dev.javabgp.codec.attribute.Origin.IGP),
                        Match.not(Match.prefixList("10.0.0.0/8+")))).accept());
        assertThat(withPrefix.dependsOnPrefix()).isTrue();
        assertThat(attributeOnly.then(withPrefix).dependsOnPrefix()).isTrue();

        Policy withPeer = Policy.rules(rule().matchPeerAs(65001).accept());
        assertThat(withPeer.dependsOnPeer()).isTrue();
        assertThat(withPeer.dependsOnPrefix()).isFalse();
        assertThat(attributeOnly.then(withPeer).dependsOnPeer()).isTrue();
    }

    @Test
    void aRejectingRuleTakesNoActions() {
        assertThatThrownBy(() -> rule().addCommunity("65000:1").reject())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rejects")
                .hasMessageContaining("add community [65000:1]");
    }

    @Test
    void anEmptyRuleMatchesEverything() {
        assertThat(rule().accept().match()).isSameAs(Match.ANY);
        assertThat(rule().matchOriginAs(65002).accept().match()).isEqualTo(AsPathMatch.originAs(65002));
    }

    @Test
    void policiesAreValuesWithReadableText() {
        Policy a = Policy.rules(rule().matchPrefix("10.0.0.0/8", 16, 24).addCommunity("65000:100").accept());
        Policy b = Policy.rules(rule().matchPrefix("10.0.0.0/8", 16, 24).addCommunity("65000:100").accept());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("""
                rules {
                  if 10.0.0.0/8 ge 16 le 24 then add community [65000:100]; accept;
                  otherwise reject;
                }""");
    }

    @Test
    void everyBuilderConditionAndActionBuilds() {
        PolicyRule r = rule()
                .matchPrefix("10.0.0.0/8").matchPrefixList("10.0.0.0/8+").matchFamily(AddressFamily.IPV4_UNICAST)
                .matchAsPathContains(1).matchOriginAs(2).matchNeighborAs(3).matchAsPathLength(0, 9).matchAsPath("^1")
                .matchCommunity("1:1").matchAllCommunities("1:2").matchNoCommunity("1:3").matchLargeCommunity("1:2:3")
                .matchExtendedCommunity("rt:1:1").matchOrigin(dev.javabgp.codec.attribute.Origin.IGP)
                .matchNextHop("192.0.2.0/24").matchPeer("192.0.2.0/24").matchPeerAs(1).matchExternalPeer()
                .matchInternalPeer()
                .addCommunity("1:1").setCommunities("1:2").removeCommunity("1:3").removeAllCommunities()
                .removeWellKnownCommunities().addLargeCommunity("1:2:3").setLargeCommunities("1:2:4")
                .removeLargeCommunity("1:2:5").addExtendedCommunity("rt:1:1").setExtendedCommunities("rt:1:2")
                .removeExtendedCommunity("rt:1:3").setLocalPref(1).setMed(2).removeMed().prepend(1).prepend(1, 2)
                .setNextHop("192.0.2.1").setOrigin(dev.javabgp.codec.attribute.Origin.EGP)
                .continueToNext();
        assertThat(((Match.AllOf) r.match()).matches()).hasSize(19);
        assertThat(r.actions()).hasSize(18);
        assertThat(r.dependsOnPrefix()).isTrue();
        assertThat(r.dependsOnPeer()).isTrue();
    }
}
