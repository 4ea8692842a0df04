package dev.javabgp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Builds and runs docs/examples/embedded-speaker, a separate Maven project that uses javabgp as a
 * user would: from the installed artifacts through the BOM. It runs in the last module of the build,
 * after `./mvnw install` has installed the others.
 */
class ExampleProjectTest {

    @Test
    void theExampleProjectBuildsAgainstTheInstalledArtifactsAndRuns() throws Exception {
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "javabgp", "bgp-core", "0.1.0-SNAPSHOT");
        Assumptions.assumeTrue(Files.isDirectory(repo) || "true".equals(System.getenv("CI")),
                "bgp-core is not installed: run ./mvnw install to build and run the example project");
        Path example = Path.of("../docs/examples/embedded-speaker").toAbsolutePath().normalize();
        File log = File.createTempFile("example", ".log");
        Process maven = new ProcessBuilder(List.of(Path.of("../mvnw").toAbsolutePath().normalize().toString(), "-q", "-B",
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
}
