package dev.javabgp.calico.service;

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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services and EndpointSlices from manifest files: each path is a YAML file or a directory whose
 * {@code .yaml} and {@code .yml} files are read, multi-document, other kinds passed over. The files
 * are looked at every {@code interval} (200 ms by default) and a file that appeared, changed or
 * disappeared yields a new snapshot. Polling rather than a WatchService, because a WatchService
 * misses changes on some file systems (network and overlay mounts, files replaced by rename as
 * Kubernetes' ConfigMap volumes do), and a look at a few small files is cheap.
 *
 * <p>A file that stops being valid YAML keeps the services it had, with a warning, until it is
 * valid again or deleted: a half-written file must not withdraw routes.
 */
public final class ManifestServiceSource implements ServiceSource {

    private static final Logger log = LoggerFactory.getLogger(ManifestServiceSource.class);
    /** A file changed this recently is read again even if its time and size look unchanged. */
    private static final Duration COARSE_CLOCK = Duration.ofSeconds(2);

    private final List<Path> paths;
    private final Duration interval;
    private final Map<Path, Seen> files = new LinkedHashMap<>();
    private final Set<String> warned = new HashSet<>();
    private Thread thread;
    private volatile boolean running;

    private record Seen(FileTime modified, long size, String text, ManifestParser.Manifests manifests) {}

    /** Follows {@code paths}, looking every 200 ms. */
    public ManifestServiceSource(List<Path> paths) {
        this(paths, Duration.ofMillis(200));
    }

    public ManifestServiceSource(List<Path> paths, Duration interval) {
        this.paths = List.copyOf(paths);
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, not " + interval);
        }
    }

    /** Reads the files once, for a caller that does not follow them. */
    public ServiceSnapshot read() {
        synchronized (files) {
            scan();
            return snapshot();
        }
    }

    @Override
    public void start(Consumer<ServiceSnapshot> listener) {
        Objects.requireNonNull(listener, "listener");
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        ServiceSnapshot first = read();
        listener.accept(first);
        thread = Thread.ofPlatform().daemon().name("javabgp-service-manifests").start(() -> {
            while (running) {
                try {
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos());
                } catch (InterruptedException e) {
                    return;
                }
                ServiceSnapshot next = null;
                synchronized (files) {
                    if (running && scan()) {
                        next = snapshot();
                    }
                }
                if (next != null && running) {
                    try {
                        listener.accept(next);
                    } catch (RuntimeException e) {
                        log.warn("service listener failed: {}", e.toString());
                    }
                }
            }
        });
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
        for (Path f : yamlFiles()) {
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
                    files.put(f, new Seen(modified, size, text, before.manifests()));
                    continue;
                }
                ManifestParser.Manifests m;
                try {
                    m = ManifestParser.parse(f.toString(), text, this::warnOnce);
                } catch (RuntimeException e) {
                    warnOnce(f + " is not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + "); keeping what it held before");
                    files.put(f, new Seen(modified, size, text, before == null ? new ManifestParser.Manifests(List.of(), List.of())
                            : before.manifests()));
                    changed |= before == null;
                    continue;
                }
                files.put(f, new Seen(modified, size, text, m));
                changed = true;
            } catch (IOException e) {
                // deleted between listing and reading: the next look sees it gone
            }
        }
        if (files.keySet().retainAll(present)) {
            changed = true;
        }
        return changed;
    }

    private List<Path> yamlFiles() {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> {
                        String n = f.getFileName().toString();
                        return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
                    }).sorted().forEach(out::add);
                } catch (IOException e) {
                    warnOnce("cannot list " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
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

    private void warnOnce(String message) {
        if (warned.add(message)) {
            log.warn(message);
        }
    }
}
