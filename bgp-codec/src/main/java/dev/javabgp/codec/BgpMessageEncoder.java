package dev.javabgp.codec;

import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.message.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Writes BGP messages (RFC 4271 §4) into a buffer. For many prefixes, see {@link UpdatePacker}. */
public final class BgpMessageEncoder {

    private static final int CAPABILITIES_PARAMETER = 2;  // RFC 5492 §4
    private static final int EXTENDED_PARAMETERS = 255;   // RFC 9072 §2

    private BgpMessageEncoder() {}

    /** Encodes into a new buffer from {@code allocator}; the caller releases it. */
    public static ByteBuf encode(BgpMessage message, WireOptions options, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer();
        try {
            encode(message, options, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Appends {@code message} to {@code out}.
     *
     * @throws IllegalArgumentException if the message exceeds the negotiated maximum length;
     *     nothing is then written
     */
    public static void encode(BgpMessage message, WireOptions options, ByteBuf out) {
        int start = writeHeader(message.type(), out);
        try {
            switch (message) {
                case OpenMessage open -> writeOpen(open, out);
                case UpdateMessage update -> writeUpdate(update, options, out);
                case NotificationMessage n -> {
                    out.writeByte(n.code());
                    out.writeByte(n.subcode());
                    out.writeBytes(n.data());
                }
                case KeepaliveMessage k -> { }
                case RouteRefreshMessage r -> {
                    out.writeShort(r.family().afi());
                    out.writeByte(r.subtype());
                    out.writeByte(r.family().safi());
                }
            }
            int max = message.type() == BgpMessage.TYPE_OPEN ? WireOptions.MAX_MESSAGE_LENGTH : options.maxMessageLength();
            finish(start, max, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    static int writeHeader(int type, ByteBuf out) {
        int start = out.writerIndex();
        out.writeLong(-1L);
        out.writeLong(-1L);
        out.writeShort(0); // length, set by finish
        out.writeByte(type);
        return start;
    }

    static void finish(int start, int maxLength, ByteBuf out) {
        int length = out.writerIndex() - start;
        if (length > maxLength) {
            throw new IllegalArgumentException(BgpMessage.typeName(out.getUnsignedByte(start + 18)) + " of " + length
                    + " octets exceeds the maximum of " + maxLength + " (RFC 4271 §4.1, RFC 8654)");
        }
        out.setShort(start + 16, length);
    }

    private static void writeUpdate(UpdateMessage update, WireOptions options, ByteBuf out) {
        PrefixBlock withdrawn = AttributeEncoder.adjust(update.withdrawn(), options);
        out.writeShort(withdrawn.encodedLength());
        withdrawn.writeTo(out);
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        AttributeEncoder.writeAll(update.attributes(), options, out);
        int attributesLength = out.writerIndex() - lengthAt - 2;
        if (attributesLength > 0xFFFF) {
            throw new IllegalArgumentException("path attributes of " + attributesLength + " octets");
        }
        out.setShort(lengthAt, attributesLength);
        AttributeEncoder.adjust(update.nlri(), options).writeTo(out);
    }

    private static void writeOpen(OpenMessage open, ByteBuf out) {
        out.writeByte(open.version());
        out.writeShort(open.myAutonomousSystem());
        out.writeShort(open.holdTime());
        out.writeBytes(open.bgpIdentifier().getAddress());
        if (open.capabilities().isEmpty()) {
            out.writeByte(0);
            return;
        }
        ByteBuf capabilities = Unpooled.buffer();
        try {
            for (Capability c : open.capabilities()) {
                writeCapability(c, capabilities);
            }
            int length = capabilities.readableBytes();
            if (length + 2 <= 255) {
                out.writeByte(length + 2);
                out.writeByte(CAPABILITIES_PARAMETER);
                out.writeByte(length);
            } else {
                // RFC 9072 §2: parameters over 255 octets use 2-octet lengths behind a 255 marker.
                out.writeByte(EXTENDED_PARAMETERS);
                out.writeByte(EXTENDED_PARAMETERS);
                out.writeShort(length + 3);
                out.writeByte(CAPABILITIES_PARAMETER);
                out.writeShort(length);
            }
            out.writeBytes(capabilities);
        } finally {
            capabilities.release();
        }
    }

    private static void writeCapability(Capability capability, ByteBuf out) {
        out.writeByte(capability.code());
        int lengthAt = out.writerIndex();
        out.writeByte(0);
        switch (capability) {
            case MultiprotocolCapability m -> writeFamily(m.family(), true, out);
            case RouteRefreshCapability r -> { }
            case EnhancedRouteRefreshCapability r -> { }
            case ExtendedMessageCapability e -> { }
            case FourOctetAsCapability f -> out.writeInt((int) f.asn());
            case RoleCapability r -> out.writeByte(r.value());
            case GracefulRestartCapability g -> {
                out.writeShort((g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | g.restartTime());
                for (GracefulRestartCapability.Family f : g.families()) {
                    writeFamily(f.family(), false, out);
                    out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
                }
            }
            case LongLivedGracefulRestartCapability l -> {
                for (LongLivedGracefulRestartCapability.Family f : l.families()) {
                    writeFamily(f.family(), false, out);
                    out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
                    out.writeMedium(f.staleTime());
                }
            }
            case AddPathCapability a -> {
                for (AddPathCapability.Family f : a.families()) {
                    writeFamily(f.family(), false, out);
                    out.writeByte(f.direction().code());
                }
            }
            case ExtendedNextHopCapability e -> {
                for (ExtendedNextHopCapability.Entry entry : e.entries()) {
                    out.writeShort(entry.nlriAfi());
                    out.writeShort(entry.nlriSafi());
                    out.writeShort(entry.nextHopAfi());
                }
            }
            case FqdnCapability f -> {
                byte[] host = f.hostname().getBytes(StandardCharsets.UTF_8);
                byte[] domain = f.domain().getBytes(StandardCharsets.UTF_8);
                out.writeByte(host.length);
                out.writeBytes(host);
                out.writeByte(domain.length);
                out.writeBytes(domain);
            }
            case UnknownCapability u -> out.writeBytes(u.value());
        }
        int length = out.writerIndex() - lengthAt - 1;
        if (length > 255) {
            throw new IllegalArgumentException("capability " + capability.code() + " of " + length + " octets exceeds 255");
        }
        out.setByte(lengthAt, length);
    }

    /** AFI and SAFI; the multiprotocol capability has a reserved octet between them (RFC 4760 §8). */
    private static void writeFamily(AddressFamily family, boolean reservedOctet, ByteBuf out) {
        out.writeShort(family.afi());
        if (reservedOctet) {
            out.writeByte(0);
        }
        out.writeByte(family.safi());
    }
}
