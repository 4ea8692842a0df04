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
                valid: 2 files, 1 Node(s), 1 BGPPeer(s), 1 IP pool(s) (1 from the Installation), 0 BGPFilter(s)
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
                + file + ":13:11: BGPPeer/rack1-tor spec.peerIP: \"127.0.0.300\" is not accepted; accepted: an IPv4 or IPv6 address, "
                + "optionally with :port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or [fd00::1]:1790; 300 is above 255, "
                + "the most each part of an IPv4 address holds\n"
                + file + ":15:18: BGPPeer/rack1-tor spec.sourceAddress: \"none\" is not accepted; accepted: UseNodeIP, None; "
                + "did you mean \"None\"?\n"
                + "3 errors in the configuration\n");
    }

    @Test
    void aValidConfigurationsNoticesArePrintedAndBgpDisabledIsOne() throws Exception {
        Path file = dir.resolve("calico.yaml");
        Files.writeString(file, """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata: {name: default}
                spec:
                  calicoNetwork:
                    bgp: Disabled
                    ipPools: [{cidr: 10.244.0.0/16}]
                ---
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: more}
                spec: {cidr: 10.245.0.0/16}
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec: {bgp: {ipv4Address: 192.168.42.10/24}}
                """);
        Cli.Result r = Cli.run("validate", "-f", file.toString(), "--node", "node-1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("notice: " + file + ":6:10: Installation/default spec.calicoNetwork.bgp: Disabled: javabgp run "
                + "neither listens nor opens a BGP session and announces nothing; set bgp: Enabled for the node to peer\n"
                + "node node-1: AS 64512, router ID 192.168.42.10, BGP disabled: would neither listen nor peer\n"
                + "valid: 1 file, 1 Node(s), 0 BGPPeer(s), 2 IP pool(s) (1 from the Installation), 0 BGPFilter(s)\n");
    }

    @Test
    void aPasswordFromTheSecretsDirectory() throws Exception {
        Path file = dir.resolve("peer.yaml");
        Files.writeString(file, """
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 127.0.0.2
                  asNumber: 64513
                  password: {secretKeyRef: {name: bgp-secrets, key: tor}}
                """);
        Cli.Result without = Cli.run("validate", "-f", file.toString());
        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(without.err()).contains("no Secret \"bgp-secrets\" with key \"tor\"");
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("bgp-secrets"));
        Files.writeString(secrets.resolve("bgp-secrets").resolve("tor"), "s3cret\n");
        Cli.Result with = Cli.run("validate", "-f", file.toString(), "--secrets-dir", secrets.toString());
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).doesNotContain("s3cret");
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
