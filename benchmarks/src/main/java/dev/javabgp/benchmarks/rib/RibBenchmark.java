package dev.javabgp.benchmarks.rib;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.PeerOptions;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.RibConfig;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The RIB with a full table: inserting 1,000,000 IPv4 prefixes with 50,000 attribute sets from one
 * peer into Adj-RIB-In and Loc-RIB, best-path churn when one of four peers with the full table
 * withdraws everything, and update packing: a route-server client's update group writing the whole
 * table as UPDATEs. Each operation is the whole table; prefixes/s is 1,000,000 divided by the time
 * ({@link RibBenchmarkReport} prints it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class RibBenchmark {

    public static final int PREFIXES = 1_000_000;
    static final RibConfig CONFIG = new RibConfig(65001, Addresses.ipv4("10.255.0.1")).withExpectedPrefixes(PREFIXES);

    private FullTable[] tables;
    private final RibLoader loader = new RibLoader();
    private Rib rib;
    private int[] peers;

    static PeerInfo peer(int i) {
        return new PeerInfo(Addresses.ipv4("192.0.2." + (i + 1)), 65100 + i, Addresses.ipv4("10.0.0." + (i + 1)), true, false, false);
    }

    @Setup(Level.Trial)
    public void tables() {
        tables = new FullTable[4];
        for (int i = 0; i < 4; i++) {
            tables[i] = new FullTable(PREFIXES, 65100 + i, "192.0.2." + (i + 1), 1000 + i);
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        for (FullTable t : tables) {
            t.release();
        }
    }

    /** A fresh RIB for the insert benchmark. */
    @State(Scope.Thread)
    public static class Empty {
        Rib rib;
        int peer;

        @Setup(Level.Invocation)
        public void create() {
            rib = new Rib(CONFIG);
            peer = rib.addPeer(peer(0), PeerOptions.DEFAULT);
        }
    }

    /** A RIB holding the full table from four peers, for the churn benchmark. */
    @State(Scope.Thread)
    public static class Loaded {
        Rib rib;
        int[] peers = new int[4];

        @Setup(Level.Invocation)
        public void load(RibBenchmark b) {
            rib = new Rib(CONFIG);
            for (int i = 0; i < 4; i++) {
                peers[i] = rib.addPeer(peer(i), PeerOptions.DEFAULT);
                b.loader.load(rib, peers[i], b.tables[i].announcements);
            }
        }
    }

    static final WireOptions TO_CLIENT = WireOptions.DEFAULT.withFourOctetAs(true);

    /** A RIB holding one full table and a new route-server client's update group, which owes all of it. */
    @State(Scope.Thread)
    public static class Owed {
        Rib rib;
        UpdateGroup group;
        ByteBuf out = Unpooled.buffer(1 << 20);

        @Setup(Level.Invocation)
        public void load(RibBenchmark b) {
            rib = new Rib(CONFIG);
            b.loader.load(rib, rib.addPeer(peer(0), PeerOptions.DEFAULT), b.tables[0].announcements);
            group = owedGroup(rib);
        }

        @TearDown(Level.Invocation)
        public void close() {
            group.close();
        }

        @TearDown(Level.Trial)
        public void release() {
            out.release();
        }
    }

    static UpdateGroup owedGroup(Rib rib) {
        return new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.ROUTE_SERVER_CLIENT, Addresses.ipv4("10.255.0.1")),
                Set.of(AddressFamily.IPV4_UNICAST), -1);
    }

    /** Writes what the group owes, 2,048 prefixes a call as a session does; returns the UPDATEs written. */
    static int pack(UpdateGroup group, ByteBuf out) {
        int messages = 0;
        while (group.hasPending()) {
            messages += group.write(TO_CLIENT, out, 2048);
            out.clear();
        }
        return messages;
    }

    @Benchmark
    public int packFullTable(Owed o) {
        return pack(o.group, o.out);
    }

    @Benchmark
    public Rib insertFullTable(Empty e) {
        loader.load(e.rib, e.peer, tables[0].announcements);
        return e.rib;
    }

    /** The best peer for every prefix withdraws its whole table; every prefix gets a new best path. */
    @Benchmark
    public Rib churnBestPeerWithdrawsEverything(Loaded l) {
        int best = bestPeer(l);
        loader.load(l.rib, l.peers[best], tables[best].withdrawals);
        return l.rib;
    }

    private static int bestPeer(Loaded l) {
        var route = l.rib.best(dev.javabgp.codec.nlri.IpPrefix.parse("11.0.0.0/24")).orElseThrow();
        for (int i = 0; i < 4; i++) {
            if (route.peer().equals(peer(i))) {
                return i;
            }
        }
        throw new IllegalStateException("no best peer");
    }
}
