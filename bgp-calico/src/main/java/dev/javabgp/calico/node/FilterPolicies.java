package dev.javabgp.calico.node;

import dev.javabgp.calico.resource.BgpFilter;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.rib.policy.AsPathMatch;
import dev.javabgp.rib.policy.Decision;
import dev.javabgp.rib.policy.Match;
import dev.javabgp.rib.policy.PolicyRule;
import dev.javabgp.rib.policy.PrefixRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** BGPFilter rules as policy rules (see docs/policy.md, "Calico's BGPFilter"). */
final class FilterPolicies {

    private FilterPolicies() {}

    /** The export rules of {@code filters}, in order, IPv4 and IPv6. */
    static List<PolicyRule> exportRules(List<BgpFilter> filters, InetAddress nodeV4, InetAddress nodeV6) {
        List<PolicyRule> out = new ArrayList<>();
        for (BgpFilter f : filters) {
            f.exportV4().forEach(r -> out.add(rule(r, AddressFamily.IPV4_UNICAST, nodeV4)));
            f.exportV6().forEach(r -> out.add(rule(r, AddressFamily.IPV6_UNICAST, nodeV6)));
        }
        return out;
    }

    /** The import rules of {@code filters}, in order, IPv4 and IPv6. */
    static List<PolicyRule> importRules(List<BgpFilter> filters) {
        List<PolicyRule> out = new ArrayList<>();
        for (BgpFilter f : filters) {
            f.importV4().forEach(r -> out.add(rule(r, AddressFamily.IPV4_UNICAST, null)));
            f.importV6().forEach(r -> out.add(rule(r, AddressFamily.IPV6_UNICAST, null)));
        }
        return out;
    }

    private static PolicyRule rule(BgpFilter.Rule r, AddressFamily family, InetAddress node) {
        List<Match> all = new ArrayList<>();
        all.add(Match.family(family));
        if (r.cidr() != null) {
            all.add(prefixMatch(r));
        }
        if (r.remotePeersOnly() && node != null) {
            // This node originates only service routes, with an empty AS_PATH and itself as next hop;
            // every other route came from a peer.
            all.add(Match.allOf(AsPathMatch.length(0, 0), Match.nextHopIn(node.getHostAddress())).negate());
        }
        if (r.interfaceName() != null) {
            // No route in this speaker has an outgoing interface: a rule that asks for one matches none.
            all.add(Match.anyOf());
        }
        return PolicyRule.rule().match(Match.allOf(all)).build(r.action() == BgpFilter.Action.ACCEPT ? Decision.ACCEPT : Decision.REJECT);
    }

    private static Match prefixMatch(BgpFilter.Rule r) {
        IpPrefix cidr = r.cidr();
        int longest = cidr.isIpv4() ? 32 : 128;
        return switch (r.matchOperator()) {
            case EQUAL -> PrefixRange.exact(cidr);
            case NOT_EQUAL -> Match.not(PrefixRange.exact(cidr));
            case IN -> PrefixRange.of(cidr, r.minLength() == null ? cidr.length() : r.minLength(),
                    r.maxLength() == null ? longest : r.maxLength());
            case NOT_IN -> Match.not(PrefixRange.of(cidr, r.minLength() == null ? cidr.length() : r.minLength(),
                    r.maxLength() == null ? longest : r.maxLength()));
        };
    }
}
