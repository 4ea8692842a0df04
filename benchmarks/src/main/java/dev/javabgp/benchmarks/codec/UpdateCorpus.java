package dev.javabgp.benchmarks.codec;

import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A reproducible stream of UPDATEs as a route server receives them: IPv4 /24 packs of 20 to 200
 * prefixes with AS paths of 2 to 6 hops, and IPv6 /48 packs in MP_REACH_NLRI, optionally with
 * ADD-PATH identifiers.
 */
public final class UpdateCorpus {

    /** The corpora the benchmarks run on. */
    public enum Mix {
        /** 80% IPv4 packs of 20-200 /24s, 20% IPv6 packs of 20-100 /48s. */
        MIXED,
        /** MIXED with ADD-PATH identifiers on both families. */
        ADD_PATH,
        /** IPv4 packs of exactly 20 prefixes: with V4_PACK_200, shows what allocation grows with. */
        V4_PACK_20,
        V4_PACK_200
    }

    public static final int MESSAGES = 2000;
    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    public final Mix mix;
    public final WireOptions options;
    public final List<UpdateMessage> messages = new ArrayList<>();
    /** Every message encoded back to back; read-only, reset the reader index to reuse. */
    public final ByteBuf wire;
    public final long prefixes;

    public UpdateCorpus(Mix mix) {
        this.mix = mix;
        boolean addPath = mix == Mix.ADD_PATH;
        this.options = new WireOptions(true, false, addPath ? Set.of(V4, V6) : Set.of(), true);
        Random random = new Random(20261125L + mix.ordinal());
        int nextV4 = 0x0B000000; // 11.0.0.0, upward by /24
        long nextV6 = 0x20010DB8_0000L;
        long total = 0;
        for (int i = 0; i < MESSAGES; i++) {
            boolean ipv6 = (mix == Mix.MIXED || mix == Mix.ADD_PATH) && random.nextInt(5) == 0;
            int count = switch (mix) {
                case V4_PACK_20 -> 20;
                case V4_PACK_200 -> 200;
                default -> ipv6 ? 20 + random.nextInt(81) : 20 + random.nextInt(181);
            };
            long[] path = new long[2 + random.nextInt(5)];
            for (int h = 0; h < path.length; h++) {
                path[h] = h == 0 ? 65002 : 64512 + random.nextInt(1000) + (random.nextInt(4) == 0 ? 4_200_000_000L : 0);
            }
            List<PathAttribute> attributes = new ArrayList<>(List.of(Origin.IGP, AsPath.sequence(path),
                    new MultiExitDisc(random.nextInt(1000))));
            if (random.nextBoolean()) {
                attributes.add(Communities.of(0xFDEA0000 | random.nextInt(100), 0xFDEA0000 | random.nextInt(100)));
            }
            PrefixBlock.Builder block = PrefixBlock.builder(ipv6 ? V6 : V4, addPath);
            byte[] address = new byte[16];
            for (int p = 0; p < count; p++) {
                int pathId = addPath ? 1 + random.nextInt(4) : 0;
                if (ipv6) {
                    long a = nextV6++;
                    for (int b = 0; b < 6; b++) {
                        address[b] = (byte) (a >>> (40 - 8 * b));
                    }
                    block.add(pathId, address, 48);
                } else {
                    block.addIpv4(pathId, nextV4, 24);
                    nextV4 += 256;
                }
            }
            UpdateMessage update;
            if (ipv6) {
                attributes.add(new MpReachNlri(V6, Addresses.ipv6("2001:db8::2"), Addresses.ipv6("fe80::2"), block.build()));
                update = UpdateMessage.announce(PathAttributes.of(attributes), PrefixBlock.empty(V4, addPath));
            } else {
                attributes.add(NextHop.of("192.0.2.2"));
                update = UpdateMessage.announce(PathAttributes.of(attributes), block.build());
            }
            messages.add(update);
            total += count;
        }
        this.prefixes = total;
        ByteBuf out = Unpooled.directBuffer(messages.size() * 1024);
        for (UpdateMessage m : messages) {
            BgpMessageEncoder.encode(m, options, out);
        }
        this.wire = out;
    }

    public int bytes() {
        return wire.writerIndex();
    }
}
