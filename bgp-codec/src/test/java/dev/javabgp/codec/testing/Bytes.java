package dev.javabgp.codec.testing;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.HexFormat;

/** Hex test vectors to and from the codec, releasing every buffer. */
public final class Bytes {
    private Bytes() {}

    /** Hex with spaces, newlines and '|' separators allowed. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|_]", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A whole message: 16 marker octets, the length, the type, then {@code bodyHex}. */
    public static byte[] message(int type, String bodyHex) {
        return message(type, hex(bodyHex));
    }

    /** A whole message: 16 marker octets, the length, the type, then {@code body}. */
    public static byte[] message(int type, byte[] body) {
        byte[] out = new byte[19 + body.length];
        java.util.Arrays.fill(out, 0, 16, (byte) 0xFF);
        out[16] = (byte) (out.length >>> 8);
        out[17] = (byte) out.length;
        out[18] = (byte) type;
        System.arraycopy(body, 0, out, 19, body.length);
        return out;
    }

    public static DecodeResult decode(byte[] wire, WireOptions options) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length);
        try {
            buf.writeBytes(wire);
            DecodeResult result = BgpMessageDecoder.decode(buf, options);
            if (buf.refCnt() != 1) {
                throw new AssertionError("decoder changed the buffer's reference count to " + buf.refCnt());
            }
            return result;
        } finally {
            buf.release();
        }
    }

    /** Decodes and expects a message with no errors. */
    public static BgpMessage decodeClean(byte[] wire, WireOptions options) {
        DecodeResult result = decode(wire, options);
        if (result instanceof DecodeResult.Decoded d && d.errors().isEmpty()) {
            return d.message();
        }
        throw new AssertionError("expected a clean decode, got " + result);
    }

    public static byte[] encode(BgpMessage message, WireOptions options) {
        ByteBuf buf = BgpMessageEncoder.encode(message, options, PooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
