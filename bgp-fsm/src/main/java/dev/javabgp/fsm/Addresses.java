package dev.javabgp.fsm;

import java.net.Inet4Address;

/** BGP identifiers as the unsigned 32-bit numbers RFC 6286 compares. */
final class Addresses {
    private Addresses() {}

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static int compareUnsigned(Inet4Address a, Inet4Address b) {
        return Integer.compareUnsigned(toInt(a), toInt(b));
    }
}
