package dev.javabgp.fsm;

import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RoleCapability;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one peer session: who we are and who we expect, what we announce, and the
 * mandatory and optional session attributes of RFC 4271 §8.1.1. Build one with
 * {@link #builder(long, Inet4Address, long)}; every attribute not set has the default documented
 * on its builder method.
 *
 * @param localAs our AS number, 1..4294967295
 * @param localBgpId our BGP identifier (RFC 6286: any non-zero 4-octet value)
 * @param peerAs the AS the peer must announce in its OPEN
 * @param localCapabilities the capabilities of our OPEN; the 4-octet AS capability is added
 * @param connectRetryTime ConnectRetryTime (RFC 4271 §10: 120 s)
 * @param holdTime the HoldTime we propose: 0, or 3 s to 65535 s (RFC 4271 §4.2, §10: 90 s)
 * @param keepaliveTime the largest interval between KEEPALIVEs; the negotiated interval is at
 *     most a third of the negotiated hold time (RFC 4271 §10: 30 s); 0 sends none
 * @param largeHoldTime the hold timer in OpenSent, before the peer's hold time is known (RFC 4271
 *     §8.2.2 suggests 4 minutes)
 * @param minimumHoldTime the smallest non-zero hold time we accept from the peer (RFC 4271 §6.2
 *     allows rejecting any; §4.2 forbids 1 and 2)
 * @param allowAutomaticStart whether AutomaticStart events (3, 5, 6, 7) are honoured
 * @param allowAutomaticStop whether the AutomaticStop event (8) is honoured
 * @param passiveTcpEstablishment whether every start waits for the peer to connect, as events 4,
 *     5 and 7 do
 * @param dampPeerOscillations whether damped automatic starts (events 6, 7) are delayed by an
 *     idle hold time that doubles with each flap
 * @param idleHoldTime the initial IdleHoldTime: the delay after the first flap
 * @param maxIdleHoldTime the ceiling of the doubling IdleHoldTime
 * @param stablePeriod how long the session must stay Established for damping to start over
 * @param delayOpen whether to wait DelayOpenTime after the TCP connection for the peer's OPEN
 *     before sending ours
 * @param delayOpenTime the initial value of the DelayOpenTimer
 * @param sendNotificationWithoutOpen whether a NOTIFICATION may be sent before our OPEN
 * @param collisionDetectEstablishedState whether collision detection also considers an
 *     Established connection (RFC 4271 §6.8)
 * @param trackTcpState whether the driver reports individual TCP connection requests (events 14
 *     and 15)
 * @param strictRole whether a peer that announces no BGP role is refused when we announce one
 *     (RFC 9234 §4.2, "strict mode")
 */
