package dev.javabgp.fsm;

import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmAction.ProcessUpdate;
import dev.javabgp.fsm.FsmAction.SessionDown;
import dev.javabgp.fsm.FsmAction.SessionEstablished;
import dev.javabgp.fsm.FsmAction.StateChanged;
import dev.javabgp.fsm.FsmEvent.ManualStart;
import dev.javabgp.fsm.FsmEvent.ManualStop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two FSMs connected in memory by a {@link Wire} that encodes and decodes every message, run for
 * hours of simulated time on a {@link FakeClock}.
 */
class BackToBackTest {

    private static final Duration LATENCY = Duration.ofMillis(20);

    private final FakeClock clock = new FakeClock();

    private Speaker a;
    private Speaker b;
    private Wire wire;

    private void connect(UnaryOperator<SessionAttributes.Builder> configureA, UnaryOperator<SessionAttributes.Builder> configureB) {
        a = new Speaker("A", configureA.apply(Fixtures.local()).build(), clock);
        b = new Speaker("B", configureB.apply(Fixtures.peer()).build(), clock);
        wire = new Wire(a, b, clock, LATENCY);
        a.fire(new ManualStart());
        b.fire(new ManualStart());
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.state()).isEqualTo(ESTABLISHED);
        assertThat(b.state()).isEqualTo(ESTABLISHED);
    }

    /** When {@code s} sent each KEEPALIVE after {@code since}. */
    private static List<Duration> keepalivesSent(Speaker s, Duration since) {
        return s.sent.stream().filter(m -> m.message() instanceof KeepaliveMessage && m.at().compareTo(since) > 0)
                .map(Speaker.Sent::at).toList();
    }

    private static List<Duration> gaps(List<Duration> times) {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            out.add(times.get(i).minus(times.get(i - 1)));
        }
        return out;
    }

    private static long stateChanges(Speaker s, Duration since) {
        return s.log.stream().filter(l -> l.at().compareTo(since) > 0 && l.action() instanceof StateChanged).count();
    }

    private static boolean holdTimerExpired(Speaker s) {
        return s.events.stream().anyMatch(e -> e instanceof FsmEvent.HoldTimerExpires);
    }

    @Test
    void establishExchangeKeepalivesForThreeHoursAndTearDownWithAdministrativeShutdown() {
        connect(b -> b, b -> b);
        NegotiatedSession sessionA = a.log.stream().filter(l -> l.action() instanceof SessionEstablished)
                .map(l -> ((SessionEstablished) l.action()).session()).findFirst().orElseThrow();
        assertThat(sessionA.peerAs()).isEqualTo(Fixtures.PEER_AS);
        assertThat(sessionA.peerBgpId()).isEqualTo(Fixtures.PEER_ID);
        assertThat(sessionA.holdTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(sessionA.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));

        Duration up = clock.now();
        clock.advance(Duration.ofHours(3));

        for (Speaker s : List.of(a, b)) {
            assertThat(s.state()).isEqualTo(ESTABLISHED);
            assertThat(stateChanges(s, up)).isZero();
            assertThat(holdTimerExpired(s)).isFalse();
            List<Duration> keepalives = keepalivesSent(s, up);
            // One every 30 s for 3 hours, on schedule.
            assertThat(keepalives).hasSize(360);
            assertThat(gaps(keepalives)).containsOnly(Duration.ofSeconds(30));
        }

        a.fire(new ManualStop());
        assertThat(a.state()).isEqualTo(IDLE);
        NotificationMessage cease = new NotificationMessage(NotificationCode.CEASE, NotificationCode.ADMINISTRATIVE_SHUTDOWN);
        assertThat(a.sent.getLast().message()).isEqualTo(cease);

        clock.advance(Duration.ofSeconds(1));
        DownReason reason = new DownReason.NotificationReceived(cease);
        assertThat(b.state()).isEqualTo(IDLE);
        assertThat(b.fsm.lastDownReason()).contains(reason);
        assertThat(b.log).extracting(Speaker.Logged::action).contains(new SessionDown(reason));
        // B does not answer the NOTIFICATION, and neither side holds a timer.
        assertThat(b.sent.getLast().message()).isInstanceOf(KeepaliveMessage.class);
        for (Speaker s : List.of(a, b)) {
            assertThat(s.scheduledTimers()).isEmpty();
        }
    }

    @Test
    void theSmallerHoldTimeIsUsedByBothSides() {
        connect(b -> b.holdTime(Duration.ofSeconds(30)), b -> b);
        Duration up = clock.now();
        clock.advance(Duration.ofHours(1));
        for (Speaker s : List.of(a, b)) {
            assertThat(s.fsm.session().orElseThrow().holdTime()).isEqualTo(Duration.ofSeconds(30));
            List<Duration> keepalives = keepalivesSent(s, up);
            assertThat(keepalives).hasSize(360);
            assertThat(gaps(keepalives)).containsOnly(Duration.ofSeconds(10));
            assertThat(s.state()).isEqualTo(ESTABLISHED);
        }
    }

    @Test
    void zeroHoldTimeKeepsTheSessionUpWithoutKeepalives() {
        connect(b -> b.holdTime(Duration.ZERO), b -> b);
        Duration up = clock.now();
        clock.advance(Duration.ofHours(2));
        for (Speaker s : List.of(a, b)) {
            assertThat(s.state()).isEqualTo(ESTABLISHED);
            assertThat(keepalivesSent(s, up)).isEmpty();
            assertThat(s.scheduledTimers()).isEmpty();
        }
    }

    @Test
    void updatesAloneKeepThePeersHoldTimerFromExpiring() {
        // A sends no KEEPALIVEs but an UPDATE every minute, well within B's 90 s hold time.
        connect(b -> b.keepaliveTime(Duration.ZERO), b -> b);
        Duration up = clock.now();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(60));
            wire.send(a, Fixtures.endOfRib());
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(keepalivesSent(a, up)).isEmpty();
        assertThat(b.state()).isEqualTo(ESTABLISHED);
        assertThat(holdTimerExpired(b)).isFalse();
        assertThat(b.log).filteredOn(l -> l.action() instanceof ProcessUpdate).hasSize(60);
    }

    @Test
    void aOneWayFailureExpiresTheHoldTimerAndThePeerLearnsWhy() {
        connect(b -> b, b -> b);
        clock.advance(Duration.ofMinutes(10));
        Duration lost = clock.now();
        wire.blackholeFrom = b;
        clock.advance(Duration.ofMinutes(3));

        assertThat(a.state()).isEqualTo(IDLE);
        NotificationMessage holdExpired = new NotificationMessage(NotificationCode.HOLD_TIMER_EXPIRED, 0);
        assertThat(a.fsm.lastDownReason()).get().isInstanceOf(DownReason.NotificationSent.class);
        assertThat(a.sent.getLast().message()).isEqualTo(holdExpired);
        // The last KEEPALIVE from B arrived at most 30 s before the loss; the hold timer ran 90 s from it.
        Duration expiry = a.log.stream().filter(l -> l.action().equals(new StateChanged(ESTABLISHED, IDLE)))
                .map(Speaker.Logged::at).findFirst().orElseThrow();
        assertThat(expiry.minus(lost)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(90));
        assertThat(b.state()).isEqualTo(IDLE);
        assertThat(b.fsm.lastDownReason()).contains(new DownReason.NotificationReceived(holdExpired));
    }

    @Test
    void anOpenFromTheWrongAsIsRefusedWithBadPeerAs() {
        a = new Speaker("A", Fixtures.local().build(), clock);
        // B claims AS 65003 while A expects 65002.
        b = new Speaker("B", SessionAttributes.builder(65003, Fixtures.PEER_ID, Fixtures.LOCAL_AS).build(), clock);
        new Wire(a, b, clock, LATENCY);
        a.fire(new ManualStart());
        b.fire(new FsmEvent.ManualStartPassive());
        clock.advance(Duration.ofSeconds(1));

        NotificationMessage badPeerAs = new NotificationMessage(NotificationCode.OPEN_MESSAGE_ERROR, NotificationCode.BAD_PEER_AS);
        assertThat(a.state()).isEqualTo(IDLE);
        assertThat(a.sent).extracting(Speaker.Sent::message).last().isEqualTo(badPeerAs);
        assertThat(b.state()).isEqualTo(IDLE);
        assertThat(b.fsm.lastDownReason()).contains(new DownReason.NotificationReceived(badPeerAs));
        assertThat(a.sent).extracting(Speaker.Sent::message).first().isInstanceOf(OpenMessage.class);
    }
}
