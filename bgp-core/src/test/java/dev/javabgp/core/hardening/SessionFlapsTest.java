package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.testing.LeakCheck;
import dev.javabgp.codec.testing.Wire;
import dev.javabgp.core.DynamicPeers;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.fsm.FsmState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thousand sessions in a row that come up, announce, and go down in each way a session can end:
 * the peer's FIN, its TCP reset in the middle of an UPDATE, its Cease, and the speaker's own
 * NOTIFICATION for a malformed UPDATE; half from a configured peer, half from peers of a dynamic
 * range. Afterwards the speaker holds what it held before: no buffer, thread, timer, RIB slot,
 * update group, meter or route is left of them, and the observing peer's session never noticed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SessionFlapsTest {

    static final int FLAPS = 1000;
    static final String CONFIGURED = "127.0.0.2";
    static final long CONFIGURED_AS = 65001;
    static final String DYNAMIC_RANGE = "127.0.2.0/24";
    static final long DYNAMIC_AS = 65010;
    static final List<IpPrefix> ANNOUNCED = IntStream.range(0, 10)
            .mapToObj(i -> IpPrefix.ipv4(0x0A080000 + (i << 8), 24)).toList();

    @Test
    void aThousandFlapsLeaveNothingBehind() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ObservedSpeaker bench = ObservedSpeaker.start(
                b -> b.meterRegistry(meters).dynamicPeers(DynamicPeers.of(DYNAMIC_RANGE, DYNAMIC_AS)),
                PeerConfig.of(CONFIGURED, CONFIGURED_AS).withPassive(true))) {
            Transitions transitions = new Transitions();
            bench.speaker.addListener(transitions::heard);

            for (int i = 0; i < 8; i++) { // every way of ending, from both kinds of peer, once the JIT settles
                flap(bench, i, transitions);
            }
            Snapshot before = Snapshot.of(bench, meters);
            long started = System.nanoTime();
            for (int i = 8; i < FLAPS; i++) {
                flap(bench, i, transitions);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            SpeakerProbe.await("the last session gone", ObservedSpeaker.WAIT,
                    () -> bench.state(CONFIGURED) != FsmState.ESTABLISHED && bench.speaker.peers().join().size() == 2);
            Snapshot after = Snapshot.of(bench, meters);
            System.out.printf("%d flaps in %.1f s; before %s; after %s%n", FLAPS - 8, seconds, before, after);

            assertThat(transitions.up.get()).as("sessions that reached Established").isEqualTo(FLAPS);
            assertThat(transitions.down.get()).as("sessions that went down").isEqualTo(FLAPS);
            assertThat(bench.status(CONFIGURED).flaps()).isEqualTo(FLAPS / 2);
            // RFC 4271 §8.2.2: no route of any of them is left, here or at the observer.
            assertThat(bench.locRibFrom(CONFIGURED, AddressFamily.IPV4_UNICAST)).isEmpty();
            assertThat(bench.speaker.routes(AddressFamily.IPV4_UNICAST).join()).isEmpty();
            SpeakerProbe.await("nothing at the observer", ObservedSpeaker.WAIT,
                    () -> bench.observer.routes(AddressFamily.IPV4_UNICAST).join().isEmpty());
            assertThat(after.ribPeers).as("RIB peer slots").isEqualTo(before.ribPeers);
            assertThat(after.ribListeners).as("RIB listeners (update groups)").isEqualTo(before.ribListeners);
            assertThat(after.scheduledTasks).as("timers and other tasks scheduled on the event loop")
                    .isEqualTo(before.scheduledTasks);
            assertThat(after.meters).as("meters").isEqualTo(before.meters);
            Map<Long, String> newThreads = new HashMap<>(after.threads);
            newThreads.keySet().removeAll(before.threads.keySet());
            assertThat(newThreads).as("threads started during the flaps and still running").isEmpty();
            assertThat(bench.status(ObservedSpeaker.OBSERVER).flaps()).isZero();
            assertThat(bench.state(ObservedSpeaker.OBSERVER)).isEqualTo(FsmState.ESTABLISHED);
        }
        LeakCheck.assertNoLeaks(); // Netty's leak detector is at paranoid: every buffer is tracked
    }

    /** One session up and down: from the configured peer on even turns, else from the dynamic range. */
    static void flap(ObservedSpeaker bench, int turn, Transitions transitions) throws Exception {
        boolean configured = turn % 2 == 0;
        String address = configured ? CONFIGURED : "127.0.2." + (1 + turn / 2 % 200);
        long asn = configured ? CONFIGURED_AS : DYNAMIC_AS;
        int downsBefore = transitions.down.get();
        try (RawPeer peer = bench.connect(address)) {
            peer.establish(OpenMessage.of(asn, 0, Addresses.ipv4("10.0.2." + (turn % 250 + 1)), List.of()));
            awaitEndOfRib(peer); // sent once the speaker is Established (RFC 4724 §2)
            peer.send(TransportFaultsTest.announce(asn, ANNOUNCED.toArray(IpPrefix[]::new)));
            switch (turn / 2 % 4) {
                case 0 -> peer.close(); // FIN
                case 1 -> {
                    byte[] cut = TransportFaultsTest.wire(asn, IpPrefix.parse("10.9.0.0/24"));
                    peer.sendBytes(cut, 0, cut.length - 3);
                    peer.reset(); // RST with a partial UPDATE in the speaker's frame decoder
                }
                case 2 -> {
                    peer.send(new NotificationMessage(NotificationCode.CEASE, NotificationCode.ADMINISTRATIVE_RESET));
                    peer.close();
                }
                default -> {
                    peer.sendBytes(Wire.update("", "40 01 01 00 | 40 02 00 | 40 03 04 c0000201 | 40 32 01 00", "18 0a0900"));
                    NotificationMessage n = peer.awaitNotification(ObservedSpeaker.WAIT); // RFC 4271 §6.3: unrecognized well-known
                    assertThat(n.code()).isEqualTo(NotificationCode.UPDATE_MESSAGE_ERROR);
                    assertThat(peer.awaitEnd(ObservedSpeaker.WAIT)).isTrue();
                }
            }
        }
        transitions.awaitDown(downsBefore + 1, "flap " + turn);
    }

    static void awaitEndOfRib(RawPeer peer) throws java.io.IOException {
        for (int i = 0; i < 10; i++) {
            BgpMessage m = peer.read();
            if (m instanceof UpdateMessage u && u.isEndOfRib()) {
                return;
            }
        }
        throw new AssertionError("no End-of-RIB from the speaker");
    }

    /** Counts sessions that reached Established and that left it, from the speaker's status events. */
    static final class Transitions {
        final AtomicInteger up = new AtomicInteger();
        final AtomicInteger down = new AtomicInteger();
        private final Map<String, FsmState> last = new HashMap<>(); // only touched on the event loop

        void heard(PeerStatus status) {
            String peer = status.address().getHostAddress();
            if (peer.equals(ObservedSpeaker.OBSERVER)) {
                return;
            }
            FsmState before = last.put(peer, status.state());
            if (status.state() == FsmState.ESTABLISHED && before != FsmState.ESTABLISHED) {
                up.incrementAndGet();
            } else if (before == FsmState.ESTABLISHED && status.state() != FsmState.ESTABLISHED) {
                synchronized (this) {
                    down.incrementAndGet();
                    notifyAll();
                }
            }
        }

        /** Waits until {@code count} sessions have gone down, for at most {@link ObservedSpeaker#WAIT}. */
        synchronized void awaitDown(int count, String what) throws InterruptedException {
            long deadline = System.nanoTime() + ObservedSpeaker.WAIT.toNanos();
            while (down.get() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + " to go down");
                }
                wait(left);
            }
        }
    }

    /** What the speaker holds that could leak, at a moment when no flapping session is up. */
    record Snapshot(int ribPeers, int ribListeners, int scheduledTasks, int meters, Map<Long, String> threads, long heapBytes) {

        static Snapshot of(ObservedSpeaker bench, SimpleMeterRegistry meters) throws Exception {
            System.gc();
            Runtime r = Runtime.getRuntime();
            Map<Long, String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .collect(Collectors.toMap(Thread::threadId, Thread::getName));
            return new Snapshot(SpeakerProbe.ribPeers(bench.speaker), SpeakerProbe.ribListeners(bench.speaker),
                    SpeakerProbe.scheduledTasks(bench.speaker), meters.getMeters().size(), threads, r.totalMemory() - r.freeMemory());
        }

        @Override
        public String toString() {
            return "RIB peers " + ribPeers + ", RIB listeners " + ribListeners + ", scheduled tasks " + scheduledTasks
                    + ", meters " + meters + ", threads " + threads.size() + ", heap used " + heapBytes / 1024 + " KiB";
        }
    }
}
