package dev.javabgp.fsm;

/** The six states of the BGP finite state machine (RFC 4271 §8.2.2). */
public enum FsmState {
    /** Refuses connections and holds no resources for the peer. */
    IDLE("Idle"),
    /** Waiting for an outgoing TCP connection to complete. */
    CONNECT("Connect"),
    /** Listening for the peer to connect. */
    ACTIVE("Active"),
    /** Our OPEN is sent; waiting for the peer's. */
    OPEN_SENT("OpenSent"),
    /** Both OPENs exchanged; waiting for the peer's first KEEPALIVE. */
    OPEN_CONFIRM("OpenConfirm"),
    /** The session is up: UPDATE, KEEPALIVE and NOTIFICATION flow. */
    ESTABLISHED("Established");

    private final String rfcName;

    FsmState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name RFC 4271 uses, such as "OpenSent". */
    public String rfcName() {
        return rfcName;
    }
}
