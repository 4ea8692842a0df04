package dev.javabgp.codec.capability;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.List;

/** Long-lived graceful restart (RFC 9494 §3): per family, how long stale routes may be kept. */
public record LongLivedGracefulRestartCapability(List<Family> families) implements Capability {

    public static final int MAX_STALE_TIME = 0xFF_FFFF;

    public LongLivedGracefulRestartCapability {
        families = List.copyOf(families);
    }

    /** One family, its F bit, and the long-lived stale time in seconds (24 bits). */
    public record Family(AddressFamily family, boolean forwardingPreserved, int staleTime) {
        public Family {
            if (staleTime < 0 || staleTime > MAX_STALE_TIME) {
                throw new IllegalArgumentException("long-lived stale time must be 0..16777215 seconds, not " + staleTime);
            }
        }
    }

    @Override
    public int code() {
        return LONG_LIVED_GRACEFUL_RESTART;
    }
}
