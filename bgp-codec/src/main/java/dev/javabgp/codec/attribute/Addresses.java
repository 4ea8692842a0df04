package dev.javabgp.codec.attribute;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address literals to {@link InetAddress} without name lookups. */
public final class Addresses {
    private Addresses() {}

    public static Inet4Address ipv4(String literal) {
        if (literal.indexOf(':') >= 0 || literal.isEmpty() || !Character.isDigit(literal.charAt(0))) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 address such as 192.0.2.1");
        }
        if (address(literal) instanceof Inet4Address a) {
            return a;
        }
        throw new IllegalArgumentException("'" + literal + "' is not an IPv4 address such as 192.0.2.1");
    }

    public static Inet6Address ipv6(String literal) {
        if (literal.indexOf(':') < 0 || !(address(literal) instanceof Inet6Address a)) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv6 address such as 2001:db8::1");
        }
        return a;
    }

    public static Inet4Address ipv4(int bits) {
        return (Inet4Address) ofBytes(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }

    public static int ipv4Bits(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** An address of 4 or 16 bytes; an IPv4-mapped IPv6 address stays IPv6. */
    public static InetAddress ofBytes(byte[] bytes) {
        try {
            if (bytes.length == 16) {
                return Inet6Address.getByAddress(null, bytes, null);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }
}
