package dev.javabgp.codec;

import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Writes prefixes that share one attribute set as few UPDATEs as they fit in: each message is filled
 * up to the negotiated maximum (4,096 octets, or 65,535 with RFC 8654). The attributes are encoded
 * once per call and copied into each message; prefixes are copied as runs of wire bytes.
 */
public final class UpdatePacker {

    private static final int UPDATE_FIXED = WireOptions.HEADER_LENGTH + 4; // two 2-octet length fields

    private UpdatePacker() {}

    /**
     * Announces {@code prefixes} with {@code attributes}. IPv4 unicast goes in the NLRI field unless
     * the attributes hold an MP_REACH_NLRI; other families need an MP_REACH_NLRI in the attributes,
     * whose next hop is used and whose own prefixes are ignored.
     *
     * @return the number of UPDATE messages written
     */
    public static int writeAnnouncements(PathAttributes attributes, PrefixBlock prefixes, WireOptions options, ByteBuf out) {
        if (prefixes.isEmpty()) {
            return 0;
        }
        ByteBuf scratch = Unpooled.buffer(256);
        try {
            return writeAnnouncements(attributes, prefixes, options, out, scratch);
        } finally {
            scratch.release();
        }
    }

    /**
     * As {@link #writeAnnouncements(PathAttributes, PrefixBlock, WireOptions, ByteBuf)}, encoding
     * the attributes once into {@code scratch}, which is cleared first and may be reused, so
     * packing many attribute sets allocates nothing per set.
     */
    public static int writeAnnouncements(PathAttributes attributes, PrefixBlock prefixes, WireOptions options, ByteBuf out,
            ByteBuf scratch) {
        if (prefixes.isEmpty()) {
            return 0;
        }
        PrefixBlock block = AttributeEncoder.adjust(prefixes, options);
        MpReachNlri reach = attributes.mpReach();
        if (reach == null && !block.family().equals(AddressFamily.IPV4_UNICAST)) {
            throw new IllegalArgumentException(block.family() + " prefixes need an MP_REACH_NLRI attribute with their next hop");
        }
        if (reach != null && !reach.family().equals(block.family())) {
            throw new IllegalArgumentException("MP_REACH_NLRI of " + reach.family() + " for " + block.family() + " prefixes");
        }
        scratch.clear();
        AttributeEncoder.writeAllExceptMultiprotocol(attributes, options, scratch);
        int encoded = scratch.readableBytes();
        int budget = options.maxMessageLength() - UPDATE_FIXED - encoded
                - (reach == null ? 0 : AttributeEncoder.mpReachOverhead(reach));
        int messages = 0;
        int offset = 0;
        int end = block.encodedLength();
        do {
            int next = block.boundaryWithin(offset, budget);
            if (next == offset && offset < end) {
                throw new IllegalArgumentException("attributes of " + encoded + " octets leave no room for a prefix");
            }
            int start = BgpMessageEncoder.writeHeader(BgpMessage.TYPE_UPDATE, out);
            out.writeShort(0); // no withdrawn routes
            int lengthAt = out.writerIndex();
            out.writeShort(0);
            if (reach != null) {
                AttributeEncoder.writeMpReachHeader(reach, next - offset, out);
                block.writeRange(out, offset, next);
            }
            out.writeBytes(scratch, 0, encoded);
            out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
            if (reach == null) {
                block.writeRange(out, offset, next);
            }
            BgpMessageEncoder.finish(start, options.maxMessageLength(), out);
            messages++;
            offset = next;
        } while (offset < end);
        return messages;
    }

    /**
     * Withdraws {@code prefixes}: in the withdrawn routes field for IPv4 unicast, otherwise in
     * MP_UNREACH_NLRI (RFC 4760 §4).
     *
     * @return the number of UPDATE messages written
     */
    public static int writeWithdrawals(PrefixBlock prefixes, WireOptions options, ByteBuf out) {
        if (prefixes.isEmpty()) {
            return 0; // an empty withdrawal would read as End-of-RIB (RFC 4724 §2)
        }
        PrefixBlock block = AttributeEncoder.adjust(prefixes, options);
        boolean ipv4 = block.family().equals(AddressFamily.IPV4_UNICAST);
        int budget = options.maxMessageLength() - UPDATE_FIXED - (ipv4 ? 0 : 4 + 3);
        int messages = 0;
        int offset = 0;
        int end = block.encodedLength();
        do {
            int next = block.boundaryWithin(offset, budget);
            int start = BgpMessageEncoder.writeHeader(BgpMessage.TYPE_UPDATE, out);
            if (ipv4) {
                out.writeShort(next - offset);
                block.writeRange(out, offset, next);
                out.writeShort(0);
            } else {
                out.writeShort(0);
                int lengthAt = out.writerIndex();
                out.writeShort(0);
                AttributeEncoder.writeMpUnreachHeader(block.family(), next - offset, out);
                block.writeRange(out, offset, next);
                out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
            }
            BgpMessageEncoder.finish(start, options.maxMessageLength(), out);
            messages++;
            offset = next;
        } while (offset < end);
        return messages;
    }
}
