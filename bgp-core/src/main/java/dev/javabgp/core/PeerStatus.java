package dev.javabgp.core;

import dev.javabgp.fsm.FsmState;
import java.net.InetAddress;
import java.time.Instant;

/**
 * What an operator wants to see of a session.
 *
 * @param establishedSince when the session last reached Established, or null while it is not
 * @param prefixesReceived routes accepted from the peer, all families
 * @param prefixesAdvertised routes advertised to the peer, all families
 * @param flaps how often the session went down from Established since the speaker started, across
 *     resets for a changed configuration
 * @param lastError why the session last went down, or why the peer's last attempt to establish it
 *     ended with a NOTIFICATION (an OPEN refused with Bad Peer AS, say); null if neither happened
 * @param messagesReceived BGP messages received since the speaker started, all sessions
 * @param messagesSent BGP messages sent since the speaker started
 * @param updatesReceived UPDATE messages among those received
 * @param updatesSent UPDATE messages among those sent
 * @param queuedBytes bytes written to the connection that the peer has not taken yet; bounded by
 *     the channel's write-buffer high-water mark however far behind the peer falls
 * @param holdTime the hold time the session negotiated (the smaller of both offers, RFC 4271
 *     §4.2), or null while it is not up
 * @param refreshesReceived the ROUTE-REFRESH messages the peer sent since the speaker started, by subtype
 */
public record PeerStatus(InetAddress address, long remoteAs, FsmState state, Instant establishedSince,
        long prefixesReceived, long prefixesAdvertised, int flaps, String lastError, long messagesReceived,
        long messagesSent, long updatesReceived, long updatesSent, long queuedBytes, java.time.Duration holdTime,
        RouteRefreshes refreshesReceived) {

    /**
     * ROUTE-REFRESH messages by subtype.
     *
     * @param requests requests to send our routes again (RFC 2918 §3)
     * @param beginnings Beginning-of-RIB-Refresh markers: the peer starts sending its routes again (RFC 7313 §4)
     * @param ends End-of-RIB-Refresh markers: the peer has sent them all again (RFC 7313 §4)
     */
    public record RouteRefreshes(long requests, long beginnings, long ends) {}

    @Override
    public String toString() {
        return io.netty.util.NetUtil.toAddressString(address) + " AS" + remoteAs + " " + state.rfcName()
                + (establishedSince != null ? " since " + establishedSince : "")
                + " prefixes in " + prefixesReceived + " out " + prefixesAdvertised + " messages in " + messagesReceived
                + " out " + messagesSent + " flaps " + flaps
                + (lastError != null ? " last error: " + lastError : "");
    }
}
