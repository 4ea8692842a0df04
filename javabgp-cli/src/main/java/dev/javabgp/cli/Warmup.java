package dev.javabgp.cli;

import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.UpdateReader;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.PeerOptions;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.RibConfig;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Runs the per-prefix path of a route server (UPDATE read in place, RIB insert and decision,
 * update packing) over a throwaway table before the listener opens, so the JIT has compiled it
 * when the first peer's table arrives rather than while it does. The table is dropped afterwards.
 */
final class Warmup {

    private Warmup() {}

    /** Passes {@code prefixes} synthetic /24s through a scratch RIB in rounds; returns the milliseconds taken. */
    static long run(int prefixes) {
        long start = System.nanoTime();
        int perRound = Math.min(prefixes, 10_000); // small rounds: the scratch tables stay small beside the real one
        for (int done = 0; done < prefixes; done += perRound) {
            round(perRound);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void round(int prefixes) {
        WireOptions options = WireOptions.DEFAULT.withFourOctetAs(true);
        Rib rib = new Rib(new RibConfig(65001, Addresses.ipv4("10.255.255.1")).withExpectedPrefixes(prefixes));
        int source = rib.addPeer(new PeerInfo(Addresses.ipv4("127.0.0.2"), 65002, Addresses.ipv4("10.255.255.2"), true, false, true),
                PeerOptions.DEFAULT);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.ROUTE_SERVER_CLIENT,
                Addresses.ipv4("10.255.255.1")));
        ByteBuf wire = Unpooled.buffer(64 * prefixes);
        for (int k = 0, sent = 0; sent < prefixes; k++) {
            PrefixBlock.Builder block = PrefixBlock.builder(AddressFamily.IPV4_UNICAST, false);
            for (int i = 0; i < 20 && sent < prefixes; i++, sent++) {
                block.addIpv4(0, 0x0B00_0000 + (sent << 8), 24);
            }
            PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(65002, 64600 + k % 300),
                    NextHop.of("127.0.0.2"), new MultiExitDisc(k % 100));
            UpdatePacker.writeAnnouncements(attributes, block.build(), options, wire);
        }
        UpdateReader reader = new UpdateReader();
        while (wire.isReadable()) {
            reader.read(wire, options, rib.inbound(source));
        }
        rib.settle();
        ByteBuf out = Unpooled.buffer(64 * prefixes);
        while (group.hasPending()) {
            group.write(options, out, 2048);
            out.clear();
        }
        group.close();
        rib.removePeer(source);
        rib.settle();
        wire.release();
        out.release();
    }
}
