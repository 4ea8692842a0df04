package dev.javabgp.codec.testing;

import dev.javabgp.codec.message.BgpMessage;

/** Builders for hand-written UPDATE vectors: the author writes every attribute; these add the two outer lengths. */
public final class Wire {
    private Wire() {}

    /** An UPDATE from its withdrawn routes, its path attributes and its NLRI, each in hex. */
    public static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
        byte[] withdrawn = Bytes.hex(withdrawnHex);
        byte[] attributes = Bytes.hex(attributesHex);
        return Bytes.message(BgpMessage.TYPE_UPDATE,
                String.format("%04x", withdrawn.length) + Bytes.hex(withdrawn)
                        + String.format("%04x", attributes.length) + Bytes.hex(attributes) + nlriHex);
    }
}
