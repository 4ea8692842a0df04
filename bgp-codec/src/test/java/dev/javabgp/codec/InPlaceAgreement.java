package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.MpUnreachNlri;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import dev.javabgp.codec.testing.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an {@link UpdateReader}, reading an UPDATE in place, delivers exactly what the value
 * decoder returns for the same bytes: the verdict, the RFC 7606 errors, the attributes and every
 * prefix. The property test and the fuzz test both hold the reader to it.
 */
final class InPlaceAgreement {
    private InPlaceAgreement() {}

    /**
     * Reads {@code wire}, one UPDATE (well-formed or not), with {@code reader} from a heap buffer
     * (read in place) or a direct one (read after a copy), behind three octets of other data, and
     * asserts that it agrees with {@link BgpMessageDecoder} and consumes the whole message.
     */
    static void assertAgrees(byte[] wire, WireOptions options, boolean direct, UpdateReader reader) {
        DecodeResult expected = Bytes.decode(wire, options);
        Collector collector = new Collector();
        ByteBuf buf = direct ? PooledByteBufAllocator.DEFAULT.directBuffer() : PooledByteBufAllocator.DEFAULT.heapBuffer();
        BgpError error;
        try {
            buf.writeBytes(new byte[] {1, 2, 3}); // the message need not start at the buffer's start
            buf.skipBytes(3);
            buf.writeBytes(wire);
            error = reader.read(buf, options, collector);
            assertThat(buf.isReadable()).as("octets left unread").isFalse();
            assertThat(buf.refCnt()).as("the reader changed the buffer's reference count").isEqualTo(1);
        } finally {
            buf.release();
        }
        if (expected instanceof DecodeResult.Failed f) {
            assertThat(error).isEqualTo(f.error());
            assertThat(collector.attributes).as("the handler was called for a failed UPDATE").isNull();
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

        /** The prefixes with their path identifiers, read only through the cursor. */
        private static PrefixBlock copy(PrefixCursor c) {
            PrefixBlock.Builder b = PrefixBlock.builder(c.family(), c.hasPathIds());
            byte[] address = new byte[c.family().addressBytes()];
            while (c.next()) {
                c.copyAddress(address);
                b.add(c.pathId(), address, c.length());
            }
            return b.build();
        }
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
}
