package dev.javabgp.rib;

import static dev.javabgp.rib.RibFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.rib.decision.DecisionOptions;
import dev.javabgp.rib.decision.NextHopResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each step of RFC 4271 §9.1.2.2 and RFC 4456 §9 in order: two routes that tie on every earlier
 * step and differ at this one, while every later step favours the other route, so only the step
 * under test can decide.
 */
class DecisionProcessTest {

    /** Announces the prefix from two peers and returns the peer whose route won. */
    private static PeerInfo winner(RibConfig config, PeerInfo a, PathAttributes fromA, PeerInfo b, PathAttributes fromB) {
        Rib rib = new Rib(config);
        int pa = rib.addPeer(a, PeerOptions.DEFAULT);
        int pb = rib.addPeer(b, PeerOptions.DEFAULT);
        send(rib, pa, announce(fromA, PREFIX.toString()));
        send(rib, pb, announce(fromB, PREFIX.toString()));
        return rib.best(PREFIX).orElseThrow().peer();
    }

    private static PeerInfo winner(PeerInfo a, PathAttributes fromA, PeerInfo b, PathAttributes fromB) {
        return winner(CONFIG, a, fromA, b, fromB);
    }

    // Router IDs and addresses of "b" are lower, so the last steps favour b unless told otherwise.
    static final PeerInfo IBGP_A = ibgp("10.0.0.9", "10.9.9.9", false);
    static final PeerInfo IBGP_B = ibgp("10.0.0.2", "10.1.1.1", false);

    @Test
    void highestLocalPrefFirst() {
        PathAttributes a = attributes("10.0.0.9", 65001, 65002, 65003).with(new LocalPref(200));
        PathAttributes b = attributes("10.0.0.2", 65001).with(new LocalPref(100));
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void missingLocalPrefCountsAsTheDefault() {
        PathAttributes a = attributes("10.0.0.9", 65001).with(new LocalPref(101));
        PathAttributes b = attributes("10.0.0.2", 65001);
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void locallyOriginatedBeforeLearned() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(IBGP_B, PeerOptions.DEFAULT);
        send(rib, peer, announce(PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("10.0.0.2")), PREFIX.toString()));
        rib.originate(PREFIX, PathAttributes.of(Origin.INCOMPLETE, AsPath.EMPTY, NextHop.of("10.255.0.1")));
        rib.settle();
        assertThat(rib.best(PREFIX).orElseThrow().peer()).isNull();
    }

