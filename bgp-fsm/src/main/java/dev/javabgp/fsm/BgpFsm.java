package dev.javabgp.fsm;

import static dev.javabgp.fsm.FsmState.*;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmAction.ConnectTcp;
import dev.javabgp.fsm.FsmAction.DropConnection;
import dev.javabgp.fsm.FsmAction.ProcessRouteRefresh;
import dev.javabgp.fsm.FsmAction.ProcessUpdate;
import dev.javabgp.fsm.FsmAction.RejectConnection;
import dev.javabgp.fsm.FsmAction.ReleaseResources;
import dev.javabgp.fsm.FsmAction.SendMessage;
import dev.javabgp.fsm.FsmAction.SessionDown;
import dev.javabgp.fsm.FsmAction.SessionEstablished;
import dev.javabgp.fsm.FsmAction.StartTimer;
import dev.javabgp.fsm.FsmAction.StateChanged;
import dev.javabgp.fsm.FsmAction.StopTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BGP finite state machine of one connection to a peer (RFC 4271 §8). It does no I/O and reads
 * no clock: {@link #handle} takes one {@link FsmEvent} and returns the {@link FsmAction}s the driver
 * carries out, in order. The driver runs the timers the actions name and feeds their expiries back
 * as events. Not thread-safe: feed events from one thread, or under one lock.
 *
 * <p>When both speakers connect at once there are two connections and so two instances; the
 * driver resolves the collision with {@link CollisionResolver}.
 */
public final class BgpFsm {

    private enum Counter { RESET, INCREMENT, KEEP }

    private SessionAttributes attributes;
    private OpenMessage localOpen;

    private FsmState state = IDLE;
    private int connectRetryCounter;
    private final EnumSet<Timer> running = EnumSet.noneOf(Timer.class);
    private NegotiatedSession session;
    private DownReason lastDownReason;

    // Peer oscillation damping (RFC 4271 §8.1.1 DampPeerOscillations).
    private int flaps;
    private Boolean pendingStartPassive;

    // Valid only while handle() runs.
    private List<FsmAction> out;
    private EventType current;

    public BgpFsm(SessionAttributes attributes) {
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.localOpen = attributes.localOpen();
    }

    /**
     * Processes one event and returns the actions to carry out, in order. A state change, if any,
     * is the last action.
     */
    public List<FsmAction> handle(FsmEvent event) {
        Objects.requireNonNull(event, "event");
        if (out != null) {
            throw new IllegalStateException("handle() is not reentrant");
        }
        EventType type = event.type();
        // RFC 4271 §8.1.5: an OPEN that arrives while the DelayOpenTimer runs is event 20.
        if (type == EventType.BGP_OPEN && running.contains(Timer.DELAY_OPEN)) {
            type = EventType.BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING;
        }
        Timer expired = expiredTimer(type);
        if (expired != null) {
            running.remove(expired);
        }
        TransitionTable.Entry entry = TransitionTable.entry(state, type);
        out = new ArrayList<>();
        current = type;
        try {
            FsmState from = state;
            FsmState to = entry.handler().handle(this, event);
            if (!entry.row().targets().contains(to)) {
                throw new IllegalStateException(type.describe() + " took " + from + " to " + to
                        + ", which the transition table does not list");
            }
            if (to != from) {
                state = to;
                out.add(new StateChanged(from, to));
            }
            return List.copyOf(out);
        } finally {
            out = null;
            current = null;
        }
    }

    /** The current state. */
    public FsmState state() {
        return state;
    }

    public SessionAttributes attributes() {
        return attributes;
    }

    /**
     * Changes the capabilities of the OPENs sent from now on, as when the Restart State bit of
     * graceful restart is cleared (RFC 4724 §3); the OPEN of a connection already under way stays.
     */
    public void localCapabilities(List<dev.javabgp.codec.capability.Capability> capabilities) {
        if (out != null) {
            throw new IllegalStateException("not while handling an event");
        }
        attributes = attributes.toBuilder().localCapabilities(capabilities).build();
    }

    /** The OPEN this FSM sends. */
    public OpenMessage localOpen() {
        return localOpen;
    }

    /** ConnectRetryCounter (RFC 4271 §8): consecutive failed attempts since the last manual start or stop. */
    public int connectRetryCounter() {
        return connectRetryCounter;
    }

    /** The timers the FSM has started and not stopped, nor seen expire. */
    public Set<Timer> runningTimers() {
        return Collections.unmodifiableSet(EnumSet.copyOf(running));
    }

    /** What the OPENs negotiated, once the peer's OPEN was accepted (OpenConfirm and Established). */
    public Optional<NegotiatedSession> session() {
        return Optional.ofNullable(session);
    }

    /** Why the FSM last went to Idle, if it ever left it. */
    public Optional<DownReason> lastDownReason() {
        return Optional.ofNullable(lastDownReason);
    }

    /** Flaps counted for damping since the session was last stable (RFC 4271 §8.1.1 DampPeerOscillations). */
    public int flaps() {
        return flaps;
    }

    /**
     * How long a damped automatic start waits now: zero before any flap, then the initial
     * IdleHoldTime, doubling with each further flap up to the maximum.
     */
    public Duration idleHoldTime() {
        if (flaps == 0) {
            return Duration.ZERO;
        }
        Duration d = attributes.idleHoldTime();
        for (int i = 1; i < flaps && d.compareTo(attributes.maxIdleHoldTime()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(attributes.maxIdleHoldTime()) > 0 ? attributes.maxIdleHoldTime() : d;
    }

    @Override
    public String toString() {
        return "BgpFsm[" + state.rfcName() + ", peer AS " + attributes.peerAs() + "]";
    }

    // ---- Building blocks ----

    private static Timer expiredTimer(EventType type) {
        return switch (type) {
            case CONNECT_RETRY_TIMER_EXPIRES -> Timer.CONNECT_RETRY;
            case HOLD_TIMER_EXPIRES -> Timer.HOLD;
            case KEEPALIVE_TIMER_EXPIRES -> Timer.KEEPALIVE;
            case DELAY_OPEN_TIMER_EXPIRES -> Timer.DELAY_OPEN;
            case IDLE_HOLD_TIMER_EXPIRES -> Timer.IDLE_HOLD;
            case STABLE_SESSION_TIMER_EXPIRES -> Timer.STABLE_SESSION;
            default -> null;
        };
    }

    private void emit(FsmAction action) {
        out.add(action);
    }

    private void send(BgpMessage message) {
        emit(new SendMessage(message));
    }

    private void startTimer(Timer timer, Duration duration) {
        running.add(timer);
        emit(new StartTimer(timer, duration));
    }

    private void stopTimer(Timer timer) {
        if (running.remove(timer)) {
            emit(new StopTimer(timer));
        }
    }

    private boolean isRunning(Timer timer) {
        return running.contains(timer);
    }

    private void startHoldAndKeepalive(NegotiatedSession s) {
        // RFC 4271 §4.4: a zero hold time means neither timer runs.
        if (s.holdTimerDisabled()) {
            stopTimer(Timer.HOLD);
            stopTimer(Timer.KEEPALIVE);
            return;
        }
        startTimer(Timer.HOLD, s.holdTime());
        if (s.keepaliveTime().isZero()) {
            stopTimer(Timer.KEEPALIVE);
        } else {
            startTimer(Timer.KEEPALIVE, s.keepaliveTime());
        }
    }

    private void restartHoldTimer() {
        if (session != null && !session.holdTimerDisabled()) {
            startTimer(Timer.HOLD, session.holdTime());
        }
    }

    /** RFC 4271 §8.2.2: the common path back to Idle, which holds no timer and no connection. */
    private FsmState toIdle(DownReason reason, Counter counter) {
        for (Timer t : EnumSet.copyOf(running)) {
            stopTimer(t);
        }
        emit(new DropConnection());
        if (state == ESTABLISHED) {
            emit(new SessionDown(reason));
        }
        emit(new ReleaseResources(reason));
        switch (counter) {
            case RESET -> connectRetryCounter = 0;
            case INCREMENT -> {
                connectRetryCounter++;
                // RFC 4271 §8.2.2 pairs each increment with "(optionally) performs peer
                // oscillation damping": each such drop counts as a flap.
                if (attributes.dampPeerOscillations()) {
                    flaps = Math.min(flaps + 1, 64);
                }
            }
            case KEEP -> { }
        }
        session = null;
        lastDownReason = reason;
        return IDLE;
    }

    private FsmState closeWith(NotificationMessage notification, Counter counter, String detail) {
        send(notification);
        return toIdle(new DownReason.NotificationSent(notification, current, detail), counter);
    }

    private FsmState start(boolean passive) {
        stopTimer(Timer.IDLE_HOLD);
        pendingStartPassive = null;
        connectRetryCounter = 0;
        startTimer(Timer.CONNECT_RETRY, attributes.connectRetryTime());
        if (passive) {
            return ACTIVE;
        }
        emit(new ConnectTcp());
        return CONNECT;
    }

    private void sendOpen() {
        localOpen = attributes.localOpen();
        send(localOpen);
    }

    private FsmState acceptOpen(NegotiatedSession negotiated) {
        session = negotiated;
        stopTimer(Timer.CONNECT_RETRY);
        stopTimer(Timer.DELAY_OPEN);
        send(KeepaliveMessage.INSTANCE);
        startHoldAndKeepalive(negotiated);
        return OPEN_CONFIRM;
    }

    private static BgpError errorOf(FsmEvent event) {
        return switch (event) {
            case FsmEvent.HeaderError e -> e.error();
            case FsmEvent.OpenMessageError e -> e.error();
            case FsmEvent.UpdateMessageError e -> e.error();
            default -> throw new IllegalArgumentException("not an error event: " + event);
        };
    }

    private static NotificationMessage stopNotification(FsmEvent event) {
        return switch (event) {
            case FsmEvent.ManualStop stop -> stop.notification();
            case FsmEvent.AutomaticStop stop -> stop.notification();
            default -> throw new IllegalArgumentException("not a stop event: " + event);
        };
    }

    /** RFC 6608 §4: the data of an FSM error is the type of the unexpected message, if it was one. */
    private static byte[] unexpectedMessageType(EventType type) {
        int messageType = switch (type) {
            case BGP_OPEN, BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING, BGP_OPEN_MSG_ERR -> BgpMessage.TYPE_OPEN;
            case UPDATE_MSG, UPDATE_MSG_ERR -> BgpMessage.TYPE_UPDATE;
            case NOTIF_MSG, NOTIF_MSG_VER_ERR -> BgpMessage.TYPE_NOTIFICATION;
            case KEEP_ALIVE_MSG -> BgpMessage.TYPE_KEEPALIVE;
            case ROUTE_REFRESH_MSG -> BgpMessage.TYPE_ROUTE_REFRESH;
            default -> 0;
        };
        return messageType == 0 ? new byte[0] : new byte[] {(byte) messageType};
    }

    // ---- Handlers named in TransitionTable ----

    FsmState ignore(FsmEvent event) {
        return state;
    }

    FsmState idleStart(FsmEvent event) {
        boolean automatic = current == EventType.AUTOMATIC_START || current == EventType.AUTOMATIC_START_PASSIVE;
        if (automatic && !attributes.allowAutomaticStart()) {
            return IDLE;
        }
        boolean passive = current == EventType.MANUAL_START_PASSIVE || current == EventType.AUTOMATIC_START_PASSIVE
                || attributes.passiveTcpEstablishment();
        return start(passive);
    }

    FsmState idleDampedStart(FsmEvent event) {
        if (!attributes.allowAutomaticStart()) {
            return IDLE;
        }
        boolean passive = current == EventType.AUTOMATIC_START_DAMPED_PASSIVE || attributes.passiveTcpEstablishment();
        // Without damping, or before any flap, there is nothing to wait for.
        if (!attributes.dampPeerOscillations() || flaps == 0) {
            return start(passive);
        }
        if (!isRunning(Timer.IDLE_HOLD)) {
            startTimer(Timer.IDLE_HOLD, idleHoldTime());
        }
        pendingStartPassive = passive;
        return IDLE;
    }

    FsmState idleHoldExpired(FsmEvent event) {
        if (pendingStartPassive == null) {
            return IDLE;
        }
        return start(pendingStartPassive);
    }

    FsmState idleStop(FsmEvent event) {
        if (current == EventType.AUTOMATIC_STOP && !attributes.allowAutomaticStop()) {
            return IDLE;
        }
        // RFC 4271 §8.2.2 ignores stops in Idle; a damped start still waiting is cancelled, or
        // it would start a session the operator just stopped.
        stopTimer(Timer.IDLE_HOLD);
        pendingStartPassive = null;
        return IDLE;
    }

    FsmState idleRefuse(FsmEvent event) {
        // RFC 4271 §8.2.2: Idle refuses connections; RFC 4486 §4 names the Cease for it.
        if (current == EventType.TCP_CONNECTION_CONFIRMED && attributes.sendNotificationWithoutOpen()) {
            send(new NotificationMessage(NotificationCode.CEASE, NotificationCode.CONNECTION_REJECTED));
        }
        emit(new DropConnection());
        return IDLE;
    }

    FsmState manualStopBeforeOpen(FsmEvent event) {
        // RFC 4271 §8.2.2 (Active): while our OPEN is delayed the Cease may only go out with
        // SendNOTIFICATIONwithoutOPEN; Connect behaves the same way.
        if (isRunning(Timer.DELAY_OPEN) && attributes.sendNotificationWithoutOpen()) {
            return closeWith(stopNotification(event), Counter.RESET, "");
        }
        return toIdle(new DownReason.Closed(current, ""), Counter.RESET);
    }

    FsmState automaticStopBeforeOpen(FsmEvent event) {
        if (!attributes.allowAutomaticStop()) {
            return state;
        }
        if (isRunning(Timer.DELAY_OPEN) && attributes.sendNotificationWithoutOpen()) {
            return closeWith(stopNotification(event), Counter.INCREMENT, "");
        }
        return toIdle(new DownReason.Closed(current, ""), Counter.INCREMENT);
    }

    FsmState connectRetry(FsmEvent event) {
        emit(new DropConnection());
        startTimer(Timer.CONNECT_RETRY, attributes.connectRetryTime());
        stopTimer(Timer.DELAY_OPEN);
        emit(new ConnectTcp());
        return CONNECT;
    }

    FsmState activeRetry(FsmEvent event) {
        startTimer(Timer.CONNECT_RETRY, attributes.connectRetryTime());
        if (attributes.passiveTcpEstablishment()) {
            // RFC 4271 §8.1.1 leaves a passive session free to keep waiting: a passive peer is
            // one we never connect to (as BIRD's and FRR's "passive" mean), so it stays in Active.
            return ACTIVE;
        }
        emit(new ConnectTcp());
        return CONNECT;
    }

    FsmState delayOpenExpired(FsmEvent event) {
        stopTimer(Timer.CONNECT_RETRY);
        sendOpen();
        startTimer(Timer.HOLD, attributes.largeHoldTime());
        return OPEN_SENT;
    }

    FsmState rejectConnection(FsmEvent event) {
        if (attributes.trackTcpState()) {
            emit(new RejectConnection());
        }
        return state;
    }

    FsmState tcpConnected(FsmEvent event) {
        stopTimer(Timer.CONNECT_RETRY);
        if (attributes.delayOpen()) {
            startTimer(Timer.DELAY_OPEN, attributes.delayOpenTime());
            return state;
        }
        sendOpen();
        // RFC 4271 §8.2.2: until the peer's OPEN tells its hold time, a large one (4 minutes).
        startTimer(Timer.HOLD, attributes.largeHoldTime());
        return OPEN_SENT;
    }

    FsmState connectTcpFails(FsmEvent event) {
        if (isRunning(Timer.DELAY_OPEN)) {
            startTimer(Timer.CONNECT_RETRY, attributes.connectRetryTime());
            stopTimer(Timer.DELAY_OPEN);
            return ACTIVE;
        }
        return toIdle(new DownReason.TcpConnectionFailed(), Counter.KEEP);
    }

    FsmState activeTcpFails(FsmEvent event) {
        // RFC 4271 §8.2.2 restarts the ConnectRetryTimer here, then goes to Idle; Idle has no use
        // for it, so it stays stopped and Idle holds no timer.
        return toIdle(new DownReason.TcpConnectionFailed(), Counter.INCREMENT);
    }

    FsmState openWhileDelayed(FsmEvent event) {
        OpenMessage open = ((FsmEvent.OpenReceived) event).open();
        return switch (OpenNegotiation.negotiate(attributes, localOpen, open)) {
            case OpenNegotiation.Accepted accepted -> {
                stopTimer(Timer.CONNECT_RETRY);
                stopTimer(Timer.DELAY_OPEN);
                sendOpen();
                yield acceptOpen(accepted.session());
            }
            // RFC 4271 §6.2: a failed OPEN check is event 22, handled as in this state.
            case OpenNegotiation.Rejected rejected -> refuseBeforeOpen(rejected.notification(), rejected.reason());
        };
    }

    FsmState errorBeforeOpen(FsmEvent event) {
        BgpError error = errorOf(event);
        return refuseBeforeOpen(error.notification(), error.reason());
    }

    private FsmState refuseBeforeOpen(NotificationMessage notification, String detail) {
        // RFC 4271 §8.2.1.5: before our OPEN, a NOTIFICATION needs SendNOTIFICATIONwithoutOPEN.
        if (attributes.sendNotificationWithoutOpen()) {
            return closeWith(notification, Counter.INCREMENT, detail);
        }
        return toIdle(new DownReason.Closed(current, detail), Counter.INCREMENT);
    }

    FsmState versionErrorBeforeOpen(FsmEvent event) {
        NotificationMessage n = ((FsmEvent.NotificationReceived) event).notification();
        return toIdle(new DownReason.NotificationReceived(n), isRunning(Timer.DELAY_OPEN) ? Counter.KEEP : Counter.INCREMENT);
    }

    FsmState unexpectedBeforeOpen(FsmEvent event) {
        DownReason reason = event instanceof FsmEvent.NotificationReceived n
                ? new DownReason.NotificationReceived(n.notification())
                : new DownReason.Closed(current, "unexpected in " + state.rfcName());
        return toIdle(reason, Counter.INCREMENT);
    }

    FsmState manualStopAfterOpen(FsmEvent event) {
        return closeWith(stopNotification(event), Counter.RESET, "");
    }

    FsmState automaticStopAfterOpen(FsmEvent event) {
        if (!attributes.allowAutomaticStop()) {
            return state;
        }
        return closeWith(stopNotification(event), Counter.INCREMENT, "");
    }

    FsmState holdTimerExpired(FsmEvent event) {
        return closeWith(new NotificationMessage(NotificationCode.HOLD_TIMER_EXPIRED, 0), Counter.INCREMENT, "");
    }

    FsmState openSentTcpFails(FsmEvent event) {
        emit(new DropConnection());
        // The large hold timer belonged to the closed connection; Active waits for a new one.
        stopTimer(Timer.HOLD);
        startTimer(Timer.CONNECT_RETRY, attributes.connectRetryTime());
        return ACTIVE;
    }

    FsmState openSentOpen(FsmEvent event) {
        OpenMessage open = ((FsmEvent.OpenReceived) event).open();
        return switch (OpenNegotiation.negotiate(attributes, localOpen, open)) {
            case OpenNegotiation.Accepted accepted -> acceptOpen(accepted.session());
            case OpenNegotiation.Rejected rejected -> closeWith(rejected.notification(), Counter.INCREMENT, rejected.reason());
        };
    }

    FsmState messageError(FsmEvent event) {
        BgpError error = errorOf(event);
        return closeWith(error.notification(), Counter.INCREMENT, error.reason());
    }

    FsmState collisionDump(FsmEvent event) {
        return closeWith(CollisionResolver.NOTIFICATION, Counter.INCREMENT, "connection collision (RFC 4271 §6.8)");
    }

    FsmState establishedCollisionDump(FsmEvent event) {
        // RFC 4271 §6.8: without CollisionDetectEstablishedState the Established connection
        // always stays, so a dump aimed at it is not acted on.
        if (!attributes.collisionDetectEstablishedState()) {
            return ESTABLISHED;
        }
        return collisionDump(event);
    }

    FsmState versionError(FsmEvent event) {
        NotificationMessage n = ((FsmEvent.NotificationReceived) event).notification();
        return toIdle(new DownReason.NotificationReceived(n), Counter.KEEP);
    }

    FsmState notificationReceived(FsmEvent event) {
        // RFC 4271 §8.2.2 lists NotifMsg among OpenSent's "other events", which answer with an
        // FSM error; the peer has closed the connection after its NOTIFICATION (§4.5), so
        // OpenSent drops it silently as OpenConfirm and Established do.
        NotificationMessage n = ((FsmEvent.NotificationReceived) event).notification();
        return toIdle(new DownReason.NotificationReceived(n), Counter.INCREMENT);
    }

    FsmState tcpFailsAfterOpen(FsmEvent event) {
        return toIdle(new DownReason.TcpConnectionFailed(), Counter.INCREMENT);
    }

    FsmState sendKeepalive(FsmEvent event) {
        send(KeepaliveMessage.INSTANCE);
        if (session != null && !session.keepaliveTime().isZero()) {
            startTimer(Timer.KEEPALIVE, session.keepaliveTime());
        }
        return state;
    }

    FsmState openConfirmKeepalive(FsmEvent event) {
        restartHoldTimer();
        emit(new SessionEstablished(session));
        if (attributes.dampPeerOscillations()) {
            startTimer(Timer.STABLE_SESSION, attributes.stablePeriod());
        }
        return ESTABLISHED;
    }

    FsmState establishedKeepalive(FsmEvent event) {
        restartHoldTimer();
        return ESTABLISHED;
    }

    FsmState establishedUpdate(FsmEvent event) {
        FsmEvent.UpdateReceived update = (FsmEvent.UpdateReceived) event;
        emit(new ProcessUpdate(update.update(), update.errors()));
        restartHoldTimer();
        return ESTABLISHED;
    }

    FsmState establishedRouteRefresh(FsmEvent event) {
        emit(new ProcessRouteRefresh(((FsmEvent.RouteRefreshReceived) event).message()));
        return ESTABLISHED;
    }

    FsmState updateSent(FsmEvent event) {
        // RFC 4271 §8.2.2: sending an UPDATE restarts the KeepaliveTimer, unless the hold time is 0.
        if (session != null && !session.keepaliveTime().isZero()) {
            startTimer(Timer.KEEPALIVE, session.keepaliveTime());
        }
        return ESTABLISHED;
    }

    FsmState stableSession(FsmEvent event) {
        flaps = 0;
        return ESTABLISHED;
    }

    FsmState fsmError(FsmEvent event) {
        int subcode = switch (state) {
            case OPEN_SENT -> NotificationCode.UNEXPECTED_IN_OPEN_SENT;
            case OPEN_CONFIRM -> NotificationCode.UNEXPECTED_IN_OPEN_CONFIRM;
            case ESTABLISHED -> NotificationCode.UNEXPECTED_IN_ESTABLISHED;
            default -> throw new IllegalStateException("FSM errors are sent after the OPEN, not in " + state);
        };
        NotificationMessage n = new NotificationMessage(NotificationCode.FSM_ERROR, subcode, unexpectedMessageType(current));
        return closeWith(n, Counter.INCREMENT, "unexpected " + current.describe() + " in " + state.rfcName());
    }
}
