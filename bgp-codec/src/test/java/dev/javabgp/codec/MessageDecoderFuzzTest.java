package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.testing.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the decoder (Jazzer). Every test run replays the inputs under
 * {@code src/test/resources/dev/javabgp/codec/MessageDecoderFuzzTestInputs/<method>/}: the seed
 * corpus made from the test vectors ({@link FuzzSeedsTest}) and each input that ever failed. With
 * {@code JAZZER_FUZZ=1} a method fuzzes instead ({@code bin/fuzz}). The first octet of an input is
 * the wire options ({@link FuzzOptions}).
 *
 * <p>For any bytes: the decoder returns a result and never throws; it leaves the buffer's reference
 * count alone and moves past the message; a failure is a session reset whose NOTIFICATION can be
 * sent; a message decoded with no error worse than a discarded attribute encodes and decodes back
 * to itself; and {@link UpdateReader} agrees with the value decoder on every UPDATE, read in place
 * or from a copy.
 */
class MessageDecoderFuzzTest {

    private static final UpdateReader READER = new UpdateReader();

    /** Messages of any type one after another, as the framer would pass them. */
    @FuzzTest(maxDuration = "2m")
    void anyMessage(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int octet = input[0] & 0xFF;
        ByteBuf buf = buffer(octet, Arrays.copyOfRange(input, 1, input.length));
        try {
            while (buf.isReadable()) {
                check(buf, FuzzOptions.of(octet));
            }
        } finally {
            buf.release();
        }
    }

    /** The body of an UPDATE behind a header that frames it, so every mutation reaches the UPDATE parser. */
    @FuzzTest(maxDuration = "2m")
    void update(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int octet = input[0] & 0xFF;
        checkOne(octet, framed(BgpMessage.TYPE_UPDATE, input, 1));
    }

    /** The body of an OPEN behind a header that frames it: version, AS, hold time, identifier, capabilities. */
    @FuzzTest(maxDuration = "2m")
    void open(byte[] input) {
        checkOne(FuzzOptions.FOUR_OCTET_AS | FuzzOptions.EXTERNAL_PEER, framed(BgpMessage.TYPE_OPEN, input, 0));
    }

    /** A message of {@code type} whose body is {@code input} from {@code from}, cut to the longest length field. */
    private static byte[] framed(int type, byte[] input, int from) {
        int body = Math.min(input.length - from, WireOptions.MAX_EXTENDED_MESSAGE_LENGTH - WireOptions.HEADER_LENGTH);
        return Bytes.message(type, Arrays.copyOfRange(input, from, from + body));
    }

    private static void checkOne(int octet, byte[] wire) {
        ByteBuf buf = buffer(octet, wire);
        try {
            check(buf, FuzzOptions.of(octet));
            assertThat(buf.isReadable()).as("octets left after one framed message").isFalse();
        } finally {
            buf.release();
        }
    }

    /** Decodes the message at the reader index, which {@code buf} has at least one octet of, and checks the outcome. */
    private static void check(ByteBuf buf, WireOptions options) {
        int start = buf.readerIndex();
        boolean update = buf.readableBytes() >= WireOptions.HEADER_LENGTH
                && buf.getUnsignedByte(start + 18) == BgpMessage.TYPE_UPDATE;

        DecodeResult result = BgpMessageDecoder.decode(buf, options);

        assertThat(result).isNotNull();
        assertThat(buf.refCnt()).as("the decoder changed the buffer's reference count").isEqualTo(1);
        assertThat(buf.readerIndex()).as("reader index after decoding").isGreaterThan(start)
                .isLessThanOrEqualTo(buf.writerIndex());
        byte[] message = ByteBufUtil.getBytes(buf, start, buf.readerIndex() - start);
        switch (result) {
            case DecodeResult.Failed f -> {
                assertThat(f.error().action()).as("action of a failure").isEqualTo(ErrorAction.SESSION_RESET);
                assertSendable(f.error(), options);
            }
            case DecodeResult.Decoded d -> {
                assertThat(message.length).as("octets consumed by a decoded message")
                        .isEqualTo(buf.getUnsignedShort(start + 16));
                assertThat(d.action()).as("a decoded message asks for a reset: %s", d.errors()).isNotEqualTo(ErrorAction.SESSION_RESET);
                for (BgpError e : d.errors()) {
                    assertSendable(e, options);
                }
                if (d.action() == ErrorAction.NONE || d.action() == ErrorAction.ATTRIBUTE_DISCARD) {
                    assertRoundTrip(d.message(), options);
                }
            }
        }
        if (update) {
            InPlaceAgreement.assertAgrees(message, options, false, READER);
            InPlaceAgreement.assertAgrees(message, options, true, READER);
        }
    }

    /** The NOTIFICATION for an error must fit in a message the session can send (RFC 4271 §4.5). */
    private static void assertSendable(BgpError error, WireOptions options) {
        byte[] notification = Bytes.encode(error.notification(), options);
        assertThat(Bytes.decodeClean(notification, options)).isEqualTo(error.notification());
    }

    /** What the decoder made of the peer's bytes is a value the encoder writes and the decoder reads back. */
    private static void assertRoundTrip(BgpMessage message, WireOptions options) {
        byte[] again = Bytes.encode(message, options);
        assertThat(Bytes.decodeClean(again, options)).as("%s re-encoded as %s", message, Bytes.hex(again)).isEqualTo(message);
    }

    /** A heap or direct buffer holding {@code bytes}, at its start or behind three other octets. */
    private static ByteBuf buffer(int octet, byte[] bytes) {
        ByteBuf buf = (octet & FuzzOptions.DIRECT) != 0
                ? PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 3)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length + 3);
        if ((octet & FuzzOptions.OFFSET) != 0) {
            buf.writeBytes(new byte[] {1, 2, 3});
            buf.skipBytes(3);
        }
        return buf.writeBytes(bytes);
    }
}
