package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful restart (RFC 4724) across a real TCP restart between two speakers. */
class GracefulRestartTest {

    static final IpPrefix SERVICE = IpPrefix.parse("10.96.0.10/32");

    static BgpSpeaker[] pair(Duration restartTime) throws Exception {
        int portA = TwoSpeakersTest.freePort("127.0.0.1");
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB).connectRetryTime(Duration.ofMillis(300))
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true).withGracefulRestart(restartTime)).build();
        BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA).connectRetryTime(Duration.ofMillis(300))
                .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1")
                        .withGracefulRestart(restartTime)).build();
        b.start().get(10, TimeUnit.SECONDS);
        a.start().get(10, TimeUnit.SECONDS);
        TwoSpeakersTest.await("Established", () -> b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
        a.announce(SERVICE, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
        TwoSpeakersTest.await("the route", () -> !TwoSpeakersTest.routes(b, AddressFamily.IPV4_UNICAST).isEmpty());
        return new BgpSpeaker[] {a, b};
    }

    static List<Route> routes(BgpSpeaker s) {
        return TwoSpeakersTest.routes(s, AddressFamily.IPV4_UNICAST);
    }

    @Test
    void theHelperKeepsTheRoutesStaleUntilTheRestartedPeerSendsEndOfRib() throws Exception {
        BgpSpeaker[] s = pair(Duration.ofSeconds(120));
        try (BgpSpeaker a = s[0]; BgpSpeaker b = s[1]) {
            a.abortConnections().get(); // the connection dies without a NOTIFICATION
            TwoSpeakersTest.await("b sees the session go", () -> b.state("127.0.0.1").join() != FsmState.ESTABLISHED);
            assertThat(routes(b)).singleElement().satisfies(r -> assertThat(r.stale()).isTrue()); // RFC 4724 §4.2

            // a starts again by itself, sends its table and End-of-RIB: the route is fresh again.
            TwoSpeakersTest.await("the session again", () -> b.state("127.0.0.1").join() == FsmState.ESTABLISHED);
            TwoSpeakersTest.await("the route refreshed", () -> routes(b).size() == 1 && !routes(b).get(0).stale());
            assertThat(b.peers().join().get(0).flaps()).isEqualTo(1);
        }
    }

    @Test
    void aRestartedSpeakerProcessIsKeptStaleAndRefreshedAfterItsEndOfRib() throws Exception {
        int portA = TwoSpeakersTest.freePort("127.0.0.1");
        int portB = TwoSpeakersTest.freePort("127.0.0.2");
        IpPrefix theirs = IpPrefix.parse("10.244.3.0/24");
        try (BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true)
                        .withGracefulRestart(Duration.ofSeconds(120))).build()) {
            b.start().get(10, TimeUnit.SECONDS);
            b.announce(theirs, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.2"))).get();
            PeerConfig toB = PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1")
                    .withGracefulRestart(Duration.ofSeconds(120));
            BgpSpeaker first = BgpSpeaker.builder(64512, "10.0.0.1").connectRetryTime(Duration.ofSeconds(60)).peer(toB).build();
            first.start().get(10, TimeUnit.SECONDS);
            first.announce(SERVICE, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
            TwoSpeakersTest.await("the route at b", () -> routes(b).stream().anyMatch(r -> r.prefix().equals(SERVICE)));
            List<IpPrefix> withdrawnAtB = new java.util.concurrent.CopyOnWriteArrayList<>();
            b.addRouteListener((best, withdrawn) -> withdrawnAtB.addAll(withdrawn));

            first.stopForRestart().get(10, TimeUnit.SECONDS); // no NOTIFICATION: b keeps the routes
            TwoSpeakersTest.await("b sees the session go", () -> b.state("127.0.0.1").join() != FsmState.ESTABLISHED);
            assertThat(routes(b)).filteredOn(r -> r.prefix().equals(SERVICE)).singleElement()
                    .satisfies(r -> assertThat(r.stale()).isTrue()); // RFC 4724 §4.2

            // RFC 4724 §4.1: the new process announces before it starts, waits for b's End-of-RIB
            // (long before its 120 s deferral), then sends its table and End-of-RIB.
            try (BgpSpeaker second = BgpSpeaker.builder(64512, "10.0.0.1").restarting(Duration.ofSeconds(120)).peer(toB).build()) {
                second.announce(SERVICE, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"))).get();
                second.start().get(10, TimeUnit.SECONDS);
                TwoSpeakersTest.await("b's route at the restarted speaker",
                        () -> routes(second).stream().anyMatch(r -> r.prefix().equals(theirs)));
                TwoSpeakersTest.await("the route refreshed at b", () -> routes(b).stream()
                        .anyMatch(r -> r.prefix().equals(SERVICE) && !r.stale()));
                assertThat(withdrawnAtB).doesNotContain(SERVICE); // never gone in between
            }
        }
    }

    @Test
    void staleRoutesGoWhenThePeerDoesNotComeBackInTime() throws Exception {
        BgpSpeaker[] s = pair(Duration.ofSeconds(1));
        try (BgpSpeaker b = s[1]) {
            BgpSpeaker a = s[0];
            a.abortConnections().get();
            TwoSpeakersTest.await("b sees the session go", () -> b.state("127.0.0.1").join() != FsmState.ESTABLISHED);
            a.close(); // a never returns
            assertThat(routes(b)).singleElement().satisfies(r -> assertThat(r.stale()).isTrue());
            TwoSpeakersTest.await("the stale route to go after the restart time", () -> routes(b).isEmpty());
        }
    }

    @Test
    void withoutGracefulRestartTheRoutesGoAtOnce() throws Exception {
        BgpSpeaker[] s = pair(Duration.ZERO);
        try (BgpSpeaker a = s[0]; BgpSpeaker b = s[1]) {
            a.abortConnections().get();
            TwoSpeakersTest.await("the route to go", () -> routes(b).isEmpty());
        }
    }
}
