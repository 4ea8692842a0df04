package dev.javabgp.cli;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.LoadResult;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.cli.control.ControlSocket;
import dev.javabgp.cli.control.StatusReport;
import dev.javabgp.cli.node.ConfigFollower;
import dev.javabgp.cli.node.NodeRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one Calico node's speaker from its configuration and announces its services, following the
 * files until SIGTERM or SIGINT, which end every session with Cease / Administrative Shutdown
 * (RFC 9003).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run the BGP speaker of one Calico node from its configuration and follow the files.",
        description = {"Run the BGP speaker of one Calico node: listen as BGPConfiguration says, peer as the BGPPeers say,",
            "announce the services of the Service and EndpointSlice manifests given, and follow the files.",
            "Nothing starts on an invalid configuration. SIGTERM ends every session with a Cease NOTIFICATION."})
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFiles files;

    @Option(names = "--node", paramLabel = "NAME",
            description = "the Node to run; by default $NODENAME, or the configuration's only Node")
    String node;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "where javabgp status finds this process; by default $XDG_RUNTIME_DIR/javabgp.sock, "
                    + "/run/javabgp/javabgp.sock for root, else javabgp-$USER.sock in the temporary directory")
    Path controlSocket;

    @Option(names = "--connect-retry-time", paramLabel = "SECONDS", defaultValue = "5",
            description = "seconds between attempts to connect to a peer (RFC 4271 ConnectRetryTime; default ${DEFAULT-VALUE})")
    int connectRetrySeconds;

    /** How often the configuration files are looked at. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);

    /** Counted down to stop, by SIGTERM's shutdown hook or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** The node once it runs, for tests. */
    volatile NodeRun running;
    private ConfigFollower follower;
    private ControlSocket control;

    @Override
    public Integer call() throws Exception {
        Logging.withTimes();
        PrintWriter err = spec.commandLine().getErr();
        if (files.paths.isEmpty()) {
            err.println("run needs the configuration: -f FILE_OR_DIR...");
            err.flush();
            return 2;
        }
        CalicoConfig config;
        switch (files.load()) {
            case LoadResult.Invalid invalid -> {
                ConfigFiles.printErrors(invalid, err);
                err.println("nothing started");
                err.flush();
                return 1;
            }
            case LoadResult.Valid valid -> config = valid.config();
        }
        NodeSettings settings;
        try {
            settings = config.forNode(ConfigFiles.nodeName(config, node));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; nothing started");
            err.flush();
            return 1;
        }
        Logging.at(settings.logSeverity());
        Path socket = ControlSocket.resolve(controlSocket);
        NodeRun run;
        try {
            run = NodeRun.start(settings, files.paths, Duration.ofSeconds(connectRetrySeconds));
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        try {
            control = ControlSocket.open(socket, Map.of("status", () -> status(run)));
        } catch (IllegalStateException e) {
            run.stop("javabgp could not start");
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        follower = new ConfigFollower(files.paths, files.options(), run, FOLLOW_INTERVAL).start();
        running = run;
        String reason = "node " + settings.nodeName() + ": javabgp stopped";
        Thread hook = new Thread(() -> {
            shutDown(run, reason);
            stop.countDown();
        }, "javabgp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        shutDown(run, reason);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // stopping because the JVM is: the hook did the work
        }
        return 0;
    }

    static String status(NodeRun run) {
        return StatusReport.of(run.settings(), run.started(), run.announced().size(), run.peers(), Instant.now());
    }

    private synchronized void shutDown(NodeRun run, String reason) {
        follower.close();
        control.close();
        run.stop(reason);
    }
}
