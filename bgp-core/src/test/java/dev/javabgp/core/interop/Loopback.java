package dev.javabgp.core.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback addresses and free ports: the harness never binds or connects anywhere else. */
public final class Loopback {

    private static final int FIRST_PORT = 10000;
    private static final int EPHEMERAL_FLOOR = ephemeralFloor();

    private Loopback() {
    }

    /** Throws unless the literal is a loopback address (127.0.0.0/8 or ::1). */
    public static void require(String literal) {
        if (!parse(literal).isLoopbackAddress()) {
            throw new IllegalArgumentException(literal + " is not a loopback address; the harness uses loopback only");
        }
    }

    /** The canonical text of an address literal (so "::1" and "0:0:0:0:0:0:0:1" compare equal). */
    public static String normalize(String literal) {
        InetAddress a = parse(literal);
        return a.getHostAddress().equals("0:0:0:0:0:0:0:1") ? "::1" : a.getHostAddress();
    }

    private static InetAddress parse(String literal) {
        if (literal == null || !literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Ports handed out in this JVM, so two calls never return the same one. */
    private static final AtomicInteger NEXT = new AtomicInteger(
            ThreadLocalRandom.current().nextInt(0, EPHEMERAL_FLOOR - FIRST_PORT));

    /**
     * A TCP port that is free on the given loopback address right now, taken below the kernel's
     * ephemeral range: a port from that range can be taken at any moment as the local end of some
     * outgoing connection, and a daemon that binds it a moment later fails with EADDRINUSE.
     */
    public static int freePort(String address) {
        require(address);
        int span = EPHEMERAL_FLOOR - FIRST_PORT;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST_PORT + Math.floorMod(NEXT.getAndIncrement(), span);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(parse(address), port));
                return port;
            } catch (IOException taken) {
                // in use on this address: try the next one
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_PORT + " and " + EPHEMERAL_FLOOR + " on " + address);
    }

    private static int ephemeralFloor() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Math.max(FIRST_PORT + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32768; // Linux's default
        }
    }
}
