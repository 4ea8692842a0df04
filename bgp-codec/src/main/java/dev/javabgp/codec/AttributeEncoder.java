package dev.javabgp.codec;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Writes path attributes (RFC 4271 §4.3): MP_UNREACH_NLRI and MP_REACH_NLRI first (RFC 7606 §5.1),
 * the rest in type-code order (RFC 4271 §5). On a 2-octet session it writes AS_TRANS and adds
 * AS4_PATH and AS4_AGGREGATOR (RFC 6793 §4.2.2).
 */
final class AttributeEncoder {

    private AttributeEncoder() {}

    /** Writes all attributes of {@code attributes}; MP_REACH_NLRI's prefixes are adjusted to the options. */
    static void writeAll(PathAttributes attributes, WireOptions options, ByteBuf out) {
        MpUnreachNlri unreach = attributes.mpUnreach();
        if (unreach != null) {
            write(unreach, options, out);
        }
        MpReachNlri reach = attributes.mpReach();
        if (reach != null) {
            write(reach, options, out);
        }
        writeAllExceptMultiprotocol(attributes, options, out);
    }

    static void writeAllExceptMultiprotocol(PathAttributes attributes, WireOptions options, ByteBuf out) {
        AsPath as4Path = null;
        Aggregator as4Aggregator = null;
        if (!options.fourOctetAs()) {
            as4Path = as4PathFor(attributes.asPath());
            Aggregator aggregator = attributes.aggregator();
            as4Aggregator = aggregator != null && aggregator.asn() > 0xFFFF ? aggregator : null;
        }
        for (PathAttribute a : attributes.asList()) {
            int type = a.typeCode();
            if (type == AttributeType.MP_REACH_NLRI || type == AttributeType.MP_UNREACH_NLRI) {
                continue;
            }
            if (type > AttributeType.AS4_PATH && as4Path != null) {
                writeAs4Path(as4Path, out);
                as4Path = null;
            }
            if (type > AttributeType.AS4_AGGREGATOR && as4Aggregator != null) {
                writeAs4Aggregator(as4Aggregator, out);
                as4Aggregator = null;
            }
            write(a, options, out);
        }
        if (as4Path != null) {
            writeAs4Path(as4Path, out);
        }
        if (as4Aggregator != null) {
            writeAs4Aggregator(as4Aggregator, out);
        }
    }

    /** The AS4_PATH a 2-octet peer needs, or null if every AS fits in 2 octets (RFC 6793 §4.2.2). */
    private static AsPath as4PathFor(AsPath path) {
        if (path == null) {
            return null;
        }
        boolean wide = false;
        for (AsPathSegment s : path.segments()) {
            for (int i = 0; i < s.size(); i++) {
                wide |= s.asn(i) > 0xFFFF;
            }
        }
        if (!wide) {
            return null;
        }
        List<AsPathSegment> segments = path.segments().stream().filter(s -> !s.type().isConfederation()).toList();
        return segments.isEmpty() ? null : new AsPath(segments);
    }

    private static void writeAs4Path(AsPath path, ByteBuf out) {
        header(PathAttribute.OPTIONAL_TRANSITIVE, AttributeType.AS4_PATH, segmentsLength(path, 4), out);
        writeSegments(path, 4, out);
    }

    private static void writeAs4Aggregator(Aggregator aggregator, ByteBuf out) {
        header(PathAttribute.OPTIONAL_TRANSITIVE, AttributeType.AS4_AGGREGATOR, 8, out);
        out.writeInt((int) aggregator.asn());
        out.writeBytes(aggregator.address().getAddress());
    }

