package dev.javabgp.dataplane.netlink.rtnetlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A neighbour entry (struct ndmsg and attributes): in family AF_INET or AF_INET6 an ARP or NDP
 * entry, address to MAC; in family AF_BRIDGE a forwarding database entry, MAC to the remote
 * address a VXLAN device sends that MAC's frames to.
 *
 * @param family AF_INET, AF_INET6 or AF_BRIDGE
 * @param interfaceIndex the device
 * @param state NUD_* state, such as NUD_PERMANENT
 * @param flags NTF_* flags, such as NTF_SELF for the VXLAN device's own table
 * @param destination NDA_DST: the neighbour's address, or for a bridge entry the remote VTEP; may be null
 * @param linkAddress NDA_LLADDR: the MAC address, or null
 */
public record NeighbourMessage(int family, int interfaceIndex, int state, int flags, InetAddress destination,
        byte[] linkAddress) {

    // linux/rtnetlink.h, linux/neighbour.h, linux/socket.h
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    public static final int AF_BRIDGE = 7;
    public static final int NUD_PERMANENT = 0x80;
    public static final int NTF_SELF = 0x02;
    private static final int NDMSG_SIZE = 12;

    public NeighbourMessage {
        linkAddress = linkAddress == null ? null : linkAddress.clone();
    }

    @Override
    public byte[] linkAddress() {
        return linkAddress == null ? null : linkAddress.clone();
    }

    /** RTM_NEWNEIGH that creates the entry or replaces the one with the same key. */
    public Request addOrReplace() {
        return new Request(RTM_NEWNEIGH, NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_REPLACE, encode());
    }

    /** RTM_DELNEIGH of the entry with this key (family, device, address; for a bridge entry also the MAC). */
    public Request delete() {
        return new Request(RTM_DELNEIGH, 0, encode());
    }

    /** RTM_GETNEIGH dump of one family's entries on every device. */
    public static Request dump(int family) {
        return new Request(RTM_GETNEIGH, NetlinkSocket.NLM_F_DUMP,
                new AttributeWriter().u8(family).u8(0).u16(0).u32(0).u16(0).u8(0).u8(0).toBytes());
    }

    private byte[] encode() {
        AttributeWriter w = new AttributeWriter().u8(family).u8(0).u16(0).u32(interfaceIndex).u16(state).u8(flags).u8(0);
        if (destination != null) {
            w.attribute(NDA_DST, destination.getAddress());
        }
        if (linkAddress != null) {
            w.attribute(NDA_LLADDR, linkAddress);
        }
        return w.toBytes();
    }

    /** The entry in an RTM_NEWNEIGH message, or empty for any other message. */
    public static Optional<NeighbourMessage> parse(NetlinkMessage message) {
        ByteBuffer b = message.payload();
        if (message.type() != RTM_NEWNEIGH || b.remaining() < NDMSG_SIZE) {
            return Optional.empty();
        }
        int family = Byte.toUnsignedInt(b.get(0));
        int index = b.getInt(4);
        int state = Short.toUnsignedInt(b.getShort(8));
        int flags = Byte.toUnsignedInt(b.get(10));
        Attributes a = Attributes.parse(b.position(NDMSG_SIZE));
        return Optional.of(new NeighbourMessage(family, index, state, flags, a.address(NDA_DST), a.bytes(NDA_LLADDR)));
    }
}
