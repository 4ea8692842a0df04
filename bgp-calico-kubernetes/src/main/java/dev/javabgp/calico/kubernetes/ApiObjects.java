package dev.javabgp.calico.kubernetes;

import dev.javabgp.calico.ConfigError;
import dev.javabgp.codec.nlri.IpPrefix;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the objects an API server sends into the texts {@link dev.javabgp.calico.CalicoConfig#loadObjects}
 * and the service parser read, keeping only what they read: the same object sent again (after a
 * relist, say) gives the same text, so nothing that did not change is applied again.
 */
final class ApiObjects {

    /** The annotations calico-node writes on a core Node, and the Calico Node fields they stand for. */
    static final String IPV4_ADDRESS = "projectcalico.org/IPv4Address";
    static final String IPV6_ADDRESS = "projectcalico.org/IPv6Address";
    static final String AS_NUMBER = "projectcalico.org/ASNumber";
    static final String CLUSTER_ID = "projectcalico.org/RouteReflectorClusterID";
    private static final Map<String, String> NODE_FIELDS = Map.of(
            "spec.bgp.ipv4Address", "metadata.annotations[" + IPV4_ADDRESS + "]",
            "spec.bgp.ipv6Address", "metadata.annotations[" + IPV6_ADDRESS + "]",
            "spec.bgp.asNumber", "metadata.annotations[" + AS_NUMBER + "]",
            "spec.bgp.routeReflectorClusterID", "metadata.annotations[" + CLUSTER_ID + "]");

    private ApiObjects() {}

    /** A Calico resource as its parser reads it: apiVersion, kind, name, labels and spec. */
    static String calicoResource(HasMetadata o, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", "crd.projectcalico.org/v1");
        out.put("kind", kind);
        out.put("metadata", metadata(o.getMetadata(), false));
        Object spec = tree(o).get("spec");
        if (spec != null) {
            out.put("spec", spec);
        }
        return Serialization.asJson(out);
    }

    /**
     * A core Node as the Calico Node it stands for: calico-node keeps a node's BGP settings in its
     * annotations under the Kubernetes datastore, and its labels feed the selectors.
     */
    static String node(io.fabric8.kubernetes.api.model.Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
        Map<String, Object> bgp = new LinkedHashMap<>();
        put(bgp, "ipv4Address", annotations.get(IPV4_ADDRESS));
        put(bgp, "ipv6Address", annotations.get(IPV6_ADDRESS));
        String as = annotations.get(AS_NUMBER);
        if (as != null) {
            // an annotation is text: a plain number goes in as one, anything else as written, for the parser to refuse
            bgp.put("asNumber", as.strip().matches("\\d{1,10}") ? (Object) Long.parseLong(as.strip()) : as);
        }
        put(bgp, "routeReflectorClusterID", annotations.get(CLUSTER_ID));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", "crd.projectcalico.org/v1");
        out.put("kind", "Node");
        out.put("metadata", metadata(node.getMetadata(), false));
        out.put("spec", bgp.isEmpty() ? Map.of() : Map.of("bgp", bgp));
        return Serialization.asJson(out);
    }

    /** A Secret with its data, for a BGPPeer's {@code password.secretKeyRef}. */
    static String secret(io.fabric8.kubernetes.api.model.Secret secret) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", "v1");
        out.put("kind", "Secret");
        out.put("metadata", metadata(secret.getMetadata(), true));
        if (secret.getData() != null) {
            out.put("data", new java.util.TreeMap<>(secret.getData()));
        }
        if (secret.getStringData() != null) {
            out.put("stringData", new java.util.TreeMap<>(secret.getStringData()));
        }
        return Serialization.asJson(out);
    }

    /** A Service or EndpointSlice as its manifest reads, for {@link dev.javabgp.calico.service.ManifestParser}. */
    static String manifest(HasMetadata o, String apiVersion, String kind) {
        Map<String, Object> out = tree(o);
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.put("metadata", metadata(o.getMetadata(), true));
        return Serialization.asJson(out);
    }

    /**
     * The block of a {@code BlockAffinity} ({@code spec.node}, {@code spec.cidr}, {@code spec.state}):
     * only a confirmed affinity that is not being deleted counts, as Calico's IPAM allocates from it
     * only then; null (with a warning for a malformed one) otherwise.
     */
    static PodBlock affinity(HasMetadata o, Consumer<String> warnings) {
        Map<?, ?> spec = spec(o);
        if (!"confirmed".equals(spec.get("state")) || "true".equals(String.valueOf(spec.get("deleted")))) {
            return null;
        }
        return block("BlockAffinity/" + o.getMetadata().getName(), spec.get("cidr"), spec.get("node"), "spec.node", warnings);
    }

    /** The block of an {@code IPAMBlock} whose {@code spec.affinity} is {@code host:<node>}; null otherwise. */
    static PodBlock ipamBlock(HasMetadata o, Consumer<String> warnings) {
        Map<?, ?> spec = spec(o);
        Object affinity = spec.get("affinity");
        if (!(affinity instanceof String a) || !a.startsWith("host:") || "true".equals(String.valueOf(spec.get("deleted")))) {
            return null; // no affinity, or a virtual one: no node announces it
        }
        return block("IPAMBlock/" + o.getMetadata().getName(), spec.get("cidr"), a.substring(5), "spec.affinity", warnings);
    }

    private static PodBlock block(String object, Object cidr, Object node, String nodeField, Consumer<String> warnings) {
        if (node == null || node.toString().isEmpty()) {
            warnings.accept(object + " " + nodeField + ": missing; the block belongs to no node and is not announced");
            return null;
        }
        try {
            IpPrefix prefix = IpPrefix.parse(String.valueOf(cidr));
            return new PodBlock(object, prefix, node.toString());
        } catch (IllegalArgumentException e) {
            warnings.accept(object + " spec.cidr: \"" + cidr + "\" is not accepted; accepted: a CIDR such as 10.244.1.0/26 ("
                    + e.getMessage() + "); the block is not announced");
            return null;
        }
    }

    /**
     * An error about a core Node, pointed at the annotation the user would change rather than at
     * the Calico Node field it became.
     */
    static ConfigError pointAtAnnotations(ConfigError e) {
        String field = NODE_FIELDS.get(e.field());
        if (field == null || !e.resource().startsWith("Node/")) {
            return e;
        }
        return new ConfigError(e.file(), e.line(), e.column(), e.resource(), field, e.message());
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static Map<String, Object> metadata(ObjectMeta meta, boolean namespace) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", meta.getName());
        if (namespace && meta.getNamespace() != null) {
            out.put("namespace", meta.getNamespace());
        }
        if (meta.getLabels() != null && !meta.getLabels().isEmpty()) {
            out.put("labels", new java.util.TreeMap<>(meta.getLabels()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object o) {
        return new LinkedHashMap<>(Serialization.jsonMapper().convertValue(o, Map.class));
    }

    private static Map<?, ?> spec(HasMetadata o) {
        Object spec = tree(o).get("spec");
        return spec instanceof Map<?, ?> m ? m : Map.of();
    }
}
