package dev.javabgp.codec.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** NOTIFICATION (RFC 4271 §4.5): an error code, a subcode and data; the session closes after it. */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {

    /** RFC 9003 §2: the shutdown communication is at most 255 octets of UTF-8. */
    public static final int MAX_SHUTDOWN_COMMUNICATION = 255;

    public NotificationMessage {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code and subcode are one octet each");
        }
        data = data.clone();
    }

    public NotificationMessage(int code, int subcode) {
        this(code, subcode, new byte[0]);
    }

    /**
     * Cease with Administrative Shutdown or Reset carrying a shutdown communication (RFC 9003 §2),
     * truncated at a character boundary to 255 octets.
     */
    public static NotificationMessage cease(int subcode, String communication) {
        byte[] text = truncateUtf8(communication, MAX_SHUTDOWN_COMMUNICATION);
        byte[] data = new byte[text.length + 1];
        data[0] = (byte) text.length;
        System.arraycopy(text, 0, data, 1, text.length);
        return new NotificationMessage(NotificationCode.CEASE, subcode, data);
    }

    private static byte[] truncateUtf8(String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return bytes;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a multi-byte character
        }
        return Arrays.copyOf(bytes, end);
    }

    /**
     * The shutdown communication of a Cease / Administrative Shutdown or Reset (RFC 9003 §2), or
     * empty if there is none or it is not a well-formed length-prefixed UTF-8 string (§3: it is
     * then ignored for display, not an error).
     */
    public Optional<String> shutdownCommunication() {
        if (code != NotificationCode.CEASE
                || (subcode != NotificationCode.ADMINISTRATIVE_SHUTDOWN && subcode != NotificationCode.ADMINISTRATIVE_RESET)
                || data.length == 0) {
            return Optional.empty();
        }
        int length = data[0] & 0xFF;
        if (length == 0 || length + 1 > data.length) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 1, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** "Cease / Administrative Shutdown" and the like, with any shutdown communication. */
    public String describe() {
        String text = NotificationCode.describe(code, subcode);
        Optional<String> communication = shutdownCommunication();
        return communication.map(c -> text + ": \"" + c + "\"").orElse(text);
    }

    @Override
    public int type() {
        return TYPE_NOTIFICATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NotificationMessage[" + describe() + (data.length > 0 ? ", data=" + HexFormat.of().formatHex(data) : "") + "]";
    }
}
