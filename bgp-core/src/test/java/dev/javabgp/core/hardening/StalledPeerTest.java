package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.fsm.FsmState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that stops reading while routes churn: the speaker queues at most Netty's write-buffer
 * high-water mark for it (what it still owes is a bit per prefix, see FlowControlTest), and
 * another peer's session goes on as before, with every UPDATE and its KEEPALIVEs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StalledPeerTest {

    static final String FEEDER = "127.0.0.2";
    static final String STALLED = "127.0.0.5";
    static final String HEALTHY = "127.0.0.6";
    static final int PREFIXES = 40_000;
    /** Waves sent at most; the test goes on until the stalled peer's socket is full, then three more. */
    static final int MAX_WAVES = 100;

    @Test
    void aPeerThatStopsReadingCostsABoundedQueueAndNothingToTheOthers() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(FEEDER, 65001).withPassive(true),
                PeerConfig.of(STALLED, 65005).withPassive(true), PeerConfig.of(HEALTHY, 65006).withPassive(true));
                RawPeer feeder = bench.connect(FEEDER);
                RawPeer stalled = bench.connect(STALLED);
                RawPeer healthy = bench.connect(HEALTHY)) {
            feeder.establish(OpenMessage.of(65001, 0, Addresses.ipv4("10.0.0.2"), List.of()));
            stalled.establish(OpenMessage.of(65005, 0, Addresses.ipv4("10.0.0.5"), List.of())); // then reads nothing
            healthy.establish(OpenMessage.of(65006, 3, Addresses.ipv4("10.0.0.6"), List.of())); // KEEPALIVEs every second
            SpeakerProbe.await("three sessions", ObservedSpeaker.WAIT, () -> bench.state(FEEDER) == FsmState.ESTABLISHED
                    && bench.state(STALLED) == FsmState.ESTABLISHED && bench.state(HEALTHY) == FsmState.ESTABLISHED);
            Table atHealthy = new Table();
            Thread reader = Thread.ofVirtual().start(() -> atHealthy.follow(healthy));
            Thread talker = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        healthy.send(KeepaliveMessage.INSTANCE);
                        Thread.sleep(1000);
                    }
                } catch (Exception stopped) {
                    // interrupted, or the connection closed at the end
                }
            });
            try {
                long maxQueued = 0;
                boolean backedUp = false;
                int wave = 0;
                // The kernel takes megabytes before the socket is full, depending on its buffer tuning.
                for (int more = 3; wave < MAX_WAVES && more > 0; ) {
                    feeder.sendBytes(wave(++wave));
                    for (int i = 0; i < 5; i++) {
                        long queued = bench.status(STALLED).queuedBytes();
                        maxQueued = Math.max(maxQueued, queued);
                        backedUp |= queued > 0;
                        Thread.sleep(20);
                    }
                    if (backedUp) {
                        more--;
                    }
                }
                int last = wave;
                SpeakerProbe.await("the healthy peer holding the last wave", Duration.ofSeconds(60),
                        () -> atHealthy.holds(PREFIXES, last));
                long keepalivesBefore = atHealthy.keepalives.get();
                Thread.sleep(3500);
                long queued = bench.status(STALLED).queuedBytes();
                maxQueued = Math.max(maxQueued, queued);
                System.out.printf("%d waves of %d prefixes; stalled peer: at most %d bytes queued; healthy peer: %d UPDATEs,"
                        + " %d KEEPALIVEs%n", last, PREFIXES, maxQueued, atHealthy.updates.get(), atHealthy.keepalives.get());

                assertThat(backedUp).as("the stalled peer's socket filled up and Netty held the rest").isTrue();
                // Netty's default high-water mark is 64 KiB; one batch of UPDATEs may go beyond it.
                assertThat(maxQueued).as("bytes queued for the stalled peer").isLessThan(256 * 1024);
                // The healthy peer is untouched: its KEEPALIVEs still come (a third of 3 s) and its session never dropped.
                assertThat(atHealthy.keepalives.get() - keepalivesBefore).isGreaterThanOrEqualTo(2);
                assertThat(atHealthy.notification.get()).isNull();
                assertThat(bench.status(HEALTHY).flaps()).isZero();
                assertThat(bench.state(STALLED)).isEqualTo(FsmState.ESTABLISHED);

                // Once it reads again, the stalled peer gets the table as it is now, not every wave.
                Table atStalled = new Table();
                Thread catchUp = Thread.ofVirtual().start(() -> atStalled.follow(stalled));
                SpeakerProbe.await("the stalled peer catching up", Duration.ofSeconds(60), () -> atStalled.holds(PREFIXES, last));
                System.out.printf("stalled peer caught up with %d UPDATEs%n", atStalled.updates.get());
                catchUp.interrupt();
            } finally {
                talker.interrupt();
                reader.interrupt();
            }
        }
    }

    /** Every prefix announced again with the community 65001:{@code wave}, as UPDATEs packed full. */
    static byte[] wave(int wave) {
        PrefixBlock.Builder b = PrefixBlock.builder(AddressFamily.IPV4_UNICAST, false);
        for (int i = 0; i < PREFIXES; i++) {
            b.addIpv4(0, 0x0A000000 + (i << 8), 24);
        }
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(65001), NextHop.of("192.0.2.1"),
                Communities.of(Communities.parse("65001:" + wave)));
        ByteBuf out = Unpooled.buffer();
        try {
            UpdatePacker.writeAnnouncements(attributes, b.build(), WireOptions.DEFAULT, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** What a raw peer has been sent: each prefix's community value, and the messages counted. */
    static final class Table {
        final Map<IpPrefix, Integer> communities = new ConcurrentHashMap<>();
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger keepalives = new AtomicInteger();
        final AtomicReference<NotificationMessage> notification = new AtomicReference<>();

        void follow(RawPeer peer) {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    BgpMessage m = peer.readOrEnd();
                    switch (m) {
                        case null -> {
                            return;
                        }
                        case UpdateMessage u -> {
                            updates.incrementAndGet();
                            int community = u.attributes().communities() == null ? 0 : u.attributes().communities().get(0);
                            for (IpPrefix p : u.nlri().prefixes()) {
                                communities.put(p, community);
                            }
                            for (IpPrefix p : u.withdrawn().prefixes()) {
                                communities.remove(p);
                            }
                        }
                        case KeepaliveMessage k -> keepalives.incrementAndGet();
                        case NotificationMessage n -> notification.set(n);
                        default -> { }
                    }
                }
            } catch (java.io.IOException e) {
                // the connection closed at the end of the test
            }
        }

        boolean holds(int prefixes, int wave) {
            int expected = 65001 << 16 | wave;
            return communities.size() == prefixes && communities.values().stream().allMatch(c -> c == expected);
        }
    }
}
