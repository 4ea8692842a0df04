package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.Dataplane;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.InMemoryDataplane;
import dev.javabgp.core.dataplane.TunnelEndpoint;
import dev.javabgp.fsm.FsmState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The speaker's one event loop carries every session: a slow dataplane, a listener that throws or
 * closes the speaker, and calls after the stop must not hold it up or break it.
 */
class EventLoopSafetyTest {

    static final PathAttributes FROM_A = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"));

    /** Records each call and the thread it came on; {@link #gate} holds calls until it opens. */
    static final class GatedDataplane implements Dataplane {
        final InMemoryDataplane state = new InMemoryDataplane();
        final CountDownLatch gate = new CountDownLatch(1);
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<DataplaneBatch> batches = new CopyOnWriteArrayList<>();
        final AtomicInteger synchronizations = new AtomicInteger();
        /** How many of the next calls (apply or synchronize) to refuse. */
        final AtomicInteger refuse = new AtomicInteger();

        @Override
        public void apply(DataplaneBatch batch) throws DataplaneException {
            enter();
            batches.add(batch);
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DataplaneException("route " + batch.routes() + ": refused for the test");
            }
            state.apply(batch);
        }

        @Override
        public void synchronize(List<ForwardingRoute> routes, List<TunnelEndpoint> tunnels) throws DataplaneException {
            enter();
            synchronizations.incrementAndGet();
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new DataplaneException("the synchronisation: refused for the test");
            }
            state.synchronize(routes, tunnels);
        }

        private void enter() {
            threads.add(Thread.currentThread().getName());
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BgpSpeaker a;
    private BgpSpeaker b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** a announces to b; b (AS 64513) has the dataplane. */
    void pair(Dataplane dataplane) throws Exception {
        int portA = TwoSpeakersTest.freePort("127.0.0.1");
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB).dataplane(dataplane)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true)).build();
        b.start().get(10, TimeUnit.SECONDS);
        a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA)
                .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1")).build();
        a.start().get(10, TimeUnit.SECONDS);
        TwoSpeakersTest.await("Established", () -> b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
    }

    @Test
    void aDataplaneThatTakesItsTimeHoldsUpNoSessionAndGetsTheQueuedBatchesMergedInOrder() throws Exception {
        GatedDataplane dataplane = new GatedDataplane();
        pair(dataplane);
        IpPrefix first = IpPrefix.parse("198.51.100.0/24");
        IpPrefix second = IpPrefix.parse("198.51.101.0/24");
        a.announce(first, FROM_A).get();
        // b's End-of-RIB and the route: the synchronisation, then a batch, wait at the gate.
        TwoSpeakersTest.await("the dataplane called", () -> !dataplane.threads.isEmpty());

        // The kernel is "busy": b's loop still answers, and takes the route's changes.
        long started = System.nanoTime();
        assertThat(b.peers().get(5, TimeUnit.SECONDS)).singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo(FsmState.ESTABLISHED));
        a.announce(second, FROM_A).get();
        a.withdraw(first).get();
        TwoSpeakersTest.await("the changes at b", () -> TwoSpeakersTest.routes(b, AddressFamily.IPV4_UNICAST).stream()
                .map(r -> r.prefix()).toList().equals(List.of(second)));
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(10)); // not waiting for the gate
        dataplane.gate.countDown();

        TwoSpeakersTest.await("the dataplane's final state", () -> dataplane.state.routes().keySet().equals(java.util.Set.of(second)));
        assertThat(dataplane.threads).allSatisfy(t -> assertThat(t).isEqualTo("javabgp-dataplane"));
        // Everything that queued behind the first call went as one batch: first removed, second added.
        assertThat(dataplane.batches).last().satisfies(last -> {
            assertThat(last.removedRoutes()).contains(first);
            assertThat(last.routes()).extracting(ForwardingRoute::prefix).containsExactly(second);
        });
        assertThat(dataplane.batches.size() + dataplane.synchronizations.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void mergingKeepsTheLastChangeOfEachPrefixAndTunnel() throws Exception {
        IpPrefix p = IpPrefix.parse("198.51.100.0/24");
        IpPrefix q = IpPrefix.parse("198.51.101.0/24");
        InetAddress hop = InetAddress.getByName("192.0.2.1");
        InetAddress other = InetAddress.getByName("192.0.2.2");
        TunnelEndpoint node = new TunnelEndpoint(InetAddress.getByName("192.0.2.21"), InetAddress.getByName("10.244.1.0"),
                TunnelEndpoint.mac("66:a1:b2:c3:d4:e5"), List.of(IpPrefix.parse("10.244.1.0/26")));
        DataplaneBatch merged = DataplaneWorker.merge(List.of(
                new DataplaneBatch(List.of(new ForwardingRoute(p, hop), new ForwardingRoute(q, hop)), List.of(), List.of(node), List.of()),
                new DataplaneBatch(List.of(), List.of(p), List.of(), List.of(node.underlay())),
                new DataplaneBatch(List.of(new ForwardingRoute(q, other)), List.of(), List.of(), List.of())));
        assertThat(merged.routes()).containsExactly(new ForwardingRoute(q, other));
        assertThat(merged.removedRoutes()).containsExactly(p);
        assertThat(merged.tunnels()).isEmpty();
        assertThat(merged.removedTunnels()).containsExactly(node.underlay());

        // Applied in one go, the merged batch leaves what the three in a row leave.
        InMemoryDataplane oneByOne = new InMemoryDataplane();
        InMemoryDataplane together = new InMemoryDataplane();
        oneByOne.apply(new DataplaneBatch(List.of(new ForwardingRoute(p, hop)), List.of(), List.of(), List.of()));
        together.apply(new DataplaneBatch(List.of(new ForwardingRoute(p, hop)), List.of(), List.of(), List.of()));
        List<DataplaneBatch> later = List.of(new DataplaneBatch(List.of(), List.of(p), List.of(), List.of()),
                new DataplaneBatch(List.of(new ForwardingRoute(p, other)), List.of(), List.of(), List.of()));
        later.forEach(oneByOne::apply);
        together.apply(DataplaneWorker.merge(later));
        assertThat(together.routes()).isEqualTo(oneByOne.routes());
    }

    @Test
    void aRefusedSynchronizationIsTriedAgainAndARefusedBatchGetsAnotherChance() throws Exception {
        GatedDataplane dataplane = new GatedDataplane();
        dataplane.gate.countDown();
        dataplane.refuse.set(1); // the first synchronisation
        pair(dataplane);
        TwoSpeakersTest.await("a second synchronisation", () -> dataplane.synchronizations.get() == 2);
        assertThat(dataplane.state.synchronizations()).isEqualTo(1);

        dataplane.refuse.set(1); // the next batch
        a.announce(IpPrefix.parse("198.51.100.0/24"), FROM_A).get();
        TwoSpeakersTest.await("an empty batch after the refusal", () -> dataplane.batches.size() >= 2
                && dataplane.batches.get(dataplane.batches.size() - 1).isEmpty());
    }

    @Test
    void updateTunnelsCompletesWhenTheDataplaneHasAppliedItAndFailsWithItsRefusal() throws Exception {
        GatedDataplane dataplane = new GatedDataplane();
        dataplane.gate.countDown();
        pair(dataplane);
        TunnelEndpoint node = new TunnelEndpoint(InetAddress.getByName("192.0.2.21"), InetAddress.getByName("10.244.1.0"),
                TunnelEndpoint.mac("66:a1:b2:c3:d4:e5"), List.of(IpPrefix.parse("10.244.1.0/26")));
        TwoSpeakersTest.await("the synchronisation", () -> dataplane.synchronizations.get() == 1);
        b.updateTunnels(List.of(node), List.of()).get(10, TimeUnit.SECONDS);
        assertThat(dataplane.state.tunnels()).containsKey(node.underlay());
        dataplane.refuse.set(1);
        assertThat(b.updateTunnels(List.of(), List.of(node.underlay()))).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(DataplaneException.class)
                .withMessageContaining("refused for the test");
    }

    @Test
    void closeFromAListenerReturnsAtOnceAndTheSpeakerStops() throws Exception {
        pair(new InMemoryDataplane());
        AtomicLong closeNanos = new AtomicLong(-1);
        CountDownLatch closed = new CountDownLatch(1);
        a.addListener(status -> {
            if (status.state() == FsmState.ESTABLISHED && closed.getCount() == 1) {
                long start = System.nanoTime();
                a.close(); // on a's own event loop
                closeNanos.set(System.nanoTime() - start);
                closed.countDown();
            }
        });
        assertThat(closed.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(closeNanos.get()).isLessThan(TimeUnit.SECONDS.toNanos(2)); // not the ten seconds close() waits elsewhere
        TwoSpeakersTest.await("b hears the shutdown", () -> b.peers().join().get(0).lastError() != null);
        assertThat(b.peers().join().get(0).lastError()).contains("Administrative Shutdown").contains("speaker stopped");
        assertThat(a.stop("again")).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void afterTheStopEveryEntryPointSaysTheSpeakerIsStopped() throws Exception {
        pair(new InMemoryDataplane());
        a.stop("done").get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> a.addListener(status -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("the speaker is stopped");
        assertThatThrownBy(() -> a.addRouteListener((best, withdrawn) -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("the speaker is stopped");
        List<java.util.concurrent.CompletableFuture<?>> calls = List.of(a.start(), a.announce(IpPrefix.parse("198.51.100.0/24"),
                FROM_A), a.peers(), a.addPeer(PeerConfig.of("127.0.0.9", 64999)), a.state("127.0.0.2"), a.onLoop(() -> null));
        for (var future : calls) {
            assertThat(future).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalStateException.class).withMessage("the speaker is stopped");
        }
        a = null;
    }

    @Test
    void listenersThatThrowStayRegisteredAndTheSessionsCarryOn() throws Exception {
        pair(new InMemoryDataplane());
        AtomicInteger sessionCalls = new AtomicInteger();
        AtomicInteger routeCalls = new AtomicInteger();
        List<PeerStatus> heard = new CopyOnWriteArrayList<>();
        a.addListener(status -> {
            sessionCalls.incrementAndGet();
            throw new AssertionError("a broken session listener"); // an Error, not only exceptions
        });
        a.addRouteListener((best, withdrawn) -> {
            routeCalls.incrementAndGet();
            throw new IllegalStateException("a broken route listener");
        });
        a.addListener(heard::add);
        TwoSpeakersTest.await("the broken route listener called with the table", () -> routeCalls.get() >= 1);
        b.announce(IpPrefix.parse("203.0.113.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.2"))).get();
        TwoSpeakersTest.await("b's route at a", () -> TwoSpeakersTest.routes(a, AddressFamily.IPV4_UNICAST).size() == 1);
        // Whether the route came in the listener's first call or a later one, the withdrawal is a later one.
        int calls = routeCalls.get();
        b.withdraw(IpPrefix.parse("203.0.113.0/24")).get();
        TwoSpeakersTest.await("the broken route listener called again", () -> routeCalls.get() > calls);
        b.announce(IpPrefix.parse("203.0.113.0/24"), PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.2"))).get();

        // A session change goes through the broken listener to the good one, and the session comes back.
        a.abortConnections().get();
        TwoSpeakersTest.await("the session back", () -> a.state("127.0.0.2").join() == FsmState.ESTABLISHED
                && heard.stream().filter(s -> s.state() == FsmState.ESTABLISHED).count() >= 2);
        assertThat(sessionCalls.get()).isGreaterThan(2);
        TwoSpeakersTest.await("b's route at a again", () -> TwoSpeakersTest.routes(a, AddressFamily.IPV4_UNICAST).size() == 1);
    }
}
