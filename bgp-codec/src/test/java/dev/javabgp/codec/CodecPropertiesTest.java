package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.LeakCheck;
import dev.javabgp.codec.testing.MessageArbitraries;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import net.jqwik.api.*;
import net.jqwik.api.lifecycle.AfterContainer;

/** decode(encode(m)) = m for every kind of message; no input makes the decoder throw or leak. */
class CodecPropertiesTest {

    @AfterContainer
    static void noBufferLeaked() {
        LeakCheck.assertNoLeaks();
    }

    @Provide
    Arbitrary<Tuple.Tuple2<WireOptions, BgpMessage>> messages() {
        // Internal peers keep every attribute (RFC 7606 §7.5 discards some from external ones).
        return MessageArbitraries.options().map(o -> o.withExternalPeer(false))
                .flatMap(o -> MessageArbitraries.messages(o).map(m -> Tuple.of(o, m)));
    }

    @Property(tries = 2000)
    void decodingWhatWasEncodedGivesTheMessageBack(@ForAll("messages") Tuple.Tuple2<WireOptions, BgpMessage> t) {
        byte[] wire = Bytes.encode(t.get2(), t.get1());
        assertThat(Bytes.decodeClean(wire, t.get1())).isEqualTo(t.get2());
    }

    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll byte[] bytes, @ForAll("anyOptions") WireOptions options) {
        decodeWhatever(bytes, options);
    }

    /** Random bodies behind a valid header reach every body parser, not just the header check. */
    @Property(tries = 5000)
    void arbitraryBodiesNeverThrow(@ForAll("types") int type, @ForAll byte[] body, @ForAll("anyOptions") WireOptions options) {
        decodeWhatever(Bytes.message(type, Bytes.hex(body)), options);
    }

    /** A valid message with some octets changed: malformations close to what peers really send. */
    @Property(tries = 5000)
    void corruptedMessagesNeverThrow(@ForAll("messages") Tuple.Tuple2<WireOptions, BgpMessage> t,
            @ForAll("positions") int[] positions, @ForAll byte[] values) {
        byte[] wire = Bytes.encode(t.get2(), t.get1());
        for (int i = 0; i < positions.length && i < values.length; i++) {
            int at = WireOptions.HEADER_LENGTH + Math.floorMod(positions[i], Math.max(1, wire.length - WireOptions.HEADER_LENGTH));
            if (at < wire.length) {
                wire[at] = values[i];
            }
        }
        decodeWhatever(wire, t.get1());
    }

    private static void decodeWhatever(byte[] bytes, WireOptions options) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length);
        try {
            buf.writeBytes(bytes);
            DecodeResult result = BgpMessageDecoder.decode(buf, options);
            assertThat(result).isNotNull();
            if (result instanceof DecodeResult.Failed f) {
                assertThat(f.error().notification()).isNotNull();
            }
            assertThat(buf.refCnt()).isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    @Provide
    Arbitrary<WireOptions> anyOptions() {
        return MessageArbitraries.options();
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.integers().between(1, 5);
    }

    @Provide
    Arbitrary<int[]> positions() {
        return Arbitraries.integers().array(int[].class).ofMinSize(1).ofMaxSize(4);
    }
}
