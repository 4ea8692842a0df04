package dev.javabgp.codec.attribute;

/** Only to Customer (RFC 9234 §5): the AS that marked the route for route-leak prevention. */
public record OnlyToCustomer(long asn) implements PathAttribute {

    public OnlyToCustomer {
        Checks.unsigned32(asn, "OTC AS");
    }

    @Override
    public int typeCode() {
        return AttributeType.ONLY_TO_CUSTOMER;
    }

    @Override
    public int flags() {
        return OPTIONAL_TRANSITIVE;
    }
}
