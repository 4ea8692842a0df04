package dev.javabgp.codec;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The first octet of every codec fuzz input: the wire options a session negotiated, so the fuzzer
 * explores them along with the bytes. Bits 0 to 5 are the options; bits 6 and 7 say how the
 * message is put in a buffer.
 */
final class FuzzOptions {
    private FuzzOptions() {}

    static final int FOUR_OCTET_AS = 0x01;
    static final int EXTENDED_MESSAGE = 0x02;
    static final int EXTERNAL_PEER = 0x04;
    static final int ADD_PATH_IPV4 = 0x08;
    static final int ADD_PATH_IPV6 = 0x10;
    static final int ADD_PATH_MULTICAST = 0x20;
    /** The value decoder reads a direct buffer instead of a heap one. */
    static final int DIRECT = 0x40;
    /** The message starts behind other octets in its buffer, not at index 0. */
    static final int OFFSET = 0x80;

    static WireOptions of(int octet) {
        Set<AddressFamily> addPath = new LinkedHashSet<>();
        if ((octet & ADD_PATH_IPV4) != 0) {
            addPath.add(AddressFamily.IPV4_UNICAST);
        }
        if ((octet & ADD_PATH_IPV6) != 0) {
            addPath.add(AddressFamily.IPV6_UNICAST);
        }
        if ((octet & ADD_PATH_MULTICAST) != 0) {
            addPath.add(AddressFamily.IPV4_MULTICAST);
            addPath.add(AddressFamily.IPV6_MULTICAST);
        }
        return new WireOptions((octet & FOUR_OCTET_AS) != 0, (octet & EXTENDED_MESSAGE) != 0, addPath,
                (octet & EXTERNAL_PEER) != 0);
    }

    /** The octet that stands for {@code options}, with the message at the start of a heap buffer. */
    static byte octet(WireOptions options) {
        int octet = (options.fourOctetAs() ? FOUR_OCTET_AS : 0) | (options.extendedMessage() ? EXTENDED_MESSAGE : 0)
                | (options.externalPeer() ? EXTERNAL_PEER : 0)
                | (options.addPath(AddressFamily.IPV4_UNICAST) ? ADD_PATH_IPV4 : 0)
                | (options.addPath(AddressFamily.IPV6_UNICAST) ? ADD_PATH_IPV6 : 0)
                | (options.addPath(AddressFamily.IPV4_MULTICAST) ? ADD_PATH_MULTICAST : 0);
        if (!of(octet).equals(options)) {
            throw new IllegalArgumentException("no octet stands for " + options);
        }
        return (byte) octet;
    }
}
