package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code javabgp validate}: exit 0 on a valid configuration; 1 and every error, where it is, on an invalid one. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void theExamplesAreValid() {
        Cli.Result r = Cli.run("validate", "-f", "../examples/loopback", "--node", "node-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                node node-1: AS 64512, router ID 127.0.0.1, listening on 127.0.0.1:1179, 1 peer(s)
                valid: 2 files, 1 Node(s), 1 BGPPeer(s), 0 IPPool(s), 0 BGPFilter(s)
                """);
        assertThat(Cli.run("validate", "-f", "../examples/design-notes").exitCode()).isZero();
    }

    @Test
    void everyErrorIsPrintedWithFileLineAndColumnAndTheExitCodeIsOne() throws Exception {
        Path file = dir.resolve("calico.yaml");
        Files.writeString(file, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  logSeverityScreen: debug
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata:
                  name: rack1-tor
                spec:
                  peerIP: 127.0.0.300
                  asNumber: 64513
                  sourceAddress: none
                """);
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(file + ":6:22: BGPConfiguration/default spec.logSeverityScreen: \"debug\" is not accepted; "
                + "accepted: Debug, Info, Warning, Error, Fatal; did you mean \"Debug\"?\n"
                + file + ":13:11: BGPPeer/rack1-tor spec.peerIP: \"127.0.0.300\" is not accepted; accepted: an IP address with an "
                + "optional port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or [fd00::1]:1790\n"
                + file + ":15:18: BGPPeer/rack1-tor spec.sourceAddress: \"none\" is not accepted; accepted: UseNodeIP, None; "
                + "did you mean \"None\"?\n"
                + "3 errors in the configuration\n");
    }

    @Test
    void aPathThatDoesNotExistIsAnError() {
        Path missing = dir.resolve("nowhere.yaml");
        Cli.Result r = Cli.run("validate", "-f", missing.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith(missing + ":").contains("does not exist; give a YAML file or a directory of them");
    }

    @Test
    void aNodeThatIsNotThereIsAnError() {
        Cli.Result r = Cli.run("validate", "-f", "../examples/loopback", "--node", "node-9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("no Node named \"node-9\" in the configuration; the Nodes are: node-1\n");
    }

    @Test
    void withoutFilesItIsABadUsage() {
        Cli.Result r = Cli.run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("-f FILE_OR_DIR");
    }
}
