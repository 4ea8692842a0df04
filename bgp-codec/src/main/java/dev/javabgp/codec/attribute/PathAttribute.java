package dev.javabgp.codec.attribute;

/**
 * One path attribute of an UPDATE (RFC 4271 §4.3, §5). Each known attribute is its own immutable
 * type; anything else is kept as an {@link UnknownAttribute}.
 */
public sealed interface PathAttribute
        permits Origin, AsPath, NextHop, MultiExitDisc, LocalPref, AtomicAggregate, Aggregator,
                Communities, OriginatorId, ClusterList, MpReachNlri, MpUnreachNlri, ExtendedCommunities,
                Ipv6ExtendedCommunities, LargeCommunities, OnlyToCustomer, UnknownAttribute {

    int FLAG_OPTIONAL = 0x80;
    int FLAG_TRANSITIVE = 0x40;
    int FLAG_PARTIAL = 0x20;
    int FLAG_EXTENDED_LENGTH = 0x10;

    /** Well-known attributes: transitive, not optional (RFC 4271 §5). */
    int WELL_KNOWN = FLAG_TRANSITIVE;
    int OPTIONAL_TRANSITIVE = FLAG_OPTIONAL | FLAG_TRANSITIVE;
    int OPTIONAL_NON_TRANSITIVE = FLAG_OPTIONAL;

    /** Attribute type code. */
    int typeCode();

    /** Optional, Transitive and Partial flags; the encoder chooses Extended Length. */
    int flags();
}
