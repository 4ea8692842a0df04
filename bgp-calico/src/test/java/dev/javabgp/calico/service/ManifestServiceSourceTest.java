package dev.javabgp.calico.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.Logs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services and EndpointSlices from files, following files as they are added, changed and deleted. */
class ManifestServiceSourceTest {

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<ServiceSnapshot> heard = new LinkedBlockingQueue<>();
    private ManifestServiceSource source;

    static final String WEB = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              clusterIPs: ["10.96.0.10", "fd00:96::10"]
              externalIPs: ["198.51.100.10"]
              externalTrafficPolicy: %s
              internalTrafficPolicy: Local
            status:
              loadBalancer:
                ingress:
                  - ip: 203.0.113.7
                  - hostname: lb.example
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-abc
              namespace: shop
              labels:
                kubernetes.io/service-name: web
            addressType: IPv4
            endpoints:
              - addresses: ["10.244.1.5"]
                conditions: {ready: true}
                nodeName: node-1
              - addresses: ["10.244.2.5"]
                conditions: {ready: false}
                nodeName: node-2
              - addresses: ["10.244.3.5"]
                nodeName: node-3
            """;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    /** The next snapshot that satisfies {@code condition}, waiting at most five seconds. */
    private ServiceSnapshot next(Predicate<ServiceSnapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            ServiceSnapshot s = heard.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && condition.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching snapshot within five seconds");
    }

    @Test
    void readsServicesAndEndpointSlicesAsKubernetesWritesThem() throws Exception {
        Files.writeString(dir.resolve("web.yaml"), WEB.formatted("Local"));
        ServiceSnapshot s = new ManifestServiceSource(List.of(dir)).read();
        KubeService web = s.services().get(0);
        assertThat(web.key()).isEqualTo("shop/web");
        assertThat(web.clusterIPs()).containsExactly(InetAddress.getByName("10.96.0.10"), InetAddress.getByName("fd00:96::10"));
        assertThat(web.externalIPs()).containsExactly(InetAddress.getByName("198.51.100.10"));
        assertThat(web.loadBalancerIPs()).containsExactly(InetAddress.getByName("203.0.113.7"));
        assertThat(web.externalTrafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(web.internalTrafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(s.hasReadyEndpoint(web, "node-1")).isTrue();
        assertThat(s.hasReadyEndpoint(web, "node-2")).isFalse(); // conditions.ready: false
        assertThat(s.hasReadyEndpoint(web, "node-3")).isTrue(); // no ready condition reads as ready
        assertThat(s.hasReadyEndpoint(web, "node-4")).isFalse();
    }

    @Test
    void followsAddedChangedAndDeletedManifests() throws Exception {
        source = new ManifestServiceSource(List.of(dir));
        source.start(heard::add);
        assertThat(heard.take().services()).isEmpty();

        Path file = dir.resolve("web.yaml");
        Files.writeString(file, WEB.formatted("Local"));
        next(s -> s.services().size() == 1 && s.services().get(0).externalTrafficPolicy() == TrafficPolicy.LOCAL);

        Files.writeString(file, WEB.formatted("Cluster"));
        next(s -> s.services().size() == 1 && s.services().get(0).externalTrafficPolicy() == TrafficPolicy.CLUSTER);

        Files.delete(file);
        ServiceSnapshot gone = next(s -> s.services().isEmpty());
        assertThat(gone.endpointSlices()).isEmpty();
    }

    @Test
    void aHalfWrittenFileKeepsWhatItHeld() throws Exception {
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, WEB.formatted("Local"));
        source = new ManifestServiceSource(List.of(file));
        source.start(heard::add);
        assertThat(heard.take().services()).hasSize(1);

        Files.writeString(file, "apiVersion: v1\nkind: Service\nmetadata: {name: [web\n");
        Files.writeString(dir.resolve("marker.yaml"), "");
        // A second file the source does not follow changes nothing; the broken one keeps its service.
        Thread.sleep(600);
        assertThat(source.read().services()).hasSize(1);

        Files.writeString(file, WEB.formatted("Cluster"));
        next(s -> s.services().size() == 1 && s.services().get(0).externalTrafficPolicy() == TrafficPolicy.CLUSTER);
    }

    @Test
    void aChangeIsSeenAtTheNextPoll() throws Exception {
        assertThat(new ManifestServiceSource(List.of(dir)).interval()).isEqualTo(ManifestServiceSource.DEFAULT_INTERVAL)
                .isEqualTo(Duration.ofMillis(200));
        // The timer would look in an hour: each poll below is the one the timer makes every interval.
        source = new ManifestServiceSource(List.of(dir), Duration.ofHours(1));
        source.start(heard::add);
        assertThat(heard.take().services()).isEmpty();
        assertThat(source.poll()).isFalse();
        assertThat(heard).isEmpty();

        Path file = dir.resolve("web.yaml");
        Files.writeString(file, WEB.formatted("Local"));
        assertThat(source.poll()).isTrue();
        assertThat(heard.poll().services()).extracting(KubeService::name).containsExactly("web");
        assertThat(source.poll()).isFalse();

        Files.delete(file);
        assertThat(source.poll()).isTrue();
        assertThat(heard.poll().services()).isEmpty();
    }

    @Test
    void aBrokenFileIsReportedWhereItBreaksOnceWhileItStaysBroken() throws Exception {
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, WEB.formatted("Local"));
        source = new ManifestServiceSource(List.of(dir), Duration.ofHours(1));
        source.start(heard::add);
        heard.take();
        List<String> warnings = Logs.capture(() -> {
            Files.writeString(file, "apiVersion: v1\nkind: Service\nmetadata: {name: [web\n");
            assertThat(source.poll()).isFalse(); // it keeps what it held: nothing changed for the listener
            Files.writeString(file, "apiVersion: v1\nkind: Service\nmetadata: {name: [web\n"); // rewritten, the same
            source.poll();
        });
        assertThat(warnings).singleElement().asString().startsWith("WARN " + ManifestServiceSource.class.getName() + " - " + file
                + ":4:1: not valid YAML (").endsWith("); keeping the services it held before");
        assertThat(source.read().services()).hasSize(1);
    }

    @Test
    void aDocumentItCannotUseIsSkippedAndTheRestRead() throws Exception {
        Files.writeString(dir.resolve("mixed.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: bad}
                spec: {externalIPs: ["not-an-address"]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: good}
                spec: {clusterIP: None}
                """);
        ServiceSnapshot s = new ManifestServiceSource(List.of(dir)).read();
        assertThat(s.services()).extracting(KubeService::name).containsExactly("good");
        assertThat(s.services().get(0).clusterIPs()).isEmpty(); // headless
    }
}
