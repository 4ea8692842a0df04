package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Framing by the header's length (RFC 4271 §4.1, §6.1) within the limit the session negotiated:
 * 4,096 octets, or 65,535 with the Extended Message capability (RFC 8654).
 */
class FrameDecoderTest {

    private static final WireOptions EXTENDED = WireOptions.DEFAULT.withExtendedMessage(true);

    private final AtomicReference<WireOptions> options = new AtomicReference<>(WireOptions.DEFAULT);
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(options::get));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** A message of {@code length} octets in all: the marker, the length field, the type, zeros. */
    static byte[] message(int type, int length) {
        byte[] out = new byte[Math.max(length, 19)];
        java.util.Arrays.fill(out, 0, 16, (byte) 0xFF);
        out[16] = (byte) (length >>> 8);
        out[17] = (byte) length;
        out[18] = (byte) type;
        return out;
    }

    private Object frame(byte[]... reads) {
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
        return channel.readInbound();
    }

    private static void assertBadLength(Object frame, int length) {
        assertThat(frame).isInstanceOf(BgpError.class);
        NotificationMessage notification = ((BgpError) frame).notification();
        // RFC 4271 §6.1: Message Header Error / Bad Message Length, the erroneous Length field as data.
        assertThat(notification.code()).isEqualTo(1);
        assertThat(notification.subcode()).isEqualTo(2);
        assertThat(notification.data()).containsExactly((byte) (length >>> 8), (byte) length);
    }

    private static int frameLength(Object frame) {
        assertThat(frame).isInstanceOf(ByteBuf.class);
        ByteBuf b = (ByteBuf) frame;
        try {
            return b.readableBytes();
        } finally {
            b.release();
        }
    }

    @Test
    void anUpdateOf4097OctetsWithoutTheCapabilityIsABadMessageLengthAndNothingAfterItIsFramed() {
        byte[] update = message(BgpMessage.TYPE_UPDATE, 4097);
        assertBadLength(frame(update), 4097);
        channel.writeInbound(Unpooled.wrappedBuffer(message(BgpMessage.TYPE_KEEPALIVE, 19)));
        assertThat((Object) channel.readInbound()).isNull(); // the stream cannot be framed past a bad header
    }

    @Test
    void withTheCapabilityUpdatesUpToTheLargestLengthFieldAreFramed() {
        options.set(EXTENDED);
        assertThat(frameLength(frame(message(BgpMessage.TYPE_UPDATE, 4097)))).isEqualTo(4097);
        // 65,535 is the largest value of the two-octet field: nothing longer can even be expressed.
        assertThat(frameLength(frame(message(BgpMessage.TYPE_UPDATE, 65_535)))).isEqualTo(65_535);
    }

    @Test
    void anOpenStaysWithin4096OctetsEvenWithTheCapability() {
        options.set(EXTENDED);
        assertBadLength(frame(message(BgpMessage.TYPE_OPEN, 4097)), 4097); // RFC 8654 §4
    }

    @Test
    void aLengthBelowTheHeadersIsABadMessageLength() {
        assertBadLength(frame(message(BgpMessage.TYPE_KEEPALIVE, 18)), 18);
    }

    @Test
    void aMessageSplitAcrossReadsIsFramedWhole() {
        byte[] update = message(BgpMessage.TYPE_UPDATE, 4096);
        byte[] first = java.util.Arrays.copyOfRange(update, 0, 10);
        byte[] second = java.util.Arrays.copyOfRange(update, 10, 3000);
        byte[] third = java.util.Arrays.copyOfRange(update, 3000, 4096);
        assertThat(frameLength(frame(first, second, third))).isEqualTo(4096);
    }

    @Test
    void theMessageThatEstablishesTheSessionSwitchesTheLimitForTheNextOneInTheSameRead() {
        // As the session does: the KEEPALIVE that brings Established switches to the negotiated options.
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                options.set(EXTENDED);
                ctx.fireChannelRead(msg);
            }
        });
        byte[] keepalive = message(BgpMessage.TYPE_KEEPALIVE, 19);
        byte[] update = message(BgpMessage.TYPE_UPDATE, 5000);
        byte[] both = new byte[keepalive.length + update.length];
        System.arraycopy(keepalive, 0, both, 0, keepalive.length);
        System.arraycopy(update, 0, both, keepalive.length, update.length);
        channel.writeInbound(Unpooled.wrappedBuffer(both));
        assertThat(frameLength(channel.readInbound())).isEqualTo(19);
        assertThat(frameLength(channel.readInbound())).isEqualTo(5000);
    }
}
