package dev.javabgp.cli;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.LoadResult;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.service.KubeService;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.cli.control.RouteTable;
import dev.javabgp.cli.node.NodeRun;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole job on one machine with nothing installed: the example node's speaker, run as
 * {@code javabgp run} would run it, and in the same JVM a second speaker playing the top-of-rack
 * router of its BGPPeer, over TCP on loopback. Prints the router's table once every service prefix
 * has reached it, then the node's status, and stops the node with a shutdown message (RFC 9003).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run the example node and a top-of-rack router in one JVM, and print the router's table.",
        description = {"Run the example node (examples/loopback) and, in the same JVM, a top-of-rack router over loopback TCP;",
            "print the router's table once the node's service prefixes are there, and exit 0."})
final class DemoCommand implements Callable<Integer> {

    /** The loopback example, packed into the jar so the demo runs from anywhere. */
    private static final String EXAMPLE = "examples/loopback";
    private static final List<String> EXAMPLE_FILES = List.of("calico.yaml", "services.yaml");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFiles files;

    @Option(names = "--node", paramLabel = "NAME", description = "the Node to run; by default the configuration's only Node")
    String node;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path extracted = null;
        try {
            List<Path> paths = files.paths;
            String from = String.join(" ", paths.stream().map(Path::toString).toList());
            if (paths.isEmpty()) {
                extracted = extractExample();
                paths = List.of(extracted);
                from = EXAMPLE;
            }
            return run(paths, from, extracted != null, out, err);
        } finally {
            if (extracted != null) {
                deleteRecursively(extracted);
            }
            out.flush();
            err.flush();
        }
    }

    /** @param example whether this is the bundled example, whose ports may move when they are taken */
    private int run(List<Path> paths, String from, boolean example, PrintWriter out, PrintWriter err) throws Exception {
        CalicoConfig config;
        switch (CalicoConfig.load(paths, files.options())) {
            case LoadResult.Invalid invalid -> {
                ConfigFiles.printErrors(invalid, err);
                return 1;
            }
            case LoadResult.Valid valid -> config = valid.config();
        }
        NodeSettings settings;
        try {
            settings = config.forNode(ConfigFiles.nodeName(config, node));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (!settings.bgpEnabled()) {
            err.println("the configuration disables BGP (Installation spec.calicoNetwork.bgp: Disabled), so node " + settings.nodeName()
                    + " would not peer; the demo needs bgp: Enabled");
            return 1;
        }
        PeerConfig tor = settings.peers().stream()
                .filter(p -> p.address() instanceof Inet4Address && p.address().isLoopbackAddress()).findFirst().orElse(null);
        if (tor == null) {
            err.println("node " + settings.nodeName() + " has no BGPPeer at an IPv4 loopback address (127.0.0.0/8) for the demo's router "
                    + "to play; examples/loopback has one (peerIP: 127.0.0.2:1790)");
            return 1;
        }
        String routerAddress = tor.address().getHostAddress();
        if (example) {
            // The example's ports are fixed in its files; one taken (a javabgp run of the same example,
            // say) must not stop the demo, which plays both ends and may use any port.
            int nodePort = portOrFree(settings.listenAddress(), settings.listenPort(), out);
            int routerPort = portOrFree(routerAddress, tor.port(), out);
            PeerConfig original = tor;
            PeerConfig moved = tor.withPort(routerPort);
            List<PeerConfig> peers = settings.peers().stream().map(p -> p == original ? moved : p).toList();
            settings = new NodeSettings(settings.nodeName(), settings.asNumber(), settings.routerId(), settings.listenAddress(), nodePort,
                    settings.logSeverity(), peers, settings.serviceRanges(), settings.routeReflectorClusterId(), settings.bgpEnabled());
            tor = moved;
        }
        out.println("javabgp demo: node " + settings.nodeName() + " from " + from + " (AS " + settings.asNumber() + ", "
                + settings.routerId() + ", listening on " + settings.listenAddress() + ":" + settings.listenPort() + ")");
        out.println("and a top-of-rack router in this JVM (AS " + tor.remoteAs() + ", " + routerAddress + ":" + tor.port()
                + "), over TCP on loopback");
        out.println();
        out.println("services:");
        for (KubeService s : new ManifestServiceSource(paths).read().services()) {
            out.println("  " + s.key() + " (externalTrafficPolicy " + s.externalTrafficPolicy().spelling() + "): cluster IPs "
                    + addresses(s.clusterIPs()) + ", external IPs " + addresses(s.externalIPs()) + ", load-balancer IPs "
                    + addresses(s.loadBalancerIPs()));
        }
        out.println();
        out.flush();

        BgpSpeaker router = BgpSpeaker.builder(tor.remoteAs(), routerAddress).listen(routerAddress, tor.port())
                .peer(PeerConfig.of(settings.routerId(), settings.asNumber()).withPort(settings.listenPort()).withPassive(true)
                        .withFamilies(Set.of(AddressFamily.IPV4_UNICAST)))
                .build();
        NodeRun run = null;
        try {
            router.start().get(10, TimeUnit.SECONDS);
            try {
                run = NodeRun.start(settings, paths, Duration.ofSeconds(1), ManifestServiceSource.DEFAULT_INTERVAL);
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
                return 1;
            }
            NodeRun started = run;
            boolean arrived = await(() -> {
                Set<IpPrefix> announced = started.announced().keySet();
                return !announced.isEmpty() && routerPrefixes(router).containsAll(announced);
            });
            if (!arrived) {
                err.println("the router did not get the node's service prefixes within " + WAIT.toSeconds() + " s: the node announces "
                        + run.announced().keySet() + ", the router holds " + routerPrefixes(router) + "; sessions: " + run.peers());
                return 1;
            }
            List<Route> table = new ArrayList<>(router.routes(AddressFamily.IPV4_UNICAST).get(10, TimeUnit.SECONDS));
            table.sort(Comparator.comparing((Route r) -> r.prefix().toString()));
            out.println("the router's table (AS " + tor.remoteAs() + "):");
            out.print(RouteTable.of(table));
            out.println();
            out.println("the node's sessions (javabgp status):");
            out.print(RunCommand.status(run));
            out.println();
            out.flush();

            run.stop("javabgp demo finished");
            run = null;
            await(() -> routerSession(router).state() != FsmState.ESTABLISHED);
            PeerStatus after = routerSession(router);
            out.println("node stopped; the router's session with " + settings.routerId() + " is " + after.state().rfcName()
                    + (after.lastError() == null ? "" : ", last error: " + after.lastError()));
            return 0;
        } finally {
            if (run != null) {
                run.stop("javabgp demo stopped");
            }
            router.close();
        }
    }

    /** {@code port} if it can be bound on {@code address} now, else a free one, said on {@code out}. */
    static int portOrFree(String address, int port, PrintWriter out) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(a, port));
            return port;
        } catch (IOException taken) {
            try (ServerSocket free = new ServerSocket(0, 1, a)) {
                out.println("port " + port + " on " + address + " is taken; the demo uses " + free.getLocalPort() + " instead");
                return free.getLocalPort();
            }
        }
    }

    private static Set<IpPrefix> routerPrefixes(BgpSpeaker router) {
        return Set.copyOf(router.routes(AddressFamily.IPV4_UNICAST).join().stream().map(Route::prefix).toList());
    }

    private static PeerStatus routerSession(BgpSpeaker router) {
        return router.peers().join().getFirst();
    }

    private static String addresses(List<java.net.InetAddress> list) {
        return list.isEmpty() ? "-" : String.join(" ", list.stream().map(io.netty.util.NetUtil::toAddressString).toList());
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static Path extractExample() throws IOException {
        Path dir = Files.createTempDirectory("javabgp-demo-").resolve("loopback");
        Files.createDirectories(dir);
        for (String name : EXAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/" + EXAMPLE + "/" + name)) {
                if (in == null) {
                    throw new IOException(EXAMPLE + "/" + name + " is missing from the jar; rebuild javabgp-cli");
                }
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }

    private static void deleteRecursively(Path dir) {
        Path root = dir.getParent();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
