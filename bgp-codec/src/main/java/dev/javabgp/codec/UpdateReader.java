package dev.javabgp.codec;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import io.netty.buffer.ByteBuf;

/**
 * Decodes UPDATEs for an {@link UpdateHandler} without an object or an allocation per prefix: the
 * prefixes are read in place from a heap buffer's array, or after one bulk copy of the message into
 * this reader's reused array for a direct buffer. One reader serves one session; it is not
 * thread-safe.
 */
public final class UpdateReader {

    private byte[] scratch = new byte[WireOptions.MAX_MESSAGE_LENGTH];
    private final UpdateDecoder decoder = new UpdateDecoder();

    /**
     * Decodes the UPDATE at the reader index and advances the reader index past it. Returns null
     * when the UPDATE reached the handler, or the error to reset the session with (RFC 4271 §6),
     * in which case the handler was not called.
     *
     * @throws IllegalArgumentException if the message at the reader index is not an UPDATE
     */
    public BgpError read(ByteBuf in, WireOptions options, UpdateHandler handler) {
        int start = in.readerIndex();
        if (in.readableBytes() < WireOptions.HEADER_LENGTH || in.getUnsignedByte(start + 18) != BgpMessage.TYPE_UPDATE) {
            throw new IllegalArgumentException("not an UPDATE at the reader index");
        }
        BgpError frameError = BgpMessageDecoder.frameError(in, options);
        if (frameError != null) {
            return frameError;
        }
        int length = in.getUnsignedShort(start + 16);
        byte[] array;
        int shift;
        if (in.hasArray()) {
            array = in.array();
            shift = in.arrayOffset();
        } else {
            if (scratch.length < length) {
                scratch = new byte[WireOptions.MAX_EXTENDED_MESSAGE_LENGTH];
            }
            in.getBytes(start, scratch, 0, length);
            array = scratch;
            shift = -start;
        }
        try {
            DecodeResult result = decoder.decode(in, start + WireOptions.HEADER_LENGTH, start + length, options, handler,
                    array, shift);
            return result instanceof DecodeResult.Failed f ? f.error() : null;
        } finally {
            in.readerIndex(start + length);
        }
    }
}
