package dev.javabgp.codec.attribute;

/** LOCAL_PREF (RFC 4271 §5.1.5): an unsigned 32-bit preference for iBGP; higher is preferred. */
public record LocalPref(long value) implements PathAttribute {

    public LocalPref {
        Checks.unsigned32(value, "LOCAL_PREF");
    }

    @Override
    public int typeCode() {
        return AttributeType.LOCAL_PREF;
    }

    @Override
    public int flags() {
        return WELL_KNOWN;
    }
}
