package dev.javabgp.codec.attribute;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An optional attribute this codec does not interpret, kept byte for byte (RFC 4271 §5: optional
 * transitive attributes pass on with the Partial bit set, non-transitive ones are not passed on).
 */
public record UnknownAttribute(int flags, int typeCode, byte[] value) implements PathAttribute {

    public UnknownAttribute {
        if (typeCode < 0 || typeCode > 255) {
            throw new IllegalArgumentException("attribute type must be 0..255, not " + typeCode);
        }
        flags = flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE | FLAG_PARTIAL);
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isTransitive() {
        return (flags & FLAG_TRANSITIVE) != 0;
    }

    /** This attribute as passed on to a peer: transitive and unrecognised, so Partial (RFC 4271 §5). */
    public UnknownAttribute withPartial() {
        return new UnknownAttribute(flags | FLAG_PARTIAL, typeCode, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute u && u.flags == flags && u.typeCode == typeCode && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return (flags * 257 + typeCode) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownAttribute[type=" + typeCode + ", flags=0x" + Integer.toHexString(flags) + ", value="
                + HexFormat.of().formatHex(value) + "]";
    }
}
