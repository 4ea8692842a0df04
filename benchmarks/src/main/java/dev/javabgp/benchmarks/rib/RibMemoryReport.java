package dev.javabgp.benchmarks.rib;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.PeerOptions;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.table.RouteTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Retained heap per route: the heap in use after garbage collection with a full table in the RIB,
 * minus the heap in use before, over the number of routes. The UPDATEs it was loaded from are
 * built before the first measurement and released after loading, so they count in neither.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.javabgp.benchmarks.rib.RibMemoryReport [prefixes]</pre>
 */
public final class RibMemoryReport {

    private RibMemoryReport() {}

    public static void main(String[] args) {
        int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : RibBenchmark.PREFIXES;
        FullTable table = new FullTable(prefixes, 65100, "192.0.2.1", 1000);
        long before = settledHeap();
        Rib rib = new Rib(RibBenchmark.CONFIG.withExpectedPrefixes(prefixes));
        int peer = rib.addPeer(RibBenchmark.peer(0), PeerOptions.DEFAULT);
        new RibLoader().load(rib, peer, table.announcements);
        table.release();
        long after = settledHeap();
        RouteTable ipv4 = rib.table(AddressFamily.IPV4_UNICAST);
        long retained = after - before;
        System.out.printf("routes:                     %,d%n", ipv4.paths().size());
        System.out.printf("distinct attribute sets:    %,d%n", rib.attributeSets().size());
        System.out.printf("retained heap:              %,d bytes (%.1f MiB)%n", retained, retained / 1048576.0);
        System.out.printf("retained heap per route:    %.1f bytes%n", (double) retained / ipv4.paths().size());
        System.out.printf("  of which table arrays:    %.1f bytes per route%n", (double) ipv4.footprintBytes() / ipv4.paths().size());
        System.out.printf("  attribute sets and rest:  %.1f bytes per route%n",
                (double) (retained - ipv4.footprintBytes()) / ipv4.paths().size());
        if (rib.bestRoutes(AddressFamily.IPV4_UNICAST).size() != prefixes) {
            throw new IllegalStateException("not every prefix has a best route");
        }
    }

    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(now - used) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
