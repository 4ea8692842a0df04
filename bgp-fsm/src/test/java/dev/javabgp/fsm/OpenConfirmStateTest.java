package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.fsm.FsmAction.SessionEstablished;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2, OpenConfirm state. */
class OpenConfirmStateTest extends FsmTestSupport {

    @Test
    void startsAndSecondConnectionsAreIgnored() {
        Speaker s = inOpenConfirm();
        for (FsmEvent e : List.of(new ManualStart(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(), new TcpConnectionValid(),
                new TcpConnectionInvalid(), new TcpConnectionAcked(), new TcpConnectionConfirmed())) {
            assertThat(s.fire(e)).isEmpty();
        }
        assertThat(s.state()).isEqualTo(OPEN_CONFIRM);
    }

    @Test
    void manualStopSendsAdministrativeShutdown() {
        Speaker s = inOpenConfirm();
        assertThat(s.fire(new ManualStop())).containsExactly(send(Fixtures.ADMIN_SHUTDOWN), stop(Timer.HOLD),
                stop(Timer.KEEPALIVE), drop(), release(sent(Fixtures.ADMIN_SHUTDOWN, MANUAL_STOP)), changed(OPEN_CONFIRM, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void automaticStopSendsItsCease() {
        Speaker s = inOpenConfirm();
        NotificationMessage reset = new NotificationMessage(NotificationCode.CEASE, NotificationCode.OTHER_CONFIGURATION_CHANGE);
        assertThat(messages(s.fire(new AutomaticStop(reset)))).containsExactly(reset);
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void keepalivesGoOutEveryThirdOfTheHoldTime() {
        Speaker s = inOpenConfirm();
        assertThat(s.advance(Duration.ofSeconds(30))).containsExactly(keepalive(), start(Timer.KEEPALIVE, 30));
        assertThat(s.advance(Duration.ofSeconds(30))).containsExactly(keepalive(), start(Timer.KEEPALIVE, 30));
        assertThat(s.state()).isEqualTo(OPEN_CONFIRM);
    }

    @Test
    void holdTimerExpiresWithoutTheFirstKeepalive() {
        Speaker s = inOpenConfirm();
        List<FsmAction> actions = s.advance(Duration.ofSeconds(90));
        assertThat(actions).endsWith(send(Fixtures.HOLD_EXPIRED), stop(Timer.KEEPALIVE), drop(),
                release(sent(Fixtures.HOLD_EXPIRED, HOLD_TIMER_EXPIRES)), changed(OPEN_CONFIRM, IDLE));
        assertIdleWithoutTimers(s);
    }

    @Test
    void keepaliveEstablishesTheSession() {
        Speaker s = inOpenConfirm();
        NegotiatedSession session = s.fsm.session().orElseThrow();
        assertThat(s.fire(new KeepaliveReceived()))
                .containsExactly(start(Timer.HOLD, 90), new SessionEstablished(session), changed(OPEN_CONFIRM, ESTABLISHED));
    }

    @Test
    void tcpFailureGoesIdle() {
        Speaker s = inOpenConfirm();
        assertThat(s.fire(new TcpConnectionFails())).containsExactly(stop(Timer.HOLD), stop(Timer.KEEPALIVE), drop(),
                release(new DownReason.TcpConnectionFailed()), changed(OPEN_CONFIRM, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertThat(s.fsm.session()).isEmpty();
    }

    @Test
    void notificationsGoIdleAndOnlyTheVersionErrorLeavesTheCounter() {
        Speaker s = inOpenConfirm();
        assertThat(messages(s.fire(new NotificationReceived(Fixtures.ADMIN_SHUTDOWN)))).isEmpty();
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        Speaker t = inOpenConfirm();
        assertThat(t.fire(new NotificationReceived(Fixtures.versionError()))).endsWith(changed(OPEN_CONFIRM, IDLE));
        assertThat(t.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void headerAndOpenErrorsSendTheirNotification() {
        Speaker s = inOpenConfirm();
        assertThat(messages(s.fire(new HeaderError(Fixtures.headerError())))).containsExactly(Fixtures.headerError().notification());
        Speaker t = inOpenConfirm();
        assertThat(messages(t.fire(new OpenMessageError(Fixtures.openError())))).containsExactly(Fixtures.openError().notification());
        assertIdleWithoutTimers(t);
    }

    @Test
    void collisionDumpSendsConnectionCollisionResolution() {
        Speaker s = inOpenConfirm();
        assertThat(s.fire(new OpenCollisionDump())).containsExactly(send(Fixtures.COLLISION), stop(Timer.HOLD),
                stop(Timer.KEEPALIVE), drop(),
                release(sent(Fixtures.COLLISION, OPEN_COLLISION_DUMP, "connection collision (RFC 4271 §6.8)")),
                changed(OPEN_CONFIRM, IDLE));
    }

    static Stream<Arguments> unexpectedEvents() {
        return Stream.of(
                Arguments.of(new ConnectRetryTimerExpires(), new byte[0]),
                Arguments.of(new DelayOpenTimerExpires(), new byte[0]),
                Arguments.of(new IdleHoldTimerExpires(), new byte[0]),
                // A second OPEN on this connection; a colliding connection's OPEN goes to its own FSM.
                Arguments.of(new OpenReceived(Fixtures.peerOpen()), new byte[] {BgpMessage.TYPE_OPEN}),
                Arguments.of(new UpdateReceived(Fixtures.endOfRib()), new byte[] {BgpMessage.TYPE_UPDATE}),
                Arguments.of(new UpdateMessageError(Fixtures.updateError()), new byte[] {BgpMessage.TYPE_UPDATE}),
                Arguments.of(new RouteRefreshReceived(routeRefresh()), new byte[] {BgpMessage.TYPE_ROUTE_REFRESH}));
    }

    @ParameterizedTest
    @MethodSource("unexpectedEvents")
    void otherEventsSendFsmErrorUnexpectedInOpenConfirm(FsmEvent event, byte[] data) {
        Speaker s = inOpenConfirm();
        List<FsmAction> actions = s.fire(event);
        assertThat(messages(actions)).containsExactly(
                new NotificationMessage(NotificationCode.FSM_ERROR, NotificationCode.UNEXPECTED_IN_OPEN_CONFIRM, data));
        assertThat(actions).endsWith(changed(OPEN_CONFIRM, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }
}
