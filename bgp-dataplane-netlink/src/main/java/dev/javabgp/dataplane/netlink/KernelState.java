package dev.javabgp.dataplane.netlink;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.dataplane.netlink.rtnetlink.Errno;
import dev.javabgp.dataplane.netlink.rtnetlink.NeighbourMessage;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkException;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkMessage;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkSocket;
import dev.javabgp.dataplane.netlink.rtnetlink.RouteMessage;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the dataplane holds in the kernel, as the kernel told it in dumps and as its own successful
 * requests changed it since: its routes (by prefix), routes of its protocol it would never make
 * itself (other metrics, several next hops, ...; reconciliation removes them), and the permanent
 * neighbour and forwarding database entries on its VXLAN devices. Everything else in the kernel is
 * someone else's and absent here.
 */
final class KernelState {

    private static final int IPV4_DEFAULT_METRIC = 0;
    // The metric the kernel gives an IPv6 route added without RTA_PRIORITY (IP6_RT_PRIO_USER).
    private static final int IPV6_DEFAULT_METRIC = 1024;
    private static final HexFormat MAC = HexFormat.ofDelimiter(":");

    /** Our routes at the key we install them at (tos 0, default metric), whatever they point to. */
    final Map<IpPrefix, RouteMessage> routes = new HashMap<>();
    /** Our routes at other keys, which we never make and reconciliation removes. */
    final List<RouteMessage> strayRoutes = new ArrayList<>();
    final Map<NeighbourKey, NeighbourMessage> neighbours = new HashMap<>();
    final Map<ForwardingKey, NeighbourMessage> forwardingEntries = new HashMap<>();

    /** A neighbour entry's key in the kernel: device and address. */
    record NeighbourKey(int interfaceIndex, InetAddress address) {
        static NeighbourKey of(NeighbourMessage m) {
            return new NeighbourKey(m.interfaceIndex(), m.destination());
        }
    }

    /** A VXLAN forwarding database entry: device, MAC and the remote it points at. */
    record ForwardingKey(int interfaceIndex, String mac, InetAddress underlay) {
        static ForwardingKey of(NeighbourMessage m) {
            return new ForwardingKey(m.interfaceIndex(), MAC.formatHex(m.linkAddress()), m.destination());
        }
    }

    static String mac(byte[] address) {
        return MAC.formatHex(address);
    }

    /** Dumps routes of {@code protocol} in {@code table} and the entries on our devices. */
    static KernelState load(NetlinkSocket socket, int protocol, int table, Devices devices) throws NetlinkException {
        KernelState state = new KernelState();
        for (int family : new int[] {RouteMessage.AF_INET, RouteMessage.AF_INET6}) {
            for (NetlinkMessage m : routeDump(socket, family, table, protocol)) {
                RouteMessage.parse(m).filter(r -> r.protocol() == protocol && r.table() == table).ifPresent(state::addRoute);
            }
            for (NetlinkMessage m : socket.dump(NeighbourMessage.dump(family))) {
                NeighbourMessage.parse(m)
                        .filter(n -> devices.isOurs(n.interfaceIndex()) && n.destination() != null
                                && (n.state() & NeighbourMessage.NUD_PERMANENT) != 0 && n.linkAddress() != null)
                        .ifPresent(n -> state.neighbours.put(NeighbourKey.of(n), n));
            }
        }
        for (NetlinkMessage m : socket.dump(NeighbourMessage.dump(NeighbourMessage.AF_BRIDGE))) {
            // The device's own multicast and unicast addresses appear too, without NDA_DST: not ours.
            NeighbourMessage.parse(m)
                    .filter(n -> devices.isOurs(n.interfaceIndex()) && (n.flags() & NeighbourMessage.NTF_SELF) != 0
                            && n.destination() != null && n.linkAddress() != null && n.linkAddress().length == 6)
                    .ifPresent(n -> state.forwardingEntries.put(ForwardingKey.of(n), n));
        }
        return state;
    }

    private static List<NetlinkMessage> routeDump(NetlinkSocket socket, int family, int table, int protocol)
            throws NetlinkException {
        try {
            return socket.dump(RouteMessage.dump(family, table, protocol));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) {
                return List.of(); // a filtered dump of a table no route has made yet
            }
            throw e;
        }
    }

    private void addRoute(RouteMessage route) {
        // The kernel's key for a route: prefix, tos, metric (and source prefix for IPv6). One at
        // the key ours use is replaced in place when wanted; any other one can only be removed.
        boolean atOurKey = route.tos() == 0 && route.sourceLength() == 0
                && (route.priority() < 0 || route.priority()
                        == (route.destination().isIpv4() ? IPV4_DEFAULT_METRIC : IPV6_DEFAULT_METRIC));
        if (atOurKey && !routes.containsKey(route.destination())) {
            routes.put(route.destination(), route);
        } else {
            strayRoutes.add(route);
        }
    }
}
