package dev.javabgp.calico.export;

import static dev.javabgp.calico.export.ServiceExportPolicyTest.RANGES;
import static dev.javabgp.calico.export.ServiceExportPolicyTest.address;
import static dev.javabgp.calico.export.ServiceExportPolicyTest.endpoints;
import static dev.javabgp.calico.export.ServiceExportPolicyTest.prefix;
import static dev.javabgp.calico.export.ServiceExportPolicyTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.service.EndpointSlice;
import dev.javabgp.calico.service.KubeService;
import dev.javabgp.calico.service.ManifestServiceSource;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.calico.service.TrafficPolicy;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter sends a speaker only the differences, with the attributes Calico would. */
class ServicePrefixExporterTest {

    /** Records what the exporter asks of a speaker. */
    static final class Recorder implements RouteSink {
        final List<String> calls = new ArrayList<>();
        final java.util.Map<IpPrefix, PathAttributes> table = new java.util.TreeMap<>();

        @Override
        public synchronized CompletableFuture<Void> announce(IpPrefix prefix, PathAttributes attributes) {
            calls.add("announce " + prefix);
            table.put(prefix, attributes);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<Boolean> withdraw(IpPrefix prefix) {
            calls.add("withdraw " + prefix);
            return CompletableFuture.completedFuture(table.remove(prefix) != null);
        }
    }

    private final Recorder speaker = new Recorder();
    private final ServicePrefixExporter exporter = new ServicePrefixExporter(speaker, RANGES);
    private final KubeService web = service("web", TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, List.of("10.96.0.10"),
            List.of("198.51.100.10"), List.of());