    static void write(PathAttribute attribute, WireOptions options, ByteBuf out) {
        int asSize = options.fourOctetAs() ? 4 : 2;
        switch (attribute) {
            case Origin o -> {
                header(o.flags(), o.typeCode(), 1, out);
                out.writeByte(o.code());
            }
            case AsPath p -> {
                header(p.flags(), p.typeCode(), segmentsLength(p, asSize), out);
                writeSegments(p, asSize, out);
            }
            case NextHop n -> {
                header(n.flags(), n.typeCode(), 4, out);
                out.writeBytes(n.address().getAddress());
            }
            case MultiExitDisc m -> {
                header(m.flags(), m.typeCode(), 4, out);
                out.writeInt((int) m.value());
            }
            case LocalPref l -> {
                header(l.flags(), l.typeCode(), 4, out);
                out.writeInt((int) l.value());
            }
            case AtomicAggregate a -> header(a.flags(), a.typeCode(), 0, out);
            case Aggregator g -> {
                header(g.flags(), g.typeCode(), asSize + 4, out);
                writeAs(g.asn(), asSize, out);
                out.writeBytes(g.address().getAddress());
            }
            case Communities c -> {
                header(c.flags(), c.typeCode(), 4 * c.size(), out);
                for (int i = 0; i < c.size(); i++) {
                    out.writeInt(c.get(i));
                }
            }
            case OriginatorId o -> {
                header(o.flags(), o.typeCode(), 4, out);
                out.writeBytes(o.id().getAddress());
            }
            case ClusterList c -> {
                header(c.flags(), c.typeCode(), 4 * c.size(), out);
                for (int i = 0; i < c.size(); i++) {
                    out.writeInt(c.get(i));
                }
            }
            case MpReachNlri r -> {
                PrefixBlock nlri = adjust(r.nlri(), options);
                writeMpReachHeader(r, nlri.encodedLength(), out);
                nlri.writeTo(out);
            }
            case MpUnreachNlri u -> {
                PrefixBlock withdrawn = adjust(u.withdrawn(), options);
                writeMpUnreachHeader(u.family(), withdrawn.encodedLength(), out);
                withdrawn.writeTo(out);
            }
            case ExtendedCommunities e -> {
                header(e.flags(), e.typeCode(), 8 * e.size(), out);
                for (int i = 0; i < e.size(); i++) {
                    out.writeLong(e.get(i));
                }
            }
            case Ipv6ExtendedCommunities e -> {
                byte[] encoded = e.encoded();
                header(e.flags(), e.typeCode(), encoded.length, out);
                out.writeBytes(encoded);
            }
            case LargeCommunities l -> {
                int[] triples = l.triples();
                header(l.flags(), l.typeCode(), 4 * triples.length, out);
                for (int v : triples) {
                    out.writeInt(v);
                }
            }
            case OnlyToCustomer o -> {
                header(o.flags(), o.typeCode(), 4, out);
                out.writeInt((int) o.asn());
            }
            case UnknownAttribute u -> {
                header(u.flags(), u.typeCode(), u.length(), out);
                out.writeBytes(u.value());
            }
        }
    }

    /** MP_REACH_NLRI up to its prefixes, for {@code nlriLength} octets of them (RFC 4760 §3). */
    static void writeMpReachHeader(MpReachNlri reach, int nlriLength, ByteBuf out) {
        int nextHopLength = reach.nextHopLength();
        header(reach.flags(), reach.typeCode(), 5 + nextHopLength + nlriLength, out);
        out.writeShort(reach.family().afi());
        out.writeByte(reach.family().safi());
        out.writeByte(nextHopLength);
        out.writeBytes(reach.nextHop().getAddress());
        if (reach.linkLocalNextHop() != null) {
            out.writeBytes(reach.linkLocalNextHop().getAddress());
        }
        out.writeByte(0); // reserved
    }

    static void writeMpUnreachHeader(AddressFamily family, int withdrawnLength, ByteBuf out) {
        header(PathAttribute.OPTIONAL_NON_TRANSITIVE, AttributeType.MP_UNREACH_NLRI, 3 + withdrawnLength, out);
        out.writeShort(family.afi());
        out.writeByte(family.safi());
    }

    /** Largest MP_REACH_NLRI overhead before its prefixes, with a 2-octet length. */
    static int mpReachOverhead(MpReachNlri reach) {
        return 4 + 5 + reach.nextHopLength();
    }

    /** The block with path identifiers exactly when the options say this family uses them (RFC 7911 §3). */
    static PrefixBlock adjust(PrefixBlock block, WireOptions options) {
        return block.withPathIds(options.addPath(block.family()), 0);
    }

    private static void header(int flags, int type, int length, ByteBuf out) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(AttributeType.name(type) + " of " + length + " octets does not fit in one attribute");
        }
        if (length > 255) {
            out.writeByte((flags & ~PathAttribute.FLAG_EXTENDED_LENGTH) | PathAttribute.FLAG_EXTENDED_LENGTH);
            out.writeByte(type);
            out.writeShort(length);
        } else {
            out.writeByte(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH);
            out.writeByte(type);
            out.writeByte(length);
        }
    }

    private static int segmentsLength(AsPath path, int asSize) {
        int n = 0;
        for (AsPathSegment s : path.segments()) {
            n += 2 + asSize * s.size();
        }
        return n;
    }

    private static void writeSegments(AsPath path, int asSize, ByteBuf out) {
        for (AsPathSegment s : path.segments()) {
            out.writeByte(s.type().code());
            out.writeByte(s.size());
            for (int i = 0; i < s.size(); i++) {
                writeAs(s.asn(i), asSize, out);
            }
        }
    }

    private static void writeAs(long asn, int asSize, ByteBuf out) {
        if (asSize == 4) {
            out.writeInt((int) asn);
        } else {
            out.writeShort(asn > 0xFFFF ? OpenMessage.AS_TRANS : (int) asn); // RFC 6793 §4.2.2
        }
    }
}
