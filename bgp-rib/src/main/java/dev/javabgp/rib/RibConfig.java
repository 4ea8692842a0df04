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
 * @param expectedPrefixes prefixes per family to size tables for, so a full table needs no growth
 */
public record RibConfig(long localAs, Inet4Address routerId, Inet4Address clusterId, DecisionOptions decision,
        NextHopResolver resolver, int expectedPrefixes) {

    public RibConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(resolver, "resolver");
        if (clusterId == null) {
            clusterId = routerId;
        }
        if (expectedPrefixes < 0) {
            throw new IllegalArgumentException("expectedPrefixes must not be negative");
        }
    }

    public RibConfig(long localAs, Inet4Address routerId) {
        this(localAs, routerId, null, DecisionOptions.DEFAULT, NextHopResolver.CONNECTED, 1024);
    }

    public RibConfig withDecision(DecisionOptions value) {
        return new RibConfig(localAs, routerId, clusterId, value, resolver, expectedPrefixes);
    }

    public RibConfig withResolver(NextHopResolver value) {
        return new RibConfig(localAs, routerId, clusterId, decision, value, expectedPrefixes);
    }

    public RibConfig withExpectedPrefixes(int value) {
        return new RibConfig(localAs, routerId, clusterId, decision, resolver, value);
    }

    public RibConfig withClusterId(Inet4Address value) {
        return new RibConfig(localAs, routerId, value, decision, resolver, expectedPrefixes);
    }
}
