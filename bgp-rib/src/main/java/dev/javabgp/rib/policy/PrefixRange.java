package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Matches routes whose prefix lies within a prefix and whose length is in {@code ge..le}, like a
 * prefix-list entry {@code 10.0.0.0/8 ge 16 le 24}, BIRD's {@code 10.0.0.0/8{16,24}} or a Calico
 * BGPFilter rule's {@code cidr} with {@code prefixLength} min and max. An exact match is
 * {@code ge == le == length}. Only routes of the same address family (IPv4 or IPv6) match.
 *
 * <p>The address is held in the two-long layout of {@link RouteContext} ({@code high}: IPv4 in the
 * upper 32 bits, or the upper 64 bits of IPv6; {@code low}: the lower 64 bits of IPv6, else zero),
 * so a test is a few mask operations. Create one with {@link #of}, {@link #exact}, {@link #orLonger}
 * or {@link #parse} rather than the canonical constructor.
 *
 * @param afi {@link AddressFamily#AFI_IPV4} or {@link AddressFamily#AFI_IPV6}
 * @param high the upper address bits, host bits clear
 * @param low the lower IPv6 address bits, host bits clear
 * @param length the prefix length
 * @param ge the shortest matching prefix length, at least {@code length}
 * @param le the longest matching prefix length, at most 32 or 128
 */
public record PrefixRange(int afi, long high, long low, int length, int ge, int le) implements Match {

    public PrefixRange {
        if (afi != AddressFamily.AFI_IPV4 && afi != AddressFamily.AFI_IPV6) {
            throw new IllegalArgumentException("AFI must be 1 (IPv4) or 2 (IPv6), not " + afi);
        }
        int max = afi == AddressFamily.AFI_IPV4 ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + max);
        }
        if ((high & ~Bits.highMask(length)) != 0 || (low & ~Bits.lowMask(length)) != 0) {
            IpPrefix cleared = IpPrefix.of(Bits.bytes(afi, high, low), length);
            throw new IllegalArgumentException("the address has bits set past /" + length + ": did you mean " + cleared + "?");
        }
        String p = IpPrefix.of(Bits.bytes(afi, high, low), length).toString();
        if (ge < length) {
            throw new IllegalArgumentException("ge " + ge + " is shorter than " + p + " itself: ge must be " + length + ".." + max);
        }
        if (le > max) {
            throw new IllegalArgumentException("le " + le + " is longer than an " + (max == 32 ? "IPv4" : "IPv6")
                    + " prefix can be: le must be " + length + ".." + max);
        }
        if (ge > le) {
            throw new IllegalArgumentException(
                    "ge " + ge + " is greater than le " + le + " for " + p + ": need " + length + " <= ge <= le <= " + max);
        }
    }

    /** Prefixes within {@code prefix} whose length is {@code ge..le}. */
    public static PrefixRange of(IpPrefix prefix, int ge, int le) {
        byte[] a = prefix.address();
        return new PrefixRange(prefix.isIpv4() ? AddressFamily.AFI_IPV4 : AddressFamily.AFI_IPV6,
                Bits.high(a), Bits.low(a), prefix.length(), ge, le);
    }

    /** Prefixes within {@code prefix} (such as {@code "10.0.0.0/8"}) whose length is {@code ge..le}. */
    public static PrefixRange of(String prefix, int ge, int le) {
        return of(strictPrefix(prefix), ge, le);
    }

    /** Exactly {@code prefix}. */
    public static PrefixRange exact(IpPrefix prefix) {
        return of(prefix, prefix.length(), prefix.length());
    }

    /** Exactly {@code prefix}, such as {@code "10.0.0.0/8"}. */
    public static PrefixRange exact(String prefix) {
        return exact(strictPrefix(prefix));
    }

    /** {@code prefix} and every longer prefix within it. */
    public static PrefixRange orLonger(IpPrefix prefix) {
        return of(prefix, prefix.length(), prefix.isIpv4() ? 32 : 128);
    }

    /** {@code prefix} (such as {@code "10.0.0.0/8"}) and every longer prefix within it. */
    public static PrefixRange orLonger(String prefix) {
        return orLonger(strictPrefix(prefix));
    }

    /**
     * Parses {@code 10.0.0.0/8} (exact), {@code 10.0.0.0/8 ge 16}, {@code 10.0.0.0/8 le 24},
     * {@code 10.0.0.0/8 ge 16 le 24}, {@code 10.0.0.0/8{16,24}} or {@code 10.0.0.0/8+} (the prefix and
     * all longer ones); IPv6 likewise. A missing {@code ge} is the prefix length, a missing {@code le}
     * after {@code ge} is the family's maximum, as in prefix lists.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static PrefixRange parse(String text) {
        String t = text.strip();
        try {
            if (t.endsWith("+")) {
                return orLonger(t.substring(0, t.length() - 1).strip());
            }
            int brace = t.indexOf('{');
            if (brace >= 0) {
                if (!t.endsWith("}")) {
                    throw syntax(text);
                }
                String[] bounds = t.substring(brace + 1, t.length() - 1).split(",", -1);
                if (bounds.length != 2) {
                    throw syntax(text);
                }
                return of(t.substring(0, brace).strip(), number(bounds[0], text), number(bounds[1], text));
            }
            String[] words = t.split("\\s+");
            IpPrefix prefix = strictPrefix(words[0]);
            int max = prefix.isIpv4() ? 32 : 128;
            Integer ge = null;
            Integer le = null;
            for (int i = 1; i < words.length; i += 2) {
                if (i + 1 >= words.length) {
                    throw syntax(text);
                }
                switch (words[i].toLowerCase(java.util.Locale.ROOT)) {
                    case "ge" -> ge = number(words[i + 1], text);
                    case "le" -> le = number(words[i + 1], text);
                    default -> throw syntax(text);
                }
            }
            int g = ge != null ? ge : prefix.length();
            int l = le != null ? le : ge != null ? max : prefix.length();
            return of(prefix, g, l);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("'" + text + "'")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException syntax(String text) {
        return new IllegalArgumentException("'" + text + "' is not a prefix range: expected e.g. 10.0.0.0/8, "
                + "10.0.0.0/8 ge 16 le 24, 10.0.0.0/8{16,24} or 10.0.0.0/8+");
    }

    private static int number(String s, String text) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw syntax(text);
        }
    }

    /** Parses a prefix, refusing one with host bits set rather than clearing them silently. */
    static IpPrefix strictPrefix(String text) {
        IpPrefix p = IpPrefix.parse(text.strip());
        int slash = text.indexOf('/');
        if (slash >= 0) {
            IpPrefix host = IpPrefix.parse(text.strip().substring(0, text.strip().indexOf('/')));
            if (!Arrays.equals(host.address(), p.address())) {
                throw new IllegalArgumentException("'" + text.strip() + "' has bits set past /" + p.length()
                        + ": did you mean " + p + "?");
            }
        }
        return p;
    }

    /** The prefix itself, without the length range. */
    public IpPrefix prefix() {
        return IpPrefix.of(Bits.bytes(afi, high, low), length);
    }

    /** True if this range holds exactly one prefix. */
    public boolean isExact() {
        return ge == length && le == length;
    }

    @Override
    public boolean matches(RouteContext route, PathAttributes attributes) {
        return contains(route.family().afi(), route.addressHigh(), route.addressLow(), route.prefixLength());
    }

    /** True if the prefix given in {@link RouteContext}'s layout is in this range. */
    public boolean contains(int prefixAfi, long prefixHigh, long prefixLow, int prefixLength) {
        return prefixAfi == afi
                && prefixLength >= ge
                && prefixLength <= le
                && ((prefixHigh ^ high) & Bits.highMask(length)) == 0
                && ((prefixLow ^ low) & Bits.lowMask(length)) == 0;
    }

    /**
     * True if {@code address} lies within the prefix; the length range is not used. IPv4 addresses
     * are read without allocating; an IPv6 address costs one 16-byte copy, as {@link InetAddress}
     * exposes its bytes no other way.
     */
    public boolean containsAddress(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return afi == AddressFamily.AFI_IPV4 && (((long) Bits.ipv4Bits(v4) << 32 ^ high) & Bits.highMask(length)) == 0;
        }
        if (afi != AddressFamily.AFI_IPV6) {
            return false;
        }
        byte[] a = address.getAddress();
        return ((Bits.high(a) ^ high) & Bits.highMask(length)) == 0 && ((Bits.low(a) ^ low) & Bits.lowMask(length)) == 0;
    }

    @Override
    public boolean dependsOnPrefix() {
        return true;
    }

    @Override
    public boolean dependsOnPeer() {
        return false;
    }

    /** The text {@link #parse} reads back: {@code 10.0.0.0/8} or {@code 10.0.0.0/8 ge 16 le 24}. */
    @Override
    public String toString() {
        String p = prefix().toString();
        return isExact() ? p : p + " ge " + ge + " le " + le;
    }
}
