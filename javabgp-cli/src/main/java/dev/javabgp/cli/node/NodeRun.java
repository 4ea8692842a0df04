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
 */
public final class NodeRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRun.class);
    private static final Duration STEP = Duration.ofSeconds(10);

    private final List<Path> serviceFiles;
    private final Duration connectRetryTime;
    private final Instant started = Instant.now();
    private NodeSettings settings;
    private BgpSpeaker speaker;
    private ServicePrefixExporter exporter;
    private boolean closed;

    private NodeRun(List<Path> serviceFiles, Duration connectRetryTime, NodeSettings settings) {
        this.serviceFiles = List.copyOf(serviceFiles);
        this.connectRetryTime = Objects.requireNonNull(connectRetryTime, "connectRetryTime");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Starts the node's speaker and the export of the services found in {@code serviceFiles}
     * (followed as they appear, change and disappear).
     *
     * @throws IllegalStateException if the speaker cannot start, e.g. its port is taken
     */
    public static NodeRun start(NodeSettings settings, List<Path> serviceFiles, Duration connectRetryTime) {
        NodeRun run = new NodeRun(serviceFiles, connectRetryTime, settings);
        synchronized (run) {
            run.startSpeaker();
        }
        return run;
    }

    private void startSpeaker() {
        BgpSpeaker s = settings.speakerBuilder().connectRetryTime(connectRetryTime).build();
        try {
            s.start().get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new IllegalStateException("interrupted while starting the speaker", e);
        } catch (ExecutionException | TimeoutException e) {
            s.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the speaker of node " + settings.nodeName() + " cannot listen on "
                    + settings.listenAddress() + ":" + settings.listenPort() + ": " + cause.getMessage(), cause);
        }
        speaker = s;
        log.info("node {}: AS {}, router ID {}, listening on {}:{}, {} peer(s)", settings.nodeName(), settings.asNumber(),
                settings.routerId(), settings.listenAddress(), settings.listenPort(), settings.peers().size());
        exporter = new ServicePrefixExporter(RouteSink.of(s), settings.serviceRanges());
        exporter.follow(new ManifestServiceSource(serviceFiles));
    }

    /**
     * Brings the running node to {@code next}, changing only what differs.
     *
     * @return one line per change made, for the log and for tests
     */
    public synchronized List<String> apply(NodeSettings next) {
        if (closed) {
            return List.of();
        }
        List<String> changes = new ArrayList<>();
        if (!next.nodeName().equals(settings.nodeName())) {
            throw new IllegalArgumentException("a running node cannot become another node (" + settings.nodeName() + " → "
                    + next.nodeName() + ")");
        }
        String speakerChange = speakerChange(settings, next);
        if (speakerChange != null) {
            changes.add("restarting the speaker: " + speakerChange);
            log.info("node {}: {}", next.nodeName(), changes.getLast());
            stopSpeaker("configuration changed: " + speakerChange);
            settings = next;
            startSpeaker();
            return changes;
        }
        Map<InetAddress, PeerConfig> before = byAddress(settings.peers());
        Map<InetAddress, PeerConfig> after = byAddress(next.peers());
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
        if (!next.serviceRanges().equals(settings.serviceRanges())) {
            join(exporter.reconfigure(next.serviceRanges()));
            changes.add("service ranges and communities updated");
        }
        if (next.logSeverity() != settings.logSeverity()) {
            changes.add("logSeverityScreen " + next.logSeverity().spelling() + " takes effect at the next start; logging stays at "
                    + settings.logSeverity().spelling());
        }
        settings = next;
        changes.forEach(c -> log.info("node {}: {}", next.nodeName(), c));
        return changes;
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

    /** The settings the node runs with now. */
    public synchronized NodeSettings settings() {
        return settings;
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
        log.info("node {}: stopping, every session ends with Cease / Administrative Shutdown: \"{}\"", settings.nodeName(), reason);
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
    }

    /** Stops with the shutdown communication "javabgp stopped". */
    @Override
    public void close() {
        stop("javabgp stopped");
    }
}
