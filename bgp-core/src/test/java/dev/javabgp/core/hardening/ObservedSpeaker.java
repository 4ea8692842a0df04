package dev.javabgp.core.hardening;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.core.interop.Loopback;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The speaker under test on 127.0.0.1 (AS 64512), listening for the peers a test configures, with
 * a second speaker on 127.0.0.3 (AS 65002) as its eBGP peer: what the first holds in its Loc-RIB,
 * the second shows as passed on.
 */
final class ObservedSpeaker implements AutoCloseable {

    static final String SPEAKER = "127.0.0.1";
    static final String OBSERVER = "127.0.0.3";
    static final long OUR_AS = 64512;
    static final long OBSERVER_AS = 65002;
    static final Duration WAIT = Duration.ofSeconds(10);

    final BgpSpeaker speaker;
    final BgpSpeaker observer;
    final int port;

    private ObservedSpeaker(BgpSpeaker speaker, BgpSpeaker observer, int port) {
        this.speaker = speaker;
        this.observer = observer;
        this.port = port;
    }

    /** Starts both with the observer's session Established; {@code configure} adds to the speaker's builder. */
    static ObservedSpeaker start(UnaryOperator<BgpSpeaker.Builder> configure, PeerConfig... peers) throws Exception {
        int port = Loopback.freePort(SPEAKER);
        BgpSpeaker.Builder b = BgpSpeaker.builder(OUR_AS, "10.0.0.1").listen(SPEAKER, port)
                .peer(PeerConfig.of(OBSERVER, OBSERVER_AS).withPassive(true));
        for (PeerConfig p : peers) {
            b.peer(p);
        }
        BgpSpeaker speaker = configure.apply(b).build();
        speaker.start().get(10, TimeUnit.SECONDS);
        BgpSpeaker observer = BgpSpeaker.builder(OBSERVER_AS, "10.0.0.3")
                .peer(PeerConfig.of(SPEAKER, OUR_AS).withPort(port).withLocalAddress(OBSERVER)).build();
        ObservedSpeaker started = new ObservedSpeaker(speaker, observer, port);
        try {
            observer.start().get(10, TimeUnit.SECONDS);
            SpeakerProbe.await("the observer's session", WAIT, () -> observer.state(SPEAKER).join() == FsmState.ESTABLISHED);
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
        return started;
    }

    static ObservedSpeaker start(PeerConfig... peers) throws Exception {
        return start(b -> b, peers);
    }

    /** A raw peer connecting from {@code address} to the speaker. */
    RawPeer connect(String address) throws java.io.IOException {
        return new RawPeer(address, SPEAKER, port);
    }

    Optional<Route> locRib(IpPrefix p) {
        return speaker.routes(p.family()).join().stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    /** The Loc-RIB's routes of a family learned from the peer at {@code address}. */
    List<Route> locRibFrom(String address, AddressFamily family) {
        return speaker.routes(family).join().stream()
                .filter(r -> r.peer() != null && r.peer().address().getHostAddress().equals(address)).toList();
    }

    Optional<Route> atObserver(IpPrefix p) {
        return observer.routes(p.family()).join().stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    FsmState state(String address) {
        return speaker.state(address).join();
    }

    PeerStatus status(String address) {
        return speaker.peers().join().stream().filter(s -> s.address().getHostAddress().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + address));
    }

    /** Waits until the Loc-RIB and the observer both hold {@code p}. */
    void awaitHeld(IpPrefix p) throws InterruptedException {
        SpeakerProbe.await(p + " in the Loc-RIB", WAIT, () -> locRib(p).isPresent());
        SpeakerProbe.await(p + " at the observer", WAIT, () -> atObserver(p).isPresent());
    }

    /** Waits until neither the Loc-RIB nor the observer holds {@code p}. */
    void awaitGone(IpPrefix p) throws InterruptedException {
        SpeakerProbe.await(p + " gone from the Loc-RIB", WAIT, () -> locRib(p).isEmpty());
        SpeakerProbe.await(p + " withdrawn at the observer", WAIT, () -> atObserver(p).isEmpty());
    }

    @Override
    public void close() {
        observer.close();
        speaker.close();
    }
}
