package dev.javabgp.calico.service;

import dev.javabgp.calico.CalicoConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Services and EndpointSlices from manifest files: each path is a YAML file or a directory whose
 * {@code .yaml} and {@code .yml} files are read ({@link CalicoConfig#yamlFiles}), multi-document,
 * other kinds passed over. The files are looked at every {@code interval} ({@link #DEFAULT_INTERVAL}
 * unless the program says otherwise), and a file that appeared, changed or disappeared yields a new
 * snapshot: a change reaches the listener within one interval. Polling rather than a WatchService,
 * because a WatchService misses changes on some file systems (network and overlay mounts, files
 * replaced by rename as Kubernetes' ConfigMap volumes do), and a look at a few small files is cheap.
 *
 * <p>A file that stops being valid YAML keeps the services it had, with a warning that says where
 * it broke, until it is valid again or deleted: a half-written file must not withdraw routes.
 */
public final class ManifestServiceSource implements ServiceSource {

    private static final Logger log = LoggerFactory.getLogger(ManifestServiceSource.class);
    /** How often the files are looked at unless the program says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    /** A file changed this recently is read again even if its time and size look unchanged. */
    private static final Duration COARSE_CLOCK = Duration.ofSeconds(2);

    private final List<Path> paths;
    private final Duration interval;
    /** What each file held when last read; guarded by itself, which is also held while the listener hears a change. */
    private final Map<Path, Seen> files = new LinkedHashMap<>();
    private Consumer<ServiceSnapshot> listener;
    private Thread thread;
    private volatile boolean running;

    /** One file as last read, with the warnings its text gave (logged once each while the text stays). */
    private record Seen(FileTime modified, long size, String text, ManifestParser.Manifests manifests, List<String> warnings) {}

    /** Follows {@code paths}, looking every {@link #DEFAULT_INTERVAL}. */
    public ManifestServiceSource(List<Path> paths) {
        this(paths, DEFAULT_INTERVAL);
    }

    /** Follows {@code paths}, looking every {@code interval}. */
    public ManifestServiceSource(List<Path> paths, Duration interval) {
        this.paths = List.copyOf(paths);
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, not " + interval);
        }
    }

    /** How often the files are looked at. */
    public Duration interval() {
        return interval;
    }

    /** Reads the files now; a started source's listener hears of any change too. */
    public ServiceSnapshot read() {
        synchronized (files) {
            boolean changed = scan();
            ServiceSnapshot now = snapshot();
            if (changed && listener != null && running) {
                listener.accept(now);
            }
            return now;
        }
    }

    @Override
    public void start(Consumer<ServiceSnapshot> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (files) {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            this.listener = listener;
            running = true;
            scan();
            listener.accept(snapshot());
        }
        thread = Thread.ofPlatform().daemon().name("javabgp-service-manifests").start(() -> {
            while (running) {
                try {
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    poll();
                } catch (RuntimeException e) {
                    log.warn("service listener failed: {}", e.toString());
                }
            }
        });
    }

    /**
     * Looks at the files now, as the timer does every interval, and if anything changed hands the
     * listener the new snapshot before returning; for a program that knows a file just changed.
     *
     * @return true if anything changed
     * @throws IllegalStateException if the source was not started
     */
    public boolean poll() {
        synchronized (files) {
            if (listener == null) {
                throw new IllegalStateException("not started");
            }
            if (!running || !scan()) {
                return false;
            }
            // Under the lock, so that snapshots reach the listener in the order they were taken.
            listener.accept(snapshot());
            return true;
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Looks at every file; true if anything changed. */
    private boolean scan() {
        boolean changed = false;
        Set<Path> present = new HashSet<>();
        for (Path f : CalicoConfig.yamlFiles(paths)) {
            present.add(f);
            try {
                FileTime modified = Files.getLastModifiedTime(f);
                long size = Files.size(f);
                Seen before = files.get(f);
                boolean recent = modified.toMillis() > System.currentTimeMillis() - COARSE_CLOCK.toMillis();
                if (before != null && before.modified().equals(modified) && before.size() == size && !recent) {
                    continue;
                }
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (before != null && before.text().equals(text)) {
                    files.put(f, new Seen(modified, size, text, before.manifests(), before.warnings()));
                    continue;
                }
                List<String> warnings = new ArrayList<>();
                ManifestParser.Manifests m;
                try {
                    m = ManifestParser.parse(f.toString(), text, warnings::add);
                } catch (MarkedYamlEngineException e) {
                    String at = e.getProblemMark().map(mark -> ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)).orElse("");
                    warnings.add(f + at + ": not valid YAML (" + e.getProblem() + "); keeping the services it held before");
                    m = before == null ? ManifestParser.Manifests.NONE : before.manifests();
                } catch (YamlEngineException e) {
                    warnings.add(f + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("")
                            + "); keeping the services it held before");
                    m = before == null ? ManifestParser.Manifests.NONE : before.manifests();
                }
                List<String> told = before == null ? List.of() : before.warnings();
                warnings.stream().filter(w -> !told.contains(w)).forEach(log::warn);
                files.put(f, new Seen(modified, size, text, m, List.copyOf(warnings)));
                changed |= before == null || !m.equals(before.manifests());
            } catch (IOException e) {
                // deleted between listing and reading: the next look sees it gone
            }
        }
        if (files.keySet().retainAll(present)) {
            changed = true;
        }
        return changed;
    }

    private ServiceSnapshot snapshot() {
        List<KubeService> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (Seen s : files.values()) {
            services.addAll(s.manifests().services());
            slices.addAll(s.manifests().slices());
        }
        return new ServiceSnapshot(services, slices);
    }
}
