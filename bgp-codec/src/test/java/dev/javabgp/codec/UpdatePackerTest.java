package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Packing many prefixes under one attribute set into as few UPDATEs as the maximum length allows. */
class UpdatePackerTest {

    static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
    static final PathAttributes V4_ATTRIBUTES = PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 65002),
            NextHop.of("192.0.2.1"), Communities.of(Communities.parse("65001:7")));

    static PrefixBlock ipv4Prefixes(int n) {
        PrefixBlock.Builder b = PrefixBlock.builder(V4, false);
        for (int i = 0; i < n; i++) {
            b.addIpv4(0, 0x0B000000 + (i << 8), 24);
        }
        return b.build();
    }

    /** Every message written, decoded; each checked against the maximum length. */
    static List<UpdateMessage> decodeAll(ByteBuf out, WireOptions options) {
        List<UpdateMessage> messages = new ArrayList<>();
        while (out.isReadable()) {
            assertThat(out.getUnsignedShort(out.readerIndex() + 16)).isLessThanOrEqualTo(options.maxMessageLength());
            DecodeResult r = BgpMessageDecoder.decode(out, options);
            assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Decoded) r).errors()).isEmpty();
            messages.add((UpdateMessage) ((DecodeResult.Decoded) r).message());
        }
        return messages;
    }

    @Test
    void tenThousandPrefixesFillMessagesToTheLimitAndArriveInOrder() {
        PrefixBlock prefixes = ipv4Prefixes(10_000);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int written = UpdatePacker.writeAnnouncements(V4_ATTRIBUTES, prefixes, WireOptions.DEFAULT, out);
            List<UpdateMessage> messages = decodeAll(out, WireOptions.DEFAULT);
            assertThat(messages).hasSize(written);
            // 4,096 - 23 - 30 octets of attributes leave room for 1,010 prefixes of 4 octets each.
            assertThat(messages.get(0).nlri().count()).isEqualTo(1010);
            assertThat(written).isEqualTo(10);
            PrefixBlock.Builder all = PrefixBlock.builder(V4, false);
            for (UpdateMessage m : messages) {
                assertThat(m.attributes()).isEqualTo(V4_ATTRIBUTES);
                m.nlri().prefixes().forEach(all::add);
            }
            assertThat(all.build()).isEqualTo(prefixes);
        } finally {
            out.release();
        }
    }

    @Test
    void extendedMessagesNeedFewerUpdates() {
        WireOptions extended = WireOptions.DEFAULT.withExtendedMessage(true);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int written = UpdatePacker.writeAnnouncements(V4_ATTRIBUTES, ipv4Prefixes(100_000), extended, out);
            List<UpdateMessage> messages = decodeAll(out, extended);
            assertThat(written).isEqualTo(7); // 16,377 prefixes per 65,535-octet message
            assertThat(messages.stream().mapToInt(UpdateMessage::announcedCount).sum()).isEqualTo(100_000);
        } finally {
            out.release();
        }
    }

    @Test
    void ipv6PrefixesTravelInMpReachWithTheTemplateNextHop() {
        PrefixBlock.Builder b = PrefixBlock.builder(V6, false);
        byte[] address = new byte[16];
        for (int i = 0; i < 3000; i++) {
            address[0] = 0x20;
            address[1] = 0x01;
            address[4] = (byte) (i >> 8);
            address[5] = (byte) i;
            b.add(0, address, 48);
        }
        PrefixBlock prefixes = b.build();
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                new MpReachNlri(V6, Addresses.ipv6("2001:db8::1"), PrefixBlock.empty(V6)));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            UpdatePacker.writeAnnouncements(attributes, prefixes, WireOptions.DEFAULT, out);
            PrefixBlock.Builder all = PrefixBlock.builder(V6, false);
            for (UpdateMessage m : decodeAll(out, WireOptions.DEFAULT)) {
                assertThat(m.attributes().mpReach().nextHop()).isEqualTo(Addresses.ipv6("2001:db8::1"));
                m.attributes().mpReach().nlri().prefixes().forEach(all::add);
            }
            assertThat(all.build()).isEqualTo(prefixes);
        } finally {
            out.release();
        }
    }

    @Test
    void withdrawalsOfBothFamiliesAndAddPathIdentifiers() {
        WireOptions addPath = WireOptions.DEFAULT.withAddPath(Set.of(V4));
        PrefixBlock prefixes = ipv4Prefixes(5000);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            UpdatePacker.writeWithdrawals(prefixes, addPath, out);
            int total = 0;
            for (UpdateMessage m : decodeAll(out, addPath)) {
                assertThat(m.withdrawn().hasPathIds()).isTrue();
                total += m.withdrawnCount();
            }
            assertThat(total).isEqualTo(5000);
            UpdatePacker.writeWithdrawals(PrefixBlock.parse(V6, "2001:db8::/32"), WireOptions.DEFAULT, out);
            assertThat(decodeAll(out, WireOptions.DEFAULT).get(0).attributes().mpUnreach().withdrawn().count()).isEqualTo(1);
        } finally {
            out.release();
        }
    }

    @Test
    void nothingToSendWritesNothing() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            assertThat(UpdatePacker.writeAnnouncements(V4_ATTRIBUTES, PrefixBlock.empty(V4), WireOptions.DEFAULT, out)).isZero();
            assertThat(UpdatePacker.writeWithdrawals(PrefixBlock.empty(V6), WireOptions.DEFAULT, out)).isZero();
            assertThat(out.readableBytes()).isZero();
        } finally {
            out.release();
        }
    }

    @Test
    void ipv6WithoutMpReachIsRefusedWithTheReason() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            assertThatThrownBy(() -> UpdatePacker.writeAnnouncements(V4_ATTRIBUTES, PrefixBlock.parse(V6, "2001:db8::/32"),
                    WireOptions.DEFAULT, out)).hasMessageContaining("MP_REACH_NLRI");
        } finally {
            out.release();
        }
    }

    @Test
    void cursorReadsPrefixesWithoutValues() {
        PrefixBlock block = PrefixBlock.builder(V4, true).add(7, IpPrefix.parse("10.1.2.0/23")).addIpv4(9, 0xC0000201, 32).build();
        PrefixCursor c = block.cursor();
        assertThat(c.next()).isTrue();
        assertThat(c.pathId()).isEqualTo(7);
        assertThat(c.length()).isEqualTo(23);
        assertThat(c.ipv4Address()).isEqualTo(0x0A010200);
        assertThat(c.next()).isTrue();
        assertThat(c.ipv4Address()).isEqualTo(0xC0000201);
        assertThat(c.next()).isFalse();
        assertThat(block.toString()).isEqualTo("ipv4-unicast[id 7 10.1.2.0/23, id 9 192.0.2.1/32]");
    }
}
