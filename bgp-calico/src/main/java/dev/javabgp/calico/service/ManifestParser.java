package dev.javabgp.calico.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the Services and EndpointSlices of one multi-document YAML text, passing over every other
 * kind. A document it cannot use is reported to {@code warnings} and skipped.
 */
public final class ManifestParser {

    /** What one file holds. */
    public record Manifests(List<KubeService> services, List<EndpointSlice> slices) {
        static final Manifests NONE = new Manifests(List.of(), List.of());
    }

    private ManifestParser() {}

    /**
     * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException if the text is not YAML
     */
    public static Manifests parse(String label, String text, Consumer<String> warnings) {
        List<KubeService> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        Load load = new Load(LoadSettings.builder().setLabel(label).build());
        int index = 0;
        for (Object document : load.loadAllFromString(text)) {
            index++;
            if (!(document instanceof Map<?, ?> doc)) {
                continue;
            }
            Object apiVersion = doc.get("apiVersion");
            Object kind = doc.get("kind");
            String where = label + " document " + index;
            try {
                if ("v1".equals(apiVersion) && "Service".equals(kind)) {
                    services.add(service(doc));
                } else if ("discovery.k8s.io/v1".equals(apiVersion) && "EndpointSlice".equals(kind)) {
                    slices.add(slice(doc));
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                warnings.accept(where + " (" + kind + "): " + e.getMessage() + "; skipped");
            }
        }
        return new Manifests(services, slices);
    }

    private static KubeService service(Map<?, ?> doc) {
        Map<?, ?> meta = map(doc, "metadata");
        Map<?, ?> spec = map(doc, "spec");
        String name = required(meta, "name");
        String namespace = text(meta, "namespace", "default");
        List<InetAddress> clusterIps = new ArrayList<>();
        List<?> listed = list(spec, "clusterIPs");
        if (listed.isEmpty() && spec.get("clusterIP") != null) {
            listed = List.of(spec.get("clusterIP"));
        }
        for (Object o : listed) {
            if (!"None".equals(o) && !"".equals(o)) { // "None": a headless service has no address
                clusterIps.add(address(o, "spec.clusterIPs"));
            }
        }
        List<InetAddress> externalIps = new ArrayList<>();
        for (Object o : list(spec, "externalIPs")) {
            externalIps.add(address(o, "spec.externalIPs"));
        }
        List<InetAddress> loadBalancerIps = new ArrayList<>();
        Map<?, ?> lb = map(map(doc, "status"), "loadBalancer");
        for (Object o : list(lb, "ingress")) {
            if (o instanceof Map<?, ?> ingress && ingress.get("ip") != null) {
                loadBalancerIps.add(address(ingress.get("ip"), "status.loadBalancer.ingress[].ip"));
            }
        }
        return new KubeService(namespace, name, clusterIps, externalIps, loadBalancerIps,
                policy(spec, "externalTrafficPolicy"), policy(spec, "internalTrafficPolicy"));
    }

    private static EndpointSlice slice(Map<?, ?> doc) {
        Map<?, ?> meta = map(doc, "metadata");
        String name = required(meta, "name");
        String namespace = text(meta, "namespace", "default");
        Object service = map(meta, "labels").get("kubernetes.io/service-name");
        if (service == null) {
            throw new IllegalArgumentException("metadata.labels has no kubernetes.io/service-name, so it belongs to no Service");
        }
        List<EndpointSlice.Endpoint> endpoints = new ArrayList<>();
        for (Object o : list(doc, "endpoints")) {
            Map<?, ?> e = (Map<?, ?>) o;
            List<InetAddress> addresses = new ArrayList<>();
            for (Object a : list(e, "addresses")) {
                addresses.add(address(a, "endpoints[].addresses"));
            }
            Object ready = map(e, "conditions").get("ready");
            Object node = e.get("nodeName");
            endpoints.add(new EndpointSlice.Endpoint(addresses, ready == null || Boolean.TRUE.equals(ready),
                    node == null ? null : node.toString()));
        }
        return new EndpointSlice(namespace, name, service.toString(), endpoints);
    }

    private static TrafficPolicy policy(Map<?, ?> spec, String field) {
        Object v = spec.get(field);
        if (v == null || "Cluster".equals(v)) {
            return TrafficPolicy.CLUSTER;
        }
        if ("Local".equals(v)) {
            return TrafficPolicy.LOCAL;
        }
        throw new IllegalArgumentException("spec." + field + " \"" + v + "\" is not Cluster or Local");
    }

    private static InetAddress address(Object o, String field) {
        String s = String.valueOf(o);
        boolean literal = s.indexOf(':') >= 0 ? s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                : s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (literal) {
            try {
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(field + " \"" + s + "\" is not an IP address");
    }

    private static Map<?, ?> map(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> r ? r : Map.of();
    }

    private static List<?> list(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> l ? l : List.of();
    }

    private static String required(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("metadata." + key + " is missing");
        }
        return v.toString();
    }

    private static String text(Map<?, ?> m, String key, String otherwise) {
        Object v = m.get(key);
        return v == null ? otherwise : v.toString();
    }
}
