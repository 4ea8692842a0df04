package dev.javabgp.fsm;

import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Shared values: a local speaker in AS 65001 (10.0.0.1) and its peer in AS 65002 (10.0.0.2). */
final class Fixtures {
    private Fixtures() {}

    static final long LOCAL_AS = 65001;
    static final long PEER_AS = 65002;
    static final Inet4Address LOCAL_ID = ip("10.0.0.1");
    static final Inet4Address PEER_ID = ip("10.0.0.2");

    static final NotificationMessage ADMIN_SHUTDOWN =
            new NotificationMessage(NotificationCode.CEASE, NotificationCode.ADMINISTRATIVE_SHUTDOWN);
    static final NotificationMessage HOLD_EXPIRED = new NotificationMessage(NotificationCode.HOLD_TIMER_EXPIRED, 0);
    static final NotificationMessage COLLISION =
            new NotificationMessage(NotificationCode.CEASE, NotificationCode.CONNECTION_COLLISION_RESOLUTION);

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static SessionAttributes.Builder local() {
        return SessionAttributes.builder(LOCAL_AS, LOCAL_ID, PEER_AS);
    }

    /** The peer's view of the same session. */
    static SessionAttributes.Builder peer() {
        return SessionAttributes.builder(PEER_AS, PEER_ID, LOCAL_AS);
    }

    static OpenMessage peerOpen() {
        return peerOpen(90, SessionAttributes.DEFAULT_CAPABILITIES);
    }

    static OpenMessage peerOpen(int holdTime) {
        return peerOpen(holdTime, SessionAttributes.DEFAULT_CAPABILITIES);
    }

    static OpenMessage peerOpen(int holdTime, List<Capability> capabilities) {
        return OpenMessage.of(PEER_AS, holdTime, PEER_ID, capabilities);
    }

    static BgpError headerError() {
        return BgpError.sessionReset(NotificationCode.MESSAGE_HEADER_ERROR, NotificationCode.CONNECTION_NOT_SYNCHRONIZED,
                new byte[0], "marker is not all ones");
    }

    static BgpError openError() {
        return BgpError.sessionReset(NotificationCode.OPEN_MESSAGE_ERROR, NotificationCode.UNSUPPORTED_OPTIONAL_PARAMETER,
                new byte[0], "optional parameter 1 is not supported");
    }

    static BgpError updateError() {
        return BgpError.sessionReset(NotificationCode.UPDATE_MESSAGE_ERROR, NotificationCode.MALFORMED_ATTRIBUTE_LIST,
                new byte[0], "attribute appears twice");
    }

    static UpdateMessage endOfRib() {
        return UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST);
    }

    static NotificationMessage versionError() {
        return new NotificationMessage(NotificationCode.OPEN_MESSAGE_ERROR, NotificationCode.UNSUPPORTED_VERSION_NUMBER,
                new byte[] {0, 4});
    }

    static NotificationMessage fsmError(int subcode, int messageType) {
        return new NotificationMessage(NotificationCode.FSM_ERROR, subcode, new byte[] {(byte) messageType});
    }
}
