package dev.javabgp.codec.capability;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.Objects;

/** Multiprotocol extensions for one address family (RFC 4760 §8). */
public record MultiprotocolCapability(AddressFamily family) implements Capability {

    public MultiprotocolCapability {
        Objects.requireNonNull(family, "family");
    }

    @Override
    public int code() {
        return MULTIPROTOCOL;
    }
}
