package dev.javabgp.codec.attribute;

/** ORIGIN (RFC 4271 §5.1.1): where the route came from; lower is preferred (§9.1.2.2 c). */
public enum Origin implements PathAttribute {
    IGP,
    EGP,
    INCOMPLETE;

    /** The wire value 0, 1 or 2. */
    public int code() {
        return ordinal();
    }

    public static Origin ofCode(int code) {
        return switch (code) {
            case 0 -> IGP;
            case 1 -> EGP;
            case 2 -> INCOMPLETE;
            default -> throw new IllegalArgumentException("ORIGIN must be 0 (IGP), 1 (EGP) or 2 (INCOMPLETE), not " + code);
        };
    }

    @Override
    public int typeCode() {
        return AttributeType.ORIGIN;
    }

    @Override
    public int flags() {
        return WELL_KNOWN;
    }
}
