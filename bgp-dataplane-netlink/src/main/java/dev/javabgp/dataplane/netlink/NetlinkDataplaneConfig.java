package dev.javabgp.dataplane.netlink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where and as whom the netlink dataplane programs: the network namespace, the route protocol
 * number that marks its routes as its own, the routing table, and the VXLAN devices it keeps.
 *
 * @param namespace a network namespace under /var/run/netns (as {@code ip netns add} makes), or
 *     null for this process's own
 * @param protocol the rtm_protocol of every route it installs; it removes only routes with this
 *     number, so it must be one no one else on the node uses (5..255; 0..4 are the kernel's and the
 *     administrator's, and rtnetlink.h lists the daemons': 186 is BGP as FRR uses it, 12 BIRD)
 * @param table the routing table id, 254 (main) by default; 0 and 255 (local) are not allowed
 * @param devices the VXLAN devices, at most one per underlay family (IPv4, IPv6); none for a node
 *     that only installs forwarding routes
 */
public record NetlinkDataplaneConfig(String namespace, int protocol, long table, List<VxlanDevice> devices) {

    /** RT_TABLE_MAIN in linux/rtnetlink.h. */
    public static final long MAIN_TABLE = 254;

    // linux/rtnetlink.h: RTPROT_STATIC (4) and below are not ours to take.
    private static final int FIRST_FREE_PROTOCOL = 5;
    private static final long LOCAL_TABLE = 255;

    public NetlinkDataplaneConfig {
        if (namespace != null && (namespace.isEmpty() || namespace.contains("/") || namespace.equals(".")
                || namespace.equals(".."))) {
            throw new IllegalArgumentException("namespace '" + namespace
                    + "' is not a name under /var/run/netns; give a name such as 'blue', or null for this process's own");
        }
        if (protocol < FIRST_FREE_PROTOCOL || protocol > 255) {
            throw new IllegalArgumentException("route protocol " + protocol + " is outside " + FIRST_FREE_PROTOCOL
                    + "..255: 0..4 belong to the kernel and the administrator; choose one no other daemon uses, such as 201");
        }
        if (table <= 0 || table == LOCAL_TABLE || table > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("routing table " + table
                    + " is not allowed: use 1..4294967295 except 255 (the kernel's local table), such as 254 (main)");
        }
        devices = List.copyOf(devices);
        Set<Boolean> families = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (VxlanDevice d : devices) {
            if (!families.add(d.ipv4Underlay())) {
                throw new IllegalArgumentException("two VXLAN devices with an " + (d.ipv4Underlay() ? "IPv4" : "IPv6")
                        + " underlay: a tunnel endpoint's underlay family picks its device, so configure at most one per family");
            }
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("two VXLAN devices named " + d.name());
            }
        }
    }

    /** This process's namespace, the main table, no VXLAN device. */
    public static NetlinkDataplaneConfig of(int protocol) {
        return new NetlinkDataplaneConfig(null, protocol, MAIN_TABLE, List.of());
    }

    public NetlinkDataplaneConfig withNamespace(String value) {
        return new NetlinkDataplaneConfig(value, protocol, table, devices);
    }

    public NetlinkDataplaneConfig withTable(long value) {
        return new NetlinkDataplaneConfig(namespace, protocol, value, devices);
    }

    public NetlinkDataplaneConfig withDevice(VxlanDevice device) {
        List<VxlanDevice> more = new ArrayList<>(devices);
        more.add(device);
        return new NetlinkDataplaneConfig(namespace, protocol, table, more);
    }
}
