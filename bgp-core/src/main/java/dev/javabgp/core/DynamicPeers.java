package dev.javabgp.core;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Peers accepted from a range of addresses rather than configured one by one, as route reflectors
 * and route servers take their clients: a connection from inside {@code range} becomes a passive
 * peer configured as {@code template} says, with the connecting address; its session is removed
 * when it ends.
 */
public record DynamicPeers(IpPrefix range, PeerConfig template) {

    public DynamicPeers {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(template, "template");
    }

    /** Peers of {@code remoteAs} from {@code range}, otherwise with {@link PeerConfig#of} defaults. */
    public static DynamicPeers of(String range, long remoteAs) {
        IpPrefix prefix = IpPrefix.parse(range);
        return new DynamicPeers(prefix, PeerConfig.of(prefix.toInetAddress().getHostAddress(), remoteAs));
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == range.address().length && range.contains(IpPrefix.of(bytes, bytes.length * 8));
    }

    /** The configuration of a peer connecting from {@code address}. */
    PeerConfig configFor(InetAddress address) {
        PeerConfig t = template;
        return new PeerConfig(address, t.port(), t.remoteAs(), true, t.holdTime(), t.families(), t.role(), t.importPolicy(),
                t.exportPolicy(), null, null, t.restartTime(), t.prefixLimits(), t.addPathReceive(), t.addPathSend(), t.gtsmHops(),
                t.localAs(), t.keepaliveTime(), t.allowAsIn(), t.extendedMessages());
    }
}
