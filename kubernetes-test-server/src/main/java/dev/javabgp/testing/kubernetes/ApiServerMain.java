package dev.javabgp.testing.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode on 127.0.0.1, with the
 * Calico CRDs the datastore reads. It prints {@code listening PORT}, then takes commands on
 * standard input: {@code restart} closes every connection and watch and listens again on the same
 * port with the same objects ({@code restarted}); {@code quit} or the end of input stops it.
 *
 * <p>After a restart it answers as a restarted kube-apiserver does, whose watch cache begins anew:
 * the first watch of each resource that resumes from a resourceVersion no list gave since the
 * restart gets 410 Gone, so the client lists again. (The mock replays no history to a resumed watch, so without this what changed while
 * a client was away would never reach it; a real server either replays or says 410.)
 */
public final class ApiServerMain {

    private static final List<String> CALICO_KINDS = List.of("BGPConfiguration", "BGPPeer", "IPPool", "BGPFilter", "BlockAffinity",
            "IPAMBlock", "Node");

    private ApiServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        List<CustomResourceDefinitionContext> crds = new ArrayList<>();
        for (String kind : CALICO_KINDS) {
            String plural = kind.toLowerCase(Locale.ROOT) + "s";
            crds.add(new CustomResourceDefinitionContext.Builder().withName(plural + ".crd.projectcalico.org")
                    .withGroup("crd.projectcalico.org").withVersion("v1").withKind(kind).withPlural(plural).withScope("Cluster").build());
        }
        RestartingDispatcher dispatcher = new RestartingDispatcher(crds);
        KubernetesMockServer server = start(dispatcher, port);
        port = server.getPort();
        System.out.println("listening " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.strip()) {
                case "restart" -> {
                    server.destroy();
                    dispatcher.restarted();
                    server = start(dispatcher, port);
                    System.out.println("restarted");
                }
                case "quit" -> {
                    server.destroy();
                    System.exit(0);
                }
                default -> System.out.println("unknown command: " + line);
            }
            System.out.flush();
        }
        server.destroy();
        System.exit(0);
    }

    /** CRUD, with the watch cache of a server that restarted: see the class comment. */
    static final class RestartingDispatcher extends KubernetesCrudDispatcher {
        private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\"resourceVersion\":\\s*\"(\\d+)\"");
        /** Per resource, the versions its lists gave since the last restart: a watch may resume only from one of them. */
        private final java.util.Map<String, java.util.Set<String>> listed = new java.util.concurrent.ConcurrentHashMap<>();
        /** The resources that were told 410 since the last restart: once each, as the client then lists again. */
        private final java.util.Set<String> resumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile boolean restarted;

        RestartingDispatcher(List<CustomResourceDefinitionContext> crds) {
            super(crds);
        }

        void restarted() {
            listed.clear();
            resumed.clear();
            restarted = true;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int query = path.indexOf('?');
            String resource = query < 0 ? path : path.substring(0, query);
            String version = parameter(path, "resourceVersion");
            boolean watch = "true".equals(parameter(path, "watch"));
            if (restarted && watch && version != null && !version.isEmpty() && resumed.add(resource)
                    && !listed.getOrDefault(resource, java.util.Set.of()).contains(version)) {
                return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":"
                        + "\"Failure\",\"message\":\"too old resource version: " + version + "\",\"reason\":\"Expired\",\"code\":410}");
            }
            MockResponse response = super.dispatch(request);
            if (!watch && "GET".equals(request.getMethod()) && response.getBody() != null) {
                java.util.regex.Matcher m = VERSION.matcher(new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
                String last = null;
                while (m.find()) {
                    last = m.group(1); // a list's own version comes after its items'
                }
                if (last != null) {
                    listed.computeIfAbsent(resource, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(last);
                }
            }
            return response;
        }

        private static String parameter(String path, String name) {
            int query = path.indexOf('?');
            if (query < 0) {
                return null;
            }
            for (String p : path.substring(query + 1).split("&")) {
                if (p.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(p.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private static KubernetesMockServer start(KubernetesCrudDispatcher dispatcher, int port) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return server;
    }
}
