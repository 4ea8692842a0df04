package dev.javabgp.fsm;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.capability.ExtendedNextHopCapability;
import dev.javabgp.codec.capability.GracefulRestartCapability;
import dev.javabgp.codec.capability.LongLivedGracefulRestartCapability;
import dev.javabgp.codec.capability.RoleCapability;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the two OPENs of a session agreed on. Built by {@link OpenNegotiation}; immutable.
 *
 * @param holdTime the smaller of the two proposed hold times; zero means no hold timer and no
 *     KEEPALIVEs (RFC 4271 §4.2)
 * @param keepaliveTime the KEEPALIVE interval: our configured time capped at a third of the hold
 *     time (RFC 4271 §4.4, §10); zero when no KEEPALIVEs are sent
 * @param families the address families both sides announced; a side that announced no
 *     multiprotocol capability supports IPv4 unicast only (RFC 4760 §8)
 * @param fourOctetAs both announced 4-octet AS numbers (RFC 6793)
 * @param extendedMessage both announced extended messages (RFC 8654 §3)
 * @param addPathReceive the families where we receive path identifiers: we announced receive and
 *     the peer send (RFC 7911 §5)
 * @param addPathSend the families where we send path identifiers
 * @param routeRefresh the peer accepts ROUTE-REFRESH (RFC 2918 §2)
 * @param enhancedRouteRefresh both announced enhanced route refresh (RFC 7313 §3.1)
 * @param peerGracefulRestart the peer's graceful restart capability, if it sent one (RFC 4724)
 * @param gracefulRestart both announced graceful restart
 * @param peerLongLivedGracefulRestart the peer's long-lived graceful restart capability (RFC 9494)
 * @param extendedNextHop the extended next hop encodings both announced (RFC 8950)
 * @param localRole our BGP role, if we announced one (RFC 9234)
 * @param peerRole the peer's BGP role, if it announced one
 */
public record NegotiatedSession(
        long localAs,
        long peerAs,
        Inet4Address localBgpId,
        Inet4Address peerBgpId,
        Duration holdTime,
        Duration keepaliveTime,
        Set<AddressFamily> families,
        boolean fourOctetAs,
        boolean extendedMessage,
        Set<AddressFamily> addPathReceive,
        Set<AddressFamily> addPathSend,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        Optional<GracefulRestartCapability> peerGracefulRestart,
        boolean gracefulRestart,
        Optional<LongLivedGracefulRestartCapability> peerLongLivedGracefulRestart,
        List<ExtendedNextHopCapability.Entry> extendedNextHop,
        Optional<RoleCapability.Role> localRole,
        Optional<RoleCapability.Role> peerRole,
        OpenMessage localOpen,
        OpenMessage peerOpen) {

    public NegotiatedSession {
        Objects.requireNonNull(localBgpId, "localBgpId");
        Objects.requireNonNull(peerBgpId, "peerBgpId");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(keepaliveTime, "keepaliveTime");
        families = ordered(families);
        addPathReceive = ordered(addPathReceive);
        addPathSend = ordered(addPathSend);
        Objects.requireNonNull(peerGracefulRestart, "peerGracefulRestart");
        Objects.requireNonNull(peerLongLivedGracefulRestart, "peerLongLivedGracefulRestart");
        extendedNextHop = List.copyOf(extendedNextHop);
        Objects.requireNonNull(localRole, "localRole");
        Objects.requireNonNull(peerRole, "peerRole");
        Objects.requireNonNull(localOpen, "localOpen");
        Objects.requireNonNull(peerOpen, "peerOpen");
    }

    private static Set<AddressFamily> ordered(Set<AddressFamily> set) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    /** The peer is in another AS. */
    public boolean externalPeer() {
        return localAs != peerAs;
    }

    /** Whether both sides support this family. */
    public boolean supports(AddressFamily family) {
        return families.contains(family);
    }

    /** Whether no hold timer runs: both sides then skip KEEPALIVEs (RFC 4271 §4.4). */
    public boolean holdTimerDisabled() {
        return holdTime.isZero();
    }

    /** The wire format of what the peer sends us, for the decoder. */
    public WireOptions receiveOptions() {
        return new WireOptions(fourOctetAs, extendedMessage, addPathReceive, externalPeer());
    }

    /** The wire format of what we send the peer, for the encoder. */
    public WireOptions sendOptions() {
        return new WireOptions(fourOctetAs, extendedMessage, addPathSend, externalPeer());
    }
}
