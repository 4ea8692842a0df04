package dev.javabgp.calico;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes YAML text to a file and loads it, for tests. */
public final class Yaml {

    private Yaml() {}

    public static Path write(Path dir, String name, String text) {
        try {
            Path f = dir.resolve(name);
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CalicoConfig valid(Path dir, String text) {
        LoadResult r = CalicoConfig.load(List.of(write(dir, "calico.yaml", text)));
        if (r instanceof LoadResult.Invalid i) {
            throw new AssertionError("expected a valid configuration, got:\n" + String.join("\n", i.errors().stream().map(ConfigError::toString).toList()));
        }
        return ((LoadResult.Valid) r).config();
    }

    public static List<String> errors(Path dir, String text) {
        return errors(dir, text, LoadOptions.DEFAULT);
    }

    public static List<String> errors(Path dir, String text, LoadOptions options) {
        LoadResult r = CalicoConfig.load(List.of(write(dir, "calico.yaml", text)), options);
        assertThat(r).as("an invalid configuration").isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) r).errors().stream().map(ConfigError::toString)
                .map(s -> s.replace(dir.toString() + "/", "")).toList();
    }
}
