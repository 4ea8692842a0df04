package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.MpUnreachNlri;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.LeakCheck;
import dev.javabgp.codec.testing.MessageArbitraries;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.*;
import net.jqwik.api.lifecycle.AfterContainer;

/** The zero-copy UPDATE path delivers exactly what the value decoder returns. */
class InPlaceUpdateDecodingTest {

    private static final UpdateReader READER = new UpdateReader();

    @AfterContainer
    static void noBufferLeaked() {
        LeakCheck.assertNoLeaks();
    }

    /** Rebuilds blocks from the cursors, as a RIB would read them. */
    static final class Collector implements UpdateHandler {
        PathAttributes attributes;
        List<BgpError> errors;
        final List<PrefixBlock> withdrawn = new ArrayList<>();
        final List<PrefixBlock> announced = new ArrayList<>();

        @Override
        public void attributes(PathAttributes attributes, List<BgpError> errors) {
            this.attributes = attributes;
            this.errors = errors;
        }

        @Override
        public void withdrawn(PrefixCursor prefixes) {
            withdrawn.add(copy(prefixes));
        }

        @Override
        public void announced(PrefixCursor prefixes) {
            announced.add(copy(prefixes));
        }

        /** The prefixes as text with their path identifiers, read only through the cursor. */
        private static PrefixBlock copy(PrefixCursor c) {
            return PrefixBlockCopy.of(c);
        }
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
        WireOptions options = t.get1();
        DecodeResult expected = Bytes.decode(t.get2(), options);
        Collector collector = new Collector();
        // A heap buffer is read in place, a direct one through the reader's copy; both must agree.
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer() : PooledByteBufAllocator.DEFAULT.heapBuffer();
        BgpError error;
        try {
            buf.writeBytes(new byte[] {1, 2, 3}); // the message need not start at the buffer's start
            buf.skipBytes(3);
            buf.writeBytes(t.get2());
            error = READER.read(buf, options, collector);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
        if (expected instanceof DecodeResult.Failed f) {
            assertThat(error).isEqualTo(f.error());
            assertThat(collector.attributes).isNull();
            return;
        }
        assertThat(error).isNull();
        DecodeResult.Decoded d = (DecodeResult.Decoded) expected;
        UpdateMessage update = (UpdateMessage) d.message();
        assertThat(collector.errors).isEqualTo(d.errors());
        assertThat(collector.attributes).isEqualTo(withoutPrefixes(update.attributes()));
        assertThat(blocks(collector.withdrawn)).isEqualTo(blocks(nonEmpty(update.withdrawn(),
                update.attributes().mpUnreach() == null ? null : update.attributes().mpUnreach().withdrawn())));
        assertThat(blocks(collector.announced)).isEqualTo(blocks(nonEmpty(update.nlri(),
                update.attributes().mpReach() == null ? null : update.attributes().mpReach().nlri())));
    }

    private static PathAttributes withoutPrefixes(PathAttributes a) {
        PathAttributes out = a;
        MpReachNlri reach = a.mpReach();
        if (reach != null) {
            out = out.with(reach.withNlri(PrefixBlock.empty(reach.family(), reach.nlri().hasPathIds())));
        }
        MpUnreachNlri unreach = a.mpUnreach();
        if (unreach != null) {
            out = out.with(new MpUnreachNlri(unreach.family(), PrefixBlock.empty(unreach.family(), unreach.withdrawn().hasPathIds())));
        }
        return out;
    }

    private static List<PrefixBlock> nonEmpty(PrefixBlock... blocks) {
        List<PrefixBlock> out = new ArrayList<>();
        for (PrefixBlock b : blocks) {
            if (b != null && !b.isEmpty()) {
                out.add(b);
            }
        }
        return out;
    }

    /** Blocks compared as text: family, prefixes and any path identifiers. */
    private static List<String> blocks(List<PrefixBlock> blocks) {
        return blocks.stream().map(PrefixBlock::toString).toList();
    }

    /** A block rebuilt through a cursor, keeping path identifiers when the cursor has them. */
    static final class PrefixBlockCopy {
        static PrefixBlock of(PrefixCursor c) {
            boolean ids = c.hasPathIds();
            PrefixBlock.Builder b = PrefixBlock.builder(c.family(), ids);
            byte[] address = new byte[c.family().addressBytes()];
            while (c.next()) {
                c.copyAddress(address);
                b.add(c.pathId(), address, c.length());
            }
            return b.build();
        }
    }

    @Example
    void rejectsAMessageThatIsNotAnUpdate() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(Bytes.message(BgpMessage.TYPE_KEEPALIVE, ""));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> READER.read(buf, WireOptions.DEFAULT, new Collector()))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }
}