    @Test
    void onlyTheDifferencesReachTheSpeaker() {
        exporter.update(ServiceSnapshot.EMPTY).join();
        assertThat(speaker.calls).hasSize(5);
        speaker.calls.clear();

        exporter.update(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-1")))).join();
        assertThat(speaker.calls).containsExactly("announce 198.51.100.10/32");
        speaker.calls.clear();

        exporter.update(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-1")))).join();
        assertThat(speaker.calls).isEmpty();

        // The last ready endpoint on this node goes: the host route goes with it.
        exporter.update(new ServiceSnapshot(List.of(web), List.of(endpoints("web", false, "node-1")))).join();
        assertThat(speaker.calls).containsExactly("withdraw 198.51.100.10/32");
        assertThat(exporter.announced()).doesNotContainKey(prefix("198.51.100.10/32"));
    }

    @Test
    void attributesCarryTheNodeAsNextHopAndStandardAndLargeCommunities() {
        exporter.update(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-1")))).join();
        PathAttributes a = speaker.table.get(prefix("198.51.100.10/32"));
        assertThat(a.nextHop()).isEqualTo(NextHop.of("127.0.0.1"));
        assertThat(a.asPath().pathLength()).isZero();
        assertThat(a.communities()).isEqualTo(Communities.of(Communities.parse("64512:300")));
        assertThat(a.largeCommunities()).isEqualTo(LargeCommunities.of(64512, 1, 10));
        PathAttributes v6 = speaker.table.get(prefix("2001:db8:5e::/64"));
        assertThat(v6.mpReach().nextHop().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(v6.communities()).isEqualTo(Communities.of(Communities.parse("64512:600")));
    }

    @Test
    void anAddressOutsideEveryRangeIsToldOnceWhileItLastsAndAgainWhenItComesBack() {
        List<String> notices = new ArrayList<>();
        ServicePrefixExporter quiet = new ServicePrefixExporter(speaker, RANGES, notices::add);
        KubeService stray = service("stray", TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, List.of(), List.of("100.64.0.1"), List.of());
        ServiceSnapshot snapshot = new ServiceSnapshot(List.of(stray), List.of(endpoints("stray", true, "node-1")));
        String told = "service default/stray: external IP 100.64.0.1 is not announced: it is outside every "
                + "serviceExternalIPs range (198.51.100.0/24)";
        quiet.update(snapshot).join();
        quiet.update(snapshot).join();
        quiet.reconfigure(RANGES).join();
        assertThat(notices).containsExactly(told);
        // Gone, then back: news again. What is remembered is only what the last update gave, so it stays small.
        quiet.update(ServiceSnapshot.EMPTY).join();
        quiet.update(snapshot).join();
        assertThat(notices).containsExactly(told, told);
        assertThat(speaker.table).doesNotContainKey(prefix("100.64.0.1/32"));
    }

    @Test
    void aLocalServiceKeepsItsHostRouteUntilItsLastLocalEndpointGoes() {
        EndpointSlice both = new EndpointSlice("default", "web-1", "web", List.of(
                new EndpointSlice.Endpoint(List.of(address("10.244.1.5")), true, "node-1"),
                new EndpointSlice.Endpoint(List.of(address("10.244.1.6")), true, "node-1")));
        EndpointSlice one = new EndpointSlice("default", "web-1", "web", List.of(
                new EndpointSlice.Endpoint(List.of(address("10.244.1.5")), false, "node-1"),
                new EndpointSlice.Endpoint(List.of(address("10.244.1.6")), true, "node-1")));
        EndpointSlice none = new EndpointSlice("default", "web-1", "web", List.of(
                new EndpointSlice.Endpoint(List.of(address("10.244.1.6")), false, "node-1"),
                new EndpointSlice.Endpoint(List.of(address("10.244.2.7")), true, "node-2")));
        exporter.update(new ServiceSnapshot(List.of(web), List.of(both))).join();
        assertThat(exporter.announced()).containsKey(prefix("198.51.100.10/32"));
        speaker.calls.clear();

        exporter.update(new ServiceSnapshot(List.of(web), List.of(one))).join();
        assertThat(speaker.calls).isEmpty(); // one local endpoint is left: the route stays, nothing is sent
        assertThat(exporter.announced()).containsKey(prefix("198.51.100.10/32"));

        // The last local one goes (another node's endpoint does not count): the /32 is withdrawn.
        exporter.update(new ServiceSnapshot(List.of(web), List.of(none))).join();
        assertThat(speaker.calls).containsExactly("withdraw 198.51.100.10/32");
        assertThat(speaker.table).doesNotContainKey(prefix("198.51.100.10/32")).containsKey(prefix("198.51.100.0/24"));
    }

    @Test
    void aManifestChangeReachesTheSpeakerAtTheNextPoll(@TempDir Path dir) throws Exception {
        // An hour between the timer's looks: the poll below is the one that comes within 200 ms by default.
        ManifestServiceSource source = new ManifestServiceSource(List.of(dir), Duration.ofHours(1));
        exporter.follow(source);
        try {
            speaker.calls.clear();
            Files.writeString(dir.resolve("web.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: default}
                    spec: {externalIPs: [198.51.100.10], externalTrafficPolicy: Local}
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
                    endpoints: [{addresses: [10.244.1.5], nodeName: node-1}]
                    """);
            source.poll();
            assertThat(speaker.calls).containsExactly("announce 198.51.100.10/32");
            Files.delete(dir.resolve("web.yaml"));
            source.poll();
            assertThat(speaker.calls).containsExactly("announce 198.51.100.10/32", "withdraw 198.51.100.10/32");
        } finally {
            exporter.close();
        }
    }

    @Test
    void changedCommunitiesAreAnnouncedAgainAndAGoneRangeWithdrawn() {
        exporter.update(ServiceSnapshot.EMPTY).join();
        speaker.calls.clear();
        ServiceRanges changed = new ServiceRanges("node-1", RANGES.clusterIPs(), RANGES.externalIPs(), List.of(), List.of(),
                RANGES.nextHopV4(), RANGES.nextHopV6());
        exporter.reconfigure(changed).join();
        assertThat(speaker.calls).containsExactlyInAnyOrder("announce 198.51.100.0/24", "withdraw 203.0.113.0/24",
                "withdraw 2001:db8:5e::/64");
        assertThat(speaker.table.get(prefix("198.51.100.0/24")).communities()).isNull();
    }
}
