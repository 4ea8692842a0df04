package dev.javabgp.core;

/**
 * How a speaker's sockets are driven: Netty's native epoll transport on Linux, or Java's NIO
 * anywhere. Choose with {@link BgpSpeaker.Builder#transport}; by default a speaker uses epoll where
 * it is available and NIO elsewhere.
 */
public enum Transport {

    /**
     * Netty's epoll transport (Linux on x86_64 or aarch64): the only one that sets the socket options
     * of TCP-MD5 (RFC 2385) and GTSM (RFC 5082).
     */
    EPOLL,

    /** Java's NIO: runs on any JVM, without TCP-MD5 and GTSM. */
    NIO;

    /** Epoll where Netty's native library loads, NIO elsewhere. */
    static Transport best() {
        return io.netty.channel.epoll.Epoll.isAvailable() ? EPOLL : NIO;
    }

    /**
     * Why a peer's configuration cannot run over this transport, or null when it can: TCP-MD5 and
     * GTSM are socket options only the epoll transport sets.
     */
    /** Throws with {@link #refusal} when there is one; {@code where} tells which configuration it is. */
    void require(PeerConfig peer, String where) {
        String refusal = refusal(peer);
        if (refusal != null) {
            throw new IllegalStateException(where + refusal);
        }
    }

    String refusal(PeerConfig peer) {
        if (this == EPOLL || (peer.password() == null && peer.gtsmHops() == 0)) {
            return null;
        }
        String wanted = peer.password() != null && peer.gtsmHops() > 0 ? "TCP-MD5 (RFC 2385) and GTSM (RFC 5082)"
                : peer.password() != null ? "TCP-MD5 (RFC 2385)" : "GTSM (RFC 5082)";
        String why = io.netty.channel.epoll.Epoll.isAvailable() ? "the speaker was built with Transport.NIO"
                : "Netty's epoll transport is not available here (" + io.netty.channel.epoll.Epoll.unavailabilityCause() + ")";
        return "peer " + io.netty.util.NetUtil.toAddressString(peer.address()) + " asks for " + wanted
                + ", which needs the epoll transport, but " + why + "; remove the option or use Transport.EPOLL on Linux";
    }
}
