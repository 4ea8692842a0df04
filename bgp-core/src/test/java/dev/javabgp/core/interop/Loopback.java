package dev.javabgp.core.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Loopback addresses and free ports: the harness never binds or connects anywhere else. */
public final class Loopback {

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

    /**
     * A TCP port above 10000 that is free on the given loopback address right now (the kernel's pick,
     * so two calls in a row return different ports).
     */
    public static int freePort(String address) {
        require(address);
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(parse(address), 0));
                if (s.getLocalPort() > 10000) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port above 10000 on " + address);
    }
}
