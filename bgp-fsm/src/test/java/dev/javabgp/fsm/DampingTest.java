package dev.javabgp.fsm;

import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.fsm.FsmAction.ConnectTcp;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DampPeerOscillations (RFC 4271 §8.1.1): the IdleHoldTimer doubles per flap and resets once stable. */
class DampingTest extends FsmTestSupport {

    private Speaker damped() {
        return speaker(b -> b.dampPeerOscillations(true)
                .idleHoldTime(Duration.ofSeconds(60))
                .maxIdleHoldTime(Duration.ofSeconds(240))
                .stablePeriod(Duration.ofMinutes(5)));
    }

    /** From Connect to Established, then a flap: the peer closes with a NOTIFICATION after {@code upFor}. */
    private void establishAndFlap(Speaker s, Duration upFor) {
        assertThat(s.state()).isEqualTo(CONNECT);
        s.fire(new TcpConnectionAcked());
        s.fire(new OpenReceived(Fixtures.peerOpen()));
        s.fire(new KeepaliveReceived());
        assertThat(s.state()).isEqualTo(ESTABLISHED);
        for (Duration d = Duration.ZERO; d.compareTo(upFor) < 0; d = d.plusSeconds(30)) {
            s.advance(Duration.ofSeconds(30));
            s.fire(new KeepaliveReceived());
        }
        s.fire(new NotificationReceived(Fixtures.ADMIN_SHUTDOWN));
        assertThat(s.state()).isEqualTo(IDLE);
    }

    /** Fires a damped start and returns how long it waited before connecting. */
    private Duration dampedStartDelay(Speaker s) {
        Duration before = clock.now();
        var actions = s.fire(new AutomaticStartWithDamping());
        if (s.state() == CONNECT) {
            return Duration.ZERO;
        }
        assertThat(actions).hasSize(1).first().isInstanceOf(FsmAction.StartTimer.class);
        Duration delay = ((FsmAction.StartTimer) actions.get(0)).duration();
        assertThat(s.advance(delay.minusSeconds(1))).isEmpty();
        assertThat(s.advance(Duration.ofSeconds(1))).contains(new ConnectTcp(), changed(IDLE, CONNECT));
        assertThat(clock.now().minus(before)).isEqualTo(delay);
        return delay;
    }

    @Test
    void theIdleHoldTimeDoublesWithEachFlapUpToItsCeiling() {
        Speaker s = damped();
        assertThat(dampedStartDelay(s)).isZero();
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(60));
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(120));
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(240));
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(240));
        assertThat(s.fsm.flaps()).isEqualTo(4);
    }

    @Test
    void aStablePeriodEstablishedResetsTheIdleHoldTime() {
        Speaker s = damped();
        dampedStartDelay(s);
        establishAndFlap(s, Duration.ofSeconds(30));
        dampedStartDelay(s);
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(120));
        // Up for longer than the five-minute stable period before the next flap.
        establishAndFlap(s, Duration.ofMinutes(6));
        assertThat(s.fsm.flaps()).isEqualTo(1);
        assertThat(dampedStartDelay(s)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theStableSessionTimerRunsOnlyWhileEstablished() {
        Speaker s = damped();
        dampedStartDelay(s);
        s.fire(new TcpConnectionAcked());
        s.fire(new OpenReceived(Fixtures.peerOpen()));
        assertThat(s.fire(new KeepaliveReceived())).contains(start(Timer.STABLE_SESSION, 300));
        assertThat(s.fire(new TcpConnectionFails())).contains(stop(Timer.STABLE_SESSION));
        assertIdleWithoutTimers(s);
    }

    @Test
    void aStopCancelsAWaitingDampedStartAndAManualStartOverridesIt() {
        Speaker s = damped();
        dampedStartDelay(s);
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(s.fire(new AutomaticStartWithDampingPassive())).containsExactly(start(Timer.IDLE_HOLD, 60));
        assertThat(s.fire(new ManualStop())).containsExactly(stop(Timer.IDLE_HOLD));
        assertThat(s.advance(Duration.ofMinutes(5))).isEmpty();
        assertIdleWithoutTimers(s);

        s.fire(new AutomaticStartWithDamping());
        assertThat(s.fire(new ManualStart()))
                .containsExactly(stop(Timer.IDLE_HOLD), start(Timer.CONNECT_RETRY, 120), new ConnectTcp(), changed(IDLE, CONNECT));
    }

    @Test
    void aPassiveDampedStartWaitsInActive() {
        Speaker s = damped();
        dampedStartDelay(s);
        establishAndFlap(s, Duration.ofSeconds(30));
        s.fire(new AutomaticStartWithDampingPassive());
        assertThat(s.advance(Duration.ofSeconds(60))).containsExactly(start(Timer.CONNECT_RETRY, 120), changed(IDLE, ACTIVE));
    }

    @Test
    void manualStopsAreNotFlaps() {
        Speaker s = damped();
        dampedStartDelay(s);
        s.fire(new ManualStop());
        assertThat(s.fsm.flaps()).isZero();
        assertThat(dampedStartDelay(s)).isZero();
    }

    @Test
    void withoutDampingFlapsAreNotCounted() {
        Speaker s = speaker();
        s.fire(new AutomaticStartWithDamping());
        establishAndFlap(s, Duration.ofSeconds(30));
        assertThat(s.fsm.flaps()).isZero();
        assertThat(s.fire(new AutomaticStartWithDamping())).contains(new ConnectTcp());
    }
}
