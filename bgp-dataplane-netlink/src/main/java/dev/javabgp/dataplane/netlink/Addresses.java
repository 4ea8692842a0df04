package dev.javabgp.dataplane.netlink;

import io.netty.util.NetUtil;
import java.net.InetAddress;

/** Addresses in messages as iproute2 prints them: IPv6 in its RFC 5952 short form. */
final class Addresses {

    private Addresses() {}

    static String text(InetAddress address) {
        return NetUtil.toAddressString(address);
    }
}
