package dev.javabgp.codec.error;

import dev.javabgp.codec.message.BgpMessage;
import java.util.List;

/** The outcome of decoding one message: the message (perhaps with repaired errors) or a failure. */
public sealed interface DecodeResult {

    /**
     * A message. For an UPDATE, {@code errors} lists what RFC 7606 lets the session survive:
     * attributes already discarded from the message, or a treat-as-withdraw or AFI/SAFI-disable
     * verdict that {@link #action()} summarises.
     */
    record Decoded(BgpMessage message, List<BgpError> errors) implements DecodeResult {
        public Decoded {
            errors = List.copyOf(errors);
        }

        public Decoded(BgpMessage message) {
            this(message, List.of());
        }

        /** The most severe action among the errors; {@link ErrorAction#NONE} if there are none. */
        public ErrorAction action() {
            ErrorAction a = ErrorAction.NONE;
            for (BgpError e : errors) {
                a = a.max(e.action());
            }
            return a;
        }
    }

    /** The session must be reset with {@code error.notification()} (RFC 4271 §6). */
    record Failed(BgpError error) implements DecodeResult {}
}
