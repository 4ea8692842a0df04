package dev.javabgp.dataplane.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of the test's own ({@code ip netns add jbgp-test-<random>}), with loopback
 * up and an "uplink" veth device on 10.99.0.1/24 and fd00:99::1/64 so that forwarding routes
 * have a reachable next hop (10.99.0.2, fd00:99::2). iproute2 reads back what the dataplane
 * programmed. Closing deletes the namespace and everything in it.
 */
final class TestNamespace implements AutoCloseable {

    static final String UPLINK_V4 = "10.99.0.1";
    static final String NEXT_HOP_V4 = "10.99.0.2";
    static final String UPLINK_V6 = "fd00:99::1";
    static final String NEXT_HOP_V6 = "fd00:99::2";
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    /**
     * Skips the test on a machine where it cannot run (not root, or no iproute2), or fails it
     * when the environment variable CI is "true": CI runs as root with iproute2 installed.
     */
    static void requireRootAndIproute2() {
        String missing = null;
        List<String> capabilities = missingCapabilities(effectiveCapabilities());
        if (!isRoot()) {
            missing = "root (CAP_NET_ADMIN and CAP_SYS_ADMIN to make network namespaces and program them)";
        } else if (!capabilities.isEmpty()) {
            missing = String.join(" and ", capabilities) + ", which this root process lacks (CapEff in /proc/self/status; "
                    + "a container needs --cap-add NET_ADMIN --cap-add SYS_ADMIN, or --privileged)";
        } else if (findBinary("ip") == null || findBinary("bridge") == null) {
            missing = "iproute2's ip and bridge commands (Debian package iproute2; .ci/run installs it)";
        }
        if (missing != null) {
            skipOrFail(missing);
        }
    }

    /** Aborts the test with the reason, or fails it when the environment variable CI is "true". */
    static void skipOrFail(String missing) {
        String message = "netlink dataplane test needs " + missing;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + message);
        }
        Assumptions.abort(message);
    }

    static TestNamespace create() {
        requireRootAndIproute2();
        String name = "jbgp-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        TestNamespace ns = new TestNamespace(name);
        run("ip", "netns", "add", name);
        try {
            ns.ip("link", "set", "lo", "up");
            // A veth pair rather than a dummy device: every kernel with namespaces has veth.
            ns.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer");
            ns.ip("addr", "add", UPLINK_V4 + "/24", "dev", "uplink");
            ns.ip("addr", "add", UPLINK_V6 + "/64", "dev", "uplink", "nodad");
            ns.ip("link", "set", "uplink-peer", "up");
            ns.ip("link", "set", "uplink", "up");
            return ns;
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    /** {@code ip -n <ns> args...}; fails the test when it exits with an error. */
    String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** {@code bridge -n <ns> args...}. */
    String bridge(String... args) {
        List<String> command = new ArrayList<>(List.of("bridge", "-n", name));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** The routes of a protocol number in a table, one per line, as {@code ip route show} prints them. */
    List<String> routes(int protocol, long table, boolean ipv6) {
        return lines(ip(ipv6 ? "-6" : "-4", "route", "show", "table", Long.toString(table), "proto", Integer.toString(protocol)));
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Runs a command, bounded in time; returns its output or fails with its error output. */
    static String run(String... command) {
        Process process = null;
        try {
            Path output = Files.createTempFile("jbgp-ip", ".out");
            try {
                String[] resolved = command.clone();
                Path binary = findBinary(command[0]);
                if (binary != null) {
                    resolved[0] = binary.toString();
                }
                process = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    // linux/capability.h
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    /** The capabilities the tests need (setns and namespaces: SYS_ADMIN; netlink changes: NET_ADMIN) not in {@code capEff}. */
    static List<String> missingCapabilities(long capEff) {
        List<String> missing = new ArrayList<>();
        if ((capEff & (1L << CAP_NET_ADMIN)) == 0) {
            missing.add("CAP_NET_ADMIN");
        }
        if ((capEff & (1L << CAP_SYS_ADMIN)) == 0) {
            missing.add("CAP_SYS_ADMIN");
        }
        return missing;
    }

    /** The process's effective capability set, as the hex CapEff line of /proc/self/status gives it; 0 if unreadable. */
    private static long effectiveCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("CapEff:"))
                    .mapToLong(l -> Long.parseUnsignedLong(l.substring("CapEff:".length()).strip(), 16))
                    .findFirst().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0")); // effective uid
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findBinary(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }
}
