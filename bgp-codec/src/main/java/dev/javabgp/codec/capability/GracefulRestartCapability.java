package dev.javabgp.codec.capability;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.List;

/**
 * Graceful restart (RFC 4724 §3; the N bit from RFC 8538 §2).
 *
 * @param restarting the Restart State (R) bit: the speaker has restarted
 * @param notification the N bit: graceful restart also covers NOTIFICATION (RFC 8538)
 * @param restartTime seconds the peer should keep routes while the session is down, 0..4095
 * @param families the families whose forwarding state may be preserved
 */
public record GracefulRestartCapability(boolean restarting, boolean notification, int restartTime, List<Family> families)
        implements Capability {

    public static final int MAX_RESTART_TIME = 0x0FFF;

    public GracefulRestartCapability {
        if (restartTime < 0 || restartTime > MAX_RESTART_TIME) {
            throw new IllegalArgumentException("graceful restart time must be 0..4095 seconds, not " + restartTime);
        }
        families = List.copyOf(families);
    }

    /** One family and whether forwarding state was preserved for it (the F bit). */
    public record Family(AddressFamily family, boolean forwardingPreserved) {}

    @Override
    public int code() {
        return GRACEFUL_RESTART;
    }
}
