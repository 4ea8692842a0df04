package dev.javabgp.dataplane.netlink.rtnetlink;

import java.util.Objects;

/**
 * One netlink request before the socket frames it: the message type, its flags other than
 * NLM_F_REQUEST and NLM_F_ACK (which the socket sets), and the body after the netlink header.
 *
 * @param type an RTM_* message type
 * @param flags NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE or NLM_F_DUMP
 * @param body the family header (ifinfomsg, rtmsg, ndmsg) and its attributes
 */
public record Request(int type, int flags, byte[] body) {
    public Request {
        Objects.requireNonNull(body, "body");
    }
}
