package dev.javabgp.codec.capability;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.List;

/** ADD-PATH (RFC 7911 §4): per family, whether the speaker can send and/or receive path identifiers. */
public record AddPathCapability(List<Family> families) implements Capability {

    public AddPathCapability {
        families = List.copyOf(families);
    }

    /** Send/Receive field values (RFC 7911 §4). */
    public enum Direction {
        RECEIVE(1),
        SEND(2),
        BOTH(3);

        private final int code;

        Direction(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public boolean canSend() {
            return this != RECEIVE;
        }

        public boolean canReceive() {
            return this != SEND;
        }

        /** The direction for a wire value, or null if the value is not 1, 2 or 3. */
        public static Direction ofCode(int code) {
            return switch (code) {
                case 1 -> RECEIVE;
                case 2 -> SEND;
                case 3 -> BOTH;
                default -> null;
            };
        }
    }

    /** One tuple of the capability (RFC 7911 §4): a family and whether paths are sent, received or both. */
    public record Family(AddressFamily family, Direction direction) {}

    @Override
    public int code() {
        return ADD_PATH;
    }
}
