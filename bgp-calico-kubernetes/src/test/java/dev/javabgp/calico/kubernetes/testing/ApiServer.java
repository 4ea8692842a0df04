package dev.javabgp.calico.kubernetes.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API server process for a test (kubernetes-test-server: fabric8's mock server in
 * CRUD mode, over HTTP on 127.0.0.1), started and stopped by the test, by its own pid.
 */
public final class ApiServer implements AutoCloseable {

    private static final long ANSWER_SECONDS = 30;

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final int port;

    private ApiServer(Process process) throws IOException {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = answer("listening");
        this.port = Integer.parseInt(first.substring("listening ".length()).strip());
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static ApiServer start() throws IOException {
        String classpath = Files.readString(Path.of(property("kubernetes.test.server.classpath"))).strip();
        String jar = property("kubernetes.test.server.jar");
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaCommand, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", jar + java.io.File.pathSeparator + classpath,
                "dev.javabgp.testing.kubernetes.ApiServerMain", "0")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new ApiServer(p);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven");
        }
        return v;
    }

    /** The next line that starts with {@code prefix}, within half a minute. */
    private String answer(String prefix) throws IOException {
        Future<String> line = reader.submit(() -> {
            for (String l = answers.readLine(); l != null; l = answers.readLine()) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            return null;
        });
        try {
            String l = line.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (l == null) {
                throw new IOException("the API server ended before it said \"" + prefix + "\"");
            }
            return l;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            line.cancel(true);
            throw new IOException("the API server did not say \"" + prefix + "\" within " + ANSWER_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A client configuration for this server, as a kubeconfig would give it. */
    public Config config() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default").withTrustCerts(true)
                .withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
    }

    /** A new client of this server; the caller closes it. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Writes a kubeconfig for this server into {@code dir}, for {@code javabgp run --kubeconfig}. */
    public Path kubeconfig(Path dir) throws IOException {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s"}
                users:
                - name: test
                  user: {token: test}
                contexts:
                - name: test
                  context: {cluster: test, user: test, namespace: default}
                current-context: test
                """.formatted(url()));
        return f;
    }

    /** Closes every connection and watch, and listens again on the same port with the same objects. */
    public void restart() throws IOException {
        commands.println("restart");
        answer("restarted");
    }

    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        reader.shutdownNow();
    }
}
