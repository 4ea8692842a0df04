package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.Route;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code javabgp route-server}: two clients on loopback see each other's routes unchanged (RFC 7947). */
class RouteServerCommandTest {

    static int freePort(String address) {
        return dev.javabgp.core.interop.Loopback.freePort(address);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void routesPassBetweenClientsWithPathNextHopAndMedUntouched() throws Exception {
        int port = freePort("127.0.0.1");
        RouteServerCommand command = new RouteServerCommand();
        CommandLine cli = new CommandLine(command);
        Thread server = new Thread(() -> cli.execute("--listen", "127.0.0.1:" + port, "--asn", "65001",
                "--peer", "127.0.0.2,65002", "--peer", "127.0.0.3,65003", "--expected-prefixes", "1024"));
        server.start();
        try (BgpSpeaker a = client("127.0.0.2", 65002, port); BgpSpeaker b = client("127.0.0.3", 65003, port)) {
            IpPrefix prefix = IpPrefix.parse("198.51.100.0/24");
            a.announce(prefix, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("203.0.113.2"), new MultiExitDisc(7))).get();
            await("the route at b", () -> !b.routes(AddressFamily.IPV4_UNICAST).join().isEmpty());
            Route r = b.routes(AddressFamily.IPV4_UNICAST).join().get(0);
            assertThat(r.prefix()).isEqualTo(prefix);
            assertThat(r.attributes().asPath()).isEqualTo(AsPath.sequence(65002)); // not 65001 65002
            assertThat(r.attributes().nextHop()).isEqualTo(NextHop.of("127.0.0.2")); // a's, not the server's
            assertThat(r.attributes().multiExitDisc()).isEqualTo(new MultiExitDisc(7));
            assertThat(a.withdraw(prefix).get()).isTrue();
            await("the withdrawal at b", () -> b.routes(AddressFamily.IPV4_UNICAST).join().isEmpty());
        } finally {
            command.stop.countDown();
            server.join(15_000);
        }
        assertThat(server.isAlive()).isFalse();
    }

    static BgpSpeaker client(String address, long as, int port) throws Exception {
        BgpSpeaker s = BgpSpeaker.builder(as, "10.0.0." + address.substring(address.lastIndexOf('.') + 1))
                .peer(PeerConfig.of("127.0.0.1", 65001).withPort(port).withLocalAddress(address)).build();
        s.start().get(10, TimeUnit.SECONDS);
        return s;
    }

    @Test
    void aMalformedPeerIsABadUsageThatSaysWhatIsExpected() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new JavaBgp());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("route-server", "--listen", "127.0.0.1:1179", "--asn", "65001", "--peer", "127.0.0.2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--peer '127.0.0.2': expected ADDRESS,AS such as 127.0.0.2,65002");
        assertThat(List.of(JavaBgp.run("route-server", "--listen", "localhost", "--asn", "1", "--peer", "127.0.0.2,1")))
                .containsExactly(2);
    }
}
