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
 * <p>An error about an object read from an API server has no line: its {@code file} is the
 * object as {@code Kind/name} (or {@code Kind/namespace/name}), and the field path says where:
 * {@code BGPPeer/rack1-tor spec.sourceAddress: "none" is not accepted; ...}.
 *
 * @param file the file, as it was given; for an API object, the object
 * @param line the line, counting from 1; 0 for an API object
 * @param column the column, counting from 1; 0 for an API object
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
        if (line == 0) {
            String object = file.toString();
            return (object.equals(resource) ? "" : object + ": ") + resource + (field.isEmpty() ? "" : " " + field) + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + resource + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
