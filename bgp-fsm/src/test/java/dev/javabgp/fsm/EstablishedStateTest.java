package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.fsm.FsmAction.ProcessRouteRefresh;
import dev.javabgp.fsm.FsmAction.ProcessUpdate;
import dev.javabgp.fsm.FsmAction.SessionDown;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2, Established state. */
class EstablishedStateTest extends FsmTestSupport {

    @Test
    void startsAndSecondConnectionsAreIgnored() {
        Speaker s = inEstablished();
        for (FsmEvent e : List.of(new ManualStart(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(), new TcpConnectionValid(),
                new TcpConnectionInvalid(), new TcpConnectionAcked(), new TcpConnectionConfirmed())) {
            assertThat(s.fire(e)).isEmpty();
        }
        assertThat(s.state()).isEqualTo(ESTABLISHED);
    }

    @Test
    void manualStopSendsAdministrativeShutdownAndTakesTheSessionDown() {
        Speaker s = inEstablished();
        DownReason reason = sent(Fixtures.ADMIN_SHUTDOWN, MANUAL_STOP);
        assertThat(s.fire(new ManualStop())).containsExactly(send(Fixtures.ADMIN_SHUTDOWN), stop(Timer.HOLD),
                stop(Timer.KEEPALIVE), drop(), new SessionDown(reason), release(reason), changed(ESTABLISHED, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
        assertIdleWithoutTimers(s);
    }

    @Test
    void automaticStopSendsItsCeaseUnlessDisallowed() {
        Speaker s = inEstablished();
        NotificationMessage cease = new NotificationMessage(NotificationCode.CEASE, NotificationCode.MAXIMUM_PREFIXES_REACHED);
        List<FsmAction> actions = s.fire(new AutomaticStop(cease));
        assertThat(messages(actions)).containsExactly(cease);
        assertThat(actions).contains(new SessionDown(sent(cease, AUTOMATIC_STOP)));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);

        Speaker kept = inEstablished(b -> b.allowAutomaticStop(false));
        assertThat(kept.fire(new AutomaticStop(cease))).isEmpty();
        assertThat(kept.state()).isEqualTo(ESTABLISHED);
    }

    @Test
    void keepalivesGoOutOnScheduleAndReceivedOnesRestartTheHoldTimer() {
        Speaker s = inEstablished();
        for (int i = 0; i < 10; i++) {
            assertThat(s.advance(Duration.ofSeconds(30))).containsExactly(keepalive(), start(Timer.KEEPALIVE, 30));
            assertThat(s.fire(new KeepaliveReceived())).containsExactly(start(Timer.HOLD, 90));
        }
        assertThat(s.state()).isEqualTo(ESTABLISHED);
    }

    @Test
    void updateIsProcessedAndRestartsTheHoldTimer() {
        Speaker s = inEstablished();
        BgpError discarded = new BgpError(ErrorAction.ATTRIBUTE_DISCARD, 3, 1, new byte[0], null, "bad MED discarded");
        assertThat(s.fire(new UpdateReceived(Fixtures.endOfRib(), List.of(discarded))))
                .containsExactly(new ProcessUpdate(Fixtures.endOfRib(), List.of(discarded)), start(Timer.HOLD, 90));
    }

    @Test
    void sendingAnUpdateRestartsTheKeepaliveTimer() {
        // RFC 4271 §8.2.2: an UPDATE sent tells the peer we are alive, so the KEEPALIVE waits a full period.
        Speaker s = inEstablished();
        s.advance(Duration.ofSeconds(20));
        assertThat(s.fire(new UpdateSent())).containsExactly(start(Timer.KEEPALIVE, 30));
        assertThat(s.advance(Duration.ofSeconds(29))).isEmpty();
        assertThat(s.advance(Duration.ofSeconds(1))).containsExactly(keepalive(), start(Timer.KEEPALIVE, 30));
    }

    @Test
    void routeRefreshIsProcessed() {
        assertThat(inEstablished().fire(new RouteRefreshReceived(routeRefresh())))
                .containsExactly(new ProcessRouteRefresh(routeRefresh()));
    }

    @Test
    void holdTimerExpirySendsHoldTimerExpired() {
        Speaker s = inEstablished();
        s.advance(Duration.ofSeconds(60)); // our keepalives go out, none come in
        DownReason reason = sent(Fixtures.HOLD_EXPIRED, HOLD_TIMER_EXPIRES);
        assertThat(s.advance(Duration.ofSeconds(30))).endsWith(send(Fixtures.HOLD_EXPIRED), stop(Timer.KEEPALIVE), drop(),
                new SessionDown(reason), release(reason), changed(ESTABLISHED, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void tcpFailureTakesTheSessionDown() {
        Speaker s = inEstablished();
        DownReason reason = new DownReason.TcpConnectionFailed();
        assertThat(s.fire(new TcpConnectionFails())).containsExactly(stop(Timer.HOLD), stop(Timer.KEEPALIVE), drop(),
                new SessionDown(reason), release(reason), changed(ESTABLISHED, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
    }

    @Test
    void notificationsTakeTheSessionDownWithTheirReason() {
        for (NotificationMessage n : List.of(Fixtures.ADMIN_SHUTDOWN, Fixtures.versionError())) {
            Speaker s = inEstablished();
            List<FsmAction> actions = s.fire(new NotificationReceived(n));
            assertThat(messages(actions)).isEmpty();
            assertThat(actions).contains(new SessionDown(new DownReason.NotificationReceived(n)));
            assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
            assertIdleWithoutTimers(s);
        }
    }

    @Test
    void headerAndUpdateErrorsSendTheirNotification() {
        Speaker s = inEstablished();
        assertThat(messages(s.fire(new HeaderError(Fixtures.headerError())))).containsExactly(Fixtures.headerError().notification());
        Speaker t = inEstablished();
        List<FsmAction> actions = t.fire(new UpdateMessageError(Fixtures.updateError()));
        assertThat(messages(actions)).containsExactly(Fixtures.updateError().notification());
        assertThat(actions).contains(new SessionDown(sent(Fixtures.updateError().notification(), UPDATE_MSG_ERR,
                "attribute appears twice")));
        assertIdleWithoutTimers(t);
    }

    @Test
    void collisionDumpClosesOnlyWithCollisionDetectEstablishedState() {
        Speaker kept = inEstablished();
        assertThat(kept.fire(new OpenCollisionDump())).isEmpty();
        assertThat(kept.state()).isEqualTo(ESTABLISHED);

        Speaker s = inEstablished(b -> b.collisionDetectEstablishedState(true));
        List<FsmAction> actions = s.fire(new OpenCollisionDump());
        assertThat(messages(actions)).containsExactly(Fixtures.COLLISION);
        assertThat(actions).endsWith(changed(ESTABLISHED, IDLE));
    }

    static Stream<Arguments> unexpectedEvents() {
        return Stream.of(
                Arguments.of(new ConnectRetryTimerExpires(), new byte[0]),
                Arguments.of(new DelayOpenTimerExpires(), new byte[0]),
                Arguments.of(new IdleHoldTimerExpires(), new byte[0]),
                Arguments.of(new OpenReceived(Fixtures.peerOpen()), new byte[] {BgpMessage.TYPE_OPEN}),
                Arguments.of(new OpenMessageError(Fixtures.openError()), new byte[] {BgpMessage.TYPE_OPEN}));
    }

    @ParameterizedTest
    @MethodSource("unexpectedEvents")
    void otherEventsSendFsmErrorUnexpectedInEstablished(FsmEvent event, byte[] data) {
        Speaker s = inEstablished();
        List<FsmAction> actions = s.fire(event);
        assertThat(messages(actions)).containsExactly(
                new NotificationMessage(NotificationCode.FSM_ERROR, NotificationCode.UNEXPECTED_IN_ESTABLISHED, data));
        assertThat(actions).filteredOn(a -> a instanceof SessionDown).hasSize(1);
        assertThat(actions).endsWith(changed(ESTABLISHED, IDLE));
        assertIdleWithoutTimers(s);
    }
}
