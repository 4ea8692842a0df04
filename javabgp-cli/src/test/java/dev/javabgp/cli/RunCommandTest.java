package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.cli.control.ControlSocket;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code javabgp run} and {@code javabgp status} in this JVM, with speakers playing the routers
 * outside the cluster, over TCP on loopback.
 */
class RunCommandTest {

    static final Set<IpPrefix> RANGES = Set.of(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parse("198.51.100.0/24"),
            IpPrefix.parse("203.0.113.0/24"));
    static final Set<IpPrefix> WEB_HOSTS = Set.of(IpPrefix.parse("198.51.100.10/32"), IpPrefix.parse("203.0.113.10/32"));

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private BgpSpeaker router(String address, int port, String nodeAddress, int nodePort) throws Exception {
        BgpSpeaker r = BgpSpeaker.builder(64513, "10.0.0." + address.substring(address.lastIndexOf('.') + 1)).listen(address, port)
                .peer(PeerConfig.of(nodeAddress, 64512).withPort(nodePort).withPassive(true)
                        .withFamilies(Set.of(AddressFamily.IPV4_UNICAST)))
                .build();
        r.start().get(10, TimeUnit.SECONDS);
        toClose.add(r);
        return r;
    }

    private RunningNode run(String... args) throws InterruptedException {
        RunningNode n = new RunningNode(args);
        toClose.add(n);
        return n;
    }

    static Set<IpPrefix> prefixes(BgpSpeaker router) {
        return router.routes(AddressFamily.IPV4_UNICAST).join().stream().map(Route::prefix).collect(Collectors.toSet());
    }

    static PeerStatus session(BgpSpeaker router) {
        return router.peers().join().getFirst();
    }

    static Set<IpPrefix> union(Set<IpPrefix> a, Set<IpPrefix> b) {
        Set<IpPrefix> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void anInvalidConfigurationPrintsEveryErrorAndStartsNothing() throws Exception {
        int port = Cli.freePort("127.0.0.51");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.51", port, "debug")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.52", 1790, 64513, "sourceAddress: none"));
        Cli.Result r = Cli.run("run", "-f", config.toString(), "--control-socket", dir.resolve("ctl.sock").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(config + ":5:22: BGPConfiguration/default spec.logSeverityScreen: \"debug\" is not accepted; "
                + "accepted: Debug, Info, Warning, Error, Fatal; did you mean \"Debug\"?\n"
                + config + ":32:18: BGPPeer/tor spec.sourceAddress: \"none\" is not accepted; accepted: UseNodeIP, None; "
                + "did you mean \"None\"?\n"
                + "2 errors in the configuration\nnothing started\n");
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.51", port), 2000))
                .isInstanceOf(ConnectException.class);
        assertThat(dir.resolve("ctl.sock")).doesNotExist();
    }

