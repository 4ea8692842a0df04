package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.core.interop.BgpDaemon;
import dev.javabgp.core.interop.BirdDaemon;
import dev.javabgp.core.interop.DaemonConfig;
import dev.javabgp.core.interop.GobgpDaemon;
import dev.javabgp.core.interop.Loopback;
import dev.javabgp.core.interop.Neighbour;
import dev.javabgp.core.interop.StaticRoute;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graceful restart (RFC 4724 §4.2) with a real daemon killed with SIGKILL: the speaker keeps the
 * daemon's routes as stale and goes on announcing them; when the daemon comes back and sends
 * End-of-RIB, what it announced again is fresh and what it did not is gone; when it does not come
 * back within its restart time, its routes go then.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulRestartKilledDaemonTest {

    static final String DAEMON = "127.0.0.51";
    static final long DAEMON_AS = 65001;
    static final IpPrefix KEPT = IpPrefix.parse("198.51.100.0/24");
    static final IpPrefix DROPPED = IpPrefix.parse("198.51.101.0/24");
    static final Duration WAIT = Duration.ofSeconds(30);

    record Kind(String name, Function<DaemonConfig, BgpDaemon> create) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> daemons() {
        return Stream.of(new Kind("GoBGP", GobgpDaemon::new), new Kind("BIRD", BirdDaemon::new));
    }

    static DaemonConfig config(int port, int speakerPort, int restartTime, IpPrefix... routes) {
        DaemonConfig c = DaemonConfig.of(DAEMON_AS, "10.0.0.51", DAEMON, port)
                .neighbour(Neighbour.of(ObservedSpeaker.SPEAKER, speakerPort, ObservedSpeaker.OUR_AS).passive(true)
                        .gracefulRestart(restartTime));
        for (IpPrefix r : routes) {
            c = c.route(StaticRoute.of(r.toString(), "203.0.113.51"));
        }
        return c;
    }

    static ObservedSpeaker speaker(int daemonPort) throws Exception {
        return ObservedSpeaker.start(b -> b.connectRetryTime(Duration.ofSeconds(1)),
                PeerConfig.of(DAEMON, DAEMON_AS).withPort(daemonPort).withLocalAddress(ObservedSpeaker.SPEAKER)
                        .withGracefulRestart(Duration.ofSeconds(120)));
    }

    /** SIGKILL, by the daemon's pid: it closes nothing itself, its kernel ends the connection. */
    static void kill(BgpDaemon daemon) throws Exception {
        ProcessHandle process = ProcessHandle.of(daemon.pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
    }

    static List<Route> fromDaemon(ObservedSpeaker bench) {
        return bench.locRibFrom(DAEMON, AddressFamily.IPV4_UNICAST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void staleRoutesAreRefreshedByTheRestartedDaemonsEndOfRib(Kind kind) throws Exception {
        int port = Loopback.freePort(DAEMON);
        try (ObservedSpeaker bench = speaker(port)) {
            List<IpPrefix> withdrawnAtObserver = new CopyOnWriteArrayList<>();
            bench.observer.addRouteListener((best, withdrawn) -> withdrawnAtObserver.addAll(withdrawn));
            try (BgpDaemon first = kind.create().apply(config(port, bench.port, 120, KEPT, DROPPED)).start()) {
                SpeakerProbe.await("both routes", WAIT, () -> fromDaemon(bench).size() == 2);
                bench.awaitHeld(KEPT);
                bench.awaitHeld(DROPPED);
                kill(first);
            }
            SpeakerProbe.await("the session down", WAIT, () -> bench.state(DAEMON) != FsmState.ESTABLISHED);
            assertThat(fromDaemon(bench)).hasSize(2).allSatisfy(r -> assertThat(r.stale()).isTrue());
            assertThat(bench.atObserver(KEPT)).isPresent(); // still announced while the daemon restarts

            // The daemon comes back announcing only one of its routes, then End-of-RIB.
            try (BgpDaemon second = kind.create().apply(config(port, bench.port, 120, KEPT)).start()) {
                SpeakerProbe.await("the session again", WAIT, () -> bench.state(DAEMON) == FsmState.ESTABLISHED);
                SpeakerProbe.await("the kept route fresh", WAIT,
                        () -> bench.locRib(KEPT).filter(r -> !r.stale()).isPresent());
                bench.awaitGone(DROPPED); // RFC 4724 §4.2: stale routes not announced again go at End-of-RIB
                assertThat(withdrawnAtObserver).doesNotContain(KEPT);
                assertThat(bench.status(DAEMON).flaps()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemons")
    void staleRoutesGoWhenTheKilledDaemonStaysAwayPastItsRestartTime(Kind kind) throws Exception {
        int port = Loopback.freePort(DAEMON);
        int restartTime = 4;
        try (ObservedSpeaker bench = speaker(port)) {
            long killed;
            try (BgpDaemon daemon = kind.create().apply(config(port, bench.port, restartTime, KEPT)).start()) {
                bench.awaitHeld(KEPT);
                kill(daemon);
                killed = System.nanoTime();
            }
            SpeakerProbe.await("the session down", WAIT, () -> bench.state(DAEMON) != FsmState.ESTABLISHED);
            assertThat(bench.locRib(KEPT)).hasValueSatisfying(r -> assertThat(r.stale()).isTrue());
            bench.awaitGone(KEPT);
            double after = (System.nanoTime() - killed) / 1e9;
            System.out.printf("%s: stale route removed %.1f s after the kill (restart time %d s)%n", kind, after, restartTime);
            // RFC 4724 §4.2: kept for the restart time the daemon announced, not dropped at once.
            assertThat(after).isGreaterThanOrEqualTo(restartTime - 0.5);
        }
    }
}
