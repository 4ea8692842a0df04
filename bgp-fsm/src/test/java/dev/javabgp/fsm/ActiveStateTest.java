package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.fsm.FsmAction.ConnectTcp;
import dev.javabgp.fsm.FsmAction.RejectConnection;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2, Active state. */
class ActiveStateTest extends FsmTestSupport {

    @Test
    void startsAreIgnored() {
        Speaker s = inActive();
        for (FsmEvent e : List.of(new ManualStart(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(), new TcpConnectionValid())) {
            assertThat(s.fire(e)).isEmpty();
        }
        assertThat(s.state()).isEqualTo(ACTIVE);
    }

    @Test
    void manualStopGoesIdleAndResetsTheCounter() {
        Speaker s = inActive();
        assertThat(s.fire(new ManualStop())).containsExactly(stop(Timer.CONNECT_RETRY), drop(),
                release(closed(MANUAL_STOP, "")), changed(ACTIVE, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void manualStopWhileOpenIsDelayedSendsTheCeaseOnlyWithSendNotificationWithoutOpen() {
        assertThat(messages(inActiveWithDelayOpen(b -> b).fire(new ManualStop()))).isEmpty();
        Speaker s = inActiveWithDelayOpen(b -> b.sendNotificationWithoutOpen(true));
        assertThat(s.fire(new ManualStop())).containsExactly(send(Fixtures.ADMIN_SHUTDOWN), stop(Timer.DELAY_OPEN), drop(),
                release(sent(Fixtures.ADMIN_SHUTDOWN, MANUAL_STOP)), changed(ACTIVE, IDLE));
    }

    @Test
    void connectRetryTimerExpiryConnects() {
        Speaker s = inActive();
        assertThat(s.advance(Duration.ofSeconds(120)))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), new ConnectTcp(), changed(ACTIVE, CONNECT));
    }

    @Test
    void aPassiveSessionKeepsWaitingWhenTheConnectRetryTimerExpires() {
        Speaker s = inActive(b -> b.passiveTcpEstablishment(true));
        assertThat(s.advance(Duration.ofSeconds(120))).containsExactly(start(Timer.CONNECT_RETRY, 120));
        assertThat(s.state()).isEqualTo(ACTIVE);
    }

    @Test
    void incomingConnectionSendsOpen() {
        Speaker s = inActive();
        assertThat(s.fire(new TcpConnectionConfirmed())).containsExactly(
                stop(Timer.CONNECT_RETRY), send(s.fsm.localOpen()), start(Timer.HOLD, 240), changed(ACTIVE, OPEN_SENT));
        assertThat(inActive().fire(new TcpConnectionAcked())).endsWith(changed(ACTIVE, OPEN_SENT));
    }

    @Test
    void withDelayOpenTheConnectionWaitsInActiveThenSendsOpen() {
        Speaker s = inActive(b -> b.delayOpen(true).delayOpenTime(Duration.ofSeconds(10)));
        assertThat(s.fire(new TcpConnectionConfirmed()))
                .containsExactly(stop(Timer.CONNECT_RETRY), start(Timer.DELAY_OPEN, 10));
        assertThat(s.state()).isEqualTo(ACTIVE);
        assertThat(s.advance(Duration.ofSeconds(9))).isEmpty();
        assertThat(s.advance(Duration.ofSeconds(1)))
                .containsExactly(send(s.fsm.localOpen()), start(Timer.HOLD, 240), changed(ACTIVE, OPEN_SENT));
    }

    @Test
    void openWhileDelayOpenTimerRunsGoesToOpenConfirm() {
        Speaker s = inActiveWithDelayOpen(b -> b);
        assertThat(s.fire(new OpenReceived(Fixtures.peerOpen(30)))).containsExactly(stop(Timer.DELAY_OPEN),
                send(s.fsm.localOpen()), keepalive(), start(Timer.HOLD, 30), start(Timer.KEEPALIVE, 10),
                changed(ACTIVE, OPEN_CONFIRM));
    }

    @Test
    void tcpFailureGoesIdleAndCountsAFailure() {
        Speaker s = inActive();
        assertThat(s.fire(new TcpConnectionFails())).containsExactly(stop(Timer.CONNECT_RETRY), drop(),
                release(new DownReason.TcpConnectionFailed()), changed(ACTIVE, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void invalidConnectionRequestIsRejectedWhenTrackingTcpState() {
        assertThat(inActive(b -> b.trackTcpState(true)).fire(new TcpConnectionInvalid()))
                .containsExactly(new RejectConnection());
    }

    @Test
    void headerAndOpenErrorsGoIdle() {
        Speaker s = inActiveWithDelayOpen(b -> b);
        assertThat(messages(s.fire(new OpenMessageError(Fixtures.openError())))).isEmpty();
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        Speaker t = inActiveWithDelayOpen(b -> b.sendNotificationWithoutOpen(true));
        assertThat(messages(t.fire(new HeaderError(Fixtures.headerError()))))
                .containsExactly(Fixtures.headerError().notification());
        assertIdleWithoutTimers(t);
    }

    @Test
    void versionErrorNotificationCountsOnlyWithoutTheDelayOpenTimer() {
        Speaker delayed = inActiveWithDelayOpen(b -> b);
        delayed.fire(new NotificationReceived(Fixtures.versionError()));
        assertThat(delayed.fsm.connectRetryCounter()).isZero();
        Speaker plain = inActive();
        plain.fire(new NotificationReceived(Fixtures.versionError()));
        assertThat(plain.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(plain);
    }

    static Stream<FsmEvent> otherEvents() {
        return Stream.of(AutomaticStop.cease(NotificationCode.PEER_DECONFIGURED), new HoldTimerExpires(),
                new KeepaliveTimerExpires(), new IdleHoldTimerExpires(), new OpenReceived(Fixtures.peerOpen()),
                new OpenCollisionDump(), new NotificationReceived(Fixtures.ADMIN_SHUTDOWN), new KeepaliveReceived(),
                new UpdateReceived(Fixtures.endOfRib()), new UpdateMessageError(Fixtures.updateError()),
                new RouteRefreshReceived(routeRefresh()));
    }

    @ParameterizedTest
    @MethodSource("otherEvents")
    void otherEventsGoIdleAndCountAFailure(FsmEvent event) {
        Speaker s = inActive();
        List<FsmAction> actions = s.fire(event);
        assertThat(messages(actions)).isEmpty();
        assertThat(actions).endsWith(changed(ACTIVE, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }
}
