package dev.javabgp.cli.node;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.ConfigError;
import dev.javabgp.calico.LoadOptions;
import dev.javabgp.calico.LoadResult;
import dev.javabgp.calico.node.NodeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the configuration files of a running node: it looks at them every {@code interval}
 * (each file a path stands for, so files that appear in or disappear from a directory count), and
 * when anything changed loads them again and hands the node's new settings to {@link NodeRun#apply}.
 * Between changes it lets the node {@link NodeRun#retry} what it could not do.
 *
 * <p>A configuration that became invalid changes nothing: every error is logged and the node keeps
 * running as it was, as it would if a half-written file had been read, until the files are valid again.
 * Polling rather than a WatchService, for the reasons {@link dev.javabgp.calico.service.ManifestServiceSource} gives.
 */
public final class ConfigFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigFollower.class);

    private final List<Path> paths;
    private final LoadOptions options;
    private final NodeRun node;
    private final Duration interval;
    private Map<Path, String> seen;
    private Set<String> noticed = Set.of();
    private Thread thread;
    private volatile boolean running;

    /**
     * @param paths the files and directories the node was started from
     * @param options as the node was started with
     * @param node the running node
     * @param interval how often to look
     */
    public ConfigFollower(List<Path> paths, LoadOptions options, NodeRun node, Duration interval) {
        this.paths = List.copyOf(paths);
        this.options = Objects.requireNonNull(options, "options");
        this.node = Objects.requireNonNull(node, "node");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Remembers the files as they are now (what the node started from, whose {@code notices} were
     * logged already) and starts looking.
     */
    public ConfigFollower start(List<ConfigError> notices) {
        seen = contents();
        noticed = notices.stream().map(ConfigError::toString).collect(Collectors.toSet());
        running = true;
        thread = Thread.ofPlatform().daemon().name("javabgp-config").start(() -> {
            while (running) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    check();
                } catch (RuntimeException e) {
                    log.error("applying the changed configuration failed: {}", e.toString());
                }
            }
        });
        return this;
    }

    private void check() {
        Map<Path, String> now = contents();
        if (now.equals(seen)) {
            node.retry();
            return;
        }
        seen = now;
        String nodeName = node.settings().nodeName();
        switch (CalicoConfig.load(paths, options)) {
            case LoadResult.Invalid invalid -> {
                log.error("the configuration changed and is not valid; node {} keeps running as it was. {} error(s):",
                        nodeName, invalid.errors().size());
                for (ConfigError e : invalid.errors()) {
                    log.error("{}", e);
                }
            }
            case LoadResult.Valid valid -> {
                Set<String> notices = valid.config().notices().stream().map(ConfigError::toString)
                        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
                notices.stream().filter(n -> !noticed.contains(n)).forEach(n -> log.warn("{}", n));
                noticed = notices;
                NodeSettings next;
                try {
                    next = valid.config().forNode(nodeName);
                } catch (IllegalArgumentException e) {
                    log.error("the configuration changed and has no place for this node any more; node {} keeps running as it was: {}",
                            nodeName, e.getMessage());
                    return;
                }
                List<String> changes = node.apply(next);
                if (changes.isEmpty()) {
                    log.debug("the configuration files changed; nothing that concerns node {}", nodeName);
                }
            }
        }
    }

    /** The text of every YAML file the paths stand for, unreadable ones as empty. */
    private Map<Path, String> contents() {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : CalicoConfig.yamlFiles(paths)) {
            try {
                out.put(f, Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.put(f, "");
            }
        }
        return out;
    }

    /** Stops looking. */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
