package dev.javabgp.codec.capability;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The speaker's host and domain name (capability 73, draft-walton-bgp-hostname-capability). */
public record FqdnCapability(String hostname, String domain) implements Capability {

    public FqdnCapability {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(domain, "domain");
        if (hostname.getBytes(StandardCharsets.UTF_8).length > 255 || domain.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("host and domain names are at most 255 octets each");
        }
    }

    @Override
    public int code() {
        return FQDN;
    }
}
