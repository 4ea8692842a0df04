package dev.javabgp.codec.error;

/**
 * What a session does about a malformed message (RFC 7606 §2), from least to most severe. The
 * decoder decides; the session carries it out.
 */
public enum ErrorAction {
    /** Nothing was wrong. */
    NONE,
    /** Ignore the malformed attribute and process the rest of the UPDATE (RFC 7606 §2). */
    ATTRIBUTE_DISCARD,
    /** Withdraw every prefix the UPDATE carries, announced or withdrawn (RFC 7606 §2). */
    TREAT_AS_WITHDRAW,
    /** Stop using the affected address family with this peer (RFC 4760 §7, RFC 7606 §5.4). */
    AFI_SAFI_DISABLE,
    /** Send the NOTIFICATION and close the session (RFC 4271 §6). */
    SESSION_RESET;

    public ErrorAction max(ErrorAction other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
