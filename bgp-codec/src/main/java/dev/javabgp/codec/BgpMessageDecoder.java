package dev.javabgp.codec;

import static dev.javabgp.codec.message.NotificationCode.*;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.RouteRefreshMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Decodes one BGP message from a buffer into a value or a typed error. It only reads: the caller
 * keeps ownership of the buffer, and nothing returned refers to it.
 */
public final class BgpMessageDecoder {

    private static final int MARKER_LENGTH = 16;
    private static final int OPEN_MIN_LENGTH = 29;          // RFC 4271 §4.2
    private static final int UPDATE_MIN_LENGTH = 23;        // RFC 4271 §4.3
    private static final int NOTIFICATION_MIN_LENGTH = 21;  // RFC 4271 §4.5
    private static final int ROUTE_REFRESH_LENGTH = 23;     // RFC 2918 §3

    private BgpMessageDecoder() {}

    /**
     * Checks the header at {@code index}: marker, length and type (RFC 4271 §6.1). Returns null if
     * they are acceptable, so a framer can wait for the rest of the message, or the error to reset
     * the session with. Needs {@link WireOptions#HEADER_LENGTH} readable bytes at {@code index}.
     */
    public static BgpError checkHeader(ByteBuf in, int index, WireOptions options) {
        if (in.getLong(index) != -1L || in.getLong(index + 8) != -1L) {
            return BgpError.sessionReset(MESSAGE_HEADER_ERROR, CONNECTION_NOT_SYNCHRONIZED, new byte[0],
                    "the header's marker is not all ones");
        }
        int length = in.getUnsignedShort(index + MARKER_LENGTH);
        int type = in.getUnsignedByte(index + MARKER_LENGTH + 2);
        byte[] lengthField = {(byte) (length >>> 8), (byte) length};
        if (type < BgpMessage.TYPE_OPEN || type > BgpMessage.TYPE_ROUTE_REFRESH) {
            return BgpError.sessionReset(MESSAGE_HEADER_ERROR, BAD_MESSAGE_TYPE, new byte[] {(byte) type},
                    "unknown message type " + type);
        }
        // RFC 8654 §4: OPEN and KEEPALIVE never exceed 4,096 octets, even with extended messages.
        int max = type == BgpMessage.TYPE_OPEN || type == BgpMessage.TYPE_KEEPALIVE
                ? WireOptions.MAX_MESSAGE_LENGTH
                : options.maxMessageLength();
        int min = switch (type) {
            case BgpMessage.TYPE_OPEN -> OPEN_MIN_LENGTH;
            case BgpMessage.TYPE_UPDATE -> UPDATE_MIN_LENGTH;
            case BgpMessage.TYPE_NOTIFICATION -> NOTIFICATION_MIN_LENGTH;
            default -> WireOptions.HEADER_LENGTH;
        };
        if (length < min || length > max || (type == BgpMessage.TYPE_KEEPALIVE && length != WireOptions.HEADER_LENGTH)) {
            return BgpError.sessionReset(MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, lengthField,
                    "length " + length + " is not valid for " + BgpMessage.typeName(type)
                            + " (" + min + ".." + max + " octets)");
        }
        return null;
    }

    /**
     * Decodes the message that starts at the reader index and advances the reader index past it.
     * The readable bytes must hold at least the whole message (a framer ensures it).
     */
    public static DecodeResult decode(ByteBuf in, WireOptions options) {
        BgpError frameError = frameError(in, options);
        if (frameError != null) {
            return new DecodeResult.Failed(frameError);
        }
        int start = in.readerIndex();
        int length = in.getUnsignedShort(start + MARKER_LENGTH);
        int type = in.getUnsignedByte(start + MARKER_LENGTH + 2);
        int body = start + WireOptions.HEADER_LENGTH;
        int end = start + length;
        try {
            return switch (type) {
                case BgpMessage.TYPE_OPEN -> new DecodeResult.Decoded(OpenDecoder.decode(in, body, end));
                case BgpMessage.TYPE_UPDATE -> UpdateDecoder.decode(in, body, end, options);
                case BgpMessage.TYPE_NOTIFICATION -> new DecodeResult.Decoded(new NotificationMessage(
                        in.getUnsignedByte(body), in.getUnsignedByte(body + 1),
                        ByteBufUtil.getBytes(in, body + 2, end - body - 2)));
                case BgpMessage.TYPE_KEEPALIVE -> new DecodeResult.Decoded(KeepaliveMessage.INSTANCE);
                case BgpMessage.TYPE_ROUTE_REFRESH -> decodeRouteRefresh(in, start, body, end);
                default -> throw new AssertionError("type checked by checkHeader: " + type);
            };
        } catch (DecodeException e) {
            return new DecodeResult.Failed(e.error);
        } finally {
            in.readerIndex(end);
        }
    }

    /**
     * The error that keeps the message at the reader index from being decoded at all: a bad header
     * or fewer readable bytes than its length. On error the message's bytes are skipped.
     */
    static BgpError frameError(ByteBuf in, WireOptions options) {
        int start = in.readerIndex();
        if (in.readableBytes() < WireOptions.HEADER_LENGTH) {
            int readable = in.readableBytes();
            in.skipBytes(readable);
            return BgpError.sessionReset(MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, new byte[0],
                    "only " + readable + " octets, fewer than a header");
        }
        int length = in.getUnsignedShort(start + MARKER_LENGTH);
        BgpError error = checkHeader(in, start, options);
        if (error == null && in.readableBytes() < length) {
            error = BgpError.sessionReset(MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >>> 8), (byte) length}, "message of " + length + " octets is truncated");
        }
        if (error != null) {
            in.skipBytes(Math.min(in.readableBytes(), Math.max(length, WireOptions.HEADER_LENGTH)));
        }
        return error;
    }

    private static DecodeResult decodeRouteRefresh(ByteBuf in, int start, int body, int end) {
        if (end - start != ROUTE_REFRESH_LENGTH) {
            // RFC 7313 §5: the data is the complete ROUTE-REFRESH message.
            return new DecodeResult.Failed(BgpError.sessionReset(ROUTE_REFRESH_MESSAGE_ERROR, INVALID_MESSAGE_LENGTH,
                    ByteBufUtil.getBytes(in, start, end - start),
                    "ROUTE-REFRESH of " + (end - start) + " octets, not " + ROUTE_REFRESH_LENGTH));
        }
        AddressFamily family = AddressFamily.of(in.getUnsignedShort(body), in.getUnsignedByte(body + 3));
        return new DecodeResult.Decoded(new RouteRefreshMessage(family, in.getUnsignedByte(body + 2)));
    }
}
