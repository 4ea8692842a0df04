package dev.javabgp.calico.resource;

import dev.javabgp.codec.nlri.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * The operator's {@code Installation} (operator.tigera.io/v1), of which only
 * {@code spec.calicoNetwork} matters here.
 *
 * @param name the resource's name, {@code default} in a normal install
 * @param bgpEnabled {@code calicoNetwork.bgp}: {@code Enabled} (the default) or {@code Disabled}
 * @param linuxDataplane {@code calicoNetwork.linuxDataplane}; default {@code Iptables}
 * @param ipPools {@code calicoNetwork.ipPools}
 * @param mtu {@code calicoNetwork.mtu}: the pods' MTU, or null to detect it
 */
public record Installation(String name, boolean bgpEnabled, LinuxDataplane linuxDataplane, List<Pool> ipPools, Integer mtu) {

    public Installation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(linuxDataplane, "linuxDataplane");
        ipPools = List.copyOf(ipPools);
    }

    /**
     * One of {@code calicoNetwork.ipPools}.
     *
     * @param name the pool's name, or null
     * @param cidr the pool
     * @param encapsulation how traffic between nodes is carried; the operator's default {@code IPIP}
     * @param natOutgoing {@code natOutgoing: Enabled} (the default) or {@code Disabled}
     * @param blockSize the per-node block length
     * @param disableBGPExport its routes are never announced over BGP
     */
    public record Pool(String name, IpPrefix cidr, Encapsulation encapsulation, boolean natOutgoing, int blockSize,
            boolean disableBGPExport) {

        public Pool {
            Objects.requireNonNull(cidr, "cidr");
            Objects.requireNonNull(encapsulation, "encapsulation");
        }
    }
}
