package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.fsm.FsmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code javabgp run} as its own process, as an operator runs it: the log follows
 * logSeverityScreen, {@code status} reads it from another process, and SIGTERM ends its sessions
 * with Cease / Administrative Shutdown (RFC 9003) before it exits 0.
 */
class RunProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermEndsEverySessionWithACeaseAndTheLogIsAtLogSeverityScreen() throws Exception {
        int nodePort = Cli.freePort("127.0.0.91");
        int routerPort = Cli.freePort("127.0.0.92");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("calico.yaml"), NodeConfig.node("127.0.0.91", nodePort, "Debug")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.92", routerPort, 64513));
        Files.writeString(conf.resolve("web.yaml"), NodeConfig.WEB);
        Path socket = dir.resolve("ctl.sock");
        Path log = dir.resolve("run.log");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JavaBgp.class.getName(), "run",
                "-f", conf.toString(), "--control-socket", socket.toString(), "--connect-retry-time", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.92").listen("127.0.0.92", routerPort)
                .peer(PeerConfig.of("127.0.0.91", 64512).withPort(nodePort).withPassive(true)
                        .withFamilies(Set.of(AddressFamily.IPV4_UNICAST)))
                .build()) {
            router.start().get(10, TimeUnit.SECONDS);
            Cli.await("the service prefixes at the router", () -> RunCommandTest.prefixes(router).size() == 5);
            Cli.Result status = Cli.run("status", "--control-socket", socket.toString());
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).containsPattern("\n127\\.0\\.0\\.92 +64513 +eBGP +Established ");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("javabgp run exits on SIGTERM").isTrue();
            // A clean stop is a success: 0, not the 143 (128 + SIGTERM) of a process the signal ended.
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
            Cli.await("the router to see the session end", () -> RunCommandTest.session(router).state() != FsmState.ESTABLISHED);
            assertThat(RunCommandTest.session(router).lastError()).isEqualTo(
                    "received NOTIFICATION Cease / Administrative Shutdown: \"node node-1: javabgp stopped\"");
            assertThat(socket).doesNotExist();
            // logSeverityScreen: Debug shows the exporter's decisions
            assertThat(Files.readString(log)).contains("DEBUG dev.javabgp.calico.export.ServicePrefixExporter - announce 198.51.100.10/32");
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
