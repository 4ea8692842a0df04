package dev.javabgp.benchmarks.netlink;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.dataplane.netlink.NetlinkDataplane;
import dev.javabgp.dataplane.netlink.NetlinkDataplaneConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Routes programmed per second: one {@link DataplaneBatch} of 100,000 forwarding routes (IPv4
 * /24s, then IPv6 /64s) applied through {@link NetlinkDataplane} into a network namespace made for
 * the run, then one batch removing them. Each batch is one run of netlink requests with every ACK
 * read. Medians of the measured runs, after warm-up runs; {@code ip route show} counts the routes
 * in the kernel after each install. Needs root and iproute2 (for the namespace only).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar dev.javabgp.benchmarks.netlink.NetlinkRouteBenchmark</pre>
 */
public final class NetlinkRouteBenchmark {

    private static final int ROUTES = 100_000;
    private static final int PROTOCOL = 201;
    private static final int WARMUP = 2;
    private static final int RUNS = 5;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private NetlinkRouteBenchmark() {}

    public static void main(String[] args) throws Exception {
        String namespace = "jbgp-bench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        run("ip", "netns", "add", namespace);
        try {
            ip(namespace, "link", "set", "lo", "up");
            ip(namespace, "link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer");
            ip(namespace, "addr", "add", "10.99.0.1/24", "dev", "uplink");
            ip(namespace, "addr", "add", "fd00:99::1/64", "dev", "uplink", "nodad");
            ip(namespace, "link", "set", "uplink-peer", "up");
            ip(namespace, "link", "set", "uplink", "up");
            try (NetlinkDataplane dataplane = NetlinkDataplane.open(NetlinkDataplaneConfig.of(PROTOCOL).withNamespace(namespace))) {
                System.out.printf("%d routes per batch into namespace %s, %d warm-up and %d measured runs%n", ROUTES,
                        namespace, WARMUP, RUNS);
                measure(dataplane, namespace, "IPv4 /24 via 10.99.0.2", ipv4Routes(), false);
                measure(dataplane, namespace, "IPv6 /64 via fd00:99::2", ipv6Routes(), true);
            }
        } finally {
            run("ip", "netns", "del", namespace);
        }
    }

    private static void measure(NetlinkDataplane dataplane, String namespace, String what, List<ForwardingRoute> routes,
            boolean ipv6) throws DataplaneException {
        List<IpPrefix> prefixes = routes.stream().map(ForwardingRoute::prefix).toList();
        DataplaneBatch install = new DataplaneBatch(routes, List.of(), List.of(), List.of());
        DataplaneBatch remove = new DataplaneBatch(List.of(), prefixes, List.of(), List.of());
        long[] installNanos = new long[RUNS];
        long[] removeNanos = new long[RUNS];
        long cpu = 0;
        long user = 0;
        for (int run = -WARMUP; run < RUNS; run++) {
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long userBefore = THREADS.getCurrentThreadUserTime();
            long start = System.nanoTime();
            dataplane.apply(install);
            long installed = System.nanoTime() - start;
            if (run >= 0) {
                cpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
                user += THREADS.getCurrentThreadUserTime() - userBefore;
            }
            long inKernel = countRoutes(namespace, ipv6);
            if (inKernel != ROUTES) {
                throw new IllegalStateException("expected " + ROUTES + " routes in the kernel, found " + inKernel);
            }
            start = System.nanoTime();
            dataplane.apply(remove);
            long removed = System.nanoTime() - start;
            if (run >= 0) {
                installNanos[run] = installed;
                removeNanos[run] = removed;
            }
        }
        report(what + ", install", installNanos);
        report(what + ", remove", removeNanos);
        // The thread's CPU time splits into user time (Java: building and parsing messages) and
        // system time (the kernel: routing table updates, ACKs, the socket calls).
        System.out.printf("%-36s thread CPU: %.0f%% system, %.0f%% user%n", what + ", install",
                100.0 * (cpu - user) / cpu, 100.0 * user / cpu);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        System.out.printf("%-36s median %7.1f ms: %,10.0f routes/s (runs: %s ms)%n", what, median / 1e6,
                ROUTES / (median / 1e9), Arrays.stream(nanos).mapToObj(n -> String.format("%.0f", n / 1e6)).toList());
    }

    private static List<ForwardingRoute> ipv4Routes() throws IOException {
        InetAddress nextHop = InetAddress.getByName("10.99.0.2");
        List<ForwardingRoute> routes = new ArrayList<>(ROUTES);
        for (int i = 0; i < ROUTES; i++) {
            routes.add(new ForwardingRoute(IpPrefix.ipv4((11 << 24) + (i << 8), 24), nextHop));
        }
        return routes;
    }

    private static List<ForwardingRoute> ipv6Routes() throws IOException {
        InetAddress nextHop = InetAddress.getByName("fd00:99::2");
        List<ForwardingRoute> routes = new ArrayList<>(ROUTES);
        for (int i = 0; i < ROUTES; i++) {
            byte[] address = new byte[16];
            address[0] = 0x20; // 2001:db8:<i>::/64 and up
            address[1] = 0x01;
            address[2] = 0x0d;
            address[3] = (byte) 0xb8;
            address[4] = (byte) (i >>> 24);
            address[5] = (byte) (i >>> 16);
            address[6] = (byte) (i >>> 8);
            address[7] = (byte) i;
            routes.add(new ForwardingRoute(IpPrefix.of(address, 64), nextHop));
        }
        return routes;
    }

    private static long countRoutes(String namespace, boolean ipv6) {
        return ip(namespace, ipv6 ? "-6" : "-4", "route", "show", "proto", Integer.toString(PROTOCOL)).lines().count();
    }

    private static String ip(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + " (iproute2 and root are needed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
