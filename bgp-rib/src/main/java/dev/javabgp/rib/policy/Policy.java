package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import java.util.List;

/**
 * An import or export policy: decides whether a route is taken and with which path attributes.
 *
 * <p>Policies are immutable values, safe to share between threads and sessions, and evaluated
 * without sockets: anything implementing {@link RouteContext} will do. The built-in policies are
 * {@link RuleList} (ordered rules, first match wins, with a default decision) and {@link
 * PolicyChain} (policies applied one after another). Build them with {@link #rules} and {@link
 * PolicyRule#rule()}:
 *
 * <pre>{@code
 * Policy importPolicy = Policy.rules(
 *         rule().matchPrefix("10.0.0.0/8", 16, 24).addCommunity("65000:100").accept(),
 *         rule().matchCommunity("no-export").reject(),
 *         rule().matchAsPath("^65001 .* 65002$").setLocalPref(50).accept());
 * }</pre>
 *
 * <p>Evaluation allocates nothing unless an action changes the attributes (the one exception, an
 * IPv6 next-hop or peer-address range test, is noted on {@link PrefixRange#containsAddress}).
 */
public interface Policy {

    /** Accepts every route unchanged. */
    Policy ACCEPT_ALL = new RuleList(List.of(), Decision.ACCEPT);

    /** Rejects every route. */
    Policy REJECT_ALL = new RuleList(List.of(), Decision.REJECT);

    /**
     * Evaluates the policy for a route whose attributes are {@code attributes}, which may differ
     * from {@code route.attributes()} when an earlier policy of a chain changed them.
     *
     * @return the attributes to use: {@code attributes} itself (the same instance) when nothing
     *     changed, a new set when an action changed something, or null when the route is rejected
     */
    PathAttributes evaluate(RouteContext route, PathAttributes attributes);

    /**
     * Evaluates the policy for a route as the RIB holds it.
     *
     * @return {@code route.attributes()} itself when nothing changed, a new set when an action
     *     changed something, or null when the route is rejected
     */
    default PathAttributes evaluate(RouteContext route) {
        return evaluate(route, route.attributes());
    }

    /**
     * True if the outcome may depend on the route's prefix (address or length). When false, the
     * outcome is a function of the family, the attributes and (see {@link #dependsOnPeer()}) the
     * peer, so a RIB may evaluate once per distinct attribute set and family and reuse the result.
     */
    boolean dependsOnPrefix();

    /** True if the outcome may depend on {@link RouteContext#peer()}. */
    boolean dependsOnPeer();

    /** This policy followed by {@code next}: see {@link #chain}. */
    default Policy then(Policy next) {
        return chain(this, next);
    }

    /**
     * Policies applied in order: each one's output attributes are the next one's input, and the first
     * rejection rejects the route. An ACCEPT from one policy therefore means "go on to the next".
     * Nested chains are flattened.
     */
    static Policy chain(Policy... policies) {
        return PolicyChain.of(List.of(policies));
    }

    /** Ordered rules, first match wins; a route no rule decides on is rejected. */
    static RuleList rules(PolicyRule... rules) {
        return new RuleList(List.of(rules), Decision.REJECT);
    }

    /** Ordered rules, first match wins; a route no rule decides on gets {@code otherwise}. */
    static RuleList rules(Decision otherwise, PolicyRule... rules) {
        return new RuleList(List.of(rules), otherwise);
    }

    /** Ordered rules, first match wins; a route no rule decides on gets {@code otherwise}. */
    static RuleList rules(Decision otherwise, List<PolicyRule> rules) {
        return new RuleList(rules, otherwise);
    }
}
