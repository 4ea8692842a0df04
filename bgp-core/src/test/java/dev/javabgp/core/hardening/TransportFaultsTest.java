package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.LeakCheck;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.fsm.FsmState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the transport can do to a session: a peer's TCP reset in the middle of an UPDATE, messages
 * cut short, and a hold timer that must fire, and only when it should, while the event loop is
 * busy with slow work. Each time the speaker withdraws what it must, leaks no buffer, and takes
 * the peer back when it connects again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransportFaultsTest {

    static final String PEER = "127.0.0.2";
    static final long PEER_AS = 65001;
    static final String OTHER = "127.0.0.4";
    static final long OTHER_AS = 65003;
    static final IpPrefix HELD = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix CUT = IpPrefix.parse("10.2.0.0/24");
    static final Duration WAIT = ObservedSpeaker.WAIT;

    static UpdateMessage announce(long asn, IpPrefix... prefixes) {
        return UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(asn), NextHop.of("192.0.2.1")),
                PrefixBlock.of(AddressFamily.IPV4_UNICAST, prefixes));
    }

    /** An UPDATE announcing {@code prefixes}, as octets to cut short. */
    static byte[] wire(long asn, IpPrefix... prefixes) {
        return Bytes.encode(announce(asn, prefixes), WireOptions.DEFAULT);
    }

    static OpenMessage open(long asn, String routerId, int holdTime) {
        return OpenMessage.of(asn, holdTime, Addresses.ipv4(routerId), List.of());
    }

    /** The peer's session is up and the speaker holds its route {@link #HELD}. */
    static RawPeer establishedHolding(ObservedSpeaker bench, int holdTime) throws Exception {
        RawPeer peer = bench.connect(PEER);
        peer.establish(open(PEER_AS, "10.0.0.2", holdTime));
        SpeakerProbe.await("Established", WAIT, () -> bench.state(PEER) == FsmState.ESTABLISHED);
        peer.send(announce(PEER_AS, HELD));
        bench.awaitHeld(HELD);
        return peer;
    }

    /** The session went down without a NOTIFICATION; its route went, the cut one never came. */
    static void expectDownWithoutNotification(ObservedSpeaker bench) throws InterruptedException {
        SpeakerProbe.await("the session down", WAIT, () -> bench.status(PEER).flaps() == 1);
        assertThat(bench.status(PEER).lastError()).isEqualTo("TCP connection failed or closed");
        bench.awaitGone(HELD); // RFC 4271 §8.2.2
        assertThat(bench.locRib(CUT)).isEmpty();
    }

    /** The peer connects again and its session and routes come back. */
    static void expectRecovery(ObservedSpeaker bench) throws Exception {
        try (RawPeer again = bench.connect(PEER)) {
            again.establish(open(PEER_AS, "10.0.0.2", 0));
            SpeakerProbe.await("Established again", WAIT, () -> bench.state(PEER) == FsmState.ESTABLISHED);
            again.send(announce(PEER_AS, CUT));
            bench.awaitHeld(CUT);
        }
    }

    @Test
    void aResetInTheMiddleOfAnUpdateDropsTheSessionAndThePartialMessage() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true))) {
            RawPeer peer = establishedHolding(bench, 0);
            byte[] cut = wire(PEER_AS, CUT, IpPrefix.parse("10.3.0.0/24"));
            peer.sendBytes(cut, 0, cut.length / 2);
            Thread.sleep(200); // the speaker reads the first half into its frame decoder
            peer.reset(); // RST: SO_LINGER 0
            expectDownWithoutNotification(bench);
            expectRecovery(bench);
        }
        LeakCheck.assertNoLeaks(); // the half message held by the frame decoder was released
    }

    @Test
    void aHeaderWithoutItsBodyWaitsThenGoesWithTheConnection() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true))) {
            RawPeer peer = establishedHolding(bench, 0);
            byte[] cut = wire(PEER_AS, CUT);
            peer.sendBytes(cut, 0, 19); // the header promises a body that does not come
            Thread.sleep(1000);
            // Half a message is no message: nothing happens until the rest comes or the connection goes.
            assertThat(bench.state(PEER)).isEqualTo(FsmState.ESTABLISHED);
            assertThat(bench.locRib(CUT)).isEmpty();
            peer.close(); // FIN
            expectDownWithoutNotification(bench);
            expectRecovery(bench);
        }
        LeakCheck.assertNoLeaks();
    }

    @Test
    void aMessageTrickledInOctetByOctetDoesNotHoldOffTheHoldTimer() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true))) {
            RawPeer peer = establishedHolding(bench, 3); // RFC 4271 §4.2: the smaller hold time, 3 s
            IpPrefix[] many = new IpPrefix[12];
            many[0] = CUT;
            for (int i = 1; i < many.length; i++) {
                many[i] = IpPrefix.ipv4(0x0A030000 + (i << 8), 24);
            }
            byte[] cut = wire(PEER_AS, many); // about 90 octets: more than 15 s of trickling
            AtomicInteger sent = new AtomicInteger(19);
            peer.sendBytes(cut, 0, 19);
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    while (sent.get() < cut.length - 1) { // never the last octet
                        Thread.sleep(250);
                        peer.sendBytes(cut, sent.get(), sent.get() + 1);
                        sent.incrementAndGet();
                    }
                } catch (Exception closed) {
                    // the speaker closed the connection
                }
            });
            // RFC 4271 §6.5: octets of a message that never completes are no KEEPALIVE or UPDATE.
            NotificationMessage n = peer.awaitNotification(WAIT);
            int sentBefore = sent.get();
            trickle.interrupt();
            trickle.join(5000);
            assertThat(n.code()).isEqualTo(NotificationCode.HOLD_TIMER_EXPIRED);
            assertThat(n.subcode()).isZero();
            // Had the octets counted, the timer could only have fired once they stopped coming.
            assertThat(sentBefore).as("octets trickled before the NOTIFICATION").isLessThan(cut.length - 1);
            assertThat(peer.awaitEnd(WAIT)).isTrue();
            SpeakerProbe.await("the session down", WAIT, () -> bench.status(PEER).flaps() == 1);
            assertThat(bench.status(PEER).lastError()).contains("Hold Timer Expired");
            bench.awaitGone(HELD);
            assertThat(bench.locRib(CUT)).isEmpty();
            peer.close();
            expectRecovery(bench);
        }
        LeakCheck.assertNoLeaks();
    }

    @Test
    void theHoldTimerFiresWhileTheEventLoopIsBusyWithSlowListeners() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true),
                PeerConfig.of(OTHER, OTHER_AS).withPassive(true))) {
            // Slow work on the event loop after every batch of changes, as a slow route listener or
            // dataplane would do: the loop is busy nearly all the time while routes keep changing.
            bench.speaker.addRouteListener((best, withdrawn) -> sleep(200));
            RawPeer churner = bench.connect(OTHER);
            churner.establish(open(OTHER_AS, "10.0.0.4", 0));
            AtomicBoolean churning = new AtomicBoolean(true);
            Thread churn = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; churning.get(); i++) {
                        IpPrefix p = IpPrefix.ipv4(0x0A640000 + (i % 256 << 8), 24);
                        churner.send(i % 512 < 256 ? announce(OTHER_AS, p) : UpdateMessage.withdraw(PrefixBlock.of(AddressFamily.IPV4_UNICAST, p)));
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    churning.set(false);
                }
            });
            try {
                RawPeer silent = bench.connect(PEER);
                long quietSince = System.nanoTime(); // the peer's KEEPALIVE in establish is its last message
                silent.establish(open(PEER_AS, "10.0.0.2", 3));
                NotificationMessage n = silent.awaitNotification(Duration.ofSeconds(20));
                double waited = (System.nanoTime() - quietSince) / 1e9;
                System.out.printf("hold timer of 3 s fired after %.2f s on a busy loop%n", waited);
                assertThat(n.code()).isEqualTo(NotificationCode.HOLD_TIMER_EXPIRED);
                assertThat(waited).as("seconds until the hold timer fired").isBetween(2.9, 10.0);
                silent.close();
                // The session recovers while the loop is still busy, and the busy peer never noticed.
                expectRecovery(bench);
                assertThat(churning.get()).as("the churning peer still sends").isTrue();
                assertThat(bench.state(OTHER)).isEqualTo(FsmState.ESTABLISHED);
                assertThat(bench.status(OTHER).flaps()).isZero();
            } finally {
                churning.set(false);
                churn.join(5000);
                churner.close();
            }
        }
    }

    @Test
    void aLoopStalledLongerThanTheHoldTimeDoesNotBlameAPeerWhoseKeepalivesWaitUnread() throws Exception {
        IpPrefix slow = IpPrefix.parse("10.5.0.0/24");
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true),
                PeerConfig.of(OTHER, OTHER_AS).withPassive(true))) {
            // One piece of slow work, longer than the hold time, when the route to 10.5.0.0/24 arrives.
            bench.speaker.addRouteListener((best, withdrawn) -> {
                if (best.stream().anyMatch(r -> r.prefix().equals(slow))) {
                    sleep(4500);
                }
            });
            RawPeer talker = bench.connect(OTHER);
            talker.establish(open(OTHER_AS, "10.0.0.4", 3));
            AtomicBoolean talking = new AtomicBoolean(true);
            Thread keepalives = Thread.ofVirtual().start(() -> {
                try {
                    while (talking.get()) {
                        talker.send(KeepaliveMessage.INSTANCE); // RFC 4271 §4.4: every third of the hold time
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    talking.set(false);
                }
            });
            try {
                SpeakerProbe.await("Established", WAIT, () -> bench.state(OTHER) == FsmState.ESTABLISHED);
                RawPeer peer = establishedHolding(bench, 0);
                peer.send(announce(PEER_AS, slow));
                Thread.sleep(6000); // the stall and what follows it
                // The KEEPALIVEs arrived on time; only the speaker was late to read them (RFC 4271 §6.5).
                assertThat(bench.state(OTHER)).isEqualTo(FsmState.ESTABLISHED);
                assertThat(bench.status(OTHER).flaps()).isZero();
                assertThat(talking.get()).as("the peer still talks to an open connection").isTrue();
                peer.close();
            } finally {
                talking.set(false);
                keepalives.join(5000);
                talker.close();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
