package dev.javabgp.calico.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.LoadOptions;
import dev.javabgp.calico.kubernetes.testing.ApiServer;
import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.PeerConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The datastore against an API server process over HTTP, with objects changed through a client while it runs. */
class KubernetesDatastoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ApiServer server;
    private KubernetesClient client;
    private KubernetesDatastore datastore;
    private final BlockingQueue<ClusterState> states = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = ApiServer.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        if (datastore != null) {
            datastore.close();
        }
        client.close();
        server.close();
    }

    private void create(String yaml) {
        for (String document : yaml.split("(?m)^---$")) {
            createOne(document);
        }
    }

    private void createOne(String yaml) {
        HasMetadata o = Serialization.unmarshal(yaml);
        if (o instanceof GenericKubernetesResource g && g.getApiVersion().startsWith("crd.projectcalico.org/")) {
            client.genericKubernetesResources(KubernetesDatastore.calicoResource(g.getKind())).resource(g).create();
        } else {
            client.resource(o).create();
        }
    }

    private GenericKubernetesResource calico(String kind, String name) {
        return client.genericKubernetesResources(KubernetesDatastore.calicoResource(kind)).withName(name).get();
    }

    private void startDatastore() {
        datastore = new KubernetesDatastore(client, "calico-system", LoadOptions.DEFAULT);
        datastore.start(states::add, WAIT);
    }

    /**
     * Until every watch is open again: the mock replays nothing to a resumed watch, so a change made
     * before then would be seen only by a relist.
     */
    private void awaitWatching() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!datastore.watching()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the watches did not open again within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    /** The next state that passes {@code test}, skipping those before it. */
    private ClusterState next(Predicate<ClusterState> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ClusterState s = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (s != null && test.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no such state within " + WAIT);
    }

    private static final String NODES = """
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels: {rack: rack1}
              annotations:
                projectcalico.org/IPv4Address: 10.0.0.1/24
            ---
            apiVersion: v1
            kind: Node
            metadata:
              name: node-2
              annotations:
                projectcalico.org/IPv4Address: 10.0.0.2/24
                projectcalico.org/ASNumber: "64600"
            """;

    private static final String TOR = """
            apiVersion: crd.projectcalico.org/v1
            kind: BGPPeer
            metadata: {name: rack1-tor}
            spec:
              peerIP: 10.0.0.254
              asNumber: 64513
              nodeSelector: rack == 'rack1'
              password:
                secretKeyRef: {name: bgp-secrets, key: tor}
            """;

    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: bgp-secrets, namespace: calico-system}
            stringData: {tor: s3cret}
            """;

    @Test
    void theFirstStateHoldsEveryObjectAndANodesSettingsComeFromItsAnnotations() throws Exception {
        create(NODES);
        createOne(TOR);
        createOne(SECRET);
        createOne("""
                apiVersion: crd.projectcalico.org/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec:
                  asNumber: 64512
                  serviceClusterIPs: [{cidr: 10.96.0.0/12}]
                """);
        startDatastore();
        ClusterState first = states.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).as("the current state first").isNotNull();
        assertThat(first.skipped()).isEmpty();
        NodeSettings one = first.config().forNode("node-1");
        assertThat(one.asNumber()).isEqualTo(64512);
        assertThat(one.routerId()).isEqualTo("10.0.0.1");
        assertThat(one.peers()).extracting(p -> p.address().getHostAddress()).containsExactly("10.0.0.254", "10.0.0.2");
        PeerConfig tor = one.peers().get(0);
        assertThat(tor.password()).as("password from the Secret in calico-system").isEqualTo("s3cret");
        assertThat(one.peers().get(1).remoteAs()).as("node-2's AS from its annotation").isEqualTo(64600);
        assertThat(first.config().forNode("node-2").peers()).as("the selector matches node-1's labels only")
                .extracting(p -> p.address().getHostAddress()).containsExactly("10.0.0.1");
    }

    @Test
    void anInvalidObjectIsSkippedWithItsNameAndFieldAndTheRestWorks() throws Exception {
        create(NODES);
        createOne(TOR.replace("password:\n    secretKeyRef: {name: bgp-secrets, key: tor}\n", ""));
        createOne("""
                apiVersion: crd.projectcalico.org/v1
                kind: BGPPeer
                metadata: {name: broken}
                spec: {peerIP: 10.0.0.253, asNumber: 64514, sourceAddress: none}
                """);
        startDatastore();
        ClusterState s = next(x -> true);
        assertThat(s.skipped()).hasSize(1);
        assertThat(s.skipped().getFirst().toString()).startsWith("BGPPeer/broken spec.sourceAddress: \"none\" is not accepted")
                .contains("None");
        assertThat(s.config().forNode("node-1").peers()).extracting(p -> p.address().getHostAddress()).contains("10.0.0.254")
                .doesNotContain("10.0.0.253");

        // the fix reaches the node as any change does
        GenericKubernetesResource broken = calico("BGPPeer", "broken");
        ((java.util.Map<String, Object>) broken.getAdditionalProperties().get("spec")).put("sourceAddress", "None");
        client.resource(broken).update();
        ClusterState fixed = next(x -> x.skipped().isEmpty());
        assertThat(fixed.config().forNode("node-1").peers()).extracting(p -> p.address().getHostAddress()).contains("10.0.0.253");
    }

    @Test
    void aBadNodeAnnotationIsReportedAtTheAnnotation() throws Exception {
        create(NODES.replace("10.0.0.2/24", "10.0.0.300/24"));
        startDatastore();
        ClusterState s = next(x -> true);
        assertThat(s.skipped()).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo("Node/node-2");
            assertThat(e.field()).isEqualTo("metadata.annotations[projectcalico.org/IPv4Address]");
        });
        assertThat(s.config().forNode("node-1").peers()).as("node-1 runs on without the node it cannot read").isEmpty();
    }

    @Test
    void changesAndDeletionsArriveAndPodBlocksOfBgpPoolsAreTheNodes() throws Exception {
        create(NODES);
        create("""
                apiVersion: crd.projectcalico.org/v1
                kind: IPPool
                metadata: {name: bgp-pool}
                spec: {cidr: 10.244.0.0/16, vxlanMode: Never, ipipMode: Never, blockSize: 26}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: IPPool
                metadata: {name: vxlan-pool}
                spec: {cidr: 10.245.0.0/16, vxlanMode: Always, blockSize: 26}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BlockAffinity
                metadata: {name: node-1-10-244-1-0-26}
                spec: {cidr: 10.244.1.0/26, node: node-1, state: confirmed, deleted: "false"}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BlockAffinity
                metadata: {name: node-1-10-245-1-0-26}
                spec: {cidr: 10.245.1.0/26, node: node-1, state: confirmed, deleted: "false"}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: BlockAffinity
                metadata: {name: node-1-10-244-2-0-26}
                spec: {cidr: 10.244.2.0/26, node: node-1, state: pending, deleted: "false"}
                ---
                apiVersion: crd.projectcalico.org/v1
                kind: IPAMBlock
                metadata: {name: 10-244-3-0-26}
                spec: {cidr: 10.244.3.0/26, affinity: "host:node-2"}
                """);
        startDatastore();
        ClusterState s = next(x -> true);
        assertThat(s.podBlocks("node-1")).as("confirmed, and not of the VXLAN pool").containsExactly(IpPrefix.parse("10.244.1.0/26"));
        assertThat(s.podBlocks("node-2")).containsExactly(IpPrefix.parse("10.244.3.0/26"));

        createOne(TOR);
        createOne(SECRET);
        ClusterState added = next(x -> x.config().peers().size() == 1);
        assertThat(added.config().forNode("node-1").peers()).hasSize(2);

        client.genericKubernetesResources(KubernetesDatastore.calicoResource("BlockAffinity")).withName("node-1-10-244-1-0-26").delete();
        ClusterState gone = next(x -> x.podBlocks("node-1").isEmpty());
        assertThat(gone.config().peers()).hasSize(1);

        client.genericKubernetesResources(KubernetesDatastore.calicoResource("BGPPeer")).withName("rack1-tor").delete();
        next(x -> x.config().peers().isEmpty());
    }

    @Test
    void servicesAndEndpointSlicesOfEveryNamespace() throws Exception {
        create(NODES);
        create("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  type: LoadBalancer
                  clusterIP: 10.96.0.10
                  clusterIPs: [10.96.0.10]
                  externalTrafficPolicy: Local
                  ports: [{port: 80}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-abc
                  namespace: shop
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                endpoints:
                - addresses: [10.244.1.5]
                  conditions: {ready: true}
                  nodeName: node-1
                """);
        startDatastore();
        ClusterState s = next(x -> !x.services().services().isEmpty());
        var web = s.services().services().getFirst();
        assertThat(web.key()).isEqualTo("shop/web");
        assertThat(s.services().hasReadyEndpoint(web, "node-1")).isTrue();
        assertThat(s.services().hasReadyEndpoint(web, "node-2")).isFalse();

        var service = client.services().inNamespace("shop").withName("web").get();
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer().addNewIngress()
                .withIp("192.0.2.10").endIngress().endLoadBalancer().build());
        client.resource(service).updateStatus();
        ClusterState lb = next(x -> !x.services().services().isEmpty() && !x.services().services().getFirst().loadBalancerIPs().isEmpty());
        assertThat(lb.services().services().getFirst().loadBalancerIPs()).extracting(java.net.InetAddress::getHostAddress)
                .containsExactly("192.0.2.10");
    }

    @Test
    void aRestartedServerLosesNothingAndRepeatsNothing() throws Exception {
        create(NODES);
        createOne(TOR);
        createOne(SECRET);
        startDatastore();
        next(x -> x.config().peers().size() == 1);
        server.restart(); // every watch is cut; the informers watch again from their resourceVersion
        // What is sent again unchanged makes no new state: nothing is applied twice.
        assertThat(states.poll(3, TimeUnit.SECONDS)).as("a state after the restart although nothing changed").isNull();
        awaitWatching();

        createOne("""
                apiVersion: crd.projectcalico.org/v1
                kind: BGPPeer
                metadata: {name: rack2-tor}
                spec: {peerIP: 10.0.0.252, asNumber: 64515}
                """);
        ClusterState after = next(x -> x.config().peers().size() == 2);
        assertThat(after.config().forNode("node-2").peers()).extracting(p -> p.address().getHostAddress()).contains("10.0.0.252");
        server.restart();
        assertThat(states.poll(3, TimeUnit.SECONDS)).as("a state after the second restart although nothing changed").isNull();
        awaitWatching();
        client.genericKubernetesResources(KubernetesDatastore.calicoResource("BGPPeer")).withName("rack1-tor").delete();
        next(x -> x.config().peers().size() == 1 && x.config().peers().getFirst().name().equals("rack2-tor"));
    }
}
