package dev.javabgp.rib;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.rib.policy.Policy;
import java.util.Map;
import java.util.Objects;

/**
 * How the RIB treats routes from one peer.
 *
 * @param importPolicy applied to every route before it enters the Loc-RIB
 * @param allowAsIn how often our own AS may appear in an eBGP route's AS_PATH before it is a loop
 *     (RFC 4271 §9.1.2); 0 is the standard behaviour
 * @param prefixLimits per family, the most routes accepted from the peer
 * @param honourGracefulShutdown lower LOCAL_PREF to 0 on routes with GRACEFUL_SHUTDOWN (RFC 8326 §4)
 * @param keepBeforePolicy also keep the routes as received, before import policy (the Adj-RIB-In
 *     of RFC 4271 §3.2 in full), so a changed import policy can be applied again without asking the
 *     peer to resend; costs about as much memory again as the accepted routes
 * @param localAs 0, or the AS this peer knows us by when it is not the RIB's own: its occurrences
 *     in an AS_PATH are loops too
 */
public record PeerOptions(Policy importPolicy, int allowAsIn, Map<AddressFamily, PrefixLimit> prefixLimits,
        boolean honourGracefulShutdown, boolean keepBeforePolicy, long localAs) {

    public static final PeerOptions DEFAULT = new PeerOptions(Policy.ACCEPT_ALL, 0, Map.of(), true, false, 0);

    public PeerOptions {
        Objects.requireNonNull(importPolicy, "importPolicy");
        if (allowAsIn < 0 || allowAsIn > 10) {
            throw new IllegalArgumentException("allowAsIn must be 0..10, not " + allowAsIn);
        }
        prefixLimits = Map.copyOf(prefixLimits);
        if (localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local AS must be 0 (the RIB's) or 1..4294967295, not " + localAs);
        }
    }

    public PeerOptions withLocalAs(long value) {
        return new PeerOptions(importPolicy, allowAsIn, prefixLimits, honourGracefulShutdown, keepBeforePolicy, value);
    }

    public PeerOptions withImportPolicy(Policy value) {
        return new PeerOptions(value, allowAsIn, prefixLimits, honourGracefulShutdown, keepBeforePolicy, localAs);
    }

    public PeerOptions withAllowAsIn(int value) {
        return new PeerOptions(importPolicy, value, prefixLimits, honourGracefulShutdown, keepBeforePolicy, localAs);
    }

    public PeerOptions withKeepBeforePolicy(boolean value) {
        return new PeerOptions(importPolicy, allowAsIn, prefixLimits, honourGracefulShutdown, value, localAs);
    }

    public PeerOptions withPrefixLimit(AddressFamily family, PrefixLimit limit) {
        java.util.HashMap<AddressFamily, PrefixLimit> m = new java.util.HashMap<>(prefixLimits);
        m.put(family, limit);
        return new PeerOptions(importPolicy, allowAsIn, m, honourGracefulShutdown, keepBeforePolicy, localAs);
    }

    /**
     * The most routes of a family accepted from a peer (RFC 4486 §4).
     *
     * @param tearDown close the session with Cease / Maximum Number of Prefixes Reached when
     *     exceeded; otherwise only report it
     */
    public record PrefixLimit(long maximum, boolean tearDown) {
        public PrefixLimit {
            if (maximum < 0 || maximum > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("prefix limit must be 0..4294967295, not " + maximum);
            }
        }
    }
}
