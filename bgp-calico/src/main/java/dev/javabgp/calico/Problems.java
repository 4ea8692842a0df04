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
    /**
     * False for objects read from an API server: their text was made from the object, so a line in
     * it would point at nothing the user wrote, and the field path alone says where.
     */
    private final boolean positions;
    /** Where unknown fields go: here, or, for API objects, to the notices (see {@link #unknownField}). */
    private final Problems unknownFields;

    Problems() {
        this.positions = true;
        this.unknownFields = this;
    }

    private Problems(boolean positions, Problems unknownFields) {
        this.positions = positions;
        this.unknownFields = unknownFields == null ? this : unknownFields;
    }

    /**
     * For objects from an API server: errors without line and column, and unknown fields told to
     * {@code notices} rather than refused, since the API server's schema (a newer Calico's, say)
     * already admitted them.
     */
    static Problems forObjects(Problems notices) {
        return new Problems(false, notices);
    }

    /** Notices to go with {@link #forObjects}: without line and column either. */
    static Problems withoutPositions() {
        return new Problems(false, null);
    }

    /** A field no parser asked for. */
    void unknownField(Path file, Node at, String resource, String field, String message) {
        unknownFields.add(file, at, resource, field, message);
    }

    void add(Path file, Node at, String resource, String field, String message) {
        Mark mark = at == null ? null : at.getStartMark().orElse(null);
        add(file, mark, resource, field, message);
    }

    void add(Path file, Mark mark, String resource, String field, String message) {
        int line = !positions ? 0 : mark == null ? 1 : mark.getLine() + 1;
        int column = !positions ? 0 : mark == null ? 1 : mark.getColumn() + 1;
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
