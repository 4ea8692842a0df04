package dev.javabgp.calico.resource;

import dev.javabgp.codec.nlri.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A {@code BGPFilter}: ordered accept and reject rules for the routes a peer sends and is sent,
 * per address family. The first rule that matches decides; a route no rule matches is handled as
 * if there were no filter.
 */
public record BgpFilter(String name, ApiVersion apiVersion, List<Rule> exportV4, List<Rule> importV4, List<Rule> exportV6,
        List<Rule> importV6) {

    public BgpFilter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        exportV4 = List.copyOf(exportV4);
        importV4 = List.copyOf(importV4);
        exportV6 = List.copyOf(exportV6);
        importV6 = List.copyOf(importV6);
    }

    /** A rule's {@code action}. */
    public enum Action implements Spelled {
        ACCEPT("Accept"), REJECT("Reject");

        private final String spelling;

        Action(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    /** A rule's {@code matchOperator}: how the route's prefix is compared with the rule's CIDR. */
    public enum MatchOperator implements Spelled {
        EQUAL("Equal"), NOT_EQUAL("NotEqual"), IN("In"), NOT_IN("NotIn");

        private final String spelling;

        MatchOperator(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    /**
     * One rule.
     *
     * @param cidr the prefix to compare with, or null for every route
     * @param matchOperator how to compare, or null when there is no CIDR
     * @param minLength the shortest matching prefix length for {@code In}/{@code NotIn}, or null
     * @param maxLength the longest matching prefix length for {@code In}/{@code NotIn}, or null
     * @param remotePeersOnly {@code source: RemotePeers}: only routes learned from peers
     * @param interfaceName {@code interface}: only routes out of this interface, or null
     * @param action accept or reject a matching route
     */
    public record Rule(IpPrefix cidr, MatchOperator matchOperator, Integer minLength, Integer maxLength, boolean remotePeersOnly,
            String interfaceName, Action action) {

        public Rule {
            Objects.requireNonNull(action, "action");
            if ((cidr == null) != (matchOperator == null)) {
                throw new IllegalArgumentException("cidr and matchOperator must both be set or both be empty");
            }
        }
    }
}
