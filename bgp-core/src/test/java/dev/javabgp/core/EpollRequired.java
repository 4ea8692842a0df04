package dev.javabgp.core;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** For tests of what only the epoll transport does: they skip where it is missing, and fail under CI=true. */
public final class EpollRequired {

    private EpollRequired() {}

    public static void check() {
        if (io.netty.channel.epoll.Epoll.isAvailable()) {
            return;
        }
        String message = "this test needs Netty's epoll transport (Linux on x86_64 or aarch64): "
                + io.netty.channel.epoll.Epoll.unavailabilityCause();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + message);
        }
        Assumptions.abort(message);
    }
}
