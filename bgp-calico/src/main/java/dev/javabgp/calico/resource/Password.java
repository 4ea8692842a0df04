package dev.javabgp.calico.resource;

import java.util.Objects;

/**
 * A TCP-MD5 password (RFC 2385) read through a {@code secretKeyRef}. Its text never appears in
 * {@link #toString()}.
 *
 * @param ref where it was read from
 * @param value the password
 */
public record Password(SecretKeyRef ref, String value) {

    public Password {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Password[secret " + ref.name() + ", key " + ref.key() + "]";
    }
}
