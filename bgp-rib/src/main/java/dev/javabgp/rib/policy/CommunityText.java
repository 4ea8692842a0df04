package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.Communities;
import java.util.Locale;
import java.util.Map;

/**
 * Community values to and from text, as policies are written.
 *
 * <ul>
 *   <li>Standard (RFC 1997): {@code 65000:100}, or a well-known name: {@code no-export},
 *       {@code no-advertise}, {@code no-export-subconfed} (RFC 1997), {@code no-peer} (RFC 3765),
 *       {@code graceful-shutdown} (RFC 8326), {@code accept-own} (RFC 7611), {@code llgr-stale},
 *       {@code no-llgr} (RFC 9494), {@code blackhole} (RFC 7999).
 *   <li>Large (RFC 8092): {@code 65000:1:2}, three unsigned 32-bit numbers.
 *   <li>Extended (RFC 4360): {@code rt:65000:100} (route target) or {@code soo:65000:100} (route
 *       origin) with a 2-octet AS (type 0x00, RFC 4360 §4), an IPv4 address (type 0x01, §4) or a
 *       4-octet AS (type 0x02, RFC 5668) as administrator; or any value as 16 hex digits,
 *       {@code 0x0002fde800000064}.
 * </ul>
 */
public final class CommunityText {
    private CommunityText() {}

    private static final Map<String, Integer> WELL_KNOWN = Map.of(
            "no-export", Communities.NO_EXPORT,
            "no-advertise", Communities.NO_ADVERTISE,
            "no-export-subconfed", Communities.NO_EXPORT_SUBCONFED,
            "no-peer", Communities.NO_PEER,
            "graceful-shutdown", Communities.GRACEFUL_SHUTDOWN,
            "accept-own", Communities.ACCEPT_OWN,
            "llgr-stale", Communities.LLGR_STALE,
            "no-llgr", Communities.NO_LLGR,
            "blackhole", Communities.BLACKHOLE);

    private static final int SUBTYPE_ROUTE_TARGET = 0x02; // RFC 4360 §4
    private static final int SUBTYPE_ROUTE_ORIGIN = 0x03; // RFC 4360 §5

    /**
     * A standard community: {@code ASN:VALUE} with both halves 0..65535, or a well-known name.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static int parseStandard(String text) {
        String t = text.strip();
        Integer named = WELL_KNOWN.get(t.toLowerCase(Locale.ROOT).replace('_', '-'));
        if (named != null) {
            return named;
        }
        if (t.indexOf(':') < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a community: expected ASN:VALUE such as 65000:100"
                    + " or one of the names " + new java.util.TreeSet<>(WELL_KNOWN.keySet()));
        }
        return Communities.parse(t);
    }

    /** {@code 65000:100}, or the name of a well-known community. */
    public static String formatStandard(int value) {
        for (Map.Entry<String, Integer> e : WELL_KNOWN.entrySet()) {
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        return (value >>> 16) + ":" + (value & 0xFFFF);
    }

    /**
     * A large community {@code GLOBAL:LOCAL1:LOCAL2}, each part 0..4294967295.
     *
     * @return the three parts as raw 32-bit values
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static int[] parseLarge(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a large community: expected GLOBAL:LOCAL1:LOCAL2 such as 65000:1:2 (RFC 8092)");
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) unsigned(parts[i], 0xFFFF_FFFFL, text, "large community", "each part must be 0..4294967295");
        }
        return out;
    }

    /** {@code GLOBAL:LOCAL1:LOCAL2} of the triple at {@code offset}. */
    public static String formatLarge(int[] triples, int offset) {
        return Integer.toUnsignedString(triples[offset]) + ":" + Integer.toUnsignedString(triples[offset + 1]) + ":"
                + Integer.toUnsignedString(triples[offset + 2]);
    }

    /**
     * An extended community: {@code rt:ADMIN:VALUE}, {@code soo:ADMIN:VALUE} or {@code 0x} and 16 hex
     * digits. ADMIN is an AS number (2-octet AS specific when 0..65535, with VALUE 0..4294967295;
     * 4-octet AS specific above, with VALUE 0..65535) or an IPv4 address (VALUE 0..65535).
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static long parseExtended(String text) {
        String t = text.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            if (t.length() != 18) {
                throw extendedSyntax(text);
            }
            try {
                return Long.parseUnsignedLong(t.substring(2), 16);
            } catch (NumberFormatException e) {
                throw extendedSyntax(text);
            }
        }
        String[] parts = t.split(":", -1);
        if (parts.length != 3) {
            throw extendedSyntax(text);
        }
        int subtype = switch (parts[0].toLowerCase(Locale.ROOT)) {
            case "rt", "target" -> SUBTYPE_ROUTE_TARGET;
            case "soo", "origin" -> SUBTYPE_ROUTE_ORIGIN;
            default -> throw extendedSyntax(text);
        };
        String admin = parts[1];
        if (admin.indexOf('.') >= 0) {
            int ip;
            try {
                ip = Addresses.ipv4Bits(Addresses.ipv4(admin));
            } catch (IllegalArgumentException e) {
                throw extendedSyntax(text);
            }
            long value = unsigned(parts[2], 0xFFFF, text, "extended community", "with an IPv4 administrator the value must be 0..65535");
            return 0x01L << 56 | (long) subtype << 48 | (ip & 0xFFFF_FFFFL) << 16 | value;
        }
        long asn = unsigned(admin, 0xFFFF_FFFFL, text, "extended community", "the AS must be 0..4294967295");
        if (asn <= 0xFFFF) {
            long value = unsigned(parts[2], 0xFFFF_FFFFL, text, "extended community", "the value must be 0..4294967295");
            return (long) subtype << 48 | asn << 32 | value;
        }
        long value = unsigned(parts[2], 0xFFFF, text, "extended community",
                "with a 4-octet AS (above 65535) the value must be 0..65535 (RFC 5668)");
        return 0x02L << 56 | (long) subtype << 48 | asn << 16 | value;
    }

    /** {@code rt:ADMIN:VALUE} or {@code soo:ADMIN:VALUE} for the kinds {@link #parseExtended} reads, else hex. */
    public static String formatExtended(long value) {
        int type = (int) (value >>> 56);
        int subtype = (int) (value >>> 48) & 0xFF;
        String kind = subtype == SUBTYPE_ROUTE_TARGET ? "rt" : subtype == SUBTYPE_ROUTE_ORIGIN ? "soo" : null;
        if (kind != null) {
            switch (type) {
                case 0x00 -> {
                    return kind + ":" + ((value >>> 32) & 0xFFFF) + ":" + (value & 0xFFFF_FFFFL);
                }
                case 0x01 -> {
                    return kind + ":" + Addresses.ipv4((int) (value >>> 16)).getHostAddress() + ":" + (value & 0xFFFF);
                }
                case 0x02 -> {
                    return kind + ":" + ((value >>> 16) & 0xFFFF_FFFFL) + ":" + (value & 0xFFFF);
                }
                default -> { }
            }
        }
        return String.format("0x%016x", value);
    }

    private static long unsigned(String s, long max, String text, String what, String rule) {
        try {
            long v = Long.parseLong(s.strip());
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a " + what + ": " + rule + ", not '" + s + "'");
    }

    private static IllegalArgumentException extendedSyntax(String text) {
        return new IllegalArgumentException("'" + text + "' is not an extended community: expected rt:ASN:VALUE,"
                + " soo:ASN:VALUE, rt:192.0.2.1:VALUE or 0x followed by 16 hex digits (RFC 4360)");
    }
}
