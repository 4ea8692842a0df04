package dev.javabgp.fsm;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.RouteRefreshMessage;
import dev.javabgp.codec.message.UpdateMessage;
import java.util.List;
import java.util.Objects;

/**
 * An input to the FSM: an administrative command, a timer expiry, a TCP event, a decoded message
 * or a decode error (RFC 4271 §8.1). {@link #type()} names the RFC event.
 */
public sealed interface FsmEvent {

    /** The RFC 4271 §8.1 event this is, before the FSM looks at its own state. */
    EventType type();

    // ---- Administrative events (RFC 4271 §8.1.2) ----

    /** Event 1: the operator starts the session. */
    record ManualStart() implements FsmEvent {
        public EventType type() { return EventType.MANUAL_START; }
    }

    /**
     * Event 2: the operator stops the session. The Cease NOTIFICATION sent if a session is being
     * opened or is up: Administrative Shutdown by default, or Peer De-configured, Administrative
     * Reset and the like (RFC 4486 §4), with any shutdown communication (RFC 9003).
     */
    record ManualStop(NotificationMessage notification) implements FsmEvent {
        public ManualStop {
            requireCease(notification);
        }

        /** Stop with Cease / Administrative Shutdown. */
        public ManualStop() {
            this(new NotificationMessage(NotificationCode.CEASE, NotificationCode.ADMINISTRATIVE_SHUTDOWN));
        }

        /** Stop with Cease / Administrative Shutdown and a shutdown communication (RFC 9003 §2). */
        public static ManualStop withCommunication(String communication) {
            return new ManualStop(NotificationMessage.cease(NotificationCode.ADMINISTRATIVE_SHUTDOWN, communication));
        }

        public EventType type() { return EventType.MANUAL_STOP; }
    }

    /** Event 3: the local system starts the session, for instance after it went down. */
    record AutomaticStart() implements FsmEvent {
        public EventType type() { return EventType.AUTOMATIC_START; }
    }

    /** Event 4: the operator starts the session and waits for the peer to connect. */
    record ManualStartPassive() implements FsmEvent {
        public EventType type() { return EventType.MANUAL_START_PASSIVE; }
    }

    /** Event 5: the local system starts the session and waits for the peer to connect. */
    record AutomaticStartPassive() implements FsmEvent {
        public EventType type() { return EventType.AUTOMATIC_START_PASSIVE; }
    }

    /** Event 6: automatic start, delayed by the idle hold time after repeated flaps. */
    record AutomaticStartWithDamping() implements FsmEvent {
        public EventType type() { return EventType.AUTOMATIC_START_DAMPED; }
    }

    /** Event 7: automatic passive start, delayed by the idle hold time after repeated flaps. */
    record AutomaticStartWithDampingPassive() implements FsmEvent {
        public EventType type() { return EventType.AUTOMATIC_START_DAMPED_PASSIVE; }
    }

    /**
     * Event 8: the local system stops the session, for instance when the peer sent too many
     * prefixes; {@code notification} is the Cease it sends (RFC 4486 §4).
     */
    record AutomaticStop(NotificationMessage notification) implements FsmEvent {
        public AutomaticStop {
            requireCease(notification);
        }

        /** Stop with the Cease of this subcode, such as Maximum Number of Prefixes Reached. */
        public static AutomaticStop cease(int subcode) {
            return new AutomaticStop(new NotificationMessage(NotificationCode.CEASE, subcode));
        }

        public EventType type() { return EventType.AUTOMATIC_STOP; }
    }

    // ---- Timer events (RFC 4271 §8.1.3) ----

