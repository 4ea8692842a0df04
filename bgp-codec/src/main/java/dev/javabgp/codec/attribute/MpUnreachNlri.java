package dev.javabgp.codec.attribute;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.util.Objects;

/**
 * MP_UNREACH_NLRI (RFC 4760 §4): withdrawn prefixes of a family. With no prefixes and no other
 * attribute it is the family's End-of-RIB marker (RFC 4724 §2).
 */
public record MpUnreachNlri(AddressFamily family, PrefixBlock withdrawn) implements PathAttribute {

    public MpUnreachNlri {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(withdrawn, "withdrawn");
        if (!withdrawn.family().equals(family)) {
            throw new IllegalArgumentException("NLRI of " + withdrawn.family() + " in MP_UNREACH_NLRI of " + family);
        }
    }

    @Override
    public int typeCode() {
        return AttributeType.MP_UNREACH_NLRI;
    }

    @Override
    public int flags() {
        return OPTIONAL_NON_TRANSITIVE;
    }
}
