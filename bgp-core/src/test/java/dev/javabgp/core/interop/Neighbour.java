package dev.javabgp.core.interop;

import java.util.Objects;
import java.util.Set;

/**
 * One BGP neighbour of a daemon under test, as that daemon sees it.
 *
 * @param address the neighbour's loopback address (127.0.0.x or ::1)
 * @param port the TCP port the neighbour listens on (the daemon connects there)
 * @param remoteAs the neighbour's AS number
 * @param passive true if the daemon must only accept the neighbour's connection, never open one
 * @param holdTime the hold time in seconds the daemon proposes
 * @param families the address families to negotiate
 * @param routeReflectorClient true if the daemon treats this iBGP neighbour as a route-reflector client
 * @param md5Password TCP MD5 signature password (RFC 2385), or null for none
 * @param restartTime 0, or graceful restart (RFC 4724) with this restart time: the daemon keeps the
 *     neighbour's routes as stale when its session drops
 */
public record Neighbour(String address, int port, long remoteAs, boolean passive, int holdTime,
                        Set<Family> families, boolean routeReflectorClient, String md5Password, int restartTime) {

    public Neighbour {
        Objects.requireNonNull(address, "address");
        Loopback.require(address);
        families = Set.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("a neighbour needs at least one address family");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** An active neighbour, hold time 90 s, the family of its address, no RR client, no password. */
    public static Neighbour of(String address, int port, long remoteAs) {
        return new Neighbour(address, port, remoteAs, false, 90,
                Set.of(address.contains(":") ? Family.IPV6_UNICAST : Family.IPV4_UNICAST), false, null, 0);
    }

    public Neighbour passive(boolean value) {
        return new Neighbour(address, port, remoteAs, value, holdTime, families, routeReflectorClient, md5Password, restartTime);
    }

    public Neighbour holdTime(int seconds) {
        return new Neighbour(address, port, remoteAs, passive, seconds, families, routeReflectorClient, md5Password, restartTime);
    }

    public Neighbour families(Family... value) {
        return new Neighbour(address, port, remoteAs, passive, holdTime, Set.of(value), routeReflectorClient, md5Password, restartTime);
    }

    public Neighbour routeReflectorClient(boolean value) {
        return new Neighbour(address, port, remoteAs, passive, holdTime, families, value, md5Password, restartTime);
    }

    public Neighbour md5Password(String value) {
        return new Neighbour(address, port, remoteAs, passive, holdTime, families, routeReflectorClient, value, restartTime);
    }

    public Neighbour gracefulRestart(int seconds) {
        return new Neighbour(address, port, remoteAs, passive, holdTime, families, routeReflectorClient, md5Password, seconds);
    }

    /** True if the neighbour is in the given local AS (an iBGP session). */
    public boolean internal(long localAs) {
        return remoteAs == localAs;
    }

    /** True if the neighbour's address is IPv6. */
    public boolean ipv6() {
        return address.contains(":");
    }
}
