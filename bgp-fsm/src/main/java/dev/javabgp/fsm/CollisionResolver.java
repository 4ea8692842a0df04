package dev.javabgp.fsm;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection collision detection (RFC 4271 §6.8): when both speakers connect at once there are
 * two connections, each with its own {@link BgpFsm}, and one of them must go. When an OPEN
 * arrives on one connection, the driver asks {@link #resolve} about the other; the connection it
 * names gets {@link FsmEvent.OpenCollisionDump} (and sends Cease / Connection Collision
 * Resolution, RFC 4486 §4) instead of, or besides, the OPEN.
 *
 * @param localBgpId our BGP identifier
 * @param localAs our AS, the tie-breaker when the identifiers are equal (RFC 6286 §2.3)
 * @param collisionDetectEstablishedState whether an Established connection can lose too
 */
public record CollisionResolver(Inet4Address localBgpId, long localAs, boolean collisionDetectEstablishedState) {

    /** Cease / Connection Collision Resolution, the NOTIFICATION the closed connection sends. */
    public static final NotificationMessage NOTIFICATION =
            new NotificationMessage(NotificationCode.CEASE, NotificationCode.CONNECTION_COLLISION_RESOLUTION);

    /** Who opened a TCP connection. */
    public enum Initiator {
        /** We connected to the peer. */
        LOCAL,
        /** The peer connected to us. */
        REMOTE;

        public Initiator other() {
            return this == LOCAL ? REMOTE : LOCAL;
        }
    }

    public CollisionResolver {
        Objects.requireNonNull(localBgpId, "localBgpId");
    }

    /** A resolver for the session these attributes configure. */
    public static CollisionResolver of(SessionAttributes attributes) {
        return new CollisionResolver(attributes.localBgpId(), attributes.localAs(),
                attributes.collisionDetectEstablishedState());
    }

    /**
     * Which connection to close, if any, when the OPEN of {@code peerBgpId} in {@code peerAs}
     * arrives on the connection {@code openReceivedOn} initiated, while the other connection is
     * in {@code otherState}.
     */
    public Optional<Initiator> resolve(Initiator openReceivedOn, FsmState otherState, Inet4Address peerBgpId, long peerAs) {
        Objects.requireNonNull(openReceivedOn, "openReceivedOn");
        Objects.requireNonNull(otherState, "otherState");
        Objects.requireNonNull(peerBgpId, "peerBgpId");
        return switch (otherState) {
            // No OPEN has been sent or received there: nothing collides yet.
            case IDLE, CONNECT, ACTIVE -> Optional.empty();
            // RFC 4271 §6.8: OpenConfirm is always examined; OpenSent may be, since the OPEN
            // just received tells the peer's identifier.
            case OPEN_SENT, OPEN_CONFIRM -> Optional.of(loser(peerBgpId, peerAs));
            // RFC 4271 §6.8: an Established connection wins unless CollisionDetectEstablishedState.
            case ESTABLISHED -> Optional.of(collisionDetectEstablishedState ? loser(peerBgpId, peerAs) : openReceivedOn);
        };
    }

    /**
     * RFC 4271 §6.8: the connection opened by the speaker with the higher BGP identifier stays;
     * RFC 6286 §2.3: with equal identifiers, the one opened by the speaker with the larger AS.
     */
    private Initiator loser(Inet4Address peerBgpId, long peerAs) {
        int byId = Addresses.compareUnsigned(localBgpId, peerBgpId);
        boolean localWins = byId != 0 ? byId > 0 : localAs > peerAs;
        return localWins ? Initiator.REMOTE : Initiator.LOCAL;
    }
}
