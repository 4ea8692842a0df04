package dev.javabgp.benchmarks.rib;

import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;

/**
 * A full IPv4 table as one peer sends it: {@code prefixes} /24s from 11.0.0.0 upward, 20 prefixes
 * per attribute set (so 1,000,000 prefixes carry 50,000 distinct sets), AS paths of 2 to 6 hops and
 * a MED, as UPDATEs back to back in one heap buffer. The same table can be had as withdrawals.
 */
public final class FullTable {

    public static final int PREFIXES_PER_SET = 20;

    public final int prefixes;
    public final ByteBuf announcements;
    public final ByteBuf withdrawals;
    public final int messages;

    public FullTable(int prefixes, long peerAs, String nextHop, long seed) {
        this.prefixes = prefixes;
        Random random = new Random(seed);
        ByteBuf announce = Unpooled.buffer(prefixes * 8);
        ByteBuf withdraw = Unpooled.buffer(prefixes * 5);
        int count = 0;
        for (int first = 0; first < prefixes; first += PREFIXES_PER_SET) {
            int n = Math.min(PREFIXES_PER_SET, prefixes - first);
            PrefixBlock.Builder block = PrefixBlock.builder(AddressFamily.IPV4_UNICAST, false);
            for (int i = 0; i < n; i++) {
                block.addIpv4(0, 0x0B000000 + ((first + i) << 8), 24);
            }
            long[] path = new long[2 + random.nextInt(5)];
            path[0] = peerAs;
            for (int h = 1; h < path.length; h++) {
                path[h] = 131072 + random.nextInt(60000); // never our own AS, which would be a loop
            }
            PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(path), NextHop.of(nextHop),
                    new MultiExitDisc(first / PREFIXES_PER_SET));
            PrefixBlock built = block.build();
            BgpMessageEncoder.encode(UpdateMessage.announce(attributes, built), WireOptions.DEFAULT, announce);
            count++;
            UpdatePacker.writeWithdrawals(built, WireOptions.DEFAULT, withdraw);
        }
        this.announcements = announce;
        this.withdrawals = withdraw;
        this.messages = count;
    }

    public void release() {
        announcements.release();
        withdrawals.release();
    }
}
