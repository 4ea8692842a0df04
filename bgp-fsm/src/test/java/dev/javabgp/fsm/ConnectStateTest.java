package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmAction.ConnectTcp;
import dev.javabgp.fsm.FsmAction.RejectConnection;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2, Connect state. */
class ConnectStateTest extends FsmTestSupport {

    @Test
    void startsAreIgnored() {
        Speaker s = inConnect();
        for (FsmEvent e : List.of(new ManualStart(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(), new TcpConnectionValid())) {
            assertThat(s.fire(e)).isEmpty();
        }
        assertThat(s.state()).isEqualTo(CONNECT);
    }

    @Test
    void manualStopDropsTheAttemptAndResetsTheCounter() {
        Speaker s = inConnect();
        assertThat(s.fire(new ManualStop())).containsExactly(stop(Timer.CONNECT_RETRY), drop(),
                release(closed(MANUAL_STOP, "")), changed(CONNECT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
        assertIdleWithoutTimers(s);
    }

    @Test
    void changedCapabilitiesGoInTheNextOpen() {
        Speaker s = inConnect();
        var restart = new dev.javabgp.codec.capability.GracefulRestartCapability(false, false, 120, List.of());
        s.fsm.localCapabilities(List.of(restart)); // RFC 4724 §3: e.g. the Restart State bit cleared
        List<FsmAction> actions = s.fire(new TcpConnectionAcked());
        OpenMessage sent = (OpenMessage) messages(actions).get(0);
        assertThat(sent.capability(dev.javabgp.codec.capability.GracefulRestartCapability.class)).isEqualTo(restart);
        assertThat(s.fsm.localOpen()).isEqualTo(sent);
    }

    @Test
    void connectRetryTimerExpiryRetriesTheConnection() {
        Speaker s = inConnect();
        assertThat(s.advance(Duration.ofSeconds(119))).isEmpty();
        assertThat(s.advance(Duration.ofSeconds(1)))
                .containsExactly(drop(), start(Timer.CONNECT_RETRY, 120), new ConnectTcp());
        assertThat(s.state()).isEqualTo(CONNECT);
        assertThat(s.advance(Duration.ofSeconds(120))).contains(new ConnectTcp());
    }

    @Test
    void connectionUpSendsOpenWithTheLargeHoldTimer() {
        OpenMessage open = Fixtures.local().build().localOpen();
        assertThat(inConnect().fire(new TcpConnectionAcked())).containsExactly(
                stop(Timer.CONNECT_RETRY), send(open), start(Timer.HOLD, 240), changed(CONNECT, OPEN_SENT));
        assertThat(inConnect().fire(new TcpConnectionConfirmed())).containsExactly(
                stop(Timer.CONNECT_RETRY), send(open), start(Timer.HOLD, 240), changed(CONNECT, OPEN_SENT));
    }

    @Test
    void withDelayOpenTheOpenWaitsForTheDelayOpenTimer() {
        Speaker s = inConnect(b -> b.delayOpen(true));
        assertThat(s.fire(new TcpConnectionAcked())).containsExactly(stop(Timer.CONNECT_RETRY), start(Timer.DELAY_OPEN, 5));
        assertThat(s.state()).isEqualTo(CONNECT);
        assertThat(s.advance(Duration.ofSeconds(5))).containsExactly(
                send(s.fsm.localOpen()), start(Timer.HOLD, 240), changed(CONNECT, OPEN_SENT));
    }

    @Test
    void openWhileDelayOpenTimerRunsAnswersWithOpenAndKeepalive() {
        Speaker s = inConnectWithDelayOpen(b -> b);
        assertThat(s.fire(new OpenReceived(Fixtures.peerOpen()))).containsExactly(stop(Timer.DELAY_OPEN),
                send(s.fsm.localOpen()), keepalive(), start(Timer.HOLD, 90), start(Timer.KEEPALIVE, 30),
                changed(CONNECT, OPEN_CONFIRM));
        assertThat(s.fsm.session()).isPresent();
    }

    @Test
    void unacceptableOpenWhileDelayedClosesWithoutNotificationByDefault() {
        Speaker s = inConnectWithDelayOpen(b -> b);
        List<FsmAction> actions = s.fire(new OpenReceived(OpenMessage.of(65099, 90, Fixtures.PEER_ID, List.of())));
        assertThat(messages(actions)).isEmpty();
        assertThat(actions).endsWith(changed(CONNECT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void unacceptableOpenWhileDelayedIsAnsweredWithSendNotificationWithoutOpen() {
        Speaker s = inConnectWithDelayOpen(b -> b.sendNotificationWithoutOpen(true));
        List<FsmAction> actions = s.fire(new OpenReceived(OpenMessage.of(65099, 90, Fixtures.PEER_ID, List.of())));
        assertThat(messages(actions)).containsExactly(
                new NotificationMessage(NotificationCode.OPEN_MESSAGE_ERROR, NotificationCode.BAD_PEER_AS));
    }

    @Test
    void tcpFailureWithoutDelayOpenGoesIdleKeepingTheCounter() {
        Speaker s = inConnect();
        assertThat(s.fire(new TcpConnectionFails())).containsExactly(stop(Timer.CONNECT_RETRY), drop(),
                release(new DownReason.TcpConnectionFailed()), changed(CONNECT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void tcpFailureWhileDelayOpenTimerRunsListensInActive() {
        Speaker s = inConnectWithDelayOpen(b -> b);
        assertThat(s.fire(new TcpConnectionFails()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), stop(Timer.DELAY_OPEN), changed(CONNECT, ACTIVE));
    }

    @Test
    void invalidConnectionRequestIsRejectedWhenTrackingTcpState() {
        Speaker tracking = inConnect(b -> b.trackTcpState(true));
        assertThat(tracking.fire(new TcpConnectionInvalid())).containsExactly(new RejectConnection());
        assertThat(inConnect().fire(new TcpConnectionInvalid())).isEmpty();
        assertThat(tracking.state()).isEqualTo(CONNECT);
    }

    @Test
    void headerAndOpenErrorsCloseWithoutNotificationUnlessAllowed() {
        Speaker s = inConnectWithDelayOpen(b -> b);
        assertThat(s.fire(new HeaderError(Fixtures.headerError()))).containsExactly(stop(Timer.DELAY_OPEN), drop(),
                release(closed(BGP_HEADER_ERR, "marker is not all ones")), changed(CONNECT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);

        Speaker t = inConnectWithDelayOpen(b -> b.sendNotificationWithoutOpen(true));
        assertThat(messages(t.fire(new OpenMessageError(Fixtures.openError()))))
                .containsExactly(Fixtures.openError().notification());
        assertThat(t.state()).isEqualTo(IDLE);
    }

    @Test
    void versionErrorNotificationCountsOnlyWithoutTheDelayOpenTimer() {
        Speaker delayed = inConnectWithDelayOpen(b -> b);
        assertThat(delayed.fire(new NotificationReceived(Fixtures.versionError()))).endsWith(changed(CONNECT, IDLE));
        assertThat(delayed.fsm.connectRetryCounter()).isZero();

        Speaker plain = inConnect();
        plain.fire(new NotificationReceived(Fixtures.versionError()));
        assertThat(plain.fsm.connectRetryCounter()).isEqualTo(1);
        assertThat(plain.fsm.lastDownReason()).contains(new DownReason.NotificationReceived(Fixtures.versionError()));
    }

    @Test
    void automaticStopIsIgnoredUnlessAllowed() {
        Speaker s = inConnect(b -> b.allowAutomaticStop(false));
        assertThat(s.fire(AutomaticStop.cease(NotificationCode.OUT_OF_RESOURCES))).isEmpty();
        assertThat(s.state()).isEqualTo(CONNECT);
    }

    static Stream<FsmEvent> otherEvents() {
        return Stream.of(AutomaticStop.cease(NotificationCode.OUT_OF_RESOURCES), new HoldTimerExpires(),
                new KeepaliveTimerExpires(), new IdleHoldTimerExpires(), new OpenReceived(Fixtures.peerOpen()),
                new OpenCollisionDump(), new NotificationReceived(Fixtures.ADMIN_SHUTDOWN), new KeepaliveReceived(),
                new UpdateReceived(Fixtures.endOfRib()), new UpdateMessageError(Fixtures.updateError()),
                new RouteRefreshReceived(routeRefresh()));
    }

    @ParameterizedTest
    @MethodSource("otherEvents")
    void otherEventsGoIdleAndCountAFailure(FsmEvent event) {
        Speaker s = inConnect();
        List<FsmAction> actions = s.fire(event);
        assertThat(messages(actions)).isEmpty();
        assertThat(actions).startsWith(stop(Timer.CONNECT_RETRY), drop()).endsWith(changed(CONNECT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }
}
