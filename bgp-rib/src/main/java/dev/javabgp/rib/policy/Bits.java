package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Address arithmetic on the two-long form of {@link RouteContext}, shared by the matches. */
final class Bits {
    private Bits() {}

    /**
     * {@code Inet4Address.hashCode()} has returned the address as an int since JDK 1.0, which reads
     * an IPv4 address without the copy {@code getAddress()} makes. Checked once at start-up; if a
     * JDK ever changes it, the copy is used instead.
     */
    private static final boolean INET4_HASH_IS_ADDRESS = inet4HashIsAddress();

    private static boolean inet4HashIsAddress() {
        int[] samples = {0, 1, 0x7F000001, 0xC0000201, 0xFFFFFFFF, 0x0A0B0C0D};
        for (int s : samples) {
            if (Addresses.ipv4(s).hashCode() != s) {
                return false;
            }
        }
        return true;
    }

    /** Mask of the first {@code length} bits of the high long (IPv4 uses the top 32 bits of it). */
    static long highMask(int length) {
        return length <= 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    /** Mask of bits 65..{@code length} of an IPv6 address in the low long. */
    static long lowMask(int length) {
        return length <= 64 ? 0 : length >= 128 ? -1L : -1L << (128 - length);
    }

    static int ipv4Bits(Inet4Address address) {
        return INET4_HASH_IS_ADDRESS ? address.hashCode() : Addresses.ipv4Bits(address);
    }

    /** The high long of 4 or 16 address bytes, in {@link RouteContext}'s layout. */
    static long high(byte[] address) {
        long v = 0;
        int n = Math.min(8, address.length);
        for (int i = 0; i < n; i++) {
            v |= (address[i] & 0xFFL) << (56 - 8 * i);
        }
        return v;
    }

    /** The low long of 16 address bytes; zero for 4. */
    static long low(byte[] address) {
        long v = 0;
        for (int i = 8; i < address.length; i++) {
            v |= (address[i] & 0xFFL) << (56 - 8 * (i - 8));
        }
        return v;
    }

    /** Address bytes (4 or 16) from the two-long layout. */
    static byte[] bytes(int afi, long high, long low) {
        byte[] b = new byte[afi == AddressFamily.AFI_IPV4 ? 4 : 16];
        for (int i = 0; i < b.length; i++) {
            long word = i < 8 ? high : low;
            b[i] = (byte) (word >>> (56 - 8 * (i & 7)));
        }
        return b;
    }

    /**
     * The next hop of a route: for IPv4 the NEXT_HOP attribute (RFC 4271 §5.1.3) if present,
     * otherwise the MP_REACH_NLRI next hop (RFC 4760 §3); null if there is neither.
     */
    static InetAddress nextHop(AddressFamily family, PathAttributes attributes) {
        if (family.afi() == AddressFamily.AFI_IPV4) {
            NextHop nh = attributes.nextHop();
            if (nh != null) {
                return nh.address();
            }
        }
        MpReachNlri mp = attributes.mpReach();
        return mp == null ? null : mp.nextHop();
    }

    static void checkAsn(long asn, String what) {
        if (asn < 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + asn + " is not an AS number: AS numbers are 0..4294967295");
        }
    }

    /** Index of the large community (a, b, c) in {@code c}, or -1. */
    static int indexOfLarge(LargeCommunities c, int a, int b, int d) {
        for (int i = 0, n = c.size(); i < n; i++) {
            if ((int) c.globalAdministrator(i) == a && (int) c.localData1(i) == b && (int) c.localData2(i) == d) {
                return i;
            }
        }
        return -1;
    }

    /** Index of {@code value} in {@code c}, or -1. */
    static int indexOfExtended(ExtendedCommunities c, long value) {
        for (int i = 0, n = c.size(); i < n; i++) {
            if (c.get(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
