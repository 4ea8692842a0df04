package dev.javabgp.fsm;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.RouteRefreshMessage;
import dev.javabgp.codec.message.UpdateMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Something the driver must carry out for the FSM, in the order the FSM returns them: a message
 * to send comes before the connection is dropped, so the driver flushes it first.
 */
public sealed interface FsmAction {

    /** Send this message on the connection. */
    record SendMessage(BgpMessage message) implements FsmAction {
        public SendMessage {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Open a TCP connection to the peer (an earlier attempt, if any, has been dropped). */
    record ConnectTcp() implements FsmAction {}

    /** Refuse the TCP connection request just reported (Tcp_CR_Invalid). */
    record RejectConnection() implements FsmAction {}

    /** Close the connection, or abandon the connection attempt. */
    record DropConnection() implements FsmAction {}

    /** Start {@code timer}, or restart it if it runs, to expire after {@code duration}. */
    record StartTimer(Timer timer, Duration duration) implements FsmAction {
        public StartTimer {
            Objects.requireNonNull(timer, "timer");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a timer runs for a positive duration, not " + duration);
            }
        }
    }

    /** Stop {@code timer}; its expiry must not reach the FSM afterwards. */
    record StopTimer(Timer timer) implements FsmAction {
        public StopTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** The session is up with what the two OPENs negotiated. */
    record SessionEstablished(NegotiatedSession session) implements FsmAction {
        public SessionEstablished {
            Objects.requireNonNull(session, "session");
        }
    }

    /** Hand this UPDATE, and the RFC 7606 errors it survived, to route processing. */
    record ProcessUpdate(UpdateMessage update, List<BgpError> errors) implements FsmAction {
        public ProcessUpdate {
            Objects.requireNonNull(update, "update");
            errors = List.copyOf(errors);
        }
    }

    /** Hand this ROUTE-REFRESH to route processing (RFC 2918 §4, RFC 7313 §4). */
    record ProcessRouteRefresh(RouteRefreshMessage message) implements FsmAction {
        public ProcessRouteRefresh {
            Objects.requireNonNull(message, "message");
        }
    }

    /** An Established session ended: delete the routes learned from the peer (RFC 4271 §8.2.2). */
    record SessionDown(DownReason reason) implements FsmAction {
        public SessionDown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The FSM went to Idle: release what was held for the connection (RFC 4271 §8.2.2). */
    record ReleaseResources(DownReason reason) implements FsmAction {
        public ReleaseResources {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The state changed; always the last action of the event. */
    record StateChanged(FsmState from, FsmState to) implements FsmAction {
        public StateChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
