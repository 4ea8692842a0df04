package dev.javabgp.codec.capability;

import java.util.Arrays;
import java.util.HexFormat;

/** A capability this codec does not interpret, kept byte for byte (RFC 5492 §3). */
public record UnknownCapability(int code, byte[] value) implements Capability {

    public UnknownCapability {
        if (code < 0 || code > 255 || value.length > 255) {
            throw new IllegalArgumentException("capability code and length are one octet each");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownCapability u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownCapability[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
