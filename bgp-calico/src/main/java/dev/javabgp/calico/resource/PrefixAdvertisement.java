package dev.javabgp.calico.resource;

import dev.javabgp.codec.nlri.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * BGPConfiguration's {@code prefixAdvertisements[]}: communities for every advertised prefix
 * inside {@code cidr}, with community names already resolved through {@code communities}.
 */
public record PrefixAdvertisement(IpPrefix cidr, List<Community> communities) {

    public PrefixAdvertisement {
        Objects.requireNonNull(cidr, "cidr");
        communities = List.copyOf(communities);
    }
}
