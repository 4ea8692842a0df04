package dev.javabgp.codec.error;

import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A malformation found while decoding, with the action RFC 4271 §6 or RFC 7606 prescribes and the
 * NOTIFICATION that reports it (sent only when the action is a session reset).
 *
 * @param family the family concerned, for {@link ErrorAction#AFI_SAFI_DISABLE}; otherwise null
 * @param reason what was wrong, for logs
 */
public record BgpError(ErrorAction action, int code, int subcode, byte[] data, AddressFamily family, String reason) {

    public BgpError {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        data = data.clone();
    }

    public static BgpError sessionReset(int code, int subcode, byte[] data, String reason) {
        return new BgpError(ErrorAction.SESSION_RESET, code, subcode, data, null, reason);
    }

    /** The NOTIFICATION for this error. */
    public NotificationMessage notification() {
        return new NotificationMessage(code, subcode, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BgpError e && e.action == action && e.code == code && e.subcode == subcode
                && Arrays.equals(e.data, data) && Objects.equals(e.family, family) && e.reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, code, subcode, Arrays.hashCode(data), family, reason);
    }

    @Override
    public String toString() {
        return action + ": " + reason + " (" + NotificationCode.describe(code, subcode)
                + (data.length > 0 ? ", data " + HexFormat.of().formatHex(data) : "")
                + (family != null ? ", " + family : "") + ")";
    }
}