    /** Event 9. */
    record ConnectRetryTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.CONNECT_RETRY_TIMER_EXPIRES; }
    }

    /** Event 10. */
    record HoldTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.HOLD_TIMER_EXPIRES; }
    }

    /** Event 11. */
    record KeepaliveTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.KEEPALIVE_TIMER_EXPIRES; }
    }

    /** Event 12. */
    record DelayOpenTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.DELAY_OPEN_TIMER_EXPIRES; }
    }

    /** Event 13. */
    record IdleHoldTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.IDLE_HOLD_TIMER_EXPIRES; }
    }

    /**
     * The driver sent an UPDATE: in Established the KeepaliveTimer restarts, since an UPDATE tells
     * the peer we are alive as well as a KEEPALIVE does (RFC 4271 §8.2.2).
     */
    record UpdateSent() implements FsmEvent {
        public EventType type() { return EventType.UPDATE_SENT; }
    }

    /** The stable period ended while Established (see {@link Timer#STABLE_SESSION}). */
    record StableSessionTimerExpires() implements FsmEvent {
        public EventType type() { return EventType.STABLE_SESSION_TIMER_EXPIRES; }
    }

    // ---- TCP connection events (RFC 4271 §8.1.4) ----

    /** Event 14: a valid TCP connection request arrived (only with TrackTcpState). */
    record TcpConnectionValid() implements FsmEvent {
        public EventType type() { return EventType.TCP_CONNECTION_VALID; }
    }

    /** Event 15: a TCP connection request for an invalid address or port (only with TrackTcpState). */
    record TcpConnectionInvalid() implements FsmEvent {
        public EventType type() { return EventType.TCP_CR_INVALID; }
    }

    /** Event 16: our outgoing TCP connection is established. */
    record TcpConnectionAcked() implements FsmEvent {
        public EventType type() { return EventType.TCP_CR_ACKED; }
    }

    /** Event 17: the peer's incoming TCP connection is established. */
    record TcpConnectionConfirmed() implements FsmEvent {
        public EventType type() { return EventType.TCP_CONNECTION_CONFIRMED; }
    }

    /** Event 18: the TCP connection failed, was refused or was closed by the peer. */
    record TcpConnectionFails() implements FsmEvent {
        public EventType type() { return EventType.TCP_CONNECTION_FAILS; }
    }

    // ---- Message events (RFC 4271 §8.1.5) ----

    /**
     * Event 19, or event 20 when it arrives while the DelayOpenTimer runs: the FSM tells them
     * apart, since it is the one that knows about the timer.
     */
    record OpenReceived(OpenMessage open) implements FsmEvent {
        public OpenReceived {
            Objects.requireNonNull(open, "open");
        }

        public EventType type() { return EventType.BGP_OPEN; }
    }

    /** Event 21: a message header failed the checks of RFC 4271 §6.1. */
    record HeaderError(BgpError error) implements FsmEvent {
        public HeaderError {
            Objects.requireNonNull(error, "error");
        }

        public EventType type() { return EventType.BGP_HEADER_ERR; }
    }

    /** Event 22: an OPEN failed the checks of RFC 4271 §6.2. */
    record OpenMessageError(BgpError error) implements FsmEvent {
        public OpenMessageError {
            Objects.requireNonNull(error, "error");
        }

        public EventType type() { return EventType.BGP_OPEN_MSG_ERR; }
    }

    /**
     * Event 23: collision detection (RFC 4271 §6.8, {@link CollisionResolver}) chose this
     * connection to be closed.
     */
    record OpenCollisionDump() implements FsmEvent {
        public EventType type() { return EventType.OPEN_COLLISION_DUMP; }
    }

    /**
     * Event 24 for OPEN Message Error / Unsupported Version Number, which is how the peer asks
     * for a version negotiation (RFC 4271 §7), and event 25 for any other NOTIFICATION.
     */
    record NotificationReceived(NotificationMessage notification) implements FsmEvent {
        public NotificationReceived {
            Objects.requireNonNull(notification, "notification");
        }

        public EventType type() {
            return notification.code() == NotificationCode.OPEN_MESSAGE_ERROR
                    && notification.subcode() == NotificationCode.UNSUPPORTED_VERSION_NUMBER
                    ? EventType.NOTIF_MSG_VER_ERR
                    : EventType.NOTIF_MSG;
        }
    }

    /** Event 26. */
    record KeepaliveReceived() implements FsmEvent {
        public EventType type() { return EventType.KEEP_ALIVE_MSG; }
    }

    /**
     * Event 27, with the errors RFC 7606 lets the session survive (discarded attributes,
     * treat-as-withdraw), which the driver applies when it processes the UPDATE.
     */
    record UpdateReceived(UpdateMessage update, List<BgpError> errors) implements FsmEvent {
        public UpdateReceived {
            Objects.requireNonNull(update, "update");
            errors = List.copyOf(errors);
        }

        public UpdateReceived(UpdateMessage update) {
            this(update, List.of());
        }

        public EventType type() { return EventType.UPDATE_MSG; }
    }

    /**
     * Event 28: an UPDATE, or another message that follows the OPEN exchange such as a
     * ROUTE-REFRESH (RFC 7313 §5), is malformed in a way that resets the session.
     */
    record UpdateMessageError(BgpError error) implements FsmEvent {
        public UpdateMessageError {
            Objects.requireNonNull(error, "error");
        }

        public EventType type() { return EventType.UPDATE_MSG_ERR; }
    }

    /** A ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2). */
    record RouteRefreshReceived(RouteRefreshMessage message) implements FsmEvent {
        public RouteRefreshReceived {
            Objects.requireNonNull(message, "message");
        }

        public EventType type() { return EventType.ROUTE_REFRESH_MSG; }
    }

    // ---- Conversions for drivers ----

    /** The event for a message that decoded without session-resetting errors. */
    static FsmEvent received(BgpMessage message) {
        return received(message, List.of());
    }

    /** The event for a decoded message and the errors RFC 7606 lets the session survive. */
    static FsmEvent received(BgpMessage message, List<BgpError> errors) {
        return switch (message) {
            case OpenMessage open -> new OpenReceived(open);
            case UpdateMessage update -> new UpdateReceived(update, errors);
            case NotificationMessage notification -> new NotificationReceived(notification);
            case KeepaliveMessage keepalive -> new KeepaliveReceived();
            case RouteRefreshMessage refresh -> new RouteRefreshReceived(refresh);
        };
    }

    /**
     * The event for a message that failed to decode: a header error (code 1) is event 21, an
     * OPEN error (code 2) event 22, and any other (UPDATE, ROUTE-REFRESH) event 28.
     */
    static FsmEvent decodeFailed(BgpError error) {
        return switch (error.code()) {
            case NotificationCode.MESSAGE_HEADER_ERROR -> new HeaderError(error);
            case NotificationCode.OPEN_MESSAGE_ERROR -> new OpenMessageError(error);
            default -> new UpdateMessageError(error);
        };
    }

    /** The event for the outcome of decoding one message. */
    static FsmEvent of(DecodeResult result) {
        return switch (result) {
            case DecodeResult.Decoded decoded -> received(decoded.message(), decoded.errors());
            case DecodeResult.Failed failed -> decodeFailed(failed.error());
        };
    }

    private static void requireCease(NotificationMessage notification) {
        Objects.requireNonNull(notification, "notification");
        if (notification.code() != NotificationCode.CEASE) {
            throw new IllegalArgumentException("a stop sends a Cease NOTIFICATION (RFC 4486), not " + notification.describe());
        }
    }
}
