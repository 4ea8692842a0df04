package dev.javabgp.dataplane.netlink.rtnetlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a request body: the fixed family header field by field, then attributes, each padded to
 * four octets as NLA_ALIGN requires, nested ones with their length filled in when they end.
 */
public final class AttributeWriter {

    private ByteBuffer buffer = ByteBuffer.allocate(96).order(ByteOrder.nativeOrder());

    public AttributeWriter u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public AttributeWriter u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public AttributeWriter u32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public AttributeWriter attribute(int type, byte[] value) {
        int length = 4 + value.length;
        ensure(Attributes.align(length));
        buffer.putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    public AttributeWriter attributeU8(int type, int value) {
        return attribute(type, new byte[] {(byte) value});
    }

    public AttributeWriter attributeU32(int type, int value) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A u16 in network byte order, as IFLA_VXLAN_PORT is. */
    public AttributeWriter attributeU16BigEndian(int type, int value) {
        return attribute(type, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** A NUL-terminated string. */
    public AttributeWriter attributeString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(text, text.length + 1));
    }

    /** Starts a nested attribute; pass the result to {@link #endNested}. */
    public int beginNested(int type) {
        int start = ensure(4).position();
        buffer.putShort((short) 0).putShort((short) type);
        return start;
    }

    public AttributeWriter endNested(int start) {
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
        return buffer;
    }
}
