package dev.javabgp.benchmarks.rib;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.rib.PeerOptions;
import dev.javabgp.rib.Rib;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The RIB figures (insert, churn, update packing) with the allocation of each operation alone: JMH's GC profiler also counts the
 * per-invocation set-up (loading four full tables for the churn case), so this runner reads the
 * thread's allocation counter around the timed operation only. Medians of the measured runs, after
 * warm-up runs.
 *
 * <pre>java -Xms6g -Xmx6g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.javabgp.benchmarks.rib.RibBenchmarkReport</pre>
 */
public final class RibBenchmarkReport {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RibBenchmarkReport() {}

    public static void main(String[] args) {
        int warmup = 3;
        int runs = 5;
        FullTable[] tables = new FullTable[4];
        for (int i = 0; i < 4; i++) {
            tables[i] = new FullTable(RibBenchmark.PREFIXES, 65100 + i, "192.0.2." + (i + 1), 1000 + i);
        }
        RibLoader loader = new RibLoader();
        long[] insertNanos = new long[runs];
        long[] insertBytes = new long[runs];
        long[] churnNanos = new long[runs];
        long[] churnBytes = new long[runs];
        long[] packNanos = new long[runs];
        long[] packBytes = new long[runs];
        int packedMessages = 0;
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer(1 << 20);
        for (int run = -warmup; run < runs; run++) {
            Rib rib = new Rib(RibBenchmark.CONFIG);
            int[] peers = new int[4];
            for (int i = 0; i < 4; i++) {
                peers[i] = rib.addPeer(RibBenchmark.peer(i), PeerOptions.DEFAULT);
            }
            System.gc();
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            loader.load(rib, peers[0], tables[0].announcements);
            long insert = System.nanoTime() - start;
            long insertAllocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            dev.javabgp.rib.out.UpdateGroup group = RibBenchmark.owedGroup(rib);
            System.gc();
            bytes = THREADS.getCurrentThreadAllocatedBytes();
            start = System.nanoTime();
            packedMessages = RibBenchmark.pack(group, out);
            long pack = System.nanoTime() - start;
            long packAllocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            group.close();
            for (int i = 1; i < 4; i++) {
                loader.load(rib, peers[i], tables[i].announcements);
            }
            var best = rib.best(IpPrefix.parse("11.0.0.0/24")).orElseThrow().peer();
            int withdrawing = 0;
            while (!RibBenchmark.peer(withdrawing).equals(best)) {
                withdrawing++;
            }
            System.gc();
            bytes = THREADS.getCurrentThreadAllocatedBytes();
            start = System.nanoTime();
            loader.load(rib, peers[withdrawing], tables[withdrawing].withdrawals);
            long churn = System.nanoTime() - start;
            long churnAllocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            if (run >= 0) {
                insertNanos[run] = insert;
                insertBytes[run] = insertAllocated;
                churnNanos[run] = churn;
                churnBytes[run] = churnAllocated;
                packNanos[run] = pack;
                packBytes[run] = packAllocated;
            }
        }
        int n = RibBenchmark.PREFIXES;
        System.out.printf("insert 1,000,000 prefixes (50,000 attribute sets) from one peer: %.0f ms, %.2f M prefixes/s, "
                + "%.1f bytes allocated per prefix%n", median(insertNanos) / 1e6, n / (median(insertNanos) / 1e9) / 1e6,
                (double) median(insertBytes) / n);
        System.out.printf("churn, one of 4 full-table peers withdraws everything: %.0f ms, %.2f M prefixes/s, "
                + "%.1f bytes allocated per prefix%n", median(churnNanos) / 1e6, n / (median(churnNanos) / 1e9) / 1e6,
                (double) median(churnBytes) / n);
        System.out.printf("pack the table into UPDATEs for a route-server client (%,d messages): %.0f ms, %.2f M prefixes/s, "
                + "%.1f bytes allocated per prefix%n", packedMessages, median(packNanos) / 1e6, n / (median(packNanos) / 1e9) / 1e6,
                (double) median(packBytes) / n);
        out.release();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
