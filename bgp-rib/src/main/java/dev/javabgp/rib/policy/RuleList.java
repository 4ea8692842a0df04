package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import java.util.List;
import java.util.Objects;

/**
 * Ordered rules with first-match semantics. Rules are tried in order; a rule whose match holds runs
 * its actions and then ACCEPTs (the result is the attributes as changed so far), REJECTs, or
 * CONTINUEs to the next rule with its changes kept, so later rules see and match on the changed
 * attributes. A route no rule accepts or rejects gets the default decision, with any CONTINUE
 * rules' changes when that is ACCEPT.
 *
 * @param rules the rules in order
 * @param otherwise the decision for routes no rule decides on: ACCEPT or REJECT
 */
public record RuleList(List<PolicyRule> rules, Decision otherwise) implements Policy {

    public RuleList {
        rules = List.copyOf(rules);
        Objects.requireNonNull(otherwise, "otherwise");
        if (otherwise == Decision.CONTINUE) {
            throw new IllegalArgumentException(
                    "a rule list's default decision must be ACCEPT or REJECT, not CONTINUE: there is no next rule to go on to");
        }
    }

    /** These rules with another default decision. */
    public RuleList otherwise(Decision decision) {
        return new RuleList(rules, decision);
    }

    /** These rules, accepting what no rule decides on. */
    public RuleList otherwiseAccept() {
        return otherwise(Decision.ACCEPT);
    }

    /** These rules, rejecting what no rule decides on. */
    public RuleList otherwiseReject() {
        return otherwise(Decision.REJECT);
    }

    @Override
    public PathAttributes evaluate(RouteContext route, PathAttributes attributes) {
        PathAttributes current = attributes;
        List<PolicyRule> list = rules;
        for (int i = 0, n = list.size(); i < n; i++) {
            PolicyRule rule = list.get(i);
            if (!rule.match().matches(route, current)) {
                continue;
            }
            if (rule.decision() == Decision.REJECT) {
                return null;
            }
            List<Action> actions = rule.actions();
            for (int j = 0, m = actions.size(); j < m; j++) {
                current = actions.get(j).apply(route, current);
            }
            if (rule.decision() == Decision.ACCEPT) {
                return current;
            }
        }
        return otherwise == Decision.ACCEPT ? current : null;
    }

    @Override
    public boolean dependsOnPrefix() {
        for (PolicyRule r : rules) {
            if (r.dependsOnPrefix()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean dependsOnPeer() {
        for (PolicyRule r : rules) {
            if (r.dependsOnPeer()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (rules.isEmpty()) {
            return otherwise == Decision.ACCEPT ? "accept all" : "reject all";
        }
        StringBuilder sb = new StringBuilder("rules {");
        for (PolicyRule r : rules) {
            sb.append("\n  ").append(r).append(';');
        }
        return sb.append("\n  otherwise ").append(otherwise.name().toLowerCase(java.util.Locale.ROOT)).append(";\n}").toString();
    }
}
