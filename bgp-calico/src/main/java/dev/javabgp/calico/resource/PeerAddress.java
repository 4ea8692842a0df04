package dev.javabgp.calico.resource;

import java.net.InetAddress;
import java.util.Objects;

/**
 * BGPPeer's {@code peerIP}: an address with an optional port ({@code 127.0.0.2:1790},
 * {@code [::1]:1790}).
 *
 * @param address the peer's address
 * @param port the port, or 0 when none was given (then the node's listen port applies)
 */
public record PeerAddress(InetAddress address, int port) {

    public PeerAddress {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        if (port == 0) {
            return a;
        }
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
