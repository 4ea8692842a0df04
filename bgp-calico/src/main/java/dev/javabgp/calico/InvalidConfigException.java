package dev.javabgp.calico;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link LoadResult#orThrow()}: the message has one error per line. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the configuration:\n"
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
