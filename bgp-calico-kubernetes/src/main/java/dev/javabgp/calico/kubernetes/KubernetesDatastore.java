package dev.javabgp.calico.kubernetes;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.ConfigError;
import dev.javabgp.calico.LoadOptions;
import dev.javabgp.calico.service.EndpointSlice;
import dev.javabgp.calico.service.KubeService;
import dev.javabgp.calico.service.ManifestParser;
import dev.javabgp.calico.service.ServiceSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calico's Kubernetes datastore as calico-node reads it, watched through informers: the
 * {@code crd.projectcalico.org/v1} BGPConfiguration, BGPPeer, IPPool, BGPFilter, BlockAffinity
 * and IPAMBlock; core Nodes (the annotations calico-node writes, and labels for selectors);
 * Services and EndpointSlices of every namespace; and the Secrets of one namespace, for BGP
 * passwords.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *      KubernetesDatastore datastore = new KubernetesDatastore(client, "calico-system", LoadOptions.DEFAULT)) {
 *     datastore.start(state -> node.apply(state.config().forNode("node-1")), Duration.ofSeconds(30));
 *     ...
 * }
 * }</pre>
 *
 * <p>The listener gets the whole {@link ClusterState} once every informer has its first list, then
 * again after each change, from one thread of the datastore's own, one at a time: a burst of
 * events within {@link #SETTLE} gives one state. A state is made from the informers' caches, not
 * from the events, so a watch that drops and resumes from its resourceVersion, or relists after
 * 410 Gone (both the client's informers do), loses nothing, and an object sent again unchanged
 * gives no new state. An invalid object is left out of the state's configuration with its errors,
 * and the other objects make it.
 */
public final class KubernetesDatastore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesDatastore.class);

    /** How long a burst of events is collected into one state. */
    public static final Duration SETTLE = Duration.ofMillis(50);

    /** The Calico resources of the Kubernetes datastore that configure BGP (all cluster-scoped). */
    static final List<String> CONFIG_KINDS = List.of("BGPConfiguration", "BGPPeer", "IPPool", "BGPFilter");

    private final KubernetesClient client;
    private final String secretsNamespace;
    private final LoadOptions options;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "javabgp-kubernetes");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> calico = new TreeMap<>();
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Service> services;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice> slices;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Secret> secrets;
    private volatile Consumer<ClusterState> listener;
    private volatile boolean scheduled;
    /** Set once every informer has its first list: events before that wait for the first state. */
    private volatile boolean synced;
    private volatile boolean closed;
    /** What the last state was made from: a state from the same is not handed on again. */
    private Inputs last;

    /** The texts a state is made from. */
    private record Inputs(Map<String, String> config, List<String> manifests, List<PodBlock> blocks) {}

    /**
     * @param client the client, configured for the cluster (kubeconfig or the pod's service account)
     * @param secretsNamespace the namespace whose Secrets BGPPeer passwords name, calico-node's own
     * @param options as for configuration files
     */
    public KubernetesDatastore(KubernetesClient client, String secretsNamespace, LoadOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretsNamespace = Objects.requireNonNull(secretsNamespace, "secretsNamespace");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The resource of one Calico kind under {@code crd.projectcalico.org/v1}. */
    public static ResourceDefinitionContext calicoResource(String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("crd.projectcalico.org").withVersion("v1").withKind(kind)
                .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s").withNamespaced(false).build();
    }

    /**
     * Starts the informers, waits until each has listed its objects, hands {@code listener} the
     * state of then and, from then on, one after every change.
     *
     * @throws IllegalStateException naming the resource that could not be listed within {@code timeout}, and why
     */
    public void start(Consumer<ClusterState> listener, Duration timeout) {
        this.listener = Objects.requireNonNull(listener, "listener");
        List<String> kinds = new ArrayList<>(CONFIG_KINDS);
        kinds.add("BlockAffinity");
        kinds.add("IPAMBlock");
        List<CompletableFuture<Void>> listed = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (String kind : kinds) {
            var informer = client.genericKubernetesResources(calicoResource(kind)).runnableInformer(0);
            calico.put(kind, informer);
            listed.add(start(informer, "crd.projectcalico.org/v1 " + kind));
            what.add(kind);
        }
        nodes = client.nodes().runnableInformer(0);
        listed.add(start(nodes, "v1 Node"));
        what.add("Node");
        services = client.services().inAnyNamespace().runnableInformer(0);
        listed.add(start(services, "v1 Service"));
        what.add("Service");
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        listed.add(start(slices, "discovery.k8s.io/v1 EndpointSlice"));
        what.add("EndpointSlice");
        secrets = client.secrets().inNamespace(secretsNamespace).runnableInformer(0);
        listed.add(start(secrets, "v1 Secret in " + secretsNamespace));
        what.add("Secret");
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < listed.size(); i++) {
            try {
                listed.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while listing " + what.get(i), e);
            } catch (ExecutionException | TimeoutException e) {
                close();
                throw new IllegalStateException("cannot list " + what.get(i) + " from " + client.getMasterUrl() + " within "
                        + timeout.toSeconds() + " s: " + (e instanceof ExecutionException ? e.getCause().getMessage() : "no answer")
                        + "; check the kubeconfig or the service account, and that Calico's CRDs are installed", e);
            }
        }
        this.synced = true;
        try {
            worker.submit(this::publish).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first state could not be handed on: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private <T extends HasMetadata> CompletableFuture<Void> start(SharedIndexInformer<T> informer, String what) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        });
        informer.exceptionHandler((started, t) -> {
            log.warn("watching {}: {}; {}", what, t.toString(), started ? "watching again" : "listing again");
            return true; // keep trying: the state stays as it was meanwhile
        });
        return informer.start().toCompletableFuture();
    }

    /** An event: a new state is made once the burst it belongs to is over. */
    private void changed() {
        if (closed || !synced || scheduled) {
            return;
        }
        scheduled = true;
        try {
            worker.schedule(this::publish, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Makes the state from the caches and hands it on, unless it is made from what the last one was. */
    private void publish() {
        scheduled = false;
        if (closed) {
            return;
        }
        try {
            List<String> warnings = new ArrayList<>();
            Inputs inputs = inputs(warnings);
            if (inputs.equals(last)) {
                return;
            }
            last = inputs;
            CalicoConfig.ObjectsLoad load = CalicoConfig.loadObjects(inputs.config(), options);
            List<ConfigError> skipped = load.skipped().stream().map(ApiObjects::pointAtAnnotations).toList();
            load.config().notices().forEach(n -> log.debug("{}", n));
            List<KubeService> kubeServices = new ArrayList<>();
            List<EndpointSlice> endpointSlices = new ArrayList<>();
            for (String text : inputs.manifests()) {
                ManifestParser.Manifests m = ManifestParser.parse("Kubernetes", text, warnings::add);
                kubeServices.addAll(m.services());
                endpointSlices.addAll(m.slices());
            }
            ClusterState state = new ClusterState(new CalicoConfig.ObjectsLoad(load.config(), skipped),
                    new ServiceSnapshot(kubeServices, endpointSlices), inputs.blocks(), warnings);
            listener.accept(state);
        } catch (RuntimeException e) {
            log.error("handing on the cluster's state failed: {}", e.toString(), e);
        }
    }

    private Inputs inputs(List<String> warnings) {
        Map<String, String> config = new TreeMap<>();
        for (String kind : CONFIG_KINDS) {
            for (GenericKubernetesResource o : calico.get(kind).getStore().list()) {
                config.put(kind + "/" + o.getMetadata().getName(), ApiObjects.calicoResource(o, kind));
            }
        }
        for (var n : nodes.getStore().list()) {
            config.put("Node/" + n.getMetadata().getName(), ApiObjects.node(n));
        }
        for (var s : secrets.getStore().list()) {
            config.put("Secret/" + s.getMetadata().getName(), ApiObjects.secret(s));
        }
        List<String> manifests = new ArrayList<>();
        services.getStore().list().stream().sorted(byKey()).forEach(s -> manifests.add(ApiObjects.manifest(s, "v1", "Service")));
        slices.getStore().list().stream().sorted(byKey())
                .forEach(s -> manifests.add(ApiObjects.manifest(s, "discovery.k8s.io/v1", "EndpointSlice")));
        List<PodBlock> blocks = new ArrayList<>();
        for (var o : calico.get("BlockAffinity").getStore().list()) {
            PodBlock b = ApiObjects.affinity(o, warnings::add);
            if (b != null) {
                blocks.add(b);
            }
        }
        for (var o : calico.get("IPAMBlock").getStore().list()) {
            PodBlock b = ApiObjects.ipamBlock(o, warnings::add);
            if (b != null && blocks.stream().noneMatch(x -> x.cidr().equals(b.cidr()) && x.node().equals(b.node()))) {
                blocks.add(b);
            }
        }
        blocks.sort(Comparator.comparing(PodBlock::object));
        warnings.sort(Comparator.naturalOrder());
        return new Inputs(config, manifests, blocks);
    }

    private static Comparator<HasMetadata> byKey() {
        return Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
                .thenComparing(o -> o.getMetadata().getName());
    }

    /**
     * Whether every watch is open now: false while one is cut and being resumed (the state handed
     * on last stays as it was meanwhile), and before {@link #start}.
     */
    public boolean watching() {
        List<SharedIndexInformer<?>> all = informers();
        return all.size() == calico.size() + 4 && all.stream().allMatch(SharedIndexInformer::isWatching);
    }

    private List<SharedIndexInformer<?>> informers() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(calico.values());
        for (var i : new SharedIndexInformer<?>[] {nodes, services, slices, secrets}) {
            if (i != null) {
                all.add(i);
            }
        }
        return all;
    }

    /** Stops every informer; the listener hears nothing more once this returns. */
    @Override
    public void close() {
        closed = true;
        informers().forEach(SharedIndexInformer::stop);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
