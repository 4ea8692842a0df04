package dev.javabgp.dataplane.netlink.rtnetlink;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An rtnetlink route (struct rtmsg and its attributes) with one next hop: what RTM_NEWROUTE and
 * RTM_DELROUTE carry and what an RTM_GETROUTE dump returns.
 *
 * @param destination the prefix
 * @param table the routing table id (RTA_TABLE, which also holds ids above 255)
 * @param protocol who installed it: the kernel leaves values above RTPROT_STATIC to their owners
 * @param scope RT_SCOPE_UNIVERSE for routes through a gateway
 * @param type RTN_UNICAST, or 0 in a deletion to match any
 * @param tos the type-of-service key, 0 for ordinary routes
 * @param flags rtm_flags, such as RTNH_F_ONLINK
 * @param gateway the next hop (RTA_GATEWAY, or RTA_VIA when its family differs), or null
 * @param outputInterface the device index (RTA_OIF), or 0 for none
 * @param priority the metric (RTA_PRIORITY), or -1 to leave it to the kernel
 * @param sourceLength the source prefix length of a source-specific IPv6 route, else 0
 * @param multipath whether the route has several next hops (RTA_MULTIPATH); only dumps set it
 */
public record RouteMessage(IpPrefix destination, int table, int protocol, int scope, int type, int tos, int flags,
        InetAddress gateway, int outputInterface, long priority, int sourceLength, boolean multipath) {

    // linux/socket.h and linux/rtnetlink.h
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_MULTIPATH = 9;
    static final int RTA_TABLE = 15;
    static final int RTA_VIA = 18;
    public static final int RTN_UNICAST = 1;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RTNH_F_ONLINK = 4;
    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    private static final int RTMSG_SIZE = 12;

    /** A unicast route through {@code gateway}, optionally pinned to a device and marked on-link. */
    public static RouteMessage unicast(IpPrefix destination, int table, int protocol, InetAddress gateway,
            int outputInterface, boolean onlink) {
        return new RouteMessage(destination, table, protocol, RT_SCOPE_UNIVERSE, RTN_UNICAST, 0,
                onlink ? RTNH_F_ONLINK : 0, gateway, outputInterface, -1, 0, false);
    }

    public static int family(IpPrefix prefix) {
        return prefix.isIpv4() ? AF_INET : AF_INET6;
    }

    /** RTM_NEWROUTE; {@code replace} overwrites the route with the same key, else an existing one is EEXIST. */
    public Request add(boolean replace) {
        return new Request(RTM_NEWROUTE, NetlinkSocket.NLM_F_CREATE | (replace ? NetlinkSocket.NLM_F_REPLACE
                : NetlinkSocket.NLM_F_EXCL), encode(scope, type, true));
    }

    /**
     * RTM_DELROUTE of this route: prefix, table, protocol, tos and, when set, metric. Any scope and
     * type match (RT_SCOPE_NOWHERE, type 0), but only this protocol's route, so a deletion never
     * takes someone else's route for the same prefix.
     */
    public Request delete() {
        return new Request(RTM_DELROUTE, 0, encode(RT_SCOPE_NOWHERE, 0, false));
    }

    /**
     * RTM_GETROUTE dump of one address family's routes of one protocol in one table. A socket with
     * strict checking has the kernel filter by protocol and table (and answer ENOENT when the table
     * does not exist yet); otherwise every route comes back, so callers filter the answer as well.
     */
    public static Request dump(int family, int table, int protocol) {
        return new Request(RTM_GETROUTE, NetlinkSocket.NLM_F_DUMP, new AttributeWriter()
                .u8(family).u8(0).u8(0).u8(0).u8(table < 256 ? table : RT_TABLE_UNSPEC).u8(protocol).u8(0).u8(0).u32(0)
                .attributeU32(RTA_TABLE, table).toBytes());
    }

    private byte[] encode(int scopeValue, int typeValue, boolean withNextHop) {
        int family = family(destination);
        AttributeWriter w = new AttributeWriter()
                .u8(family).u8(destination.length()).u8(0).u8(tos)
                // ids above 255 live only in RTA_TABLE (rtnetlink.h: rtm_table is a char)
                .u8(table < 256 ? table : RT_TABLE_UNSPEC).u8(protocol).u8(scopeValue).u8(typeValue)
                .u32(withNextHop ? flags : 0);
        w.attributeU32(RTA_TABLE, table);
        w.attribute(RTA_DST, destination.address());
        if (withNextHop && gateway != null) {
            int gatewayFamily = gateway instanceof Inet4Address ? AF_INET : AF_INET6;
            if (gatewayFamily == family) {
                w.attribute(RTA_GATEWAY, gateway.getAddress());
            } else {
                // RFC 8950 next hops (IPv4 routes through IPv6 gateways): struct rtvia, the family then the address
                byte[] address = gateway.getAddress();
                ByteBuffer via = ByteBuffer.allocate(2 + address.length).order(java.nio.ByteOrder.nativeOrder());
                via.putShort((short) gatewayFamily).put(address);
                w.attribute(RTA_VIA, via.array());
            }
        }
        if (withNextHop && outputInterface != 0) {
            w.attributeU32(RTA_OIF, outputInterface);
        }
        if (priority >= 0) {
            w.attributeU32(RTA_PRIORITY, (int) priority);
        }
        return w.toBytes();
    }

    /** The route in an RTM_NEWROUTE message, or empty for any other message or family. */
    public static Optional<RouteMessage> parse(NetlinkMessage message) {
        if (message.type() != RTM_NEWROUTE) {
            return Optional.empty();
        }
        ByteBuffer b = message.payload();
        if (b.remaining() < RTMSG_SIZE) {
            return Optional.empty();
        }
        int family = Byte.toUnsignedInt(b.get(0));
        if (family != AF_INET && family != AF_INET6) {
            return Optional.empty();
        }
        int destinationLength = Byte.toUnsignedInt(b.get(1));
        int sourceLength = Byte.toUnsignedInt(b.get(2));
        int tos = Byte.toUnsignedInt(b.get(3));
        int table = Byte.toUnsignedInt(b.get(4));
        int protocol = Byte.toUnsignedInt(b.get(5));
        int scope = Byte.toUnsignedInt(b.get(6));
        int type = Byte.toUnsignedInt(b.get(7));
        int flags = b.getInt(8);
        Attributes a = Attributes.parse(b.position(RTMSG_SIZE));
        int size = family == AF_INET ? 4 : 16;
        byte[] address = a.bytes(RTA_DST);
        if (address == null) {
            address = new byte[size];
        }
        if (address.length != size || destinationLength > size * 8) {
            return Optional.empty();
        }
        InetAddress gateway = a.address(RTA_GATEWAY);
        byte[] via = a.bytes(RTA_VIA);
        if (gateway == null && via != null && (via.length == 6 || via.length == 18)) {
            try {
                gateway = InetAddress.getByAddress(java.util.Arrays.copyOfRange(via, 2, via.length));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return Optional.of(new RouteMessage(IpPrefix.of(address, destinationLength), (int) a.u32(RTA_TABLE, table),
                protocol, scope, type, tos, flags, gateway, (int) a.u32(RTA_OIF, 0), a.u32(RTA_PRIORITY, -1),
                sourceLength, a.has(RTA_MULTIPATH)));
    }
}
