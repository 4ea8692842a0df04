package dev.javabgp.fsm;

/**
 * The timers the FSM asks its driver to run (RFC 4271 §8.1, §10). The driver starts and stops
 * them on {@link FsmAction.StartTimer} and {@link FsmAction.StopTimer} and feeds the expiry back
 * as {@link #expiryEvent()}; a timer that is started while running is restarted.
 */
public enum Timer {
    CONNECT_RETRY,
    HOLD,
    KEEPALIVE,
    DELAY_OPEN,
    IDLE_HOLD,
    /**
     * Runs while the session is Established with DampPeerOscillations on; when it expires the
     * session has been stable long enough for the idle hold time to return to its initial value.
     */
    STABLE_SESSION;

    /** The event to feed to the FSM when this timer expires. */
    public FsmEvent expiryEvent() {
        return switch (this) {
            case CONNECT_RETRY -> new FsmEvent.ConnectRetryTimerExpires();
            case HOLD -> new FsmEvent.HoldTimerExpires();
            case KEEPALIVE -> new FsmEvent.KeepaliveTimerExpires();
            case DELAY_OPEN -> new FsmEvent.DelayOpenTimerExpires();
            case IDLE_HOLD -> new FsmEvent.IdleHoldTimerExpires();
            case STABLE_SESSION -> new FsmEvent.StableSessionTimerExpires();
        };
    }
}
