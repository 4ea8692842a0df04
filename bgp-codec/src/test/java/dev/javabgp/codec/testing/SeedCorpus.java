package dev.javabgp.codec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fuzz test's checked-in seeds: files named after test vectors in its Jazzer inputs directory,
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/}. {@link #check} fails when they
 * differ from what the vectors make now; with {@code -Dfuzz.seeds=write} it writes them instead.
 * Other files there (inputs that once failed) are left alone.
 */
public final class SeedCorpus {
    private SeedCorpus() {}

    /** The prefixes of the seeds' file names; a file with another name is a kept finding. */
    private static final String[] SEED_PREFIXES = {"valid-", "malformed-"};

    public static Path directory(Class<?> fuzzTest, String method) {
        return Path.of("src/test/resources", fuzzTest.getPackageName().replace('.', '/'),
                fuzzTest.getSimpleName() + "Inputs", method);
    }

    /** Asserts that {@code directory} holds exactly {@code seeds} (by name) among its seed files, or writes them. */
    public static void check(Path directory, Map<String, byte[]> seeds) {
        if ("write".equals(System.getProperty("fuzz.seeds"))) {
            write(directory, seeds);
            return;
        }
        assertThat(seedFiles(directory)).as("seed files in %s (rewrite them with -Dfuzz.seeds=write)", directory)
                .containsExactlyInAnyOrderElementsOf(seeds.keySet());
        seeds.forEach((name, bytes) -> {
            try {
                assertThat(Bytes.hex(Files.readAllBytes(directory.resolve(name))))
                        .as("seed %s (rewrite it with -Dfuzz.seeds=write)", directory.resolve(name)).isEqualTo(Bytes.hex(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void write(Path directory, Map<String, byte[]> seeds) {
        try {
            Files.createDirectories(directory);
            for (String stale : seedFiles(directory)) {
                Files.delete(directory.resolve(stale));
            }
            for (var seed : seeds.entrySet()) {
                Files.write(directory.resolve(seed.getKey()), seed.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<String> seedFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> Stream.of(SEED_PREFIXES).anyMatch(n::startsWith)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
