package dev.javabgp.codec.attribute;

final class Checks {
    private Checks() {}

    static void unsigned32(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " must be 0..4294967295, not " + value);
        }
    }
}
