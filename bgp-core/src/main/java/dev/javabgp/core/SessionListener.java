package dev.javabgp.core;

/**
 * Hears of session changes. A listener added to a running speaker first receives the current
 * status of every peer, then every change after it, in order, on the speaker's event loop: it
 * misses nothing in between. Keep it quick; it runs where the sessions run. What it throws is logged
 * and changes nothing else: it stays registered and the sessions carry on. It may call
 * {@link BgpSpeaker#close()}, which then starts the stop and returns at once.
 */
@FunctionalInterface
public interface SessionListener {
    void sessionChanged(PeerStatus status);
}
