package dev.javabgp.dataplane.netlink.rtnetlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes (struct rtattr / nlattr: length, type, value padded to four octets) of one message
 * or one nested attribute, by type. A malformed length ends the walk: the attributes read so far
 * stay, the rest are absent, and nothing is read outside the message.
 */
public final class Attributes {

    // linux/netlink.h: the two top bits of nla_type are flags, not part of the type.
    private static final int TYPE_MASK = 0x3FFF;
    private static final int MAX_TYPE = 63;

    private final ByteBuffer[] values = new ByteBuffer[MAX_TYPE + 1];

    private Attributes() {}

    /** The attributes from {@code buffer}'s position to its limit. */
    public static Attributes parse(ByteBuffer buffer) {
        Attributes attributes = new Attributes();
        ByteBuffer b = buffer.slice().order(ByteOrder.nativeOrder());
        int position = 0;
        while (position + 4 <= b.limit()) {
            int length = Short.toUnsignedInt(b.getShort(position));
            int type = Short.toUnsignedInt(b.getShort(position + 2)) & TYPE_MASK;
            if (length < 4 || position + length > b.limit()) {
                break;
            }
            if (type <= MAX_TYPE) {
                attributes.values[type] = b.slice(position + 4, length - 4).order(ByteOrder.nativeOrder());
            }
            position += align(length);
        }
        return attributes;
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    public boolean has(int type) {
        return values[type] != null;
    }

    /** The value's bytes, or null when absent. */
    public byte[] bytes(int type) {
        ByteBuffer v = values[type];
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.duplicate().get(out);
        return out;
    }

    /** A nested attribute's attributes, or empty ones when absent. */
    public Attributes nested(int type) {
        return values[type] == null ? new Attributes() : parse(values[type]);
    }

    /** A u32 in native order, or {@code absent} when missing or short. */
    public long u32(int type, long absent) {
        ByteBuffer v = values[type];
        return v == null || v.remaining() < 4 ? absent : Integer.toUnsignedLong(v.getInt(0));
    }

    /** A u16 in network order (ports), or {@code absent}. */
    public int u16BigEndian(int type, int absent) {
        ByteBuffer v = values[type];
        return v == null || v.remaining() < 2 ? absent : Short.toUnsignedInt(v.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(0));
    }

    /** A u8, or {@code absent}. */
    public int u8(int type, int absent) {
        ByteBuffer v = values[type];
        return v == null || v.remaining() < 1 ? absent : Byte.toUnsignedInt(v.get(0));
    }

    /** A NUL-terminated string, or null. */
    public String string(int type) {
        byte[] b = bytes(type);
        if (b == null) {
            return null;
        }
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** An IPv4 or IPv6 address of four or sixteen octets, or null when absent or of another size. */
    public InetAddress address(int type) {
        byte[] b = bytes(type);
        if (b == null || (b.length != 4 && b.length != 16)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four or sixteen octets are always an address", e);
        }
    }
}
