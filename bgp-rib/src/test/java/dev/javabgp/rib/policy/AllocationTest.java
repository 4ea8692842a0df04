package dev.javabgp.rib.policy;

import static dev.javabgp.rib.policy.PolicyRule.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Matching, and a policy that changes nothing, allocate nothing per route. */
class AllocationTest {

    @Test
    void evaluatingWithoutChangesAllocatesNothing() {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) threads;
        mx.setThreadAllocatedMemoryEnabled(true);

        TestRoute route = TestRoute.route("10.1.2.0/24").with(
                Communities.of(Communities.parse("65000:1"), Communities.NO_EXPORT),
                LargeCommunities.of(65000, 1, 2),
                ExtendedCommunities.of(ExtendedCommunities.routeTarget(65000, 100)));
        Policy policy = Policy.rules(
                rule().matchPrefix("192.168.0.0/16", 16, 24).reject(),
                rule().matchPrefixList("172.16.0.0/12+", "10.0.0.0/8 ge 16 le 24", "2001:db8::/32+")
                        .matchFamily(AddressFamily.IPV4_UNICAST)
                        .matchAsPathContains(65002).matchOriginAs(65002).matchNeighborAs(65001).matchAsPathLength(1, 5)
                        .matchAsPath("^65001 (.* )?65002$")
                        .matchCommunity("65000:1").matchAllCommunities("65000:1", "no-export").matchNoCommunity("65000:9")
                        .matchLargeCommunity("65000:1:2").matchExtendedCommunity("rt:65000:100")
                        .matchOrigin(Origin.IGP).matchNextHop("192.0.2.0/24")
                        .matchPeer("192.0.2.0/24").matchPeerAs(65001).matchExternalPeer()
                        .match(Match.anyOf(Match.not(Match.ANY), Match.prefix("10.1.2.0/24")))
                        .addCommunity("65000:1").removeCommunity("65000:7").removeLargeCommunity("1:1:1")
                        .addExtendedCommunity("rt:65000:100").setOrigin(Origin.IGP).removeMed()
                        .setNextHop("192.0.2.1")
                        .continueToNext(),
                rule().accept());

        PathAttributes expected = route.attributes();
        for (int i = 0; i < 20_000; i++) {
            if (policy.evaluate(route) != expected) {
                throw new AssertionError("the policy changed something");
            }
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            if (policy.evaluate(route) != expected) {
                throw new AssertionError("the policy changed something");
            }
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        // A few bytes of slack for the measurement itself; one object per route would be 160,000+.
        assertThat(allocated).isLessThan(1_000);
    }
}
