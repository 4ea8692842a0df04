package dev.javabgp.calico;

import java.nio.file.Path;

/**
 * What a configuration is checked against that the files themselves do not say.
 *
 * @param interfaceMtu the MTU of the node's interface that carries the overlay; the pod MTU of a
 *     VXLAN pool must leave room for VXLAN's 50 (IPv4) or 70 (IPv6) bytes below it
 * @param secretsDirectory where a BGP password's {@code secretKeyRef} is read when no Secret
 *     manifest of that name was loaded: the file {@code <secretsDirectory>/<name>/<key>}, as
 *     Kubernetes mounts a Secret; null for none
 */
public record LoadOptions(int interfaceMtu, Path secretsDirectory) {

    /** Interface MTU 1500 (Ethernet), no secrets directory. */
    public static final LoadOptions DEFAULT = new LoadOptions(1500, null);

    public LoadOptions {
        if (interfaceMtu < 576 || interfaceMtu > 65535) {
            // RFC 791: every IPv4 host must accept 576-octet datagrams; nothing runs on less.
            throw new IllegalArgumentException("interface MTU must be 576..65535, not " + interfaceMtu);
        }
    }

    public LoadOptions withInterfaceMtu(int value) {
        return new LoadOptions(value, secretsDirectory);
    }

    public LoadOptions withSecretsDirectory(Path value) {
        return new LoadOptions(interfaceMtu, value);
    }
}
