package dev.javabgp.codec.message;

/** KEEPALIVE (RFC 4271 §4.4): a header and nothing else. */
public record KeepaliveMessage() implements BgpMessage {

    public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

    @Override
    public int type() {
        return TYPE_KEEPALIVE;
    }
}
