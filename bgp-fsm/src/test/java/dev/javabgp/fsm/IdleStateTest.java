package dev.javabgp.fsm;

import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.fsm.FsmAction.ConnectTcp;
import dev.javabgp.fsm.FsmEvent.*;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** RFC 4271 §8.2.2, Idle state. */
class IdleStateTest extends FsmTestSupport {

    @Test
    void manualStartConnectsAndStartsTheConnectRetryTimer() {
        Speaker s = speaker();
        assertThat(s.state()).isEqualTo(IDLE);
        assertThat(s.fire(new ManualStart()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), new ConnectTcp(), changed(IDLE, CONNECT));
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void automaticStartConnects() {
        Speaker s = speaker();
        assertThat(s.fire(new AutomaticStart()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), new ConnectTcp(), changed(IDLE, CONNECT));
    }

    @Test
    void automaticStartIsIgnoredUnlessAllowAutomaticStart() {
        Speaker s = speaker(b -> b.allowAutomaticStart(false));
        assertThat(s.fire(new AutomaticStart())).isEmpty();
        assertThat(s.fire(new AutomaticStartPassive())).isEmpty();
        assertThat(s.fire(new AutomaticStartWithDamping())).isEmpty();
        assertThat(s.fire(new AutomaticStartWithDampingPassive())).isEmpty();
        assertThat(s.state()).isEqualTo(IDLE);
        assertThat(s.fire(new ManualStart())).contains(changed(IDLE, CONNECT));
    }

    @Test
    void passiveStartsWaitInActiveWithoutConnecting() {
        assertThat(speaker().fire(new ManualStartPassive()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), changed(IDLE, ACTIVE));
        assertThat(speaker().fire(new AutomaticStartPassive()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), changed(IDLE, ACTIVE));
    }

    @Test
    void passiveTcpEstablishmentMakesEveryStartPassive() {
        Speaker s = speaker(b -> b.passiveTcpEstablishment(true));
        assertThat(s.fire(new ManualStart())).containsExactly(start(Timer.CONNECT_RETRY, 120), changed(IDLE, ACTIVE));
    }

    @Test
    void aStartResetsTheConnectRetryCounter() {
        Speaker s = inConnect();
        s.fire(new HoldTimerExpires()); // an unexpected event: Idle, counter + 1
        assertThat(s.fsm.connectRetryCounter()).isEqualTo(1);
        s.fire(new AutomaticStart());
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }

    @Test
    void dampedStartsWithoutDampingOrBeforeAnyFlapStartAtOnce() {
        assertThat(speaker().fire(new AutomaticStartWithDamping())).contains(new ConnectTcp(), changed(IDLE, CONNECT));
        assertThat(speaker(b -> b.dampPeerOscillations(true)).fire(new AutomaticStartWithDampingPassive()))
                .containsExactly(start(Timer.CONNECT_RETRY, 120), changed(IDLE, ACTIVE));
    }

    @Test
    void stopsAreIgnored() {
        Speaker s = speaker();
        assertThat(s.fire(new ManualStop())).isEmpty();
        assertThat(s.fire(AutomaticStop.cease(NotificationCode.MAXIMUM_PREFIXES_REACHED))).isEmpty();
        assertIdleWithoutTimers(s);
    }

    @Test
    void anIncomingConnectionIsRefused() {
        assertThat(speaker().fire(new TcpConnectionConfirmed())).containsExactly(drop());
        assertThat(speaker().fire(new TcpConnectionAcked())).containsExactly(drop());
        // RFC 4486 §4: Connection Rejected, but only if a NOTIFICATION may precede our OPEN.
        assertThat(speaker(b -> b.sendNotificationWithoutOpen(true)).fire(new TcpConnectionConfirmed())).containsExactly(
                send(new NotificationMessage(NotificationCode.CEASE, NotificationCode.CONNECTION_REJECTED)), drop());
    }

    static Stream<FsmEvent> otherEvents() {
        return Stream.of(new ConnectRetryTimerExpires(), new HoldTimerExpires(), new KeepaliveTimerExpires(),
                new DelayOpenTimerExpires(), new IdleHoldTimerExpires(), new TcpConnectionValid(), new TcpConnectionInvalid(),
                new TcpConnectionFails(), new OpenReceived(Fixtures.peerOpen()), new HeaderError(Fixtures.headerError()),
                new OpenMessageError(Fixtures.openError()), new OpenCollisionDump(),
                new NotificationReceived(Fixtures.versionError()), new NotificationReceived(Fixtures.ADMIN_SHUTDOWN),
                new KeepaliveReceived(), new UpdateReceived(Fixtures.endOfRib()), new UpdateMessageError(Fixtures.updateError()),
                new RouteRefreshReceived(routeRefresh()), new StableSessionTimerExpires(), new UpdateSent());
    }

    @ParameterizedTest
    @MethodSource("otherEvents")
    void otherEventsChangeNothing(FsmEvent event) {
        Speaker s = speaker();
        assertThat(s.fire(event)).isEmpty();
        assertIdleWithoutTimers(s);
        assertThat(s.fsm.connectRetryCounter()).isZero();
    }
}
