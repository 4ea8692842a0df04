package dev.javabgp.fsm;

/**
 * The kinds of FSM input: the 28 events of RFC 4271 §8.1 with their numbers, and three that this
 * implementation adds (numbered 0): ROUTE-REFRESH, which RFC 2918 defines after RFC 4271's event
 * list; the end of the stable period that resets peer oscillation damping; and our own UPDATE
 * going out, which restarts the KeepaliveTimer (RFC 4271 §8.2.2).
 */
public enum EventType {
    MANUAL_START(1, "ManualStart"),
    MANUAL_STOP(2, "ManualStop"),
    AUTOMATIC_START(3, "AutomaticStart"),
    MANUAL_START_PASSIVE(4, "ManualStart_with_PassiveTcpEstablishment"),
    AUTOMATIC_START_PASSIVE(5, "AutomaticStart_with_PassiveTcpEstablishment"),
    AUTOMATIC_START_DAMPED(6, "AutomaticStart_with_DampPeerOscillations"),
    AUTOMATIC_START_DAMPED_PASSIVE(7, "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment"),
    AUTOMATIC_STOP(8, "AutomaticStop"),
    CONNECT_RETRY_TIMER_EXPIRES(9, "ConnectRetryTimer_Expires"),
    HOLD_TIMER_EXPIRES(10, "HoldTimer_Expires"),
    KEEPALIVE_TIMER_EXPIRES(11, "KeepaliveTimer_Expires"),
    DELAY_OPEN_TIMER_EXPIRES(12, "DelayOpenTimer_Expires"),
    IDLE_HOLD_TIMER_EXPIRES(13, "IdleHoldTimer_Expires"),
    TCP_CONNECTION_VALID(14, "TcpConnection_Valid"),
    TCP_CR_INVALID(15, "Tcp_CR_Invalid"),
    TCP_CR_ACKED(16, "Tcp_CR_Acked"),
    TCP_CONNECTION_CONFIRMED(17, "TcpConnectionConfirmed"),
    TCP_CONNECTION_FAILS(18, "TcpConnectionFails"),
    BGP_OPEN(19, "BGPOpen"),
    BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING(20, "BGPOpen with DelayOpenTimer running"),
    BGP_HEADER_ERR(21, "BGPHeaderErr"),
    BGP_OPEN_MSG_ERR(22, "BGPOpenMsgErr"),
    OPEN_COLLISION_DUMP(23, "OpenCollisionDump"),
    NOTIF_MSG_VER_ERR(24, "NotifMsgVerErr"),
    NOTIF_MSG(25, "NotifMsg"),
    KEEP_ALIVE_MSG(26, "KeepAliveMsg"),
    UPDATE_MSG(27, "UpdateMsg"),
    UPDATE_MSG_ERR(28, "UpdateMsgErr"),
    /** A ROUTE-REFRESH message (RFC 2918 §3). */
    ROUTE_REFRESH_MSG(0, "RouteRefreshMsg"),
    /** The session stayed Established for the stable period; oscillation damping starts over. */
    STABLE_SESSION_TIMER_EXPIRES(0, "StableSessionTimer_Expires"),
    /** The driver sent an UPDATE to the peer. */
    UPDATE_SENT(0, "UpdateSent");

    private final int number;
    private final String rfcName;

    EventType(int number, String rfcName) {
        this.number = number;
        this.rfcName = rfcName;
    }

    /** The event number of RFC 4271 §8.1, or 0 for the events this implementation adds. */
    public int number() {
        return number;
    }

    /** The RFC 4271 name, such as "Tcp_CR_Acked". */
    public String rfcName() {
        return rfcName;
    }

    /** "Event 16 Tcp_CR_Acked", or just the name for an added event. */
    public String describe() {
        return number == 0 ? rfcName : "Event " + number + " " + rfcName;
    }
}
