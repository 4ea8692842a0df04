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
import java.util.HashMap;
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
 * when a file that configures something changed loads them again and hands the node's new settings
 * to {@link NodeRun#apply}. Between changes it lets the node {@link NodeRun#retry} what it could
 * not do.
 *
 * <ul>
 *   <li>A change only to files that hold nothing but Services and EndpointSlices loads nothing: the
 *       node's {@link dev.javabgp.calico.service.ManifestServiceSource} follows those.
 *   <li>A file that is not valid YAML (half-written, say) counts with the text it last had that
 *       was, or as empty if it never had one, with a warning that says where it broke: the other
 *       files' changes apply all the same.
 *   <li>A configuration that became invalid otherwise changes nothing: every error is logged and
 *       the node keeps running as it was, until the files are valid again.
 * </ul>
 *
 * Polling rather than a WatchService, for the reasons {@link dev.javabgp.calico.service.ManifestServiceSource} gives.
 */
public final class ConfigFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigFollower.class);

    private final List<Path> paths;
    private final LoadOptions options;
    private final NodeRun node;
    private final Duration interval;
    /** Every file's text at the last look. */
    private Map<Path, String> seen;
    /** The last text of each file that was valid YAML, and whether it configures anything. */
    private final Map<Path, Good> lastGood = new HashMap<>();
    /** The text that counts of each file that configures something: what the last load read. */
    private Map<Path, String> configuring;
    private Set<String> noticed = Set.of();
    private Thread thread;
    private volatile boolean running;

    private record Good(String text, boolean configures) {}

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
        configuring = configuring(seen, seen, new HashMap<>());
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

    /** One look: loads the configuration again if a file that configures something changed. */
    void check() {
        Map<Path, String> now = contents();
        if (now.equals(seen)) {
            node.retry();
            return;
        }
        Map<Path, String> before = seen;
        seen = now;
        Map<Path, String> instead = new HashMap<>();
        Map<Path, String> next = configuring(now, before, instead);
        if (next.equals(configuring)) {
            log.debug("only Service and EndpointSlice manifests changed, which the node follows by itself");
            node.retry();
            return;
        }
        configuring = next;
        String nodeName = node.settings().nodeName();
        switch (CalicoConfig.load(paths, options, instead)) {
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
                NodeSettings settings;
                try {
                    settings = valid.config().forNode(nodeName);
                } catch (IllegalArgumentException e) {
                    log.error("the configuration changed and has no place for this node any more; node {} keeps running as it was: {}",
                            nodeName, e.getMessage());
                    return;
                }
                List<String> changes = node.apply(settings);
                if (changes.isEmpty()) {
                    log.debug("the configuration files changed; nothing that concerns node {}", nodeName);
                }
            }
        }
    }

    /**
     * The text that counts of each file that configures something: its own, or for a file that is
     * not YAML the last that was (put in {@code instead}, for the load), with a warning when the file
     * broke since {@code before}.
     */
    private Map<Path, String> configuring(Map<Path, String> now, Map<Path, String> before, Map<Path, String> instead) {
        Map<Path, String> out = new LinkedHashMap<>();
        for (var e : now.entrySet()) {
            Path f = e.getKey();
            String text = e.getValue();
            CalicoConfig.FileContents contents = CalicoConfig.inspect(f, text);
            boolean configures = contents.configures();
            if (contents.syntaxError() == null) {
                lastGood.put(f, new Good(text, configures));
            } else {
                Good good = lastGood.get(f);
                text = good == null ? "" : good.text();
                configures = good != null && good.configures();
                instead.put(f, text);
                // A manifest file the ManifestServiceSource warns about itself; one of unknown kind, or
                // with configuration in it, is this follower's to tell.
                if (!e.getValue().equals(before.get(f)) && (good == null || good.configures())) {
                    log.warn("{}; node {} goes on with {} and applies the other files' changes", contents.syntaxError(),
                            node.settings().nodeName(), good == null ? "nothing from it (its kind cannot be told)"
                                    : "what the file held before");
                }
            }
            if (configures) {
                out.put(f, text);
            }
        }
        lastGood.keySet().retainAll(now.keySet());
        return out;
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
