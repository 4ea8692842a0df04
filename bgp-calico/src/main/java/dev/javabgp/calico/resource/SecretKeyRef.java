package dev.javabgp.calico.resource;

import java.util.Objects;

/**
 * A password's {@code secretKeyRef}: a key of a Kubernetes Secret.
 *
 * @param name the Secret's name
 * @param key the key inside it
 */
public record SecretKeyRef(String name, String key) {

    public SecretKeyRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }
}
