package dev.javabgp.calico;

import java.util.List;

/**
 * The outcome of loading a configuration: a valid {@link CalicoConfig}, or every error found in
 * it and no configuration at all.
 */
public sealed interface LoadResult {

    /** A configuration without errors. */
    record Valid(CalicoConfig config) implements LoadResult {}

    /** A configuration with at least one error; {@code errors} are in file and line order. */
    record Invalid(List<ConfigError> errors) implements LoadResult {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid configuration has at least one error");
            }
        }
    }

    /** The configuration, or an {@link InvalidConfigException} that lists every error. */
    default CalicoConfig orThrow() {
        return switch (this) {
            case Valid v -> v.config();
            case Invalid i -> throw new InvalidConfigException(i.errors());
        };
    }
}
