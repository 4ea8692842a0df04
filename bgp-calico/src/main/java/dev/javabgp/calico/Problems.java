package dev.javabgp.calico;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every error of one load, so that all are reported at once. */
final class Problems {

    private final List<ConfigError> errors = new ArrayList<>();

    void add(Path file, Node at, String resource, String field, String message) {
        Mark mark = at == null ? null : at.getStartMark().orElse(null);
        add(file, mark, resource, field, message);
    }

    void add(Path file, Mark mark, String resource, String field, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        errors.add(new ConfigError(file, line, column, resource, field, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** In the order of the files as given, then by line and column. */
    List<ConfigError> sorted(List<Path> fileOrder) {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.<ConfigError>comparingInt(e -> fileOrder.indexOf(e.file()))
                .thenComparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return out;
    }
}
