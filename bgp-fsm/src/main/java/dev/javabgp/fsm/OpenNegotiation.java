package dev.javabgp.fsm;

import static dev.javabgp.codec.message.NotificationCode.*;

import dev.javabgp.codec.capability.AddPathCapability;
import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.EnhancedRouteRefreshCapability;
import dev.javabgp.codec.capability.ExtendedMessageCapability;
import dev.javabgp.codec.capability.ExtendedNextHopCapability;
import dev.javabgp.codec.capability.FourOctetAsCapability;
import dev.javabgp.codec.capability.GracefulRestartCapability;
import dev.javabgp.codec.capability.LongLivedGracefulRestartCapability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RoleCapability;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the peer's OPEN (RFC 4271 §6.2, RFC 6793, RFC 6286, RFC 9234) and negotiates the session
 * from the two OPENs. Pure: the same inputs always give the same outcome.
 */
public final class OpenNegotiation {

    private OpenNegotiation() {}

    /** The outcome of checking an OPEN. */
    public sealed interface Outcome {}

    /** The OPEN is acceptable; the session it negotiates. */
    public record Accepted(NegotiatedSession session) implements Outcome {
        public Accepted {
            Objects.requireNonNull(session, "session");
        }
    }

    /** The OPEN is not acceptable: the NOTIFICATION to send, and why, for logs. */
    public record Rejected(NotificationMessage notification, String reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(notification, "notification");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Checks {@code peer}, the OPEN received, against {@code attributes} and the OPEN we sent. */
    public static Outcome negotiate(SessionAttributes attributes, OpenMessage local, OpenMessage peer) {
        // RFC 4271 §6.2: the data is the largest version we support.
        if (peer.version() != OpenMessage.VERSION) {
            return reject(UNSUPPORTED_VERSION_NUMBER, new byte[] {0, OpenMessage.VERSION},
                    "BGP version " + peer.version() + " is not 4");
        }

        FourOctetAsCapability four = peer.capability(FourOctetAsCapability.class);
        // RFC 6793 §4.1: AS_TRANS stands in for a 4-octet AS, so without the capability it is no AS.
        if (four == null && peer.myAutonomousSystem() == OpenMessage.AS_TRANS) {
            return reject(BAD_PEER_AS, "My Autonomous System is AS_TRANS without the 4-octet AS capability");
        }
        long peerAs = peer.autonomousSystem();
        // RFC 7607 §2: AS 0 is never a valid peer AS.
        if (peerAs == 0 || peer.myAutonomousSystem() == 0) {
            return reject(BAD_PEER_AS, "the peer announced AS 0");
        }
        if (peerAs != attributes.peerAs()) {
            return reject(BAD_PEER_AS, "the peer announced AS " + peerAs + ", expected " + attributes.peerAs());
        }

        int peerHold = peer.holdTime();
        // RFC 4271 §6.2: 1 and 2 seconds are never acceptable; a local minimum may refuse more.
        if (peerHold == 1 || peerHold == 2
                || (peerHold != 0 && peerHold < attributes.minimumHoldTime().getSeconds())) {
            return reject(UNACCEPTABLE_HOLD_TIME, "hold time " + peerHold + " s is not acceptable (minimum "
                    + Math.max(3, attributes.minimumHoldTime().getSeconds()) + " s)");
        }

        int peerId = Addresses.toInt(peer.bgpIdentifier());
        // RFC 6286 §2.2: zero is invalid; an equal identifier is an error only within one AS.
        if (peerId == 0) {
            return reject(BAD_BGP_IDENTIFIER, "BGP identifier 0.0.0.0");
        }
        if (peerAs == attributes.localAs() && peerId == Addresses.toInt(attributes.localBgpId())) {
            return reject(BAD_BGP_IDENTIFIER, "internal peer has our BGP identifier " + peer.bgpIdentifier().getHostAddress());
        }

        RoleCapability.Role localRole = attributes.localRole();
        RoleCapability.Role peerRole = null;
        // RFC 9234 §4: roles describe relationships between ASes, so only eBGP checks them.
        if (attributes.externalPeer()) {
            Set<Integer> peerRoles = peer.capabilities(RoleCapability.class).stream()
                    .map(RoleCapability::value).collect(Collectors.toCollection(LinkedHashSet::new));
            if (peerRoles.size() > 1) {
                return reject(ROLE_MISMATCH, "the peer announced several different roles " + peerRoles);
            }
            RoleCapability peerCap = peer.capability(RoleCapability.class);
            if (localRole != null && peerCap != null) {
                peerRole = peerCap.role();
                if (peerRole != localRole.expectedPeerRole()) {
                    return reject(ROLE_MISMATCH, "we are " + localRole + ", the peer announced "
                            + (peerRole != null ? peerRole : "role value " + peerCap.value()));
                }
            } else if (localRole != null && attributes.strictRole()) {
                return reject(ROLE_MISMATCH, "strict mode: the peer announced no role, expected " + localRole.expectedPeerRole());
            } else if (peerCap != null) {
                peerRole = peerCap.role();
            }
        }

        return new Accepted(session(attributes, local, peer, peerAs, localRole, peerRole));
    }

    private static NegotiatedSession session(SessionAttributes attributes, OpenMessage local, OpenMessage peer,
            long peerAs, RoleCapability.Role localRole, RoleCapability.Role peerRole) {
        int hold = Math.min(local.holdTime(), peer.holdTime());
        Duration holdTime = Duration.ofSeconds(hold);
        Duration keepalive;
        if (hold == 0 || attributes.keepaliveTime().isZero()) {
            keepalive = Duration.ZERO;
        } else {
            // RFC 4271 §4.4: a KEEPALIVE at least every third of the hold time.
            Duration third = Duration.ofSeconds(hold / 3);
            keepalive = attributes.keepaliveTime().compareTo(third) < 0 ? attributes.keepaliveTime() : third;
        }

        Set<AddressFamily> localFamilies = families(local);
        Set<AddressFamily> peerFamilies = families(peer);
        Set<AddressFamily> families = new LinkedHashSet<>(localFamilies);
        families.retainAll(peerFamilies);

        Map<AddressFamily, AddPathCapability.Direction> localAddPath = addPath(local);
        Map<AddressFamily, AddPathCapability.Direction> peerAddPath = addPath(peer);
        Set<AddressFamily> addPathReceive = new LinkedHashSet<>();
        Set<AddressFamily> addPathSend = new LinkedHashSet<>();
        for (AddressFamily f : families) {
            AddPathCapability.Direction ours = localAddPath.get(f);
            AddPathCapability.Direction theirs = peerAddPath.get(f);
            if (ours == null || theirs == null) {
                continue;
            }
            // RFC 7911 §5: one side sends path identifiers only where the other receives them.
            if (ours.canReceive() && theirs.canSend()) {
                addPathReceive.add(f);
            }
            if (ours.canSend() && theirs.canReceive()) {
                addPathSend.add(f);
            }
        }

        List<ExtendedNextHopCapability.Entry> localEnh = nextHops(local);
        List<ExtendedNextHopCapability.Entry> extendedNextHop = nextHops(peer).stream()
                .filter(localEnh::contains).distinct().toList();

        return new NegotiatedSession(
                attributes.localAs(),
                peerAs,
                local.bgpIdentifier(),
                peer.bgpIdentifier(),
                holdTime,
                keepalive,
                families,
                has(local, FourOctetAsCapability.class) && has(peer, FourOctetAsCapability.class),
                has(local, ExtendedMessageCapability.class) && has(peer, ExtendedMessageCapability.class),
                addPathReceive,
                addPathSend,
                has(peer, RouteRefreshCapability.class) || has(peer, EnhancedRouteRefreshCapability.class),
                has(local, EnhancedRouteRefreshCapability.class) && has(peer, EnhancedRouteRefreshCapability.class),
                Optional.ofNullable(peer.capability(GracefulRestartCapability.class)),
                has(local, GracefulRestartCapability.class) && has(peer, GracefulRestartCapability.class),
                Optional.ofNullable(peer.capability(LongLivedGracefulRestartCapability.class)),
                extendedNextHop,
                Optional.ofNullable(localRole),
                Optional.ofNullable(peerRole),
                local,
                peer);
    }

    private static Set<AddressFamily> families(OpenMessage open) {
        Set<AddressFamily> out = new LinkedHashSet<>();
        for (MultiprotocolCapability mp : open.capabilities(MultiprotocolCapability.class)) {
            out.add(mp.family());
        }
        // RFC 4760 §8: a speaker that announces no family still carries IPv4 unicast.
        if (out.isEmpty()) {
            out.add(AddressFamily.IPV4_UNICAST);
        }
        return out;
    }

    private static Map<AddressFamily, AddPathCapability.Direction> addPath(OpenMessage open) {
        Map<AddressFamily, AddPathCapability.Direction> out = new HashMap<>();
        for (AddPathCapability cap : open.capabilities(AddPathCapability.class)) {
            for (AddPathCapability.Family f : cap.families()) {
                out.putIfAbsent(f.family(), f.direction());
            }
        }
        return out;
    }

    private static List<ExtendedNextHopCapability.Entry> nextHops(OpenMessage open) {
        return open.capabilities(ExtendedNextHopCapability.class).stream()
                .flatMap(c -> c.entries().stream()).toList();
    }

    private static boolean has(OpenMessage open, Class<? extends Capability> type) {
        return open.capability(type) != null;
    }

    private static Rejected reject(int subcode, String reason) {
        return reject(subcode, new byte[0], reason);
    }

    private static Rejected reject(int subcode, byte[] data, String reason) {
        return new Rejected(new NotificationMessage(OPEN_MESSAGE_ERROR, subcode, data), reason);
    }
}
