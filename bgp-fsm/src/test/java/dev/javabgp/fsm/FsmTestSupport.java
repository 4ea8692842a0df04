package dev.javabgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.RouteRefreshMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.fsm.FsmAction.*;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Drives one FSM on a fake clock into each state, and names the actions tests expect. */
abstract class FsmTestSupport {

    final FakeClock clock = new FakeClock();

    Speaker speaker() {
        return speaker(b -> b);
    }

    Speaker speaker(UnaryOperator<SessionAttributes.Builder> configure) {
        return new Speaker("local", configure.apply(Fixtures.local()).build(), clock);
    }

    Speaker inConnect(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = speaker(configure);
        s.fire(new ManualStart());
        assertThat(s.state()).isEqualTo(FsmState.CONNECT);
        return s;
    }

    Speaker inActive(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = speaker(configure);
        s.fire(new ManualStartPassive());
        assertThat(s.state()).isEqualTo(FsmState.ACTIVE);
        return s;
    }

    /** Connect with the TCP connection up and the DelayOpenTimer running. */
    Speaker inConnectWithDelayOpen(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = inConnect(b -> configure.apply(b).delayOpen(true));
        s.fire(new TcpConnectionAcked());
        assertThat(s.fsm.runningTimers()).containsExactly(Timer.DELAY_OPEN);
        return s;
    }

    Speaker inActiveWithDelayOpen(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = inActive(b -> configure.apply(b).delayOpen(true));
        s.fire(new TcpConnectionConfirmed());
        assertThat(s.fsm.runningTimers()).containsExactly(Timer.DELAY_OPEN);
        return s;
    }

    Speaker inOpenSent(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = inConnect(configure);
        s.fire(new TcpConnectionAcked());
        assertThat(s.state()).isEqualTo(FsmState.OPEN_SENT);
        return s;
    }

    Speaker inOpenConfirm(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = inOpenSent(configure);
        s.fire(new OpenReceived(Fixtures.peerOpen()));
        assertThat(s.state()).isEqualTo(FsmState.OPEN_CONFIRM);
        return s;
    }

    Speaker inEstablished(UnaryOperator<SessionAttributes.Builder> configure) {
        Speaker s = inOpenConfirm(configure);
        s.fire(new KeepaliveReceived());
        assertThat(s.state()).isEqualTo(FsmState.ESTABLISHED);
        return s;
    }

    Speaker inConnect() { return inConnect(b -> b); }
    Speaker inActive() { return inActive(b -> b); }
    Speaker inOpenSent() { return inOpenSent(b -> b); }
    Speaker inOpenConfirm() { return inOpenConfirm(b -> b); }
    Speaker inEstablished() { return inEstablished(b -> b); }

    static SendMessage send(BgpMessage m) {
        return new SendMessage(m);
    }

    static SendMessage keepalive() {
        return new SendMessage(KeepaliveMessage.INSTANCE);
    }

    static StartTimer start(Timer t, long seconds) {
        return new StartTimer(t, Duration.ofSeconds(seconds));
    }

    static StopTimer stop(Timer t) {
        return new StopTimer(t);
    }

    static DropConnection drop() {
        return new DropConnection();
    }

    static StateChanged changed(FsmState from, FsmState to) {
        return new StateChanged(from, to);
    }

    static ReleaseResources release(DownReason reason) {
        return new ReleaseResources(reason);
    }

    static DownReason.NotificationSent sent(NotificationMessage n, EventType cause, String detail) {
        return new DownReason.NotificationSent(n, cause, detail);
    }

    static DownReason.NotificationSent sent(NotificationMessage n, EventType cause) {
        return sent(n, cause, "");
    }

    static DownReason.Closed closed(EventType cause, String detail) {
        return new DownReason.Closed(cause, detail);
    }

    static RouteRefreshMessage routeRefresh() {
        return RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST);
    }

    /** The message of every SendMessage action, in order. */
    static List<BgpMessage> messages(List<FsmAction> actions) {
        return actions.stream().filter(a -> a instanceof SendMessage).map(a -> ((SendMessage) a).message()).toList();
    }

    /** Asserts the FSM holds no timer, and the driver runs none, as Idle requires. */
    static void assertIdleWithoutTimers(Speaker s) {
        assertThat(s.state()).isEqualTo(FsmState.IDLE);
        assertThat(s.fsm.runningTimers()).isEmpty();
        assertThat(s.scheduledTimers()).isEmpty();
    }
}
