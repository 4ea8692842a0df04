package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/javabgp} itself: its JVM settings start a JVM, its arguments reach the command and the
 * command's exit code comes back. It runs this build's classes (JAVABGP_CLASSPATH), so it builds
 * nothing here.
 */
class ScriptTest {

    @TempDir
    Path dir;

    private Cli.Result script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("../bin/javabgp").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVABGP_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVABGP_JAVA_OPTS");
        builder.environment().remove("JAVABGP_HEAP");
        Process p = builder.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/javabgp %s ends within 60 s", String.join(" ", args)).isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void validateTheLoopbackExample() throws Exception {
        Cli.Result r = script("validate", "-f", "../examples/loopback", "--node", "node-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                node node-1: AS 64512, router ID 127.0.0.1, listening on 127.0.0.1:1179, 1 peer(s)
                valid: 2 files, 1 Node(s), 1 BGPPeer(s), 1 IP pool(s) (1 from the Installation), 0 BGPFilter(s)
                """);
    }

    @Test
    void anInvalidConfigurationExitsOneWithItsErrors() throws Exception {
        Path file = dir.resolve("calico.yaml");
        Files.writeString(file, """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 127.0.0.2, asNumber: 64513, sourceAddress: none}
                """);
        Cli.Result r = script("validate", "-f", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(file + ":4:59: BGPPeer/tor spec.sourceAddress: \"none\" is not accepted; accepted: UseNodeIP, "
                + "None; did you mean \"None\"?\n1 error in the configuration\n");
        assertThat(script("validate").exitCode()).isEqualTo(2);
    }
}
