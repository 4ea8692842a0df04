package dev.javabgp.dataplane.netlink.rtnetlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A network device as RTM_NEWLINK describes it (struct ifinfomsg and attributes), and the
 * requests that create, change and delete VXLAN devices.
 *
 * @param index the interface index
 * @param name the device name (IFLA_IFNAME)
 * @param flags IFF_* flags
 * @param mtu IFLA_MTU
 * @param kind IFLA_INFO_KIND, such as "vxlan", or null for a device without one
 * @param vxlan the VXLAN settings when the kind is vxlan, else null
 */
public record LinkMessage(int index, String name, int flags, int mtu, String kind, Vxlan vxlan) {

    // linux/rtnetlink.h, linux/if_link.h, linux/if.h
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_VXLAN_ID = 1;
    static final int IFLA_VXLAN_LOCAL = 4;
    static final int IFLA_VXLAN_LEARNING = 7;
    static final int IFLA_VXLAN_PORT = 15;
    static final int IFLA_VXLAN_LOCAL6 = 17;
    public static final int IFF_UP = 1;
    private static final int AF_UNSPEC = 0;
    private static final int IFINFOMSG_SIZE = 16;

    /**
     * A VXLAN device's settings.
     *
     * @param vni the VXLAN network identifier
     * @param port the UDP destination port
     * @param local the local tunnel endpoint address (IFLA_VXLAN_LOCAL or LOCAL6), or null
     * @param learning whether the device learns remote MACs from received packets
     */
    public record Vxlan(long vni, int port, InetAddress local, boolean learning) {}

    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** RTM_GETLINK for the device with this name; the kernel answers ENODEV when there is none. */
    public static Request getByName(String name) {
        return new Request(RTM_GETLINK, 0, header(0, 0, 0).attributeString(IFLA_IFNAME, name).toBytes());
    }

    /**
     * RTM_NEWLINK that creates a VXLAN device, up, with learning off: Calico's VXLAN mode, where
     * the control plane programs every remote MAC, so flooding to learn them is never needed.
     */
    public static Request createVxlan(String name, long vni, int port, InetAddress local, int mtu) {
        AttributeWriter w = header(0, IFF_UP, IFF_UP).attributeString(IFLA_IFNAME, name).attributeU32(IFLA_MTU, mtu);
        int linkInfo = w.beginNested(IFLA_LINKINFO);
        w.attributeString(IFLA_INFO_KIND, "vxlan");
        int data = w.beginNested(IFLA_INFO_DATA);
        w.attributeU32(IFLA_VXLAN_ID, (int) vni);
        w.attribute(local instanceof Inet4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, local.getAddress());
        // RFC 7348 §5: the IANA port 4789 unless configured otherwise; the attribute is big-endian.
        w.attributeU16BigEndian(IFLA_VXLAN_PORT, port);
        w.attributeU8(IFLA_VXLAN_LEARNING, 0);
        w.endNested(data);
        w.endNested(linkInfo);
        return new Request(RTM_NEWLINK, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_EXCL, w.toBytes());
    }

    /** RTM_NEWLINK on an existing device: set its MTU and bring it up. */
    public static Request setMtuAndUp(int index, int mtu) {
        return new Request(RTM_NEWLINK, 0, header(index, IFF_UP, IFF_UP).attributeU32(IFLA_MTU, mtu).toBytes());
    }

    /** RTM_DELLINK of the device with this index. */
    public static Request delete(int index) {
        return new Request(RTM_DELLINK, 0, header(index, 0, 0).toBytes());
    }

    private static AttributeWriter header(int index, int flags, int change) {
        return new AttributeWriter().u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /** The device in an RTM_NEWLINK message, or empty for any other message. */
    public static Optional<LinkMessage> parse(NetlinkMessage message) {
        ByteBuffer b = message.payload();
        if (message.type() != RTM_NEWLINK || b.remaining() < IFINFOMSG_SIZE) {
            return Optional.empty();
        }
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Attributes a = Attributes.parse(b.position(IFINFOMSG_SIZE));
        Attributes linkInfo = a.nested(IFLA_LINKINFO);
        String kind = linkInfo.string(IFLA_INFO_KIND);
        Vxlan vxlan = null;
        if ("vxlan".equals(kind)) {
            Attributes data = linkInfo.nested(IFLA_INFO_DATA);
            InetAddress local = data.has(IFLA_VXLAN_LOCAL) ? data.address(IFLA_VXLAN_LOCAL) : data.address(IFLA_VXLAN_LOCAL6);
            vxlan = new Vxlan(data.u32(IFLA_VXLAN_ID, -1), data.u16BigEndian(IFLA_VXLAN_PORT, -1), local,
                    data.u8(IFLA_VXLAN_LEARNING, 1) != 0);
        }
        return Optional.of(new LinkMessage(index, a.string(IFLA_IFNAME), flags, (int) a.u32(IFLA_MTU, 0), kind, vxlan));
    }
}
