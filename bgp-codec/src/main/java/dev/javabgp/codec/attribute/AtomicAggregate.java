package dev.javabgp.codec.attribute;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): a marker with no value. */
public record AtomicAggregate() implements PathAttribute {

    public static final AtomicAggregate INSTANCE = new AtomicAggregate();

    @Override
    public int typeCode() {
        return AttributeType.ATOMIC_AGGREGATE;
    }

    @Override
    public int flags() {
        return WELL_KNOWN;
    }
}
