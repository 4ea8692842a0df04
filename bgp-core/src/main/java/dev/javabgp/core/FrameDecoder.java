package dev.javabgp.core;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.BgpError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits the TCP stream into whole BGP messages by their length field, within the 4,096 or 65,535
 * octets the session allows (RFC 4271 §4.1, RFC 8654). A bad header is passed on as its
 * {@link BgpError} and the stream stops there, since nothing after it can be framed (RFC 4271 §6.1).
 *
 * <p>One message per call: Netty hands each to the session before the next header is checked, so
 * the KEEPALIVE that completes the OPEN exchange has switched the limit before an extended UPDATE
 * read in the same segment is framed.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final Supplier<WireOptions> options;
    private boolean broken;

    FrameDecoder(Supplier<WireOptions> options) {
        this.options = options;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < WireOptions.HEADER_LENGTH) {
            return;
        }
        BgpError error = BgpMessageDecoder.checkHeader(in, in.readerIndex(), options.get());
        if (error != null) {
            broken = true;
            in.skipBytes(in.readableBytes());
            out.add(error);
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex() + 16);
        if (in.readableBytes() >= length) {
            out.add(in.readRetainedSlice(length));
        }
    }
}
