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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
            "Nothing starts on an invalid configuration. SIGTERM or SIGINT ends every session with a Cease NOTIFICATION,",
            "then the process exits 0."})
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
            description = "seconds between attempts to connect to a peer (RFC 4271 ConnectRetryTime), and between attempts "
                    + "to apply a configuration change that could not be applied (default ${DEFAULT-VALUE})")
    int connectRetrySeconds;

    @Option(names = "--service-poll-interval", paramLabel = "MILLISECONDS", defaultValue = "200",
            description = "how often the Service and EndpointSlice manifests are looked at: a change reaches the peers "
                    + "within this much and the time an UPDATE takes (default ${DEFAULT-VALUE})")
    long servicePollMillis;

    /** How often the configuration files are looked at. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);
    /** How long the shutdown hook waits for the node to stop cleanly before the process ends anyway. */
    private static final Duration STOPPING = Duration.ofSeconds(30);

    /** Counted down to stop, by the shutdown hook (SIGTERM, SIGINT) or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Counted down once {@link #call()} is done, with {@link #exitCode} set: the shutdown hook waits for it. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = 1;
    /** The node once it runs, for tests. */
    volatile NodeRun running;

    @Override
    public Integer call() throws Exception {
        // Registered before anything starts, so that a SIGTERM at any point ends in a clean stop.
        Thread hook = new Thread(this::stopForTheJvm, "javabgp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            exitCode = runUntilStopped();
            return exitCode;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook ends the process with this exit code
            }
        }
    }

    /**
     * SIGTERM or SIGINT: asks {@link #call()} to stop, waits until it has (every session ended with
     * a Cease, the control socket removed), and ends the process with its exit code, 0 after a clean
     * stop, rather than the 128 + signal number the JVM would give a process it ends on a signal.
     * Halting is safe here: this command holds nothing that another shutdown hook would flush.
     */
    private void stopForTheJvm() {
        stop.countDown();
        boolean done;
        try {
            done = finished.await(STOPPING.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            System.err.println("javabgp run did not stop within " + STOPPING.toSeconds() + " s");
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(done ? exitCode : 1);
    }

    private int runUntilStopped() throws InterruptedException {
        Logging.withTimes();
        PrintWriter err = spec.commandLine().getErr();
        if (files.paths.isEmpty()) {
            err.println("run needs the configuration: -f FILE_OR_DIR...");
            err.flush();
            return 2;
        }
        if (servicePollMillis < 1) {
            err.println("--service-poll-interval must be at least 1 millisecond, not " + servicePollMillis);
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
        Logger log = LoggerFactory.getLogger(RunCommand.class); // made after its level is set
        config.notices().forEach(n -> log.warn("{}", n));
        if (stop.getCount() == 0) {
            log.info("node {}: stopped before it started", settings.nodeName());
            return 0;
        }
        Path socket = ControlSocket.resolve(controlSocket);
        NodeRun run;
        try {
            run = NodeRun.start(settings, files.paths, Duration.ofSeconds(connectRetrySeconds), Duration.ofMillis(servicePollMillis));
        } catch (IllegalStateException e) {
            err.println(e.getMessage() + "; nothing started");
            err.flush();
            return 1;
        }
        String reason = "node " + settings.nodeName() + ": javabgp stopped";
        ControlSocket control;
        try {
            control = ControlSocket.open(socket, Map.of("status", () -> status(run)));
        } catch (IllegalStateException e) {
            run.stop("javabgp could not start");
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        ConfigFollower follower = new ConfigFollower(files.paths, files.options(), run, FOLLOW_INTERVAL).start(config.notices());
        running = run;
        stop.await();
        follower.close();
        control.close();
        run.stop(reason);
        return 0;
    }

    static String status(NodeRun run) {
        NodeSettings runs = run.running();
        String condition = !run.settings().bgpEnabled() ? NodeRun.BGP_DISABLED
                : run.trouble() != null ? "not as configured: " + run.trouble() : null;
        return StatusReport.of(runs != null ? runs : run.settings(), runs != null, condition, run.started(), run.announced().size(),
                run.peers(), Instant.now());
    }
}