public record SessionAttributes(
        long localAs,
        Inet4Address localBgpId,
        long peerAs,
        List<Capability> localCapabilities,
        Duration connectRetryTime,
        Duration holdTime,
        Duration keepaliveTime,
        Duration largeHoldTime,
        Duration minimumHoldTime,
        boolean allowAutomaticStart,
        boolean allowAutomaticStop,
        boolean passiveTcpEstablishment,
        boolean dampPeerOscillations,
        Duration idleHoldTime,
        Duration maxIdleHoldTime,
        Duration stablePeriod,
        boolean delayOpen,
        Duration delayOpenTime,
        boolean sendNotificationWithoutOpen,
        boolean collisionDetectEstablishedState,
        boolean trackTcpState,
        boolean strictRole) {

    public static final Duration DEFAULT_CONNECT_RETRY_TIME = Duration.ofSeconds(120);
    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LARGE_HOLD_TIME = Duration.ofMinutes(4);
    public static final Duration DEFAULT_MINIMUM_HOLD_TIME = Duration.ofSeconds(3);
    public static final Duration DEFAULT_IDLE_HOLD_TIME = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_IDLE_HOLD_TIME = Duration.ofHours(1);
    public static final Duration DEFAULT_STABLE_PERIOD = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DELAY_OPEN_TIME = Duration.ofSeconds(5);
    public static final List<Capability> DEFAULT_CAPABILITIES =
            List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), RouteRefreshCapability.INSTANCE);

    private static final long MAX_AS = 0xFFFF_FFFFL;

    public SessionAttributes {
        checkAs(localAs, "localAs");
        checkAs(peerAs, "peerAs");
        Objects.requireNonNull(localBgpId, "localBgpId");
        if (Addresses.toInt(localBgpId) == 0) {
            throw new IllegalArgumentException("the BGP identifier must not be 0.0.0.0 (RFC 6286 §2.1)");
        }
        localCapabilities = List.copyOf(localCapabilities);
        positive(connectRetryTime, "connectRetryTime");
        Objects.requireNonNull(holdTime, "holdTime");
        if (!holdTime.isZero() && (holdTime.compareTo(Duration.ofSeconds(3)) < 0 || holdTime.getSeconds() > 0xFFFF)) {
            throw new IllegalArgumentException("the hold time is 0 or 3 s to 65535 s (RFC 4271 §4.2), not " + holdTime);
        }
        if (holdTime.getNano() != 0) {
            throw new IllegalArgumentException("the hold time is whole seconds, not " + holdTime);
        }
        Objects.requireNonNull(keepaliveTime, "keepaliveTime");
        if (keepaliveTime.isNegative()) {
            throw new IllegalArgumentException("keepaliveTime must not be negative");
        }
        positive(largeHoldTime, "largeHoldTime");
        Objects.requireNonNull(minimumHoldTime, "minimumHoldTime");
        if (minimumHoldTime.isNegative()) {
            throw new IllegalArgumentException("minimumHoldTime must not be negative");
        }
        positive(idleHoldTime, "idleHoldTime");
        positive(maxIdleHoldTime, "maxIdleHoldTime");
        if (maxIdleHoldTime.compareTo(idleHoldTime) < 0) {
            throw new IllegalArgumentException("maxIdleHoldTime " + maxIdleHoldTime + " is below idleHoldTime " + idleHoldTime);
        }
        positive(stablePeriod, "stablePeriod");
        positive(delayOpenTime, "delayOpenTime");
    }

    /** Attributes for a session from {@code localAs} to {@code peerAs}, all others at their defaults. */
    public static Builder builder(long localAs, Inet4Address localBgpId, long peerAs) {
        return new Builder(localAs, localBgpId, peerAs);
    }

    /** A builder holding these attributes, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether the peer is in another AS. */
    public boolean externalPeer() {
        return localAs != peerAs;
    }

    /** The role we announce (RFC 9234), or null if our capabilities carry none. */
    public RoleCapability.Role localRole() {
        for (Capability c : localCapabilities) {
            if (c instanceof RoleCapability role) {
                return role.role();
            }
        }
        return null;
    }

    /** The OPEN we send: our AS (AS_TRANS if it needs 4 octets), hold time, identifier, capabilities. */
    public OpenMessage localOpen() {
        return OpenMessage.of(localAs, (int) holdTime.getSeconds(), localBgpId, localCapabilities);
    }

    private static void checkAs(long as, String name) {
        if (as < 1 || as > MAX_AS) {
            throw new IllegalArgumentException(name + " must be 1..4294967295, not " + as);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }

    /** Builds {@link SessionAttributes}; each setter documents its default. */
    public static final class Builder {
        private final long localAs;
        private final Inet4Address localBgpId;
        private final long peerAs;
        private List<Capability> localCapabilities = DEFAULT_CAPABILITIES;
        private Duration connectRetryTime = DEFAULT_CONNECT_RETRY_TIME;
        private Duration holdTime = DEFAULT_HOLD_TIME;
        private Duration keepaliveTime = DEFAULT_KEEPALIVE_TIME;
        private Duration largeHoldTime = DEFAULT_LARGE_HOLD_TIME;
        private Duration minimumHoldTime = DEFAULT_MINIMUM_HOLD_TIME;
        private boolean allowAutomaticStart = true;
        private boolean allowAutomaticStop = true;
        private boolean passiveTcpEstablishment;
        private boolean dampPeerOscillations;
        private Duration idleHoldTime = DEFAULT_IDLE_HOLD_TIME;
        private Duration maxIdleHoldTime = DEFAULT_MAX_IDLE_HOLD_TIME;
        private Duration stablePeriod = DEFAULT_STABLE_PERIOD;
        private boolean delayOpen;
        private Duration delayOpenTime = DEFAULT_DELAY_OPEN_TIME;
        private boolean sendNotificationWithoutOpen;
        private boolean collisionDetectEstablishedState;
        private boolean trackTcpState;
        private boolean strictRole;

        private Builder(long localAs, Inet4Address localBgpId, long peerAs) {
            this.localAs = localAs;
            this.localBgpId = localBgpId;
            this.peerAs = peerAs;
        }

        private Builder(SessionAttributes a) {
            this(a.localAs, a.localBgpId, a.peerAs);
            localCapabilities = a.localCapabilities;
            connectRetryTime = a.connectRetryTime;
            holdTime = a.holdTime;
            keepaliveTime = a.keepaliveTime;
            largeHoldTime = a.largeHoldTime;
            minimumHoldTime = a.minimumHoldTime;
            allowAutomaticStart = a.allowAutomaticStart;
            allowAutomaticStop = a.allowAutomaticStop;
            passiveTcpEstablishment = a.passiveTcpEstablishment;
            dampPeerOscillations = a.dampPeerOscillations;
            idleHoldTime = a.idleHoldTime;
            maxIdleHoldTime = a.maxIdleHoldTime;
            stablePeriod = a.stablePeriod;
            delayOpen = a.delayOpen;
            delayOpenTime = a.delayOpenTime;
            sendNotificationWithoutOpen = a.sendNotificationWithoutOpen;
            collisionDetectEstablishedState = a.collisionDetectEstablishedState;
            trackTcpState = a.trackTcpState;
            strictRole = a.strictRole;
        }

        /** Default: multiprotocol IPv4 unicast and route refresh. */
        public Builder localCapabilities(List<Capability> value) { localCapabilities = value; return this; }
        /** Default: 120 s. */
        public Builder connectRetryTime(Duration value) { connectRetryTime = value; return this; }
        /** Default: 90 s. */
        public Builder holdTime(Duration value) { holdTime = value; return this; }
        /** Default: 30 s. */
        public Builder keepaliveTime(Duration value) { keepaliveTime = value; return this; }
        /** Default: 4 minutes. */
        public Builder largeHoldTime(Duration value) { largeHoldTime = value; return this; }
        /** Default: 3 s. */
        public Builder minimumHoldTime(Duration value) { minimumHoldTime = value; return this; }
        /** Default: true. */
        public Builder allowAutomaticStart(boolean value) { allowAutomaticStart = value; return this; }
        /** Default: true. */
        public Builder allowAutomaticStop(boolean value) { allowAutomaticStop = value; return this; }
        /** Default: false. */
        public Builder passiveTcpEstablishment(boolean value) { passiveTcpEstablishment = value; return this; }
        /** Default: false. */
        public Builder dampPeerOscillations(boolean value) { dampPeerOscillations = value; return this; }
        /** Default: 60 s. */
        public Builder idleHoldTime(Duration value) { idleHoldTime = value; return this; }
        /** Default: 1 hour. */
        public Builder maxIdleHoldTime(Duration value) { maxIdleHoldTime = value; return this; }
        /** Default: 5 minutes. */
        public Builder stablePeriod(Duration value) { stablePeriod = value; return this; }
        /** Default: false. */
        public Builder delayOpen(boolean value) { delayOpen = value; return this; }
        /** Default: 5 s. */
        public Builder delayOpenTime(Duration value) { delayOpenTime = value; return this; }
        /** Default: false. */
        public Builder sendNotificationWithoutOpen(boolean value) { sendNotificationWithoutOpen = value; return this; }
        /** Default: false. */
        public Builder collisionDetectEstablishedState(boolean value) { collisionDetectEstablishedState = value; return this; }
        /** Default: false. */
        public Builder trackTcpState(boolean value) { trackTcpState = value; return this; }
        /** Default: false. */
        public Builder strictRole(boolean value) { strictRole = value; return this; }

        public SessionAttributes build() {
            return new SessionAttributes(localAs, localBgpId, peerAs, localCapabilities, connectRetryTime, holdTime,
                    keepaliveTime, largeHoldTime, minimumHoldTime, allowAutomaticStart, allowAutomaticStop,
                    passiveTcpEstablishment, dampPeerOscillations, idleHoldTime, maxIdleHoldTime, stablePeriod,
                    delayOpen, delayOpenTime, sendNotificationWithoutOpen, collisionDetectEstablishedState,
                    trackTcpState, strictRole);
        }
    }
}
