package dev.javabgp.calico.resource;

import dev.javabgp.codec.nlri.IpPrefix;
import java.util.Objects;

/**
 * An {@code IPPool}: addresses for pods, and how traffic to them crosses between nodes.
 *
 * @param name the resource's name
 * @param apiVersion the version it was written under
 * @param cidr the pool
 * @param ipipMode IP-in-IP between nodes; default {@code Never}
 * @param vxlanMode VXLAN between nodes; default {@code Never}
 * @param natOutgoing masquerade pod traffic leaving the pool
 * @param disabled no new addresses are assigned from it
 * @param disableBGPExport its routes are never announced over BGP
 * @param blockSize the per-node block length; 26 for IPv4, 122 for IPv6 by default
 */
public record IpPool(String name, ApiVersion apiVersion, IpPrefix cidr, TunnelMode ipipMode, TunnelMode vxlanMode, boolean natOutgoing,
        boolean disabled, boolean disableBGPExport, int blockSize) {

    public IpPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(ipipMode, "ipipMode");
        Objects.requireNonNull(vxlanMode, "vxlanMode");
    }
}
