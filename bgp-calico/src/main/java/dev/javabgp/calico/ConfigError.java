package dev.javabgp.calico;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One mistake in a configuration file: where it is, which field of which resource, and a message
 * that gives the value found, what is accepted and, where one is likely, the fix.
 *
 * <p>{@link #toString()} is the line to show a person, in the {@code file:line:column:} form that
 * editors and terminals link to: {@code calico.yaml:9:18: BGPPeer/rack1 spec.sourceAddress: "none"
 * is not accepted; accepted: UseNodeIP, None; did you mean "None"?}
 *
 * @param file the file, as it was given
 * @param line the line, counting from 1
 * @param column the column, counting from 1
 * @param resource the resource as {@code Kind/name}, or the file's document as {@code document 2}
 * @param field the field's path inside the resource, e.g. {@code spec.peerIP}; empty for a whole document
 * @param message what is wrong, what would be right
 */
public record ConfigError(Path file, int line, int column, String resource, String field, String message) {

    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + resource + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
