package dev.javabgp.core.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real BGP daemon (BIRD 2, GoBGP, FRR bgpd or ExaBGP) run as a child process on loopback, for
 * interop tests.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * int birdPort = Loopback.freePort("127.0.0.11");
 * int gobgpPort = Loopback.freePort("127.0.0.12");
 * DaemonConfig bird = DaemonConfig.of(65001, "10.0.0.1", "127.0.0.11", birdPort)
 *         .neighbour(Neighbour.of("127.0.0.12", gobgpPort, 65002))
 *         .route(StaticRoute.of("198.51.100.0/24", "203.0.113.1").communities("65001:100").med(50));
 * DaemonConfig gobgp = DaemonConfig.of(65002, "10.0.0.2", "127.0.0.12", gobgpPort)
 *         .neighbour(Neighbour.of("127.0.0.11", birdPort, 65001));
 * try (BgpDaemon a = new BirdDaemon(bird).start(); BgpDaemon b = new GobgpDaemon(gobgp).start()) {
 *     b.awaitEstablished("127.0.0.11");
 *     Route r = b.awaitRoute("198.51.100.0/24");
 *     assertThat(r.communities()).containsExactly("65001:100");
 * }
 * }</pre>
 *
 * <h2>What the harness guarantees</h2>
 * <ul>
 *   <li>{@link #start()} first checks the daemon's binaries are installed. When one is missing the test
 *       is skipped (a JUnit assumption) on a developer machine, and fails when the environment variable
 *       {@code CI} is {@code true}: CI installs the packages ({@code .ci/run}), so a missing binary there
 *       is a broken install, not a reason to skip.</li>
 *   <li>Each daemon gets a fresh temporary directory holding its config, control socket / vty socket,
 *       pid file and logs; nothing under /etc, /run or the daemons' default API ports is used. GoBGP's
 *       gRPC API gets a free port on 127.0.0.1, FRR's TCP vty is disabled.</li>
 *   <li>Every address in the configuration must be loopback (127.0.0.0/8 or ::1); anything else is
 *       rejected before a process starts. Use a distinct 127.0.0.x per daemon: neighbours are matched by
 *       address.</li>
 *   <li>Every wait is bounded: start (default 20 s), sessions (30 s), routes (30 s), CLI calls (10 s).</li>
 *   <li>{@link #close()} stops the process it started by its pid (SIGTERM, then SIGKILL after 5 s;
 *       likewise any child it spawned) and deletes the directory. Set the system property
 *       {@code javabgp.interop.keep=true} to keep the directory for a post-mortem.</li>
 * </ul>
 *
 * <h2>Loopback details handled by the subclasses</h2>
 * BIRD gets {@code multihop} and an explicit {@code local} address; FRR gets
 * {@code no bgp ebgp-requires-policy}, {@code no bgp network import-check}, {@code ebgp-multihop} and
 * {@code update-source}; retry timers are shortened everywhere so sessions come up in seconds. GoBGP and
 * FRR discard routes whose next hop is a loopback address, so give originated routes a documentation
 * next hop ({@link StaticRoute#nextHop()}, e.g. 203.0.113.x or 2001:db8::x); each daemon is configured
 * to announce that next hop unchanged even to eBGP peers. IPv4 routes over an IPv6 session (and the
 * reverse) are not supported.
 *
 * <p>{@link #routes()} reads the daemon's RIB through its own CLI ({@code birdc show route all},
 * {@code gobgp global rib -j}, {@code vtysh show bgp ... json detail}); ExaBGP has no RIB, so
 * {@link ExaBgpDaemon} reports what it received as logged by its API process, and can send crafted
 * UPDATEs ({@link ExaBgpDaemon#send(String)}, {@link ExaBgpDaemon#configRoute(String)}).
 */
public abstract class BgpDaemon implements AutoCloseable {

    /** Default bound for {@link #start()}. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** Default bound for {@link #awaitEstablished(String)} and {@link #awaitRoute(String)}. */
    public static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);
    /** Bound for one CLI invocation. */
    public static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);

    protected final DaemonConfig config;
    private Path workDir;
    private Process process;

    protected BgpDaemon(DaemonConfig config) {
        this.config = config;
    }

    /** A short name for messages and temp directories, e.g. "bird". */
    public abstract String name();

    /** The binaries {@link #start()} needs, as names looked up on PATH and in the usual sbin dirs. */
    protected abstract List<String> binaries();

    /** Writes the daemon's configuration files into {@link #workDir()}. */
    protected abstract void writeConfig() throws IOException;

    /** The command that runs the daemon in the foreground. */
    protected abstract List<String> command();

    /** Extra environment for the daemon process. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    /** One non-blocking readiness probe: true once the daemon answers on its control channel. */
    protected abstract boolean ready();

    /** Called once the daemon is ready, e.g. to inject routes through its API. */
    protected void afterStart() {
    }

    /** One non-blocking probe: true if the session with the neighbour at this address is Established. */
    public abstract boolean isEstablished(String neighbourAddress);

    /** The daemon's RIB as its CLI shows it now: every path, learned or originated. */
    public abstract List<Route> routes();

    /** Withdraws a route the daemon originates, while its sessions stay up. */
    public void withdraw(String prefix) {
        throw new UnsupportedOperationException(name() + " cannot withdraw a route at run time in this harness");
    }

    /** Makes the daemon ask this neighbour for its routes again with a ROUTE-REFRESH (RFC 2918), session up. */
    public void requestRefresh(String neighbourAddress) {
        throw new UnsupportedOperationException(name() + " cannot ask for a route refresh in this harness");
    }

    /** True while the daemon keeps routes of this neighbour as stale, the neighbour restarting (RFC 4724 §4.2). */
    public boolean holdsStaleRoutes(String neighbourAddress) {
        Neighbour n = config.neighbourAt(neighbourAddress);
        return routes().stream().anyMatch(r -> r.stale() && r.from() != null
                && Loopback.normalize(r.from()).equals(Loopback.normalize(n.address())));
    }

    /** The configuration this daemon was built with. */
    public DaemonConfig config() {
        return config;
    }

    /** The daemon's private directory (config, sockets, logs), valid between start and close. */
    public Path workDir() {
        return workDir;
    }

    /** The pid of the daemon process, or -1 if it is not running. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the daemon with the default bound of {@link #START_TIMEOUT}. */
    public BgpDaemon start() {
        return start(START_TIMEOUT);
    }

    /**
     * Writes the config into a fresh temp dir, starts the daemon and waits up to {@code timeout} until it
     * answers on its control channel. Skips (or, with CI=true, fails) the test if a binary is missing.
     * On failure the process is stopped and the exception carries the log tail.
     */
    public BgpDaemon start(Duration timeout) {
        if (process != null) {
            throw new IllegalStateException(name() + " already started");
        }
        requireInstalled(name(), binaries());
        try {
            workDir = Files.createTempDirectory("javabgp-" + name() + "-");
            writeConfig();
            ProcessBuilder pb = new ProcessBuilder(command())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("stdout.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            pb.environment().putAll(environment());
            process = pb.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start " + name(), e);
        }
        boolean up = waitFor(timeout, () -> !process.isAlive() || ready());
        if (!up || !process.isAlive()) {
            String why = process.isAlive() ? "not ready after " + timeout.toSeconds() + " s"
                    : "exited with " + process.exitValue();
            String logs = logs();
            close();
            throw new IllegalStateException(name() + " " + why + "\n" + logs);
        }
        try {
            afterStart();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Waits up to {@code timeout} for the session with the neighbour at {@code neighbourAddress} to be
     * Established; returns whether it is.
     */
    public boolean established(String neighbourAddress, Duration timeout) {
        config.neighbourAt(neighbourAddress);
        return waitFor(timeout, () -> isEstablished(neighbourAddress));
    }

    /** Fails the test unless the session is Established within {@link #WAIT_TIMEOUT}. */
    public void awaitEstablished(String neighbourAddress) {
        if (!established(neighbourAddress, WAIT_TIMEOUT)) {
            Assertions.fail(name() + ": session with " + neighbourAddress + " not Established within "
                    + WAIT_TIMEOUT.toSeconds() + " s\n" + logs());
        }
    }

    /** Waits up to {@code timeout} until some paths match; returns the matching paths (maybe none). */
    public List<Route> routes(Predicate<Route> filter, Duration timeout) {
        List<List<Route>> found = new ArrayList<>(List.of(List.of()));
        waitFor(timeout, () -> {
            List<Route> matching = routes().stream().filter(filter).toList();
            found.set(0, matching);
            return !matching.isEmpty();
        });
        return found.get(0);
    }

    /** Fails the test unless a learned path for {@code prefix} appears within {@link #WAIT_TIMEOUT}. */
    public Route awaitRoute(String prefix) {
        List<Route> r = routes(x -> x.learned() && x.prefix().equals(prefix), WAIT_TIMEOUT);
        if (r.isEmpty()) {
            Assertions.fail(name() + ": no learned route for " + prefix + " within " + WAIT_TIMEOUT.toSeconds()
                    + " s; RIB: " + routes() + "\n" + logs());
        }
        return r.get(0);
    }

    /** Waits up to {@code timeout} until no learned path for {@code prefix} is left; returns whether. */
    public boolean routeGone(String prefix, Duration timeout) {
        return waitFor(timeout, () -> routes().stream().noneMatch(x -> x.learned() && x.prefix().equals(prefix)));
    }

    /** Every log the daemon wrote so far, for failure messages. */
    public String logs() {
        if (workDir == null || !Files.isDirectory(workDir)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                if (text.length() > 6000) {
                    text = "..." + text.substring(text.length() - 6000);
                }
                sb.append("---- ").append(name()).append(' ').append(p.getFileName()).append(" ----\n").append(text);
            }
        } catch (IOException | UncheckedIOException e) {
            sb.append("(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /**
     * Stops the daemon by its pid: SIGTERM, SIGKILL if it is still alive after 5 s, the same for any
     * child process it spawned; then deletes its directory. Safe to call twice.
     */
    @Override
    public void close() {
        if (process != null) {
            List<ProcessHandle> all = process.descendants().toList();
            stop(process.toHandle());
            for (ProcessHandle child : all) {
                stop(child);
            }
            afterStop(process.pid());
            process = null;
        }
        if (workDir != null && !Boolean.getBoolean("javabgp.interop.keep")) {
            deleteRecursively(workDir);
        }
    }

    /** Clean-up after the process is gone (e.g. files a daemon leaves outside its directory). */
    protected void afterStop(long pid) {
    }

    private static void stop(ProcessHandle h) {
        if (!h.isAlive()) {
            return;
        }
        // A test that timed out arrives here interrupted: still give the daemon its bounded grace.
        boolean interrupted = Thread.interrupted();
        h.destroy();
        try {
            if (!awaitExit(h)) {
                h.destroyForcibly();
                awaitExit(h);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            h.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** The output of one CLI command. */
    public record CliResult(int exitCode, String output) {
    }

    /**
     * Runs a CLI command (birdc, gobgp, vtysh ...) with output captured, bounded by {@link #CLI_TIMEOUT};
     * the command is killed if it takes longer.
     */
    protected CliResult cli(List<String> command) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile(workDir, "cli-", ".out");
            p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!p.waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new CliResult(-1, "timed out: " + command);
            }
            return new CliResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.destroyForcibly();
            }
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // the directory goes at close
                }
            }
        }
    }

    /** Like {@link #cli(List)} but fails on a non-zero exit. */
    protected String cliOrFail(List<String> command) {
        CliResult r = cli(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(name() + ": " + command + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    /** Polls every 200 ms until the condition holds or the timeout passes. */
    protected static boolean waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The absolute path of a binary: a name with a slash as it is, any other on PATH or in /usr/sbin,
     * /sbin, /usr/bin.
     */
    public static Optional<Path> findBinary(String name) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The absolute path of a binary {@link #requireInstalled} has checked. */
    protected static String binary(String name) {
        return findBinary(name).orElseThrow(() -> new IllegalStateException(name + " not installed")).toString();
    }

    /**
     * Skips the current test when a binary is missing, or fails it when the environment variable CI is
     * "true" (CI installs the daemons, so a missing one there is an error).
     */
    public static void requireInstalled(String daemon, List<String> binaries) {
        List<String> missing = binaries.stream().filter(b -> findBinary(b).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = daemon + " interop test needs " + missing
                + " (Debian packages: bird2, gobgpd, frr, exabgp; .ci/run installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + message);
        }
        Assumptions.abort(message);
    }

    protected Path file(String name) {
        return workDir.resolve(name);
    }

    protected void write(String name, String content) throws IOException {
        Files.writeString(file(name), content, StandardCharsets.UTF_8);
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a socket may vanish concurrently
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /** "a:b" community text from a 32-bit value. */
    protected static String community(long value) {
        return (value >>> 16) + ":" + (value & 0xFFFF);
    }
}
