package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches routes in any of a list of prefix ranges, like a router's prefix-list with only permit
 * entries (to deny, put a {@link Match#not} around a list or use a rejecting rule). The entries are
 * tried in order; a list of a few dozen entries costs a few dozen mask tests.
 *
 * @param ranges the entries
 */
public record PrefixList(List<PrefixRange> ranges) implements Match {

    public PrefixList {
        ranges = List.copyOf(ranges);
    }

    /** A list of entries in the syntax of {@link PrefixRange#parse}, e.g. {@code "10.0.0.0/8 ge 16 le 24"}. */
    public static PrefixList of(String... entries) {
        List<PrefixRange> list = new ArrayList<>(entries.length);
        for (String e : entries) {
            list.add(PrefixRange.parse(e));
        }
        return new PrefixList(list);
    }

    @Override
    public boolean matches(RouteContext route, PathAttributes attributes) {
        int afi = route.family().afi();
        long high = route.addressHigh();
        long low = route.addressLow();
        int length = route.prefixLength();
        List<PrefixRange> list = ranges;
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i).contains(afi, high, low, length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean dependsOnPrefix() {
        return true;
    }

    @Override
    public boolean dependsOnPeer() {
        return false;
    }

    @Override
    public String toString() {
        return "prefix in " + ranges;
    }
}
