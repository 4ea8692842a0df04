package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.LeakCheck;
import dev.javabgp.codec.testing.MessageArbitraries;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import net.jqwik.api.*;
import net.jqwik.api.lifecycle.AfterContainer;

/** The zero-copy UPDATE path delivers exactly what the value decoder returns. */
class InPlaceUpdateDecodingTest {

    private static final UpdateReader READER = new UpdateReader();

    @AfterContainer
    static void noBufferLeaked() {
        LeakCheck.assertNoLeaks();
    }

    @Provide
    Arbitrary<Tuple.Tuple2<WireOptions, byte[]>> updates() {
        return MessageArbitraries.options().flatMap(o -> Arbitraries.oneOf(
                        MessageArbitraries.update(o.withExternalPeer(false)).map(u -> Bytes.encode(u, o.withExternalPeer(false))),
                        MessageArbitraries.update(o.withExternalPeer(false)).map(u -> Bytes.encode(u, o.withExternalPeer(false)))
                                .flatMap(w -> Arbitraries.integers().between(23, Math.max(23, w.length - 1)).flatMap(i ->
                                        Arbitraries.bytes().map(b -> { byte[] c = w.clone(); if (i < c.length) c[i] = b; return c; }))))
                .map(w -> Tuple.of(o, w)));
    }

    @Property(tries = 1000)
    void deliversTheSameVerdictAttributesAndPrefixes(@ForAll("updates") Tuple.Tuple2<WireOptions, byte[]> t,
            @ForAll boolean direct) {
        InPlaceAgreement.assertAgrees(t.get2(), t.get1(), direct, READER);
    }

    @Example
    void rejectsAMessageThatIsNotAnUpdate() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(Bytes.message(BgpMessage.TYPE_KEEPALIVE, ""));
            assertThatThrownBy(() -> READER.read(buf, WireOptions.DEFAULT, new InPlaceAgreement.Collector()))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }
}
