package dev.javabgp.core;

/**
 * Hears of session changes. A listener added to a running speaker first receives the current
 * status of every peer, then every change after it, in order, on the speaker's event loop: it
 * misses nothing in between. Keep it quick; it runs where the sessions run.
 */
@FunctionalInterface
public interface SessionListener {
    void sessionChanged(PeerStatus status);
}
