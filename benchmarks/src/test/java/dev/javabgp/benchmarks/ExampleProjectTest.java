package dev.javabgp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Builds and runs docs/examples/embedded-speaker, a separate Maven project that uses javabgp as a
 * user would: from the installed artifacts through the BOM. It runs in the last module of the build,
 * after `./mvnw install` has installed the others, and only against what this build installed: the
 * version of this build, from a local repository whose jars are the modules' own.
 */
class ExampleProjectTest {

    /** The modules the example's dependency on bgp-core brings in. */
    static final List<String> MODULES = List.of("bgp-codec", "bgp-fsm", "bgp-rib", "bgp-core");

    @Test
    void theExampleProjectBuildsAgainstTheInstalledArtifactsAndRuns() throws Exception {
        String version = System.getProperty("javabgp.version");
        Path repository = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Assumptions.assumeTrue(version != null, "run through Maven, which passes javabgp.version");
        for (String module : MODULES) {
            Path built = Path.of("..", module, "target", module + "-" + version + ".jar").toAbsolutePath().normalize();
            Path installed = repository.resolve(Path.of("dev", "javabgp", module, version, module + "-" + version + ".jar"));
            // The same bytes, not a newer time: the local repository keeps times to the millisecond only.
            if (!Files.exists(built) || !Files.exists(installed) || Files.mismatch(built, installed) != -1) {
                skipOrFail(module + " " + version + " of this build is not installed (" + installed + " is missing or differs from "
                        + built + "): run ./mvnw install to build and run the example project");
            }
        }
        Path example = Path.of("../docs/examples/embedded-speaker").toAbsolutePath().normalize();
        File log = File.createTempFile("example", ".log");
        Process maven = new ProcessBuilder(List.of(Path.of("../mvnw").toAbsolutePath().normalize().toString(), "-q", "-B",
                "-Djavabgp.version=" + version, "-Dmaven.repo.local=" + repository,
                "-f", example.resolve("pom.xml").toString(), "package", "exec:java"))
                .redirectErrorStream(true).redirectOutput(log).start();
        try {
            assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("the example finishes within 5 minutes").isTrue();
            String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            assertThat(maven.exitValue()).as(output).isZero();
            assertThat(output).contains("router learned 10.96.0.10/32").contains("Communities[64512:300]");
        } finally {
            maven.destroyForcibly();
            Files.deleteIfExists(log.toPath());
        }
    }

    /** Skips on a developer machine; under CI=true, where the build installs first, fails. */
    private static void skipOrFail(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + message);
        }
        Assumptions.abort(message);
    }
}
