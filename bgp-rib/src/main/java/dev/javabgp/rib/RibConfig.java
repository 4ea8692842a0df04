package dev.javabgp.rib;

import dev.javabgp.rib.decision.DecisionOptions;
import dev.javabgp.rib.decision.NextHopResolver;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * What the RIB needs to know of the speaker itself.
 *
 * @param localAs our AS number
 * @param routerId our BGP identifier; also the ORIGINATOR_ID loop check (RFC 4456 §8)
 * @param clusterId our route-reflection cluster ID (RFC 4456 §7); null means the router ID
 * @param expectedPrefixes IPv4 prefixes to size the table for, so a full table needs no growth
 * @param expectedIpv6Prefixes the same for IPv6; tables grow past these sizes when they must
 */
public record RibConfig(long localAs, Inet4Address routerId, Inet4Address clusterId, DecisionOptions decision,
        NextHopResolver resolver, int expectedPrefixes, int expectedIpv6Prefixes) {

    public RibConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(resolver, "resolver");
        if (clusterId == null) {
            clusterId = routerId;
        }
        if (expectedPrefixes < 0 || expectedIpv6Prefixes < 0) {
            throw new IllegalArgumentException("expected prefixes must not be negative: " + expectedPrefixes + ", "
                    + expectedIpv6Prefixes);
        }
    }

    public RibConfig(long localAs, Inet4Address routerId) {
        this(localAs, routerId, null, DecisionOptions.DEFAULT, NextHopResolver.CONNECTED, 1024, 128);
    }

    public RibConfig withDecision(DecisionOptions value) {
        return new RibConfig(localAs, routerId, clusterId, value, resolver, expectedPrefixes, expectedIpv6Prefixes);
    }

    public RibConfig withResolver(NextHopResolver value) {
        return new RibConfig(localAs, routerId, clusterId, decision, value, expectedPrefixes, expectedIpv6Prefixes);
    }

    /** Sizes both tables: IPv4 for {@code value} prefixes, IPv6 for an eighth of that, as full tables compare. */
    public RibConfig withExpectedPrefixes(int value) {
        return withExpectedPrefixes(value, Math.max(16, value / 8));
    }

    public RibConfig withExpectedPrefixes(int ipv4, int ipv6) {
        return new RibConfig(localAs, routerId, clusterId, decision, resolver, ipv4, ipv6);
    }

    public RibConfig withClusterId(Inet4Address value) {
        return new RibConfig(localAs, routerId, value, decision, resolver, expectedPrefixes, expectedIpv6Prefixes);
    }
}
