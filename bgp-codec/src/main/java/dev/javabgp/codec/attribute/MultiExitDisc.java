package dev.javabgp.codec.attribute;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4): an unsigned 32-bit metric; lower is preferred. */
public record MultiExitDisc(long value) implements PathAttribute {

    public MultiExitDisc {
        Checks.unsigned32(value, "MULTI_EXIT_DISC");
    }

    @Override
    public int typeCode() {
        return AttributeType.MULTI_EXIT_DISC;
    }

    @Override
    public int flags() {
        return OPTIONAL_NON_TRANSITIVE;
    }
}
