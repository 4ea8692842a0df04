package dev.javabgp.calico.kubernetes;

import dev.javabgp.codec.nlri.IpPrefix;
import java.util.Objects;

/**
 * One IPAM block and the node it is affine to: the addresses Calico's IPAM hands that node's pods,
 * which the node announces (in a pool that BGP carries) and blackholes locally.
 *
 * @param object where it was read, {@code BlockAffinity/name} or {@code IPAMBlock/name}
 * @param cidr the block, a /26 or a /122 by default
 * @param node the node it is affine to
 */
public record PodBlock(String object, IpPrefix cidr, String node) {

    public PodBlock {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(node, "node");
    }
}
