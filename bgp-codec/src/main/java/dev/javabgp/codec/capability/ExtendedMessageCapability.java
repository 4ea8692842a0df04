package dev.javabgp.codec.capability;

/** Extended messages (RFC 8654): messages other than OPEN and KEEPALIVE may be up to 65,535 bytes. */
public record ExtendedMessageCapability() implements Capability {

    public static final ExtendedMessageCapability INSTANCE = new ExtendedMessageCapability();

    @Override
    public int code() {
        return EXTENDED_MESSAGE;
    }
}
