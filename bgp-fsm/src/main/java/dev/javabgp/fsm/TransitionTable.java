package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The FSM of RFC 4271 §8.2.2 as a table: for every state and every event exactly one row, which
 * says what the FSM does and which states it may go to. {@link BgpFsm} dispatches through this
 * table and refuses to reach a state its row does not list, so the table, the code and the
 * diagram in docs/fsm.md (made by {@link FsmDocs}) cannot drift apart.
 */
public final class TransitionTable {

    /** What the FSM does for an event in a state, returning the next state. */
    @FunctionalInterface
    interface Handler {
        FsmState handle(BgpFsm fsm, FsmEvent event);
    }

    /**
     * One row: in {@code from}, on any of {@code events}, the FSM carries out {@code actions}
     * and goes to one of {@code targets}, depending on the conditions {@code actions} names.
     */
    public record Row(FsmState from, Set<EventType> events, List<FsmState> targets, String actions) {
        public Row {
            Objects.requireNonNull(from, "from");
            events = Collections.unmodifiableSet(EnumSet.copyOf(events));
            targets = List.copyOf(targets);
            Objects.requireNonNull(actions, "actions");
        }

        /** The events are ignored: no action, no change of state. */
        public boolean ignored() {
            return actions.equals(IGNORED);
        }
    }

    record Entry(Row row, Handler handler) {}

    static final String IGNORED = "ignored";

    private static final List<Row> ROWS;
    private static final Map<FsmState, Map<EventType, Entry>> DISPATCH = new EnumMap<>(FsmState.class);

