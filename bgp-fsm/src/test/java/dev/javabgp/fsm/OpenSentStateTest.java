package dev.javabgp.fsm;

import static dev.javabgp.fsm.EventType.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2, OpenSent state. */
class OpenSentStateTest extends FsmTestSupport {

    @Test
    void startsAndSecondConnectionsAreLeftToTheDriver() {
        Speaker s = inOpenSent();
        for (FsmEvent e : List.of(new ManualStart(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(), new TcpConnectionValid(),
                new TcpConnectionInvalid(), new TcpConnectionAcked(), new TcpConnectionConfirmed())) {
            assertThat(s.fire(e)).isEmpty();
        }
        assertThat(s.state()).isEqualTo(OPEN_SENT);
    }

    @Test
    void manualStopSendsAdministrativeShutdown() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new ManualStop())).containsExactly(send(Fixtures.ADMIN_SHUTDOWN), stop(Timer.HOLD), drop(),
                release(sent(Fixtures.ADMIN_SHUTDOWN, MANUAL_STOP)), changed(OPEN_SENT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void manualStopCarriesTheShutdownCommunication() {
        Speaker s = inOpenSent();
        List<BgpMessage> sent = messages(s.fire(FsmEvent.ManualStop.withCommunication("maintenance until 18:00")));
        assertThat(sent).hasSize(1);
        assertThat(((NotificationMessage) sent.get(0)).shutdownCommunication()).contains("maintenance until 18:00");
    }

    @Test
    void automaticStopSendsItsCeaseAndCountsAFailure() {
        Speaker s = inOpenSent();
        NotificationMessage maxPrefixes = new NotificationMessage(NotificationCode.CEASE, NotificationCode.MAXIMUM_PREFIXES_REACHED);
        assertThat(messages(s.fire(AutomaticStop.cease(NotificationCode.MAXIMUM_PREFIXES_REACHED)))).containsExactly(maxPrefixes);
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);

        Speaker kept = inOpenSent(b -> b.allowAutomaticStop(false));
        assertThat(kept.fire(AutomaticStop.cease(NotificationCode.MAXIMUM_PREFIXES_REACHED))).isEmpty();
        assertThat(kept.state()).isEqualTo(OPEN_SENT);
    }

    @Test
    void theLargeHoldTimerExpiresAfterFourMinutes() {
        Speaker s = inOpenSent();
        assertThat(s.advance(Duration.ofSeconds(239))).isEmpty();
        assertThat(s.advance(Duration.ofSeconds(1))).containsExactly(send(Fixtures.HOLD_EXPIRED), drop(),
                release(sent(Fixtures.HOLD_EXPIRED, HOLD_TIMER_EXPIRES)), changed(OPEN_SENT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
    }

    @Test
    void tcpFailureListensInActive() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new TcpConnectionFails()))
                .containsExactly(drop(), stop(Timer.HOLD), start(Timer.CONNECT_RETRY, 120), changed(OPEN_SENT, ACTIVE));
    }

    @Test
    void acceptableOpenSendsKeepaliveAndStartsTheNegotiatedTimers() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new OpenReceived(Fixtures.peerOpen()))).containsExactly(
                keepalive(), start(Timer.HOLD, 90), start(Timer.KEEPALIVE, 30), changed(OPEN_SENT, OPEN_CONFIRM));
        assertThat(s.fsm.session()).get().extracting(NegotiatedSession::peerAs).isEqualTo(Fixtures.PEER_AS);
    }

    @Test
    void theSmallerHoldTimeWinsAndKeepalivesComeEveryThird() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new OpenReceived(Fixtures.peerOpen(9)))).containsExactly(
                keepalive(), start(Timer.HOLD, 9), start(Timer.KEEPALIVE, 3), changed(OPEN_SENT, OPEN_CONFIRM));
    }

    @Test
    void aZeroHoldTimeRunsNeitherTimer() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new OpenReceived(Fixtures.peerOpen(0))))
                .containsExactly(keepalive(), stop(Timer.HOLD), changed(OPEN_SENT, OPEN_CONFIRM));
        assertThat(s.fsm.runningTimers()).isEmpty();
    }

    static Stream<Arguments> unacceptableOpens() {
        return Stream.of(
                Arguments.of(OpenMessage.of(65099, 90, Fixtures.PEER_ID, List.of()), NotificationCode.BAD_PEER_AS),
                Arguments.of(new OpenMessage(3, 65002, 90, Fixtures.PEER_ID, List.of()), NotificationCode.UNSUPPORTED_VERSION_NUMBER),
                Arguments.of(new OpenMessage(4, 65002, 2, Fixtures.PEER_ID, List.of()), NotificationCode.UNACCEPTABLE_HOLD_TIME),
                Arguments.of(new OpenMessage(4, 65002, 90, Fixtures.ip("0.0.0.0"), List.of()), NotificationCode.BAD_BGP_IDENTIFIER));
    }

    @ParameterizedTest
    @MethodSource("unacceptableOpens")
    void unacceptableOpenIsAnsweredWithTheOpenMessageError(OpenMessage open, int subcode) {
        Speaker s = inOpenSent();
        List<FsmAction> actions = s.fire(new OpenReceived(open));
        assertThat(messages(actions)).singleElement().satisfies(m -> {
            NotificationMessage n = (NotificationMessage) m;
            assertThat(n.code()).isEqualTo(NotificationCode.OPEN_MESSAGE_ERROR);
            assertThat(n.subcode()).isEqualTo(subcode);
        });
        assertThat(actions).endsWith(changed(OPEN_SENT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void headerAndOpenErrorsSendTheirNotification() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new HeaderError(Fixtures.headerError()))).containsExactly(send(Fixtures.headerError().notification()),
                stop(Timer.HOLD), drop(), release(sent(Fixtures.headerError().notification(), BGP_HEADER_ERR,
                        "marker is not all ones")), changed(OPEN_SENT, IDLE));
        Speaker t = inOpenSent();
        assertThat(messages(t.fire(new OpenMessageError(Fixtures.openError())))).containsExactly(Fixtures.openError().notification());
    }

    @Test
    void collisionDumpSendsConnectionCollisionResolution() {
        Speaker s = inOpenSent();
        assertThat(messages(s.fire(new OpenCollisionDump()))).containsExactly(Fixtures.COLLISION);
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }

    @Test
    void versionErrorNotificationGoesIdleWithoutCounting() {
        Speaker s = inOpenSent();
        assertThat(s.fire(new NotificationReceived(Fixtures.versionError()))).containsExactly(stop(Timer.HOLD), drop(),
                release(new DownReason.NotificationReceived(Fixtures.versionError())), changed(OPEN_SENT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void notificationGoesIdleWithoutAnsweringIt() {
        Speaker s = inOpenSent();
        assertThat(messages(s.fire(new NotificationReceived(Fixtures.ADMIN_SHUTDOWN)))).isEmpty();
        assertThat(s.fsm.lastDownReason()).contains(new DownReason.NotificationReceived(Fixtures.ADMIN_SHUTDOWN));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
    }

    static Stream<Arguments> unexpectedEvents() {
        return Stream.of(
                Arguments.of(new ConnectRetryTimerExpires(), new byte[0]),
                Arguments.of(new KeepaliveTimerExpires(), new byte[0]),
                Arguments.of(new DelayOpenTimerExpires(), new byte[0]),
                Arguments.of(new IdleHoldTimerExpires(), new byte[0]),
                Arguments.of(new KeepaliveReceived(), new byte[] {BgpMessage.TYPE_KEEPALIVE}),
                Arguments.of(new UpdateReceived(Fixtures.endOfRib()), new byte[] {BgpMessage.TYPE_UPDATE}),
                Arguments.of(new UpdateMessageError(Fixtures.updateError()), new byte[] {BgpMessage.TYPE_UPDATE}),
                Arguments.of(new RouteRefreshReceived(routeRefresh()), new byte[] {BgpMessage.TYPE_ROUTE_REFRESH}));
    }

    @ParameterizedTest
    @MethodSource("unexpectedEvents")
    void otherEventsSendFsmErrorUnexpectedInOpenSent(FsmEvent event, byte[] data) {
        Speaker s = inOpenSent();
        NotificationMessage expected = new NotificationMessage(NotificationCode.FSM_ERROR, NotificationCode.UNEXPECTED_IN_OPEN_SENT, data);
        List<FsmAction> actions = s.fire(event);
        assertThat(messages(actions)).containsExactly(expected);
        assertThat(actions).endsWith(changed(OPEN_SENT, IDLE));
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        assertIdleWithoutTimers(s);
    }
}