    @Test
    void shortestAsPathThen() {
        PathAttributes a = attributes("10.0.0.9", 65001).with(Origin.INCOMPLETE);
        PathAttributes b = attributes("10.0.0.2", 65001, 65002);
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void anAsSetCountsAsOneAndConfederationSegmentsNotAtAll() {
        PathAttributes a = PathAttributes.of(Origin.INCOMPLETE, AsPath.of(
                AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65100, 65101), AsPathSegment.sequence(65001),
                AsPathSegment.set(65002, 65003, 65004)), NextHop.of("10.0.0.9"));
        PathAttributes b = attributes("10.0.0.2", 65001, 65002, 65003);
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void ignoringAsPathLengthSkipsTheStep() {
        PathAttributes a = attributes("10.0.0.9", 65001, 65002, 65003);
        PathAttributes b = attributes("10.0.0.2", 65001);
        RibConfig config = CONFIG.withDecision(DecisionOptions.DEFAULT.withIgnoreAsPathLength(true));
        assertThat(winner(config, IBGP_A, a.with(Origin.IGP), IBGP_B, b.with(Origin.EGP))).isEqualTo(IBGP_A);
    }

    @Test
    void lowestOriginThen() {
        PathAttributes a = attributes("10.0.0.9", 65001).with(Origin.EGP).with(new MultiExitDisc(50));
        PathAttributes b = attributes("10.0.0.2", 65001).with(Origin.INCOMPLETE).with(new MultiExitDisc(10));
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void lowestMedAmongRoutesFromTheSameNeighbourAs() {
        PeerInfo external = ebgp("192.0.2.1", 65001, "10.0.0.1");
        PathAttributes a = attributes("10.0.0.9", 65001, 65005).with(new MultiExitDisc(10));
        PathAttributes b = attributes("192.0.2.1", 65001, 65006).with(new MultiExitDisc(20));
        assertThat(winner(IBGP_A, a, external, b)).isEqualTo(IBGP_A);
    }

    @Test
    void missingMedIsTheLowest() {
        PeerInfo external = ebgp("192.0.2.1", 65001, "10.0.0.1");
        PathAttributes a = attributes("10.0.0.9", 65001, 65005);
        PathAttributes b = attributes("192.0.2.1", 65001, 65006).with(new MultiExitDisc(1));
        assertThat(winner(IBGP_A, a, external, b)).isEqualTo(IBGP_A);
    }

    @Test
    void medIsNotComparedAcrossNeighbourAsesUnlessAskedTo() {
        PathAttributes a = attributes("10.0.0.9", 65001).with(new MultiExitDisc(10));
        PathAttributes b = attributes("10.0.0.2", 65002).with(new MultiExitDisc(20));
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_B); // decided by router ID
        RibConfig always = CONFIG.withDecision(DecisionOptions.DEFAULT.withAlwaysCompareMed(true));
        assertThat(winner(always, IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void externalBeforeInternal() {
        PeerInfo external = ebgp("192.0.2.200", 65001, "10.200.0.1");
        PathAttributes a = attributes("192.0.2.200", 65001);
        PathAttributes b = attributes("10.0.0.2", 65001);
        assertThat(winner(external, a, IBGP_B, b)).isEqualTo(external);
    }

    @Test
    void lowestIgpCostToTheNextHop() {
        NextHopResolver costs = nh -> Map.of("10.0.0.9", 10L, "10.0.0.2", 20L).get(nh.getHostAddress());
        RibConfig config = CONFIG.withResolver(costs);
        assertThat(winner(config, IBGP_A, attributes("10.0.0.9", 65001), IBGP_B, attributes("10.0.0.2", 65001)))
                .isEqualTo(IBGP_A);
    }

    @Test
    void unreachableNextHopIsNoCandidate() {
        NextHopResolver only = nh -> nh.getHostAddress().equals("10.0.0.9") ? 0 : NextHopResolver.UNREACHABLE;
        RibConfig config = CONFIG.withResolver(only);
        assertThat(winner(config, IBGP_A, attributes("10.0.0.9", 65001, 65002), IBGP_B, attributes("10.0.0.2", 65001)))
                .isEqualTo(IBGP_A);
        Rib rib = new Rib(config);
        int peer = rib.addPeer(IBGP_B, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.2", 65001), PREFIX.toString()));
        assertThat(rib.best(PREFIX)).isEmpty();
        assertThat(rib.routes(PREFIX)).hasSize(1);
    }

    @Test
    void lowestRouterIdThen() {
        PeerInfo low = ibgp("10.0.0.9", "10.0.0.1", false); // higher address, lower router ID
        PeerInfo high = ibgp("10.0.0.2", "10.0.0.200", false);
        assertThat(winner(low, attributes("10.0.0.9", 65001), high, attributes("10.0.0.2", 65001))).isEqualTo(low);
    }

    @Test
    void originatorIdStandsInForTheRouterIdOfReflectedRoutes() {
        // RFC 4456 §9: b's own router ID is lower, but its route was originated by 10.250.0.1.
        PathAttributes a = attributes("10.0.0.9", 65001);
        PathAttributes b = attributes("10.0.0.2", 65001).with(new OriginatorId(Addresses.ipv4("10.250.0.1")));
        assertThat(winner(IBGP_A, a, IBGP_B, b)).isEqualTo(IBGP_A);
    }

    @Test
    void shortestClusterListThen() {
        PathAttributes origin = attributes("10.0.0.9", 65001).with(new OriginatorId(Addresses.ipv4("10.250.0.1")));
        PathAttributes a = origin.with(new ClusterList(new int[] {1}));
        PathAttributes b = origin.with(new ClusterList(new int[] {1, 2}));
        PeerInfo farther = ibgp("10.0.0.3", "10.3.3.3", false);
        PeerInfo nearer = ibgp("10.0.0.4", "10.4.4.4", false);
        assertThat(winner(nearer, a, farther, b)).isEqualTo(nearer);
    }

    @Test
    void lowestPeerAddressLast() {
        PathAttributes same = attributes("10.0.0.9", 65001).with(new OriginatorId(Addresses.ipv4("10.250.0.1")));
        PeerInfo lower = ibgp("10.0.0.3", "10.9.9.9", false);
        PeerInfo higher = ibgp("10.0.0.4", "10.1.1.1", false);
        assertThat(winner(higher, same, lower, same)).isEqualTo(lower);
    }

    @Test
    void deterministicMedDoesNotDependOnArrivalOrder() {
        // Three routes where pairwise comparison in arrival order depends on the order (MED is
        // only comparable within a neighbour AS).
        PeerInfo p1 = ibgp("10.0.0.1", "10.0.0.1", false);
        PeerInfo p2 = ibgp("10.0.0.2", "10.0.0.2", false);
        PeerInfo p3 = ibgp("10.0.0.3", "10.0.0.3", false);
        PathAttributes r1 = attributes("10.0.0.1", 65001).with(new MultiExitDisc(100));
        PathAttributes r2 = attributes("10.0.0.2", 65002).with(new MultiExitDisc(50));
        PathAttributes r3 = attributes("10.0.0.3", 65001).with(new MultiExitDisc(10));
        List<List<Integer>> orders = List.of(List.of(0, 1, 2), List.of(2, 1, 0), List.of(1, 0, 2), List.of(1, 2, 0));
        PeerInfo[] peers = {p1, p2, p3};
        PathAttributes[] routes = {r1, r2, r3};
        for (List<Integer> order : orders) {
            Rib rib = new Rib(CONFIG);
            int[] index = new int[3];
            for (int i = 0; i < 3; i++) {
                index[i] = rib.addPeer(peers[i], PeerOptions.DEFAULT);
            }
            for (int i : order) {
                send(rib, index[i], announce(routes[i], PREFIX.toString()));
            }
            // RFC 4271 §9.1.2.2: r1 loses to r3 on MED (same AS); r2 beats r3 on router ID.
            assertThat(rib.best(PREFIX).orElseThrow().peer()).as("order %s", order).isEqualTo(p2);
        }
    }

    @Test
    void longLivedStaleRoutesLoseToEverythingElse() {
        Rib rib = new Rib(CONFIG);
        int a = rib.addPeer(IBGP_A, PeerOptions.DEFAULT);
        int b = rib.addPeer(IBGP_B, PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("10.0.0.9", 65001).with(new LocalPref(500)), PREFIX.toString()));
        send(rib, b, announce(attributes("10.0.0.2", 65001, 65002), PREFIX.toString()));
        assertThat(rib.best(PREFIX).orElseThrow().peer()).isEqualTo(IBGP_A);
        rib.markStale(a, PREFIX.family(), true);
        rib.settle();
        assertThat(rib.best(PREFIX).orElseThrow().peer()).isEqualTo(IBGP_B);
    }

}
