package dev.javabgp.fsm;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.fsm.FsmAction.StartTimer;
import dev.javabgp.fsm.FsmAction.StopTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A test driver for one {@link BgpFsm}: it runs the timers the FSM asks for on a {@link FakeClock}
 * and feeds their expiries back, records every action with its time, and hands messages and
 * connection requests to a {@link Network} if it has one.
 */
final class Speaker {

    /** Where a speaker's messages and connection requests go. */
    interface Network {
        void connect(Speaker from);

        void send(Speaker from, BgpMessage message);

        void drop(Speaker from);
    }

    record Logged(Duration at, FsmAction action) {}

    record Sent(Duration at, BgpMessage message) {}

    final String name;
    final BgpFsm fsm;
    final FakeClock clock;
    Network network;
    private final Map<Timer, FakeClock.Task> timers = new EnumMap<>(Timer.class);
    final List<Logged> log = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<FsmEvent> events = new ArrayList<>();

    Speaker(String name, SessionAttributes attributes, FakeClock clock) {
        this.name = name;
        this.fsm = new BgpFsm(attributes);
        this.clock = clock;
    }

    /** Feeds {@code event} to the FSM, carries out the actions, and returns them. */
    List<FsmAction> fire(FsmEvent event) {
        events.add(event);
        List<FsmAction> actions = fsm.handle(event);
        for (FsmAction a : actions) {
            log.add(new Logged(clock.now(), a));
        }
        for (FsmAction a : actions) {
            carryOut(a);
        }
        return actions;
    }

    private void carryOut(FsmAction action) {
        switch (action) {
            case StartTimer start -> {
                FakeClock.Task old = timers.remove(start.timer());
                if (old != null) {
                    old.cancel();
                }
                Timer timer = start.timer();
                timers.put(timer, clock.schedule(start.duration(), () -> {
                    timers.remove(timer);
                    fire(timer.expiryEvent());
                }));
            }
            case StopTimer stop -> {
                FakeClock.Task old = timers.remove(stop.timer());
                if (old != null) {
                    old.cancel();
                }
            }
            case FsmAction.SendMessage send -> {
                sent.add(new Sent(clock.now(), send.message()));
                if (network != null) {
                    network.send(this, send.message());
                }
            }
            case FsmAction.ConnectTcp connect -> {
                if (network != null) {
                    network.connect(this);
                }
            }
            case FsmAction.DropConnection drop -> {
                if (network != null) {
                    network.drop(this);
                }
            }
            default -> { }
        }
    }

    /** Advances the shared clock, firing due timers, and returns the actions taken meanwhile. */
    List<FsmAction> advance(Duration duration) {
        int mark = log.size();
        clock.advance(duration);
        return actionsSince(mark);
    }

    List<FsmAction> actionsSince(int mark) {
        return log.subList(mark, log.size()).stream().map(Logged::action).toList();
    }

    /** The timers this driver runs, as the actions asked. */
    java.util.Set<Timer> scheduledTimers() {
        return java.util.Collections.unmodifiableSet(timers.keySet());
    }

    FsmState state() {
        return fsm.state();
    }

    @Override
    public String toString() {
        return name + " " + fsm.state();
    }
}
