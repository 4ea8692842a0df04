package dev.javabgp.codec.nlri;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix, with host bits cleared. A convenience value for APIs and tests; hot paths
 * read prefixes through {@link PrefixCursor} instead of creating one of these per prefix.
 */
public final class IpPrefix implements Comparable<IpPrefix> {

    private final byte[] address;
    private final int length;

    private IpPrefix(byte[] address, int length) {
        this.address = address;
        this.length = length;
    }

    /** A prefix from an address of 4 or 16 bytes; bits past {@code length} are cleared. */
    public static IpPrefix of(byte[] address, int length) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes, not " + address.length);
        }
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException(
                    "prefix length " + length + " is outside 0.." + address.length * 8);
        }
        byte[] copy = address.clone();
        clearHostBits(copy, length);
        return new IpPrefix(copy, length);
    }

    public static IpPrefix of(InetAddress address, int length) {
        return of(address.getAddress(), length);
    }

    /** An IPv4 prefix from the address as a 32-bit integer, most significant byte first. */
    public static IpPrefix ipv4(int address, int length) {
        return of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address},
                length);
    }

    /**
     * Parses {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a host prefix.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (!looksLikeIpLiteral(addressText)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a prefix: expected an IPv4 or IPv6 address such as 10.0.0.0/8 or 2001:db8::/32");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addressText).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: " + e.getMessage(), e);
        }
        int length = bytes.length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a prefix: the length after '/' must be a number", e);
            }
            if (length < 0 || length > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' is not a prefix: the length must be 0.."
                        + bytes.length * 8);
            }
        }
        return of(bytes, length);
    }

    private static boolean looksLikeIpLiteral(String s) {
        // InetAddress.getByName would resolve host names; only literals are prefixes.
        if (s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && s.split("\\.", -1).length == 4;
    }

    static void clearHostBits(byte[] address, int length) {
        for (int i = 0; i < address.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, length - i * 8));
            address[i] &= (byte) (0xFF00 >>> bitsInByte);
        }
    }

    public AddressFamily family() {
        return address.length == 4 ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    public byte[] address() {
        return address.clone();
    }

    public int length() {
        return length;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** True if {@code other} lies within this prefix (same family, longer or equal length). */
    public boolean contains(IpPrefix other) {
        if (other.address.length != address.length || other.length < length) {
            return false;
        }
        byte[] masked = other.address.clone();
        clearHostBits(masked, length);
        return Arrays.equals(masked, address);
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = Integer.compare(address.length, o.address.length);
        if (c != 0) {
            return c;
        }
        c = Arrays.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }

    @Override
    public String toString() {
        return NetUtil.bytesToIpAddress(address) + "/" + length;
    }
}
