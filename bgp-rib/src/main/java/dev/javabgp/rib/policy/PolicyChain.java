package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Policies applied one after another: each one's output attributes feed the next, and a rejection
 * stops the chain. An empty chain accepts everything unchanged. Build with {@link Policy#chain} or
 * {@link Policy#then}.
 *
 * @param policies the policies in order
 */
public record PolicyChain(List<Policy> policies) implements Policy {

    public PolicyChain {
        policies = List.copyOf(policies);
    }

    /** A chain of {@code policies} with nested chains flattened; a single policy is returned as is. */
    static Policy of(List<Policy> policies) {
        List<Policy> flat = new ArrayList<>(policies.size());
        for (Policy p : policies) {
            if (p instanceof PolicyChain c) {
                flat.addAll(c.policies);
            } else {
                flat.add(java.util.Objects.requireNonNull(p, "policy"));
            }
        }
        return flat.size() == 1 ? flat.get(0) : new PolicyChain(flat);
    }

    @Override
    public PathAttributes evaluate(RouteContext route, PathAttributes attributes) {
        PathAttributes current = attributes;
        List<Policy> list = policies;
        for (int i = 0, n = list.size(); i < n && current != null; i++) {
            current = list.get(i).evaluate(route, current);
        }
        return current;
    }

    @Override
    public boolean dependsOnPrefix() {
        for (Policy p : policies) {
            if (p.dependsOnPrefix()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean dependsOnPeer() {
        for (Policy p : policies) {
            if (p.dependsOnPeer()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("chain [");
        for (int i = 0; i < policies.size(); i++) {
            sb.append(i == 0 ? "" : ", then ").append(policies.get(i));
        }
        return sb.append(']').toString();
    }
}
