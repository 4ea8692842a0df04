package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code javabgp demo}: the example node and a router in one JVM, and the router's table printed. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void theDemoPrintsTheRoutersTableAndExitsZero() throws Exception {
        // The example as it is, on free ports, so the test runs beside anything on 1179 and 1790.
        int nodePort = Cli.freePort("127.0.0.1");
        int routerPort = Cli.freePort("127.0.0.2");
        String calico = Files.readString(Path.of("../examples/loopback/calico.yaml"));
        assertThat(calico).contains("listenPort: 1179", "peerIP: 127.0.0.2:1790");
        Files.writeString(dir.resolve("calico.yaml"), calico.replace("listenPort: 1179", "listenPort: " + nodePort)
                .replace("peerIP: 127.0.0.2:1790", "peerIP: 127.0.0.2:" + routerPort));
        Files.copy(Path.of("../examples/loopback/services.yaml"), dir.resolve("services.yaml"));

        Cli.Result r = Cli.run("demo", "-f", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int table = assertRouterTable(r, lines);
        assertThat(lines.get(table + 5)).isEmpty();
        assertThat(r.out()).containsPattern("\n127\\.0\\.0\\.2 +64513 +eBGP +Established +\\d+:\\d\\d:\\d\\d +0 +3 +0 +-\n");
        assertThat(lines.getLast()).matches("node stopped; the router's session with 127\\.0\\.0\\.1 is \\w+, last error: "
                + "received NOTIFICATION Cease / Administrative Shutdown: \"javabgp demo finished\"");
    }

    @Test
    void withoutFilesItRunsTheExamplePackedInTheJar() throws Exception {
        // On the example's ports (1179, 1790), or on others where those are taken, as on a machine
        // where the example runs already.
        Cli.Result r = Cli.run("demo");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(^|\n)javabgp demo: node node-1 from examples/loopback \\(AS 64512, 127\\.0\\.0\\.1, "
                + "listening on 127\\.0\\.0\\.1:\\d+\\)\n");
        List<String> lines = r.out().lines().toList();
        assertRouterTable(r, lines);
        assertThat(lines.getLast()).endsWith("received NOTIFICATION Cease / Administrative Shutdown: \"javabgp demo finished\"");
    }

    @Test
    void aTakenPortOfTheExampleIsReplacedByAFreeOne() throws Exception {
        int port = Cli.freePort("127.0.0.2");
        StringWriter said = new StringWriter();
        PrintWriter out = new PrintWriter(said, true);
        assertThat(DemoCommand.portOrFree("127.0.0.2", port, out)).isEqualTo(port);
        assertThat(said.toString()).isEmpty();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.2", port));
            int other = DemoCommand.portOrFree("127.0.0.2", port, out);
            assertThat(other).isNotEqualTo(port);
            assertThat(said.toString()).isEqualTo("port " + port + " on 127.0.0.2 is taken; the demo uses " + other + " instead\n");
        }
    }

    @Test
    void theJarCarriesTheLoopbackExampleAsItIs() throws Exception {
        for (String name : List.of("calico.yaml", "services.yaml")) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/loopback/" + name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(in.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(Path.of("../examples/loopback", name)));
            }
        }
    }

    /** The router's table as the demo prints it: the service ranges and the Local service's host route. */
    private static int assertRouterTable(Cli.Result r, List<String> lines) {
        int table = lines.indexOf("the router's table (AS 64513):");
        assertThat(table).as(r.out()).isPositive();
        assertThat(lines.subList(table + 1, table + 5)).containsExactly(
                "PREFIX            NEXT HOP   AS PATH  COMMUNITIES",
                "10.96.0.0/12      127.0.0.1  64512    -",
                "198.51.100.0/24   127.0.0.1  64512    64512:300 64512:1:50",
                "198.51.100.10/32  127.0.0.1  64512    64512:300 64512:1:50");
        return table;
    }
}