    static {
        List<Entry> entries = new ArrayList<>();

        // RFC 4271 §8.2.2, Idle state.
        new StateRows(IDLE, entries)
                .on(BgpFsm::idleStart, "initialise; ConnectRetryCounter := 0; start the ConnectRetryTimer; connect to the peer "
                        + "(with PassiveTcpEstablishment wait for it in Active instead); AutomaticStart is ignored unless "
                        + "AllowAutomaticStart", List.of(CONNECT, ACTIVE, IDLE), MANUAL_START, AUTOMATIC_START)
                .on(BgpFsm::idleStart, "initialise; ConnectRetryCounter := 0; start the ConnectRetryTimer; wait for the peer to "
                        + "connect; AutomaticStart is ignored unless AllowAutomaticStart",
                        List.of(ACTIVE, IDLE), MANUAL_START_PASSIVE, AUTOMATIC_START_PASSIVE)
                .on(BgpFsm::idleDampedStart, "after a flap with DampPeerOscillations: start the IdleHoldTimer (the IdleHoldTime "
                        + "doubles with each flap) and start when it expires; otherwise as events 3 and 5",
                        List.of(IDLE, CONNECT, ACTIVE), AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE)
                .on(BgpFsm::idleHoldExpired, "carry out the start that waited for the IdleHoldTimer",
                        List.of(CONNECT, ACTIVE, IDLE), IDLE_HOLD_TIMER_EXPIRES)
                .on(BgpFsm::idleStop, "cancel a start waiting for the IdleHoldTimer", List.of(IDLE), MANUAL_STOP, AUTOMATIC_STOP)
                .on(BgpFsm::idleRefuse, "refuse the connection: drop it, after Cease / Connection Rejected if "
                        + "SendNOTIFICATIONwithoutOPEN", List.of(IDLE), TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED)
                .otherwise(BgpFsm::ignore, IGNORED, IDLE);

        // RFC 4271 §8.2.2, Connect state.
        new StateRows(CONNECT, entries)
                .on(BgpFsm::ignore, IGNORED, List.of(CONNECT), MANUAL_START, AUTOMATIC_START, MANUAL_START_PASSIVE,
                        AUTOMATIC_START_PASSIVE, AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE, TCP_CONNECTION_VALID,
                        STABLE_SESSION_TIMER_EXPIRES,
                        UPDATE_SENT)
                .on(BgpFsm::manualStopBeforeOpen, "drop the connection (after the Cease if the DelayOpenTimer runs and "
                        + "SendNOTIFICATIONwithoutOPEN); ConnectRetryCounter := 0", List.of(IDLE), MANUAL_STOP)
                .on(BgpFsm::automaticStopBeforeOpen, "drop the connection; ConnectRetryCounter + 1 (ignored unless "
                        + "AllowAutomaticStop)", List.of(IDLE, CONNECT), AUTOMATIC_STOP)
                .on(BgpFsm::connectRetry, "drop the connection; restart the ConnectRetryTimer; stop the DelayOpenTimer; "
                        + "connect again", List.of(CONNECT), CONNECT_RETRY_TIMER_EXPIRES)
                .on(BgpFsm::delayOpenExpired, "send OPEN; HoldTimer := large hold time", List.of(OPEN_SENT),
                        DELAY_OPEN_TIMER_EXPIRES)
                .on(BgpFsm::rejectConnection, "reject the connection request (TrackTcpState)", List.of(CONNECT), TCP_CR_INVALID)
                .on(BgpFsm::tcpConnected, "stop the ConnectRetryTimer; with DelayOpen start the DelayOpenTimer, otherwise "
                        + "send OPEN and HoldTimer := large hold time", List.of(OPEN_SENT, CONNECT), TCP_CR_ACKED,
                        TCP_CONNECTION_CONFIRMED)
                .on(BgpFsm::connectTcpFails, "if the DelayOpenTimer runs: restart the ConnectRetryTimer, stop the "
                        + "DelayOpenTimer, listen (Active); otherwise drop", List.of(ACTIVE, IDLE), TCP_CONNECTION_FAILS)
                .on(BgpFsm::openWhileDelayed, "acceptable OPEN: send OPEN and KEEPALIVE, start the KeepaliveTimer, "
                        + "HoldTimer := negotiated hold time; otherwise as event 22",
                        List.of(OPEN_CONFIRM, IDLE), BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING)
                .on(BgpFsm::errorBeforeOpen, "drop (after the error's NOTIFICATION if SendNOTIFICATIONwithoutOPEN); "
                        + "ConnectRetryCounter + 1", List.of(IDLE), BGP_HEADER_ERR, BGP_OPEN_MSG_ERR)
                .on(BgpFsm::versionErrorBeforeOpen, "drop; ConnectRetryCounter + 1 unless the DelayOpenTimer ran",
                        List.of(IDLE), NOTIF_MSG_VER_ERR)
                .otherwise(BgpFsm::unexpectedBeforeOpen, "drop; ConnectRetryCounter + 1", IDLE);

        // RFC 4271 §8.2.2, Active state.
        new StateRows(ACTIVE, entries)
                .on(BgpFsm::ignore, IGNORED, List.of(ACTIVE), MANUAL_START, AUTOMATIC_START, MANUAL_START_PASSIVE,
                        AUTOMATIC_START_PASSIVE, AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE, TCP_CONNECTION_VALID,
                        STABLE_SESSION_TIMER_EXPIRES,
                        UPDATE_SENT)
                .on(BgpFsm::manualStopBeforeOpen, "drop the connection (after the Cease if the DelayOpenTimer runs and "
                        + "SendNOTIFICATIONwithoutOPEN); ConnectRetryCounter := 0", List.of(IDLE), MANUAL_STOP)
                .on(BgpFsm::automaticStopBeforeOpen, "drop the connection; ConnectRetryCounter + 1 (ignored unless "
                        + "AllowAutomaticStop)", List.of(IDLE, ACTIVE), AUTOMATIC_STOP)
                .on(BgpFsm::activeRetry, "restart the ConnectRetryTimer; connect to the peer, unless "
                        + "PassiveTcpEstablishment, which keeps waiting in Active", List.of(CONNECT, ACTIVE),
                        CONNECT_RETRY_TIMER_EXPIRES)
                .on(BgpFsm::delayOpenExpired, "send OPEN; HoldTimer := large hold time", List.of(OPEN_SENT),
                        DELAY_OPEN_TIMER_EXPIRES)
                .on(BgpFsm::rejectConnection, "reject the connection request (TrackTcpState)", List.of(ACTIVE), TCP_CR_INVALID)
                .on(BgpFsm::tcpConnected, "stop the ConnectRetryTimer; with DelayOpen start the DelayOpenTimer, otherwise "
                        + "send OPEN and HoldTimer := large hold time", List.of(OPEN_SENT, ACTIVE), TCP_CR_ACKED,
                        TCP_CONNECTION_CONFIRMED)
                .on(BgpFsm::activeTcpFails, "drop; ConnectRetryCounter + 1", List.of(IDLE), TCP_CONNECTION_FAILS)
                .on(BgpFsm::openWhileDelayed, "acceptable OPEN: send OPEN and KEEPALIVE, start the KeepaliveTimer, "
                        + "HoldTimer := negotiated hold time; otherwise as event 22",
                        List.of(OPEN_CONFIRM, IDLE), BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING)
                .on(BgpFsm::errorBeforeOpen, "drop (after the error's NOTIFICATION if SendNOTIFICATIONwithoutOPEN); "
                        + "ConnectRetryCounter + 1", List.of(IDLE), BGP_HEADER_ERR, BGP_OPEN_MSG_ERR)
                .on(BgpFsm::versionErrorBeforeOpen, "drop; ConnectRetryCounter + 1 unless the DelayOpenTimer ran",
                        List.of(IDLE), NOTIF_MSG_VER_ERR)
                .otherwise(BgpFsm::unexpectedBeforeOpen, "drop; ConnectRetryCounter + 1", IDLE);

        // RFC 4271 §8.2.2, OpenSent state. A second connection (events 14, 16, 17) belongs to a
        // second BgpFsm; CollisionResolver settles which one stays.
        new StateRows(OPEN_SENT, entries)
                .on(BgpFsm::ignore, IGNORED, List.of(OPEN_SENT), MANUAL_START, AUTOMATIC_START, MANUAL_START_PASSIVE,
                        AUTOMATIC_START_PASSIVE, AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE, TCP_CONNECTION_VALID,
                        TCP_CR_INVALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED, STABLE_SESSION_TIMER_EXPIRES,
                        UPDATE_SENT)
                .on(BgpFsm::manualStopAfterOpen, "send the Cease; ConnectRetryCounter := 0", List.of(IDLE), MANUAL_STOP)
                .on(BgpFsm::automaticStopAfterOpen, "send the Cease; ConnectRetryCounter + 1 (ignored unless "
                        + "AllowAutomaticStop)", List.of(IDLE, OPEN_SENT), AUTOMATIC_STOP)
                .on(BgpFsm::holdTimerExpired, "send Hold Timer Expired; ConnectRetryCounter + 1", List.of(IDLE),
                        HOLD_TIMER_EXPIRES)
                .on(BgpFsm::openSentTcpFails, "close the connection; restart the ConnectRetryTimer; listen",
                        List.of(ACTIVE), TCP_CONNECTION_FAILS)
                .on(BgpFsm::openSentOpen, "acceptable OPEN: send KEEPALIVE, start the KeepaliveTimer, HoldTimer := "
                        + "negotiated hold time; otherwise send the OPEN Message Error", List.of(OPEN_CONFIRM, IDLE), BGP_OPEN)
                .on(BgpFsm::messageError, "send the error's NOTIFICATION; ConnectRetryCounter + 1", List.of(IDLE),
                        BGP_HEADER_ERR, BGP_OPEN_MSG_ERR)
                .on(BgpFsm::collisionDump, "send Cease / Connection Collision Resolution; ConnectRetryCounter + 1",
                        List.of(IDLE), OPEN_COLLISION_DUMP)
                .on(BgpFsm::versionError, "drop; ConnectRetryCounter unchanged", List.of(IDLE), NOTIF_MSG_VER_ERR)
                .on(BgpFsm::notificationReceived, "drop; ConnectRetryCounter + 1", List.of(IDLE), NOTIF_MSG)
                .otherwise(BgpFsm::fsmError, "send Finite State Machine Error / Unexpected message in OpenSent "
                        + "(RFC 6608); ConnectRetryCounter + 1", IDLE);

        // RFC 4271 §8.2.2, OpenConfirm state.
        new StateRows(OPEN_CONFIRM, entries)
                .on(BgpFsm::ignore, IGNORED, List.of(OPEN_CONFIRM), MANUAL_START, AUTOMATIC_START, MANUAL_START_PASSIVE,
                        AUTOMATIC_START_PASSIVE, AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE, TCP_CONNECTION_VALID,
                        TCP_CR_INVALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED, STABLE_SESSION_TIMER_EXPIRES,
                        UPDATE_SENT)
                .on(BgpFsm::manualStopAfterOpen, "send the Cease; ConnectRetryCounter := 0", List.of(IDLE), MANUAL_STOP)
                .on(BgpFsm::automaticStopAfterOpen, "send the Cease; ConnectRetryCounter + 1 (ignored unless "
                        + "AllowAutomaticStop)", List.of(IDLE, OPEN_CONFIRM), AUTOMATIC_STOP)
                .on(BgpFsm::holdTimerExpired, "send Hold Timer Expired; ConnectRetryCounter + 1", List.of(IDLE),
                        HOLD_TIMER_EXPIRES)
                .on(BgpFsm::sendKeepalive, "send KEEPALIVE; restart the KeepaliveTimer", List.of(OPEN_CONFIRM),
                        KEEPALIVE_TIMER_EXPIRES)
                .on(BgpFsm::tcpFailsAfterOpen, "drop; ConnectRetryCounter + 1", List.of(IDLE), TCP_CONNECTION_FAILS)
                .on(BgpFsm::messageError, "send the error's NOTIFICATION; ConnectRetryCounter + 1", List.of(IDLE),
                        BGP_HEADER_ERR, BGP_OPEN_MSG_ERR)
                .on(BgpFsm::collisionDump, "send Cease / Connection Collision Resolution; ConnectRetryCounter + 1",
                        List.of(IDLE), OPEN_COLLISION_DUMP)
                .on(BgpFsm::versionError, "drop; ConnectRetryCounter unchanged", List.of(IDLE), NOTIF_MSG_VER_ERR)
                .on(BgpFsm::notificationReceived, "drop; ConnectRetryCounter + 1", List.of(IDLE), NOTIF_MSG)
                .on(BgpFsm::openConfirmKeepalive, "restart the HoldTimer; the session is up", List.of(ESTABLISHED),
                        KEEP_ALIVE_MSG)
                .otherwise(BgpFsm::fsmError, "send Finite State Machine Error / Unexpected message in OpenConfirm "
                        + "(RFC 6608); ConnectRetryCounter + 1", IDLE);

        // RFC 4271 §8.2.2, Established state.
        new StateRows(ESTABLISHED, entries)
                .on(BgpFsm::ignore, IGNORED, List.of(ESTABLISHED), MANUAL_START, AUTOMATIC_START, MANUAL_START_PASSIVE,
                        AUTOMATIC_START_PASSIVE, AUTOMATIC_START_DAMPED, AUTOMATIC_START_DAMPED_PASSIVE, TCP_CONNECTION_VALID,
                        TCP_CR_INVALID, TCP_CR_ACKED, TCP_CONNECTION_CONFIRMED)
                .on(BgpFsm::manualStopAfterOpen, "send the Cease; delete the peer's routes; ConnectRetryCounter := 0",
                        List.of(IDLE), MANUAL_STOP)
                .on(BgpFsm::automaticStopAfterOpen, "send the Cease; delete the peer's routes; ConnectRetryCounter + 1 "
                        + "(ignored unless AllowAutomaticStop)", List.of(IDLE, ESTABLISHED), AUTOMATIC_STOP)
                .on(BgpFsm::holdTimerExpired, "send Hold Timer Expired; delete the peer's routes; ConnectRetryCounter + 1",
                        List.of(IDLE), HOLD_TIMER_EXPIRES)
                .on(BgpFsm::sendKeepalive, "send KEEPALIVE; restart the KeepaliveTimer", List.of(ESTABLISHED),
                        KEEPALIVE_TIMER_EXPIRES)
                .on(BgpFsm::tcpFailsAfterOpen, "delete the peer's routes; drop; ConnectRetryCounter + 1", List.of(IDLE),
                        TCP_CONNECTION_FAILS)
                .on(BgpFsm::messageError, "send the error's NOTIFICATION; delete the peer's routes; "
                        + "ConnectRetryCounter + 1", List.of(IDLE), BGP_HEADER_ERR, UPDATE_MSG_ERR)
                .on(BgpFsm::establishedCollisionDump, "with CollisionDetectEstablishedState: send Cease / Connection "
                        + "Collision Resolution, delete the peer's routes, ConnectRetryCounter + 1; otherwise ignored",
                        List.of(IDLE, ESTABLISHED), OPEN_COLLISION_DUMP)
                .on(BgpFsm::notificationReceived, "delete the peer's routes; drop; ConnectRetryCounter + 1", List.of(IDLE),
                        NOTIF_MSG_VER_ERR, NOTIF_MSG)
                .on(BgpFsm::establishedKeepalive, "restart the HoldTimer", List.of(ESTABLISHED), KEEP_ALIVE_MSG)
                .on(BgpFsm::establishedUpdate, "process the UPDATE; restart the HoldTimer", List.of(ESTABLISHED), UPDATE_MSG)
                .on(BgpFsm::establishedRouteRefresh, "process the ROUTE-REFRESH", List.of(ESTABLISHED), ROUTE_REFRESH_MSG)
                .on(BgpFsm::stableSession, "oscillation damping starts over: IdleHoldTime := its initial value",
                        List.of(ESTABLISHED), STABLE_SESSION_TIMER_EXPIRES)
                .on(BgpFsm::updateSent, "restart the KeepaliveTimer (unless the hold time is 0)", List.of(ESTABLISHED),
                        UPDATE_SENT)
                .otherwise(BgpFsm::fsmError, "send Finite State Machine Error / Unexpected message in Established "
                        + "(RFC 6608); delete the peer's routes; ConnectRetryCounter + 1", IDLE);

        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(e.row());
            Map<EventType, Entry> byEvent = DISPATCH.computeIfAbsent(e.row().from(), s -> new EnumMap<>(EventType.class));
            for (EventType type : e.row().events()) {
                if (byEvent.put(type, e) != null) {
                    throw new ExceptionInInitializerError("two rows for " + type + " in " + e.row().from());
                }
            }
        }
        for (FsmState s : FsmState.values()) {
            if (DISPATCH.get(s) == null || DISPATCH.get(s).size() != EventType.values().length) {
                throw new ExceptionInInitializerError("the rows of " + s + " do not cover every event");
            }
        }
        ROWS = List.copyOf(rows);
    }

    private TransitionTable() {}

    /** Every row, grouped by state in the order of RFC 4271 §8.2.2. */
    public static List<Row> rows() {
        return ROWS;
    }

    /** The row that handles {@code event} in {@code state}. */
    public static Row row(FsmState state, EventType event) {
        return entry(state, event).row();
    }

    static Entry entry(FsmState state, EventType event) {
        return DISPATCH.get(state).get(event);
    }

    /** Collects the rows of one state; {@link #otherwise} takes every event not yet listed. */
    private static final class StateRows {
        private final FsmState state;
        private final List<Entry> entries;
        private final EnumSet<EventType> seen = EnumSet.noneOf(EventType.class);

        StateRows(FsmState state, List<Entry> entries) {
            this.state = state;
            this.entries = entries;
        }

        StateRows on(Handler handler, String actions, List<FsmState> targets, EventType... events) {
            EnumSet<EventType> set = EnumSet.noneOf(EventType.class);
            Collections.addAll(set, events);
            seen.addAll(set);
            entries.add(new Entry(new Row(state, set, targets, actions), handler));
            return this;
        }

        void otherwise(Handler handler, String actions, FsmState... targets) {
            EnumSet<EventType> rest = EnumSet.complementOf(seen);
            if (!rest.isEmpty()) {
                entries.add(new Entry(new Row(state, rest, List.of(targets), actions), handler));
            }
        }
    }
}
