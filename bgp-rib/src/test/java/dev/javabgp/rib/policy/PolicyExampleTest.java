package dev.javabgp.rib.policy;

import static dev.javabgp.rib.policy.PolicyRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.PathAttributes;
import org.junit.jupiter.api.Test;

/** The example of docs/policy.md, compiled and run. */
class PolicyExampleTest {

    @Test
    void example() {
        // --- docs/policy.md example begins
        Policy importFromTransit = Policy.rules(
                // Never take our own space or the default route from outside.
                rule().matchPrefixList("10.0.0.0/8+", "0.0.0.0/0").reject(),
                // Honour the blackhole community (RFC 7999) for host routes only.
                rule().matchCommunity("blackhole").matchPrefix("0.0.0.0/0", 32, 32)
                        .setNextHop("192.0.2.66").setCommunities("no-export").accept(),
                // Everything else: tag it, and prefer routes that come straight from AS 65001.
                rule().addLargeCommunity("64512:1:65001").continueToNext(),
                rule().matchAsPath("^65001$").setLocalPref(200).accept(),
                rule().setLocalPref(100).accept());

        Policy exportToCustomers = Policy.rules(Decision.ACCEPT,
                rule().matchCommunity("no-export").reject())
                .then(Policy.rules(Decision.ACCEPT,
                        rule().removeWellKnownCommunities().prepend(64512, 2).accept()));
        // --- docs/policy.md example ends

        PathAttributes in = importFromTransit.evaluate(TestRoute.route("203.0.113.0/24"));
        assertThat(in.localPref().value()).isEqualTo(100);
        assertThat(in.largeCommunities()).isNotNull();
        assertThat(importFromTransit.evaluate(TestRoute.route("10.1.0.0/16"))).isNull();
        assertThat(importFromTransit.dependsOnPrefix()).isTrue();

        TestRoute blackholed = TestRoute.route("198.51.100.7/32").with(Communities.of(Communities.BLACKHOLE));
        PathAttributes hole = importFromTransit.evaluate(blackholed);
        assertThat(hole.nextHop().address().getHostAddress()).isEqualTo("192.0.2.66");
        assertThat(exportToCustomers.evaluate(blackholed.withAttributes(hole))).isNull();

        PathAttributes out = exportToCustomers.evaluate(TestRoute.route("203.0.113.0/24").withAttributes(in));
        assertThat(out.asPath().pathLength()).isEqualTo(in.asPath().pathLength() + 2);
        assertThat(exportToCustomers.dependsOnPrefix()).isFalse();
    }
}
