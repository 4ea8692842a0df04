package dev.javabgp.cli.node;

import dev.javabgp.calico.export.RouteSink;
import dev.javabgp.calico.export.ServicePrefixExporter;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Calico node's speaker as it runs: the {@link BgpSpeaker} that {@link NodeSettings} describe,
 * and the services of the manifest files announced through a {@link ServicePrefixExporter}.
 *
 * <p>{@link #apply} brings a running node to new settings while touching only what changed: a
 * peer that appeared is added, one that went is removed (Cease / Peer De-configured, RFC 4486), one
 * whose settings changed is updated, which resets its session only when more than its policies
 * changed. What every session depends on (AS, router ID, listen address and port, cluster ID)
 * cannot change under a running speaker, so a change there restarts the speaker.
 *
 * <p>With {@code bgp: Disabled} in the Installation the node has no speaker: it neither listens nor
 * peers, as calico-node runs no BGP then, and starts one when BGP is enabled again.
 *
 * <p>A change the node cannot make keeps it working as it was: a restart onto a listen address
 * that is taken is not begun (the old speaker runs on), and a restart that fails once begun brings
 * the old settings back. The node then runs as it did, says why in the log and in {@link #trouble()},
 * and {@link #retry()} tries again, at most once per connect retry time, until it gets there.
 */
public final class NodeRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRun.class);
    private static final Duration STEP = Duration.ofSeconds(10);
    /** What the status and the log say while BGP is disabled. */
    public static final String BGP_DISABLED = "BGP is disabled (Installation spec.calicoNetwork.bgp: Disabled): "
            + "not listening, no sessions, nothing announced";

    private final List<Path> serviceFiles;
    private final Duration connectRetryTime;
    private final Duration servicePollInterval;
    private final Instant started = Instant.now();
    /** What the configuration says now. */
    private NodeSettings settings;
    /** What the speaker runs with: {@link #settings} once every change is made; null without a speaker. */
    private NodeSettings running;
    private BgpSpeaker speaker;
    private ServicePrefixExporter exporter;
    /** Why the node does not run as configured, or null when it does. */
    private String trouble;
    private Instant nextAttempt = Instant.MIN;
    private boolean closed;

    private NodeRun(List<Path> serviceFiles, Duration connectRetryTime, Duration servicePollInterval, NodeSettings settings) {
        this.serviceFiles = List.copyOf(serviceFiles);
        this.connectRetryTime = Objects.requireNonNull(connectRetryTime, "connectRetryTime");
        this.servicePollInterval = Objects.requireNonNull(servicePollInterval, "servicePollInterval");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Starts the node's speaker and the export of the services found in {@code serviceFiles}
     * (followed as they appear, change and disappear, looked at every {@code servicePollInterval});
     * with BGP disabled, starts nothing and follows the configuration.
     *
     * @throws IllegalStateException if the speaker cannot start, e.g. its port is taken
     */
    public static NodeRun start(NodeSettings settings, List<Path> serviceFiles, Duration connectRetryTime,
            Duration servicePollInterval) {
        NodeRun run = new NodeRun(serviceFiles, connectRetryTime, servicePollInterval, settings);
        synchronized (run) {
            if (settings.bgpEnabled()) {
                String failure = run.startSpeaker(settings);
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            } else {
                log.warn("node {}: {}; it starts when the configuration enables BGP", settings.nodeName(), BGP_DISABLED);
            }
        }
        return run;
    }

    /** Starts a speaker with {@code with}; null once it runs, else why it could not start. */
    private String startSpeaker(NodeSettings with) {
        BgpSpeaker s = with.speakerBuilder().connectRetryTime(connectRetryTime).build();
        try {
            s.start().get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            return "interrupted while starting the speaker";
        } catch (ExecutionException | TimeoutException e) {
            s.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return "the speaker of node " + with.nodeName() + " cannot listen on " + with.listenAddress() + ":" + with.listenPort()
                    + ": " + cause.getMessage();
        }
        speaker = s;
        running = with;
        log.info("node {}: AS {}, router ID {}, listening on {}:{}, {} peer(s)", with.nodeName(), with.asNumber(), with.routerId(),
                with.listenAddress(), with.listenPort(), with.peers().size());
        exporter = new ServicePrefixExporter(RouteSink.of(s), with.serviceRanges());
        exporter.follow(new ManifestServiceSource(serviceFiles, servicePollInterval));
        return null;
    }

    /**
     * Brings the running node to {@code next}, changing only what differs; what cannot be changed
     * now is said in the log and in {@link #trouble()}, and tried again by {@link #retry()}.
     *
     * @return one line per change made or refused, for the log and for tests
     */
    public synchronized List<String> apply(NodeSettings next) {
        if (closed) {
            return List.of();
        }
        if (!next.nodeName().equals(settings.nodeName())) {
            throw new IllegalArgumentException("a running node cannot become another node (" + settings.nodeName() + " → "
                    + next.nodeName() + ")");
        }
        settings = next;
        nextAttempt = Instant.MIN;
        return reconcile();
    }

    /**
     * Tries again to run as configured, if the node does not and the connect retry time has passed
     * since the last attempt; a follower calls it on every look.
     *
     * @return one line per change made or refused; empty when there was nothing to try
     */
    public synchronized List<String> retry() {
        if (closed || trouble == null || Instant.now().isBefore(nextAttempt)) {
            return List.of();
        }
        return reconcile();
    }

    /** Why the node does not run as its configuration says, or null when it does. */
    public synchronized String trouble() {
        return trouble;
    }

    /** Brings the speaker to {@link #settings}, as far as it can now; logs and returns what it did. */
    private List<String> reconcile() {
        List<String> changes = new ArrayList<>();
        NodeSettings want = settings;
        String name = want.nodeName();
        if (!want.bgpEnabled()) {
            if (speaker != null) {
                stopSpeaker("node " + name + ": BGP disabled");
                changes.add("BGP disabled: every session ended with Cease / Administrative Shutdown, the listener closed");
            }
            done(changes);
            return changes;
        }
        if (speaker == null) {
            String failure = startSpeaker(want);
            if (failure != null) {
                return failed(failure + "; no speaker runs until it can", changes);
            }
            changes.add("speaker started");
            done(changes);
            return changes;
        }
        String restart = speakerChange(running, want);
        if (restart != null) {
            boolean moves = !running.listenAddress().equals(want.listenAddress()) || running.listenPort() != want.listenPort();
            String taken = moves ? cannotListen(want) : null;
            if (taken != null) {
                return failed("cannot restart the speaker for " + restart + ": " + taken + "; it runs on as before", changes);
            }
            NodeSettings before = running;
            log.info("node {}: restarting the speaker: {}", name, restart);
            stopSpeaker("configuration changed: " + restart);
            String failure = startSpeaker(want);
            if (failure == null) {
                settled();
                changes.add("restarting the speaker: " + restart);
                return changes;
            }
            String restored = startSpeaker(before);
            return failed("cannot restart the speaker for " + restart + ": " + failure + (restored == null
                    ? "; it runs as before again" : "; nor with the settings before: " + restored + "; no speaker runs until it can"),
                    changes);
        }
        Map<InetAddress, PeerConfig> before = byAddress(running.peers());
        Map<InetAddress, PeerConfig> after = byAddress(want.peers());
        for (InetAddress gone : before.keySet()) {
            if (!after.containsKey(gone)) {
                changes.add(attempt("peer " + gone.getHostAddress(), () -> {
                    join(speaker.removePeer(gone.getHostAddress()));
                    return " removed: its session ended (Cease, Peer De-configured)";
                }));
            }
        }
        for (PeerConfig p : after.values()) {
            PeerConfig old = before.get(p.address());
            if (old == null) {
                changes.add(attempt("peer " + p.address().getHostAddress(), () -> {
                    join(speaker.addPeer(p));
                    return " added";
                }));
            } else if (!old.equals(p)) {
                changes.add(attempt("peer " + p.address().getHostAddress(), () -> join(speaker.updatePeer(p))
                        ? " changed: its session was reset (Cease, Other Configuration Change)"
                        : " changed policies: applied without a reset"));
            }
        }
        if (!want.serviceRanges().equals(running.serviceRanges())) {
            join(exporter.reconfigure(want.serviceRanges()));
            changes.add("service ranges and communities updated");
        }
        if (want.logSeverity() != running.logSeverity()) {
            changes.add("logSeverityScreen " + want.logSeverity().spelling() + " takes effect at the next start; logging stays at "
                    + running.logSeverity().spelling());
        }
        running = want;
        done(changes);
        return changes;
    }

    /** The node runs as configured: logs the changes made, and the end of a trouble. */
    private void done(List<String> changes) {
        String name = settings.nodeName();
        changes.forEach(c -> log.info("node {}: {}", name, c));
        if (!settings.bgpEnabled() && (trouble != null || !changes.isEmpty())) {
            log.warn("node {}: {}; it starts when the configuration enables BGP", name, BGP_DISABLED);
        }
        settled();
    }

    private void settled() {
        if (trouble != null) {
            log.info("node {}: runs as configured again", settings.nodeName());
            trouble = null;
        }
    }

    /** A change that could not be made: said once as an error, and tried again after the connect retry time. */
    private List<String> failed(String why, List<String> changes) {
        if (!why.equals(trouble)) {
            log.error("node {}: {}; trying again every {} s and at the next configuration change", settings.nodeName(), why,
                    connectRetryTime.toSeconds());
        } else {
            log.debug("node {}: still: {}", settings.nodeName(), why);
        }
        trouble = why;
        nextAttempt = Instant.now().plus(connectRetryTime);
        changes.add(why);
        return changes;
    }

    /** Why {@code next}'s listen address cannot be bound now, or null if it can. */
    private static String cannotListen(NodeSettings next) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the speaker binds: a port in TIME_WAIT does not count as taken
            probe.bind(new java.net.InetSocketAddress(next.listenAddress(), next.listenPort()));
            return null;
        } catch (java.io.IOException e) {
            return "cannot listen on " + next.listenAddress() + ":" + next.listenPort() + ": " + e.getMessage();
        }
    }

    /** One change, described: what it did, or why it could not be made (the others are made all the same). */
    private static String attempt(String subject, java.util.function.Supplier<String> change) {
        try {
            return subject + change.get();
        } catch (RuntimeException e) {
            log.error("{}: the change could not be applied: {}", subject, e.getMessage());
            return subject + ": the change could not be applied: " + e.getMessage();
        }
    }

    /** What about the speaker itself changed, or null if nothing did. */
    private static String speakerChange(NodeSettings a, NodeSettings b) {
        List<String> out = new ArrayList<>();
        if (a.asNumber() != b.asNumber()) {
            out.add("AS " + a.asNumber() + " → " + b.asNumber());
        }
        if (!a.routerId().equals(b.routerId())) {
            out.add("router ID " + a.routerId() + " → " + b.routerId());
        }
        if (!a.listenAddress().equals(b.listenAddress()) || a.listenPort() != b.listenPort()) {
            out.add("listen " + a.listenAddress() + ":" + a.listenPort() + " → " + b.listenAddress() + ":" + b.listenPort());
        }
        if (!Objects.equals(a.routeReflectorClusterId(), b.routeReflectorClusterId())) {
            out.add("routeReflectorClusterID " + a.routeReflectorClusterId() + " → " + b.routeReflectorClusterId());
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }

    private static Map<InetAddress, PeerConfig> byAddress(List<PeerConfig> peers) {
        Map<InetAddress, PeerConfig> out = new LinkedHashMap<>();
        peers.forEach(p -> out.put(p.address(), p));
        return out;
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e instanceof ExecutionException ? e.getCause().getMessage() : "no answer within " + STEP, e);
        }
    }

    /** The settings of the configuration, which the node runs with unless {@link #trouble()} says why not. */
    public synchronized NodeSettings settings() {
        return settings;
    }

    /** The settings the speaker runs with, or null when no speaker runs (BGP disabled, or it cannot start). */
    public synchronized NodeSettings running() {
        return running;
    }

    /** When the node started. */
    public Instant started() {
        return started;
    }

    /** The speaker running now (a changed AS or listen address replaces it). */
    public synchronized BgpSpeaker speaker() {
        return speaker;
    }

    /** The status of every session, read from the speaker. */
    public List<PeerStatus> peers() {
        BgpSpeaker s = speaker();
        return s == null ? List.of() : join(s.peers());
    }

    /** The service prefixes announced now. */
    public synchronized Map<IpPrefix, PathAttributes> announced() {
        return exporter == null ? Map.of() : exporter.announced();
    }

    /** Ends every session with Cease / Administrative Shutdown and {@code reason} (RFC 9003), then stops. */
    public synchronized void stop(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (speaker != null) {
            log.info("node {}: stopping, every session ends with Cease / Administrative Shutdown: \"{}\"", settings.nodeName(), reason);
        } else {
            log.info("node {}: stopping", settings.nodeName());
        }
        stopSpeaker(reason);
    }

    private void stopSpeaker(String reason) {
        if (exporter != null) {
            exporter.close();
            exporter = null;
        }
        if (speaker != null) {
            try {
                speaker.stop(reason).get(STEP.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("stopping the speaker: {}", e.toString());
            }
            speaker = null;
        }
        running = null;
    }

    /** Stops with the shutdown communication "javabgp stopped". */
    @Override
    public void close() {
        stop("javabgp stopped");
    }
}
