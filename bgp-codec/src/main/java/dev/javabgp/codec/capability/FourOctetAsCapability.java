package dev.javabgp.codec.capability;

/** Support for 4-octet AS numbers, carrying the speaker's own AS (RFC 6793 §3). */
public record FourOctetAsCapability(long asn) implements Capability {

    public FourOctetAsCapability {
        if (asn < 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS number must be 0..4294967295, not " + asn);
        }
    }

    @Override
    public int code() {
        return FOUR_OCTET_AS;
    }
}
