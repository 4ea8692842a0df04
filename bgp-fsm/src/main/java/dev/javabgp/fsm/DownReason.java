package dev.javabgp.fsm;

import dev.javabgp.codec.message.NotificationMessage;
import java.util.Objects;

/** Why a connection or session went back to Idle. */
public sealed interface DownReason {

    /** A line for logs. */
    String describe();

    /**
     * We closed the connection and sent this NOTIFICATION: a stop (Cease), hold timer expiry, an
     * error in what the peer sent, a collision, or an unexpected event. {@code detail} says
     * more, for logs, or is empty.
     */
    record NotificationSent(NotificationMessage notification, EventType cause, String detail) implements DownReason {
        public NotificationSent {
            Objects.requireNonNull(notification, "notification");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
        }

        public String describe() {
            return "sent NOTIFICATION " + notification.describe() + " on " + cause.describe()
                    + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** The peer sent this NOTIFICATION. */
    record NotificationReceived(NotificationMessage notification) implements DownReason {
        public NotificationReceived {
            Objects.requireNonNull(notification, "notification");
        }

        public String describe() {
            return "received NOTIFICATION " + notification.describe();
        }
    }

    /** The TCP connection failed or the peer closed it. */
    record TcpConnectionFailed() implements DownReason {
        public String describe() {
            return "TCP connection failed or closed";
        }
    }

    /**
     * Closed without a NOTIFICATION either way: a stop or error before any OPEN was sent
     * (RFC 4271 §8.2.1.5, SendNOTIFICATIONwithoutOPEN off), or an event Connect or Active does
     * not expect.
     */
    record Closed(EventType cause, String detail) implements DownReason {
        public Closed {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
        }

        public String describe() {
            return "closed on " + cause.describe() + (detail.isEmpty() ? "" : ": " + detail);
        }
    }
}
