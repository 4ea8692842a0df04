package dev.javabgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmAction.*;
import dev.javabgp.fsm.FsmEvent.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random event sequences, under random session attributes, against what must always hold: the FSM
 * never throws, Idle never holds a timer (but the IdleHoldTimer of damping), Established is only
 * reached by a KEEPALIVE after an accepted OPEN, and the actions are consistent with themselves.
 */
class FsmPropertiesTest {

    @Provide
    Arbitrary<SessionAttributes> attributes() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(flag, flag, flag, flag, flag, flag, flag, flag)
                .as((autoStart, autoStop, passive, damp, delayOpen, withoutOpen, establishedCollision, trackTcp) ->
                        Fixtures.local()
                                .allowAutomaticStart(autoStart)
                                .allowAutomaticStop(autoStop)
                                .passiveTcpEstablishment(passive)
                                .dampPeerOscillations(damp)
                                .delayOpen(delayOpen)
                                .sendNotificationWithoutOpen(withoutOpen)
                                .collisionDetectEstablishedState(establishedCollision)
                                .trackTcpState(trackTcp)
                                .build());
    }

    @Provide
    Arbitrary<List<FsmEvent>> events() {
        Arbitrary<FsmEvent> any = Arbitraries.of(
                new ManualStart(), new ManualStop(), new AutomaticStart(), new ManualStartPassive(), new AutomaticStartPassive(),
                new AutomaticStartWithDamping(), new AutomaticStartWithDampingPassive(),
                AutomaticStop.cease(NotificationCode.MAXIMUM_PREFIXES_REACHED),
                new ConnectRetryTimerExpires(), new HoldTimerExpires(), new KeepaliveTimerExpires(), new DelayOpenTimerExpires(),
                new IdleHoldTimerExpires(), new StableSessionTimerExpires(),
                new TcpConnectionValid(), new TcpConnectionInvalid(), new TcpConnectionAcked(), new TcpConnectionConfirmed(),
                new TcpConnectionFails(),
                new OpenReceived(Fixtures.peerOpen()), new OpenReceived(Fixtures.peerOpen(0)),
                new OpenReceived(OpenMessage.of(65099, 90, Fixtures.PEER_ID, List.of())),
                new HeaderError(Fixtures.headerError()), new OpenMessageError(Fixtures.openError()), new OpenCollisionDump(),
                new NotificationReceived(Fixtures.versionError()), new NotificationReceived(Fixtures.ADMIN_SHUTDOWN),
                new KeepaliveReceived(), new UpdateReceived(Fixtures.endOfRib()), new UpdateMessageError(Fixtures.updateError()),
                new RouteRefreshReceived(FsmTestSupport.routeRefresh()), new UpdateSent());
        // The happy path is unlikely by chance, so runs of it are mixed in whole for sessions to come up.
        List<FsmEvent> happyPath = List.of(new ManualStart(), new TcpConnectionAcked(), new DelayOpenTimerExpires(),
                new OpenReceived(Fixtures.peerOpen()), new KeepaliveReceived(), new KeepaliveReceived());
        Arbitrary<List<FsmEvent>> segment = Arbitraries.frequencyOf(
                Tuple.of(6, any.map(List::of)),
                Tuple.of(1, Arbitraries.just(happyPath)));
        return segment.list().ofMinSize(1).ofMaxSize(40)
                .map(segments -> segments.stream().flatMap(List::stream).toList());
    }

    @Property(tries = 2000)
    void invariantsHoldForEveryEventSequence(@ForAll("attributes") SessionAttributes attributes,
            @ForAll("events") List<FsmEvent> events) {
        BgpFsm fsm = new BgpFsm(attributes);
        // The timers as a driver that follows the actions would run them.
        Set<Timer> driverTimers = EnumSet.noneOf(Timer.class);
        List<OpenMessage> opensSinceIdle = new ArrayList<>();
        boolean reachedEstablished = false;

        for (FsmEvent event : events) {
            FsmState before = fsm.state();
            if (before == FsmState.IDLE) {
                opensSinceIdle.clear();
            }
            if (event instanceof OpenReceived open) {
                opensSinceIdle.add(open.open());
            }
            Timer expired = timerOf(event);
            if (expired != null) {
                driverTimers.remove(expired);
            }

            List<FsmAction> actions = fsm.handle(event); // must not throw

            for (int i = 0; i < actions.size(); i++) {
                FsmAction action = actions.get(i);
                switch (action) {
                    case StartTimer start -> driverTimers.add(start.timer());
                    case StopTimer stop -> assertThat(driverTimers.remove(stop.timer()))
                            .as("stops only running timers: %s", stop).isTrue();
                    case StateChanged changed -> {
                        assertThat(i).as("the state change comes last").isEqualTo(actions.size() - 1);
                        assertThat(changed.from()).isEqualTo(before);
                        assertThat(changed.to()).isEqualTo(fsm.state()).isNotEqualTo(before);
                    }
                    case SessionEstablished established -> assertThat(fsm.state()).isEqualTo(FsmState.ESTABLISHED);
                    case SessionDown down -> assertThat(before).isEqualTo(FsmState.ESTABLISHED);
                    case SendMessage send when send.message() instanceof NotificationMessage ->
                            assertThat(event).as("a NOTIFICATION is not answered with one")
                                    .isNotInstanceOf(NotificationReceived.class);
                    default -> { }
                }
            }
            assertThat(fsm.runningTimers()).as("the FSM's timers match its actions").isEqualTo(driverTimers);
            if (fsm.state() != before) {
                assertThat(actions).last().isEqualTo(new StateChanged(before, fsm.state()));
                assertThat(TransitionTable.row(before, typeAsHandled(event, before, actions)).targets()).contains(fsm.state());
            } else {
                assertThat(actions).noneMatch(a -> a instanceof StateChanged);
            }

            if (fsm.state() == FsmState.IDLE) {
                Set<Timer> allowed = attributes.dampPeerOscillations() ? EnumSet.of(Timer.IDLE_HOLD) : EnumSet.noneOf(Timer.class);
                assertThat(driverTimers).as("timers running in Idle").isSubsetOf(allowed);
                assertThat(fsm.session()).isEmpty();
            } else {
                assertThat(driverTimers).doesNotContain(Timer.IDLE_HOLD);
            }

            if (fsm.state() == FsmState.ESTABLISHED && before != FsmState.ESTABLISHED) {
                reachedEstablished = true;
                assertThat(before).isEqualTo(FsmState.OPEN_CONFIRM);
                assertThat(event).isInstanceOf(KeepaliveReceived.class);
                NegotiatedSession session = fsm.session().orElseThrow();
                assertThat(opensSinceIdle).as("an OPEN was received since the FSM left Idle").contains(session.peerOpen());
                assertThat(actions).contains(new SessionEstablished(session));
            }
            if (fsm.state() == FsmState.ESTABLISHED) {
                NegotiatedSession session = fsm.session().orElseThrow();
                if (!session.holdTimerDisabled()) {
                    assertThat(driverTimers).contains(Timer.HOLD);
                }
            }
        }
        Statistics.label("reached Established").collect(reachedEstablished);
        Statistics.label("final state").collect(fsm.state());
        Statistics.label("reached Established").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    private static Timer timerOf(FsmEvent event) {
        for (Timer t : Timer.values()) {
            if (t.expiryEvent().equals(event)) {
                return t;
            }
        }
        return null;
    }

    /** The event type the FSM dispatched on: an OPEN while DelayOpen runs is event 20. */
    private static EventType typeAsHandled(FsmEvent event, FsmState before, List<FsmAction> actions) {
        if (event instanceof OpenReceived && (before == FsmState.CONNECT || before == FsmState.ACTIVE)
                && actions.contains(new StopTimer(Timer.DELAY_OPEN))) {
            return EventType.BGP_OPEN_WITH_DELAY_OPEN_TIMER_RUNNING;
        }
        return event.type();
    }

    @Property(tries = 100)
    void twoFsmsBackToBackStayEstablishedUnderRandomHoldTimes(@ForAll("holdTimes") int holdA, @ForAll("holdTimes") int holdB) {
        FakeClock clock = new FakeClock();
        Speaker a = new Speaker("A", Fixtures.local().holdTime(Duration.ofSeconds(holdA)).build(), clock);
        Speaker b = new Speaker("B", Fixtures.peer().holdTime(Duration.ofSeconds(holdB)).build(), clock);
        new Wire(a, b, clock, Duration.ofMillis(50));
        a.fire(new ManualStart());
        b.fire(new ManualStartPassive());
        clock.advance(Duration.ofMinutes(20));
        assertThat(a.state()).isEqualTo(FsmState.ESTABLISHED);
        assertThat(b.state()).isEqualTo(FsmState.ESTABLISHED);
        int negotiated = Math.min(holdA, holdB);
        assertThat(a.fsm.session().orElseThrow().holdTime()).isEqualTo(Duration.ofSeconds(negotiated));
        assertThat(a.events).noneMatch(e -> e instanceof HoldTimerExpires);
        assertThat(b.events).noneMatch(e -> e instanceof HoldTimerExpires);
    }

    @Provide
    Arbitrary<Integer> holdTimes() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(3, 600));
    }
}
