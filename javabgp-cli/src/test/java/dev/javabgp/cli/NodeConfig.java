package dev.javabgp.cli;

import java.util.ArrayList;
import java.util.List;

/** Calico resources for one node on loopback, and the services the tests announce. */
final class NodeConfig {

    private NodeConfig() {}

    /** The node node-1 at {@code address}:{@code port}, AS 64512, with the cluster and external service ranges. */
    static String node(String address, int port, String logSeverity) {
        return """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec:
                  logSeverityScreen: %s
                  nodeToNodeMeshEnabled: false
                  asNumber: 64512
                  listenPort: %d
                  bindMode: NodeIP
                  serviceClusterIPs: [{cidr: 10.96.0.0/12}]
                  serviceExternalIPs: [{cidr: 198.51.100.0/24}]
                  serviceLoadBalancerIPs: [{cidr: 203.0.113.0/24}]
                  communities: [{name: svc, value: "64512:300"}]
                  prefixAdvertisements:
                    - cidr: 198.51.100.0/24
                      communities: [svc, "64512:1:50"]
                    - cidr: 203.0.113.0/24
                      communities: ["64512:400"]
                ---
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node-1}
                spec:
                  bgp: {ipv4Address: %s/8}
                """.formatted(logSeverity, port, address);
    }

    /** A BGPPeer; {@code extra} lines go into its spec as they are. */
    static String peer(String name, String address, int port, long as, String... extra) {
        List<String> lines = new ArrayList<>(List.of("apiVersion: projectcalico.org/v3", "kind: BGPPeer", "metadata: {name: " + name + "}",
                "spec:", "  peerIP: " + address + ":" + port, "  asNumber: " + as));
        for (String e : extra) {
            lines.add("  " + e);
        }
        return String.join("\n", lines) + "\n";
    }

    /** web: Local with a ready endpoint on node-1 (external IP and load-balancer IP); no-endpoint: Local, its endpoint elsewhere. */
    static final String WEB = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              clusterIP: 10.96.0.10
              externalIPs: [198.51.100.10]
              externalTrafficPolicy: Local
            status:
              loadBalancer:
                ingress: [{ip: 203.0.113.10}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: web-1
              namespace: default
              labels: {kubernetes.io/service-name: web}
            addressType: IPv4
            endpoints:
              - addresses: [10.244.1.5]
                conditions: {ready: true}
                nodeName: node-1
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: elsewhere, namespace: default}
            spec:
              clusterIP: 10.96.0.12
              externalIPs: [198.51.100.12]
              externalTrafficPolicy: Local
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: elsewhere-1
              namespace: default
              labels: {kubernetes.io/service-name: elsewhere}
            addressType: IPv4
            endpoints:
              - addresses: [10.244.2.7]
                conditions: {ready: true}
                nodeName: node-2
            """;

    /** api: Cluster, announced through the ranges only. */
    static final String API = """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: default}
            spec:
              clusterIP: 10.96.0.20
              externalIPs: [198.51.100.11]
              externalTrafficPolicy: Cluster
            """;
}
