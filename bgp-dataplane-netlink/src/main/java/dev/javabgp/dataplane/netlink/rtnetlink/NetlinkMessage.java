package dev.javabgp.dataplane.netlink.rtnetlink;

import java.nio.ByteBuffer;

/**
 * One message the kernel sent, copied out of the receive buffer.
 *
 * @param type the message type, such as RTM_NEWROUTE
 * @param flags the netlink header's flags
 * @param sequence the sequence number of the request it answers
 * @param payload the bytes after the netlink header, in native byte order, positioned at 0
 */
public record NetlinkMessage(int type, int flags, int sequence, ByteBuffer payload) {

    /** The payload from its start, as a fresh view that the caller may move through. */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate().order(payload.order());
    }
}