    @Test
    void statusShowsEachPeerFromTheRunningSpeakerAndNoPassword() throws Exception {
        int nodePort = Cli.freePort("127.0.0.51");
        int routerPort = Cli.freePort("127.0.0.52");
        int silentPort = Cli.freePort("127.0.0.53");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.51", nodePort, "Info")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.52", routerPort, 64513)
                + "---\n" + NodeConfig.peer("secured", "127.0.0.53", silentPort, 64514,
                        "password: {secretKeyRef: {name: bgp-secrets, key: secured}}")
                + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bgp-secrets, namespace: kube-system}
                stringData: {secured: Pa55-w0rd-never-shown}
                """);
        Path services = Files.createDirectory(dir.resolve("services"));
        Files.writeString(services.resolve("web.yaml"), NodeConfig.WEB);
        Files.writeString(services.resolve("api.yaml"), NodeConfig.API);
        Path socket = dir.resolve("ctl.sock");
        BgpSpeaker router = router("127.0.0.52", routerPort, "127.0.0.51", nodePort);
        RunningNode node = run("-f", config.toString(), services.toString(), "--control-socket", socket.toString(),
                "--connect-retry-time", "1");
        Set<IpPrefix> expected = union(RANGES, WEB_HOSTS);
        Cli.await("the service prefixes at the router", () -> prefixes(router).equals(expected));

        Cli.Result status = Cli.run("status", "--control-socket", socket.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        List<String> lines = status.out().lines().toList();
        assertThat(lines.get(0)).matches("node node-1: AS 64512, router ID 127\\.0\\.0\\.51, listening on 127\\.0\\.0\\.51:" + nodePort
                + ", up \\d+:\\d\\d:\\d\\d");
        assertThat(lines.get(1)).isEqualTo("service prefixes announced: 5");
        assertThat(lines.get(3)).matches("PEER +AS +TYPE +STATE +UPTIME +RECEIVED +SENT +FLAPS +LAST ERROR");
        assertThat(lines.get(4)).matches("127\\.0\\.0\\.52 +64513 +eBGP +Established +\\d+:\\d\\d:\\d\\d +0 +5 +0 +-");
        assertThat(lines.get(5)).matches("127\\.0\\.0\\.53 +64514 +eBGP +(Idle|Connect|Active|OpenSent) +- +0 +0 +0 +.*");
        assertThat(lines).hasSize(6);
        assertThat(status.out()).doesNotContain("Pa55");

        Cli.Result ran = node.stop();
        assertThat(ran.exitCode()).isZero();
        Cli.await("the router to see the session end", () -> session(router).state() != FsmState.ESTABLISHED);
        // RFC 9003: the shutdown communication tells the router's operator why
        assertThat(session(router).lastError()).isEqualTo(
                "received NOTIFICATION Cease / Administrative Shutdown: \"node node-1: javabgp stopped\"");
        assertThat(socket).doesNotExist();
        Cli.Result after = Cli.run("status", "--control-socket", socket.toString());
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).startsWith("no javabgp run answers on " + socket);
    }

    @Test
    void aSecondRunOnTheSameControlSocketStartsNothingAndLeavesTheFirstAnswering() throws Exception {
        int port = Cli.freePort("127.0.0.55");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.55", port, "Info"));
        Path socket = dir.resolve("ctl.sock");
        try (ControlSocket first = ControlSocket.open(socket, Map.of("status", () -> "the first\n"))) {
            Cli.Result r = Cli.run("run", "-f", config.toString(), "--control-socket", socket.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("another javabgp run answers on the control socket " + socket
                    + "; stop it, or give this one its own with --control-socket\n");
            assertThat(ControlSocket.request(socket, "status")).isEqualTo("the first\n");
            try (ServerSocket free = new ServerSocket()) {
                free.bind(new InetSocketAddress("127.0.0.55", port)); // the second speaker let its port go
            }
        }
    }

    @Test
    void aSocketFileLeftByAProcessThatDiedIsReplaced() throws Exception {
        int port = Cli.freePort("127.0.0.56");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.56", port, "Info"));
        Path socket = dir.resolve("ctl.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a killed process does
        }
        assertThat(socket).exists();
        run("-f", config.toString(), "--control-socket", socket.toString());
        assertThat(ControlSocket.request(socket, "status")).startsWith("node node-1: AS 64512");
        assertThat(ControlSocket.request(socket, "routes")).isEqualTo("error: unknown request \"routes\"; accepted: status\n");
    }

    @Test
    void aConfigurationChangeResetsOnlyTheSessionsItConcerns() throws Exception {
        int nodePort = Cli.freePort("127.0.0.61");
        int portA = Cli.freePort("127.0.0.62");
        int portB = Cli.freePort("127.0.0.63");
        int portC = Cli.freePort("127.0.0.64");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("node.yaml"), NodeConfig.node("127.0.0.61", nodePort, "Info"));
        Files.writeString(conf.resolve("peer-a.yaml"), NodeConfig.peer("a", "127.0.0.62", portA, 64513));
        Files.writeString(conf.resolve("peer-b.yaml"), NodeConfig.peer("b", "127.0.0.63", portB, 64513));
        Files.writeString(conf.resolve("web.yaml"), NodeConfig.WEB);
        Files.writeString(conf.resolve("api.yaml"), NodeConfig.API);
        BgpSpeaker a = router("127.0.0.62", portA, "127.0.0.61", nodePort);
        BgpSpeaker b = router("127.0.0.63", portB, "127.0.0.61", nodePort);
        BgpSpeaker c = router("127.0.0.64", portC, "127.0.0.61", nodePort);
        run("-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString(), "--connect-retry-time", "1");
        Set<IpPrefix> all = union(RANGES, WEB_HOSTS);
        Cli.await("the prefixes at a and b", () -> prefixes(a).equals(all) && prefixes(b).equals(all));
        Instant bUp = session(b).establishedSince();

        // A new graceful restart time is renegotiated in OPEN: a's session resets, b's does not.
        Files.writeString(conf.resolve("peer-a.yaml"), NodeConfig.peer("a", "127.0.0.62", portA, 64513, "maxRestartTime: 60s"));
        Cli.await("a's session to reset and return", () -> session(a).flaps() == 1 && session(a).state() == FsmState.ESTABLISHED
                && prefixes(a).equals(all));
        assertThat(session(a).lastError()).isEqualTo("received NOTIFICATION Cease / Other Configuration Change");

        // A filter is a policy: it applies to b without a reset.
        Files.writeString(conf.resolve("peer-b.yaml"), NodeConfig.peer("b", "127.0.0.63", portB, 64513, "filters: [no-cluster-range]")
                + """
                ---
                apiVersion: projectcalico.org/v3
                kind: BGPFilter
                metadata: {name: no-cluster-range}
                spec:
                  exportV4:
                    - {action: Reject, matchOperator: Equal, cidr: 10.96.0.0/12}
                """);
        Cli.await("b to lose 10.96.0.0/12", () -> !prefixes(b).contains(IpPrefix.parse("10.96.0.0/12")));
        assertThat(prefixes(b)).hasSize(4);

        // A peer that appears starts; one that goes ends with Cease / Peer De-configured (RFC 4486).
        Path peerC = conf.resolve("peer-c.yaml");
        Files.writeString(peerC, NodeConfig.peer("c", "127.0.0.64", portC, 64513));
        Cli.await("c's prefixes", () -> prefixes(c).equals(all));
        Files.delete(peerC);
        Cli.await("c's session to end", () -> session(c).state() != FsmState.ESTABLISHED);
        assertThat(session(c).lastError()).isEqualTo("received NOTIFICATION Cease / Peer De-configured");
        assertThat(prefixes(c)).isEmpty();

        // A deleted Service manifest withdraws the service's host routes, and only those.
        Files.delete(conf.resolve("web.yaml"));
        Cli.await("the web host routes to go", () -> prefixes(a).equals(RANGES));

        // An invalid change is refused whole: the sessions stay as they are.
        Files.writeString(conf.resolve("peer-a.yaml"), NodeConfig.peer("a", "127.0.0.62", portA, 64599, "sourceAddress: none"));
        Thread.sleep(3 * RunCommand.FOLLOW_INTERVAL.toMillis());
        assertThat(session(a).state()).isEqualTo(FsmState.ESTABLISHED);
        assertThat(session(a).flaps()).isEqualTo(1);

        assertThat(session(b).flaps()).isZero();
        assertThat(session(b).establishedSince()).isEqualTo(bUp);
        assertThat(session(b).state()).isEqualTo(FsmState.ESTABLISHED);
    }

    @Test
    void withBgpDisabledNothingListensNorPeersUntilTheConfigurationEnablesIt() throws Exception {
        int nodePort = Cli.freePort("127.0.0.65");
        int routerPort = Cli.freePort("127.0.0.66");
        Path config = dir.resolve("calico.yaml");
        String installation = """
                apiVersion: operator.tigera.io/v1
                kind: Installation
                metadata: {name: default}
                spec:
                  calicoNetwork: {bgp: %s}
                ---
                """;
        String rest = NodeConfig.node("127.0.0.65", nodePort, "Info") + "---\n" + NodeConfig.peer("tor", "127.0.0.66", routerPort, 64513)
                + "---\n" + NodeConfig.WEB;
        Files.writeString(config, installation.formatted("Disabled") + rest);
        BgpSpeaker router = router("127.0.0.66", routerPort, "127.0.0.65", nodePort);
        Path socket = dir.resolve("ctl.sock");
        RunningNode node = run("-f", config.toString(), "--control-socket", socket.toString(), "--connect-retry-time", "1");

        assertThat(node.node().running()).isNull();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.65", nodePort), 2000))
                .isInstanceOf(ConnectException.class);
        List<String> status = Cli.run("status", "--control-socket", socket.toString()).out().lines().toList();
        assertThat(status.get(0)).matches("node node-1: AS 64512, router ID 127\\.0\\.0\\.65, not listening, up \\d+:\\d\\d:\\d\\d");
        assertThat(status.subList(1, status.size())).containsExactly("BGP is disabled (Installation spec.calicoNetwork.bgp: "
                + "Disabled): not listening, no sessions, nothing announced", "service prefixes announced: 0", "", "no sessions");
        assertThat(session(router).state()).isNotEqualTo(FsmState.ESTABLISHED);
        assertThat(session(router).flaps()).isZero();

        // Enabled: the node starts its speaker and announces.
        Files.writeString(config, installation.formatted("Enabled") + rest);
        Set<IpPrefix> all = union(RANGES, WEB_HOSTS);
        Cli.await("the prefixes at the router once BGP is enabled", () -> prefixes(router).equals(all));
        assertThat(Cli.run("status", "--control-socket", socket.toString()).out()).contains("listening on 127.0.0.65:" + nodePort);

        // Disabled again: every session ends with a Cease that says why, and the listener closes.
        Files.writeString(config, installation.formatted("Disabled") + rest);
        Cli.await("the session to end", () -> session(router).state() != FsmState.ESTABLISHED);
        assertThat(session(router).lastError()).isEqualTo(
                "received NOTIFICATION Cease / Administrative Shutdown: \"node node-1: BGP disabled\"");
        Cli.await("the listener to close", () -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.65", nodePort), 2000);
                return false;
            } catch (ConnectException e) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(node.stop().exitCode()).isZero();
    }

    @Test
    void aRestartOntoATakenPortKeepsTheNodeRunningAndIsRetriedUntilItWorks() throws Exception {
        int nodePort = Cli.freePort("127.0.0.67");
        int newPort = Cli.freePort("127.0.0.67");
        int routerPort = Cli.freePort("127.0.0.68");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("node.yaml"), NodeConfig.node("127.0.0.67", nodePort, "Info"));
        Files.writeString(conf.resolve("peer.yaml"), NodeConfig.peer("tor", "127.0.0.68", routerPort, 64513));
        Files.writeString(conf.resolve("web.yaml"), NodeConfig.WEB);
        BgpSpeaker router = router("127.0.0.68", routerPort, "127.0.0.67", nodePort);
        Path socket = dir.resolve("ctl.sock");
        RunningNode node = run("-f", conf.toString(), "--control-socket", socket.toString(), "--connect-retry-time", "1");
        Set<IpPrefix> all = union(RANGES, WEB_HOSTS);
        Cli.await("the prefixes at the router", () -> prefixes(router).equals(all));

        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.67", newPort));
            Files.writeString(conf.resolve("node.yaml"), NodeConfig.node("127.0.0.67", newPort, "Info"));
            Cli.await("the node to say it cannot move", () -> node.node().trouble() != null);
            assertThat(node.node().trouble()).startsWith("cannot restart the speaker for listen 127.0.0.67:" + nodePort + " → 127.0.0.67:"
                    + newPort + ": cannot listen on 127.0.0.67:" + newPort + ": ").endsWith("; it runs on as before");
            // It runs on as it was: the old listener, the session and the routes stay.
            assertThat(node.node().running().listenPort()).isEqualTo(nodePort);
            assertThat(session(router).state()).isEqualTo(FsmState.ESTABLISHED);
            assertThat(session(router).flaps()).isZero();
            assertThat(Cli.run("status", "--control-socket", socket.toString()).out().lines().toList().get(1))
                    .isEqualTo("not as configured: " + node.node().trouble());

            // Another change while it cannot move: refused the same way, nothing fails.
            Files.writeString(conf.resolve("peer.yaml"), NodeConfig.peer("tor", "127.0.0.68", routerPort, 64513, "maxRestartTime: 60s"));
            Thread.sleep(3 * RunCommand.FOLLOW_INTERVAL.toMillis());
            assertThat(node.node().trouble()).startsWith("cannot restart the speaker");
            assertThat(session(router).state()).isEqualTo(FsmState.ESTABLISHED);
        }
        // The port is free: the next retry moves the node, and it peers again with everything configured.
        Cli.await("the node to move to its new port", () -> node.node().trouble() == null
                && node.node().running() != null && node.node().running().listenPort() == newPort);
        Cli.await("the session to come back", () -> session(router).state() == FsmState.ESTABLISHED && prefixes(router).equals(all));
        assertThat(session(router).flaps()).isEqualTo(1);
        assertThat(node.node().running().peers().getFirst().restartTime()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(Cli.run("status", "--control-socket", socket.toString()).out()).startsWith("node node-1: AS 64512, router ID "
                + "127.0.0.67, listening on 127.0.0.67:" + newPort + ", up ").contains("\nservice prefixes announced: 5\n");
    }

    @Test
    void aFileThatIsNotYamlStopsTheStartButWhileRunningBlocksNoOtherChange() throws Exception {
        int nodePort = Cli.freePort("127.0.0.69");
        int routerPort = Cli.freePort("127.0.0.70");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("node.yaml"), NodeConfig.node("127.0.0.69", nodePort, "Info"));
        Files.writeString(conf.resolve("peer.yaml"), NodeConfig.peer("tor", "127.0.0.70", routerPort, 64513));
        Path web = conf.resolve("web.yaml");
        String broken = "apiVersion: v1\nkind: Service\nmetadata: {name: [web\n";

        // At the start, a file that is not YAML is an error like any other: nothing starts.
        Files.writeString(web, broken);
        Cli.Result refused = Cli.run("run", "-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith(web + ":4:1: YAML: ").contains("; the file is not valid YAML here, so none of it was read\n")
                .endsWith("1 error in the configuration\nnothing started\n");

        Files.writeString(web, NodeConfig.WEB);
        BgpSpeaker router = router("127.0.0.70", routerPort, "127.0.0.69", nodePort);
        RunningNode node = run("-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString(), "--connect-retry-time", "1");
        Set<IpPrefix> all = union(RANGES, WEB_HOSTS);
        Cli.await("the prefixes at the router", () -> prefixes(router).equals(all));

        // While running: a manifest half-written and a new file of unknown kind half-written keep
        // nothing else from applying; the manifest's routes stay.
        Files.writeString(web, broken);
        Files.writeString(conf.resolve("new-peer.yaml"), "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: [x\n");
        Files.writeString(conf.resolve("peer.yaml"), NodeConfig.peer("tor", "127.0.0.70", routerPort, 64513, "maxRestartTime: 60s"));
        Cli.await("the peer's change to apply", () -> session(router).flaps() == 1 && session(router).state() == FsmState.ESTABLISHED
                && prefixes(router).equals(all));
        assertThat(session(router).lastError()).isEqualTo("received NOTIFICATION Cease / Other Configuration Change");
        assertThat(node.node().settings().peers().getFirst().restartTime()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void aChangeToServiceManifestsAloneDoesNotLoadTheConfigurationAgain() throws Exception {
        int nodePort = Cli.freePort("127.0.0.71");
        int routerPort = Cli.freePort("127.0.0.72");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("calico.yaml"), NodeConfig.node("127.0.0.71", nodePort, "Info")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.72", routerPort, 64513));
        Path web = conf.resolve("web.yaml");
        Files.writeString(web, NodeConfig.WEB);
        BgpSpeaker router = router("127.0.0.72", routerPort, "127.0.0.71", nodePort);
        RunningNode node = run("-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString(), "--connect-retry-time", "1");
        Cli.await("the prefixes at the router", () -> prefixes(router).equals(union(RANGES, WEB_HOSTS)));
        var loaded = node.node().settings();

        Files.delete(web);
        Cli.await("the web host routes to go", () -> prefixes(router).equals(RANGES));
        Thread.sleep(3 * RunCommand.FOLLOW_INTERVAL.toMillis());
        // A load would have handed the node settings of its own, equal but not the same.
        assertThat(node.node().settings()).isSameAs(loaded);

        Files.writeString(conf.resolve("calico.yaml"), NodeConfig.node("127.0.0.71", nodePort, "Info")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.72", routerPort, 64513, "maxRestartTime: 60s"));
        Cli.await("the configuration to be loaded again", () -> node.node().settings() != loaded);
    }

    @Test
    void aPasswordFromTheSecretsDirectoryOpensATcpMd5Session() throws Exception {
        int nodePort = Cli.freePort("127.0.0.73");
        int routerPort = Cli.freePort("127.0.0.74");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.73", nodePort, "Info") + "---\n" + NodeConfig.peer("tor", "127.0.0.74",
                routerPort, 64513, "password: {secretKeyRef: {name: bgp-secrets, key: tor}}"));
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("bgp-secrets"));
        Files.writeString(secrets.resolve("bgp-secrets").resolve("tor"), "rfc2385-from-a-file\n"); // mounted Secrets end in a newline
        BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.74").listen("127.0.0.74", routerPort)
                .peer(PeerConfig.of("127.0.0.73", 64512).withPort(nodePort).withPassive(true).withPassword("rfc2385-from-a-file")
                        .withFamilies(Set.of(AddressFamily.IPV4_UNICAST)))
                .build();
        router.start().get(10, TimeUnit.SECONDS);
        toClose.add(router);
        Path socket = dir.resolve("ctl.sock");
        run("-f", config.toString(), "--secrets-dir", secrets.toString(), "--control-socket", socket.toString(),
                "--connect-retry-time", "1");
        // RFC 2385: the kernel drops every segment without the right signature, so Established means the keys match.
        Cli.await("the TCP-MD5 session", () -> session(router).state() == FsmState.ESTABLISHED && prefixes(router).equals(RANGES));
        assertThat(Cli.run("status", "--control-socket", socket.toString()).out()).doesNotContain("rfc2385");
    }

    @Test
    void aLocalServiceKeepsItsHostRouteAtTheRouterUntilItsLastLocalEndpointGoes() throws Exception {
        int nodePort = Cli.freePort("127.0.0.75");
        int routerPort = Cli.freePort("127.0.0.76");
        Path conf = Files.createDirectory(dir.resolve("conf"));
        Files.writeString(conf.resolve("calico.yaml"), NodeConfig.node("127.0.0.75", nodePort, "Info")
                + "---\n" + NodeConfig.peer("tor", "127.0.0.76", routerPort, 64513));
        Path web = conf.resolve("web.yaml");
        Files.writeString(web, localService("web", "198.51.100.10", true, true));
        BgpSpeaker router = router("127.0.0.76", routerPort, "127.0.0.75", nodePort);
        run("-f", conf.toString(), "--control-socket", dir.resolve("ctl.sock").toString(), "--connect-retry-time", "1");
        IpPrefix host = IpPrefix.parse("198.51.100.10/32");
        IpPrefix marker = IpPrefix.parse("198.51.100.20/32");
        Cli.await("web's host route", () -> prefixes(router).contains(host));

        // One of the two local endpoints goes; a second service in the same write shows the change was read.
        Files.writeString(web, localService("web", "198.51.100.10", true, false) + "---\n"
                + localService("marker", "198.51.100.20", true, true));
        Cli.await("the marker's host route", () -> prefixes(router).contains(marker));
        assertThat(prefixes(router)).contains(host);

        Files.writeString(web, localService("web", "198.51.100.10", false, false) + "---\n"
                + localService("marker", "198.51.100.20", true, true));
        Cli.await("web's host route to be withdrawn", () -> !prefixes(router).contains(host));
        assertThat(prefixes(router)).contains(marker, IpPrefix.parse("198.51.100.0/24"));
    }

    /** A Local service with an external IP and two endpoints on node-1, ready or not. */
    private static String localService(String name, String externalIp, boolean firstReady, boolean secondReady) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: default}
                spec: {externalIPs: [%2$s], externalTrafficPolicy: Local}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, namespace: default, labels: {kubernetes.io/service-name: %1$s}}
                endpoints:
                  - {addresses: [10.244.1.5], conditions: {ready: %3$s}, nodeName: node-1}
                  - {addresses: [10.244.1.6], conditions: {ready: %4$s}, nodeName: node-1}
                """.formatted(name, externalIp, firstReady, secondReady);
    }

    @Test
    void aStopAskedForBeforeTheNodeStartsEndsCleanlyWithNothingStarted() throws Exception {
        int port = Cli.freePort("127.0.0.77");
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.77", port, "Info"));
        RunCommand command = new RunCommand();
        command.stop.countDown(); // as SIGTERM's hook does, here before the node starts
        Cli.Result r = Cli.run(new picocli.CommandLine(command), "-f", config.toString(), "--control-socket",
                dir.resolve("ctl.sock").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(command.running).isNull();
        assertThat(dir.resolve("ctl.sock")).doesNotExist();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.77", port), 2000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aServicePollIntervalBelowOneMillisecondIsABadUsage() throws Exception {
        Path config = dir.resolve("calico.yaml");
        Files.writeString(config, NodeConfig.node("127.0.0.78", 1179, "Info"));
        Cli.Result r = Cli.run("run", "-f", config.toString(), "--service-poll-interval", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("--service-poll-interval must be at least 1 millisecond, not 0\n");
    }
}
