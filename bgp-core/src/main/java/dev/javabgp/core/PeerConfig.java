package dev.javabgp.core;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.policy.Policy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A configured neighbour.
 *
 * @param address the peer's address; connections from it are this peer's
 * @param port the peer's BGP port, 179 unless it listens elsewhere
 * @param remoteAs the AS the peer must announce (RFC 4271 §6.2: otherwise Bad Peer AS)
 * @param passive wait for the peer to connect, never connect out (RFC 4271 §8.1.1)
 * @param holdTime the hold time we propose: 0, or at least 3 seconds (RFC 4271 §4.2)
 * @param families the address families we announce in the multiprotocol capability (RFC 4760)
 * @param role the peer's relationship to us; null means eBGP for another AS and iBGP for ours
 * @param importPolicy applied to the routes the peer sends
 * @param exportPolicy applied to the routes we send it
 * @param localAddress the address to connect from, or null to let the system choose
 * @param password the TCP-MD5 key (RFC 2385) shared with the peer, or null; it never appears in
 *     logs, status or exceptions
 * @param restartTime zero for no graceful restart; otherwise how long the peer should keep our
 *     routes while we restart, announced in the capability (RFC 4724 §3), and we keep its routes
 *     as long as it announces when its session drops
 * @param prefixLimits per family, the most routes accepted from the peer: beyond it a warning, or
 *     the session's end with Cease / Maximum Number of Prefixes Reached (RFC 4486)
 * @param addPathReceive accept several paths per prefix with path identifiers (RFC 7911)
 * @param addPathSend how many of the best paths per prefix to send with identifiers when the peer
 *     accepts them (RFC 7911); 1 sends the best path only
 * @param gtsmHops 0 for no GTSM; otherwise the peer is at most this many hops away, so its segments
 *     must arrive with a TTL of at least 256 minus that, and ours leave with 255 (RFC 5082)
 * @param localAs 0 to be the speaker's AS to this peer; otherwise the AS we claim towards it in our
 *     OPEN and prepend towards it, as when a network is renumbered or merged
 * @param keepaliveTime null for a third of the negotiated hold time (RFC 4271 §10's suggestion);
 *     otherwise the interval we send KEEPALIVEs at, never more than a third of the negotiated hold
 *     time
 * @param allowAsIn how often our AS may appear in a route's AS_PATH from this peer before it is a
 *     loop (RFC 4271 §9.1.2); 0, the standard, rejects any occurrence
 * @param extendedMessages announce the Extended Message capability (RFC 8654): when the peer announces
 *     it too, UPDATEs (and NOTIFICATIONs, ROUTE-REFRESHes) of up to 65,535 octets go both ways instead
 *     of 4,096, so fewer messages carry a table
 */
public record PeerConfig(InetAddress address, int port, long remoteAs, boolean passive, Duration holdTime,
        Set<AddressFamily> families, ExportSettings.Role role, Policy importPolicy, Policy exportPolicy,
        InetAddress localAddress, String password, Duration restartTime,
        java.util.Map<AddressFamily, dev.javabgp.rib.PeerOptions.PrefixLimit> prefixLimits, boolean addPathReceive,
        int addPathSend, int gtsmHops, long localAs, Duration keepaliveTime, int allowAsIn, boolean extendedMessages) {

    public PeerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(importPolicy, "importPolicy");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": port must be 1..65535, not " + port);
        }
        if (remoteAs < 1 || remoteAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": remote AS must be 1..4294967295, not " + remoteAs);
        }
        long seconds = holdTime.toSeconds();
        if (seconds != 0 && (seconds < 3 || seconds > 65535)) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": hold time must be 0 or 3..65535 seconds "
                    + "(RFC 4271 §4.2), not " + seconds);
        }
        families = Set.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": at least one address family");
        }
        Objects.requireNonNull(restartTime, "restartTime");
        prefixLimits = java.util.Map.copyOf(prefixLimits);
        if (gtsmHops < 0 || gtsmHops > 254) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": GTSM hops must be 1..254, or 0 for none, not "
                    + gtsmHops);
        }
        if (addPathSend < 1) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": addPathSend must be at least 1, not "
                    + addPathSend);
        }
        if (restartTime.isNegative() || restartTime.toSeconds() > 4095) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": restart time must be 0..4095 seconds "
                    + "(RFC 4724 §3: 12 bits), not " + restartTime.toSeconds());
        }
        if (keepaliveTime != null && (keepaliveTime.isNegative() || keepaliveTime.toSeconds() > 21845)) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": keepalive time must be 0..21845 seconds "
                    + "(a third of the largest hold time), not " + keepaliveTime.toSeconds());
        }
        if (allowAsIn < 0 || allowAsIn > 10) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": allowAsIn must be 0..10, not " + allowAsIn);
        }
        if (localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": local AS must be 1..4294967295, or 0 for "
                    + "the speaker's, not " + localAs);
        }
        if (password != null && (password.isEmpty() || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 80)) {
            // RFC 2385 keys go in Linux's TCP_MD5SIG option, which holds at most 80 octets.
            throw new IllegalArgumentException("peer " + address.getHostAddress() + ": a TCP-MD5 password has 1 to 80 octets");
        }
    }

    /** Everything but the password, which is shown only as whether there is one. */
    @Override
    public String toString() {
        return "PeerConfig[" + address.getHostAddress() + ":" + port + " AS" + remoteAs + (passive ? " passive" : "")
                + " hold " + holdTime.toSeconds() + "s " + families + (role != null ? " " + role : "")
                + (localAddress != null ? " from " + localAddress.getHostAddress() : "")
                + (password != null ? " with TCP-MD5" : "")
                + (!restartTime.isZero() ? " graceful restart " + restartTime.toSeconds() + "s" : "")
                + (gtsmHops > 0 ? " GTSM " + gtsmHops + " hops" : "") + (localAs != 0 ? " local AS" + localAs : "")
                + (extendedMessages ? " extended messages" : "") + "]";
    }

    /** Graceful restart (RFC 4724) with this restart time. */
    public PeerConfig withGracefulRestart(Duration value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, value, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** At most {@code maximum} routes of {@code family} from the peer; {@code tearDown} ends the session beyond it. */
    public PeerConfig withPrefixLimit(AddressFamily family, long maximum, boolean tearDown) {
        java.util.Map<AddressFamily, dev.javabgp.rib.PeerOptions.PrefixLimit> m = new java.util.HashMap<>(prefixLimits);
        m.put(family, new dev.javabgp.rib.PeerOptions.PrefixLimit(maximum, tearDown));
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, m, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /**
     * ADD-PATH (RFC 7911): receive several paths per prefix, and send up to {@code send} of the best
     * ({@link dev.javabgp.rib.out.ExportSettings#ALL_PATHS} for all).
     */
    public PeerConfig withAddPath(boolean receive, int send) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, receive, send, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** GTSM (RFC 5082) for a peer at most {@code hops} hops away; 1 for a directly connected peer. */
    public PeerConfig withGtsm(int hops) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, addPathReceive, addPathSend, hops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** The RIB's options for this peer. */
    dev.javabgp.rib.PeerOptions ribOptions() {
        dev.javabgp.rib.PeerOptions o = dev.javabgp.rib.PeerOptions.DEFAULT.withImportPolicy(importPolicy).withLocalAs(localAs).withAllowAsIn(allowAsIn);
        for (var e : prefixLimits.entrySet()) {
            o = o.withPrefixLimit(e.getKey(), e.getValue());
        }
        return o;
    }

    public PeerConfig withPassword(String value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                value, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** A peer with defaults: active, hold time 90 s, IPv4 and IPv6 unicast, every route in and out. */
    public static PeerConfig of(String address, long remoteAs) {
        return new PeerConfig(literal(address), 179, remoteAs, false, Duration.ofSeconds(90),
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), null, Policy.ACCEPT_ALL, Policy.ACCEPT_ALL, null, null,
                Duration.ZERO, java.util.Map.of(), false, 1, 0, 0, null, 0, false);
    }

    public PeerConfig withPort(int value) {
        return new PeerConfig(address, value, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withPassive(boolean value) {
        return new PeerConfig(address, port, remoteAs, value, holdTime, families, role, importPolicy, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withHoldTime(Duration value) {
        return new PeerConfig(address, port, remoteAs, passive, value, families, role, importPolicy, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withFamilies(Set<AddressFamily> value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, value, role, importPolicy, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withRole(ExportSettings.Role value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, value, importPolicy, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withImportPolicy(Policy value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, value, exportPolicy, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withExportPolicy(Policy value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, value, localAddress, password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    public PeerConfig withLocalAddress(String value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy,
                value == null ? null : literal(value), password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** Sends KEEPALIVEs every {@code value} (at most a third of the negotiated hold time); null for the default. */
    public PeerConfig withKeepaliveTime(Duration value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, value, allowAsIn, extendedMessages);
    }

    /** Accepts routes with our AS up to {@code value} times in their AS_PATH (0..10; 0 is standard). */
    public PeerConfig withAllowAsIn(int value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, value, extendedMessages);
    }

    /**
     * Announces the Extended Message capability (RFC 8654), so that with a peer that announces it too
     * messages other than OPEN and KEEPALIVE may be up to 65,535 octets long, both ways.
     */
    public PeerConfig withExtendedMessages(boolean value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, localAs, keepaliveTime, allowAsIn, value);
    }

    /** Claims {@code value} as our AS towards this peer instead of the speaker's; 0 undoes it. */
    public PeerConfig withLocalAs(long value) {
        return new PeerConfig(address, port, remoteAs, passive, holdTime, families, role, importPolicy, exportPolicy, localAddress,
                password, restartTime, prefixLimits, addPathReceive, addPathSend, gtsmHops, value, keepaliveTime, allowAsIn, extendedMessages);
    }

    /** The AS we are to this peer: the override, or the speaker's {@code speakerAs}. */
    public long localAsFor(long speakerAs) {
        return localAs != 0 ? localAs : speakerAs;
    }

    /** The role, with null resolved: eBGP for another AS, iBGP for ours (as this peer knows us). */
    public ExportSettings.Role roleFor(long speakerAs) {
        if (role != null) {
            return role;
        }
        return remoteAs == localAsFor(speakerAs) ? ExportSettings.Role.INTERNAL : ExportSettings.Role.EXTERNAL;
    }

    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address such as 192.0.2.1 or 2001:db8::1");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address such as 192.0.2.1 or 2001:db8::1", e);
        }
    }
}
