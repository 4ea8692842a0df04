package dev.javabgp.codec;

import static dev.javabgp.codec.message.NotificationCode.*;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE body (RFC 4271 §4.3) with the revised error handling of RFC 7606: every malformation
 * becomes an error carrying its action, and only those that leave the NLRI unknowable reset the
 * session.
 */
final class UpdateDecoder {

    private static final AddressFamily IPV4 = AddressFamily.IPV4_UNICAST;

    private ByteBuf in;
    private WireOptions options;
    /** Leave prefixes in place for an {@link UpdateHandler} instead of copying them into blocks. */
    private boolean inPlace;
    /** The message's bytes as an array, for reading prefixes in place: array index = buffer index + shift. */
    private byte[] array;
    private int shift;
    private final PrefixCursor cursor = new PrefixCursor(new byte[0], 0, 0, IPV4, false);
    private int reachStart;
    private int reachLength;
    private int unreachStart;
    private int unreachLength;
    private final List<PathAttribute> attributes = new ArrayList<>(16);
    private final long[] seen = new long[4];
    private List<BgpError> errors;
    private List<AsPathSegment> as4Path;
    private Aggregator as4Aggregator;

    UpdateDecoder() {}

    static DecodeResult decode(ByteBuf in, int p, int end, WireOptions options) {
        return new UpdateDecoder().decode(in, p, end, options, null, null, 0);
    }

    /**
     * Decodes the UPDATE body between {@code p} and {@code end}. With a handler, prefixes are read
     * from {@code array} (the same bytes, at buffer index + {@code shift}) and go to the handler,
     * and the result's message is null. A decoder may be reused for one message after another.
     */
    DecodeResult decode(ByteBuf in, int p, int end, WireOptions options, UpdateHandler handler, byte[] array, int shift) {
        this.in = in;
        this.options = options;
        this.inPlace = array != null;
        this.array = array;
        this.shift = shift;
        attributes.clear();
        java.util.Arrays.fill(seen, 0);
        errors = null;
        as4Path = null;
        as4Aggregator = null;
        reachLength = 0;
        unreachLength = 0;
        return decodeBody(p, end, handler);
    }

    private DecodeResult decodeBody(int p, int end, UpdateHandler handler) {
        int withdrawnLength = in.getUnsignedShort(p);
        int withdrawnStart = p + 2;
        // RFC 4271 §6.3, RFC 7606 §3.b: lengths that overrun leave the NLRI unknowable.
        if (withdrawnStart + withdrawnLength + 2 > end) {
            return failed(MALFORMED_ATTRIBUTE_LIST, "withdrawn routes length " + withdrawnLength + " overruns the message");
        }
        int attributesLengthAt = withdrawnStart + withdrawnLength;
        int attributesStart = attributesLengthAt + 2;
        int nlriStart = attributesStart + in.getUnsignedShort(attributesLengthAt);
        if (nlriStart > end) {
            return failed(MALFORMED_ATTRIBUTE_LIST, "total path attribute length overruns the message");
        }
        // RFC 7606 §5.3 and §3.i: a withdrawn or NLRI field that does not parse resets the session.
        boolean pathIds = options.addPath(IPV4);
        boolean inPlace = handler != null;
        PrefixBlock withdrawn = inPlace
                ? emptyIfValid(array, withdrawnStart + shift, withdrawnLength, IPV4, pathIds)
                : PrefixBlock.read(in, withdrawnStart, withdrawnLength, IPV4, pathIds);
        if (withdrawn == null) {
            return failed(INVALID_NETWORK_FIELD, "withdrawn routes field is malformed");
        }
        int nlriLength = end - nlriStart;
        PrefixBlock nlri = inPlace
                ? emptyIfValid(array, nlriStart + shift, nlriLength, IPV4, pathIds)
                : PrefixBlock.read(in, nlriStart, nlriLength, IPV4, pathIds);
        if (nlri == null) {
            return failed(INVALID_NETWORK_FIELD, "NLRI field is malformed");
        }
        readAttributes(attributesStart, nlriStart);
        if (!options.fourOctetAs()) {
            reconcileAs4();
        }
        boolean announcesInField = nlriLength > 0;
        checkMandatory(announcesInField);
        escalateWithoutReachableNlri(announcesInField, attributesStart != nlriStart);
        List<BgpError> found = errors == null ? List.of() : errors;
        for (BgpError e : found) {
            if (e.action() == ErrorAction.SESSION_RESET) {
                return new DecodeResult.Failed(e);
            }
        }
        PathAttributes decoded = PathAttributes.of(attributes);
        if (!inPlace) {
            return new DecodeResult.Decoded(new UpdateMessage(withdrawn, decoded, nlri), found);
        }
        handler.attributes(decoded, found);
        if (withdrawnLength > 0) {
            handler.withdrawn(cursor.reset(array, withdrawnStart + shift, withdrawnLength, IPV4, pathIds));
        }
        MpUnreachNlri unreach = decoded.mpUnreach();
        if (unreach != null && unreachLength > 0) {
            handler.withdrawn(cursor.reset(array, unreachStart + shift, unreachLength, unreach.family(),
                    unreach.withdrawn().hasPathIds()));
        }
        if (announcesInField) {
            handler.announced(cursor.reset(array, nlriStart + shift, nlriLength, IPV4, pathIds));
        }
        MpReachNlri reach = decoded.mpReach();
        if (reach != null && reachLength > 0) {
            handler.announced(cursor.reset(array, reachStart + shift, reachLength, reach.family(), reach.nlri().hasPathIds()));
        }
        return new DecodeResult.Decoded(null, found);
    }

    /** An empty block standing for valid prefixes left in the buffer, or null if they are malformed. */
    private static PrefixBlock emptyIfValid(byte[] array, int index, int length, AddressFamily family, boolean pathIds) {
        return PrefixBlock.validate(array, index, length, family, pathIds) < 0 ? null : PrefixBlock.empty(family, pathIds);
    }

    private static DecodeResult failed(int subcode, String reason) {
        return new DecodeResult.Failed(BgpError.sessionReset(UPDATE_MESSAGE_ERROR, subcode, new byte[0], reason));
    }

    private void readAttributes(int p, int limit) {
        while (p < limit) {
            int flags = in.getUnsignedByte(p);
            boolean extendedLength = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
            int header = extendedLength ? 4 : 3;
            if (p + header > limit) {
                // RFC 7606 §4: a truncated attribute header.
                error(ErrorAction.TREAT_AS_WITHDRAW, MALFORMED_ATTRIBUTE_LIST, new byte[0], null,
                        "attribute header truncated at the end of the path attributes");
                return;
            }
            int type = in.getUnsignedByte(p + 1);
            int length = extendedLength ? in.getUnsignedShort(p + 2) : in.getUnsignedByte(p + 2);
            int value = p + header;
            if (value + length > limit) {
                // RFC 7606 §4: the NLRI field is still found through Total Path Attribute Length.
                error(ErrorAction.TREAT_AS_WITHDRAW, MALFORMED_ATTRIBUTE_LIST, new byte[0], null,
                        AttributeType.name(type) + " of " + length + " octets overruns the path attributes");
                return;
            }
            if (markSeen(type)) {
                readAttribute(flags, type, p, value, length);
            } else if (type == AttributeType.MP_REACH_NLRI || type == AttributeType.MP_UNREACH_NLRI) {
                error(ErrorAction.SESSION_RESET, MALFORMED_ATTRIBUTE_LIST, new byte[0], null,
                        AttributeType.name(type) + " appears twice"); // RFC 7606 §3.g
            } else {
                error(ErrorAction.ATTRIBUTE_DISCARD, MALFORMED_ATTRIBUTE_LIST, new byte[0], null,
                        "repeated " + AttributeType.name(type) + " discarded"); // RFC 7606 §3.g
            }
            p = value + length;
        }
    }

    /** Marks {@code type} seen; false if it was already. */
    private boolean markSeen(int type) {
        long bit = 1L << (type & 63);
        if ((seen[type >>> 6] & bit) != 0) {
            return false;
        }
        seen[type >>> 6] |= bit;
        return true;
    }

    private void readAttribute(int flags, int type, int start, int v, int length) {
        int expected = expectedFlags(type);
        if (expected < 0) {
            readUnknown(flags, type, start, v, length);
            return;
        }
        boolean partialAllowed = expected == PathAttribute.OPTIONAL_TRANSITIVE;
        if ((flags & 0xC0) != expected || (!partialAllowed && (flags & PathAttribute.FLAG_PARTIAL) != 0)) {
            // RFC 7606 §3.c: conflicting Optional/Transitive bits make the attribute malformed.
            malformed(type, ATTRIBUTE_FLAGS_ERROR, start, v + length,
                    "flags 0x" + Integer.toHexString(flags) + " are wrong for " + AttributeType.name(type));
            return;
        }
        if (options.externalPeer()
                && (type == AttributeType.LOCAL_PREF || type == AttributeType.ORIGINATOR_ID || type == AttributeType.CLUSTER_LIST)) {
            // RFC 7606 §7.5, §7.9, §7.10: these have no meaning from an external peer.
            error(ErrorAction.ATTRIBUTE_DISCARD, OPTIONAL_ATTRIBUTE_ERROR,
                    new byte[0], null, AttributeType.name(type) + " from an external peer discarded");
            return;
        }
        switch (type) {
            case AttributeType.ORIGIN -> {
                if (length != 1) {
                    malformed(type, ATTRIBUTE_LENGTH_ERROR, start, v + length, "ORIGIN of length " + length);
                } else if (in.getUnsignedByte(v) > 2) {
                    malformed(type, INVALID_ORIGIN_ATTRIBUTE, start, v + length, "ORIGIN value " + in.getUnsignedByte(v));
                } else {
                    attributes.add(Origin.ofCode(in.getUnsignedByte(v)));
                }
            }
            case AttributeType.AS_PATH -> {
                List<AsPathSegment> segments = readSegments(v, length, options.fourOctetAs() ? 4 : 2);
                if (segments == null) {
                    malformed(type, MALFORMED_AS_PATH, start, v + length, "AS_PATH segments are malformed");
                } else {
                    attributes.add(segments.isEmpty() ? AsPath.EMPTY : new AsPath(segments));
                }
            }
            case AttributeType.NEXT_HOP -> {
                if (expectLength(type, start, v, length, 4)) {
                    attributes.add(new NextHop(Addresses.ipv4(in.getInt(v))));
                }
            }
            case AttributeType.MULTI_EXIT_DISC -> {
                if (expectLength(type, start, v, length, 4)) {
                    attributes.add(new MultiExitDisc(in.getUnsignedInt(v)));
                }
            }
            case AttributeType.LOCAL_PREF -> {
                if (expectLength(type, start, v, length, 4)) {
                    attributes.add(new LocalPref(in.getUnsignedInt(v)));
                }
            }
            case AttributeType.ATOMIC_AGGREGATE -> {
                if (expectLength(type, start, v, length, 0)) {
                    attributes.add(AtomicAggregate.INSTANCE);
                }
            }
            case AttributeType.AGGREGATOR -> {
                int asSize = options.fourOctetAs() ? 4 : 2;
                if (expectLength(type, start, v, length, asSize + 4)) {
                    long asn = asSize == 4 ? in.getUnsignedInt(v) : in.getUnsignedShort(v);
                    if (asn == 0) {
                        malformed(type, OPTIONAL_ATTRIBUTE_ERROR, start, v + length, "AGGREGATOR with AS 0 (RFC 7607)");
                    } else {
                        attributes.add(new Aggregator(asn, Addresses.ipv4(in.getInt(v + asSize))));
                    }
                }
            }
            case AttributeType.COMMUNITIES -> {
                if (expectMultiple(type, start, v, length, 4)) {
                    int[] values = new int[length / 4];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = in.getInt(v + 4 * i);
                    }
                    attributes.add(new Communities(values));
                }
            }
            case AttributeType.ORIGINATOR_ID -> {
                if (expectLength(type, start, v, length, 4)) {
                    attributes.add(new OriginatorId(Addresses.ipv4(in.getInt(v))));
                }
            }
            case AttributeType.CLUSTER_LIST -> {
                if (expectMultiple(type, start, v, length, 4)) {
                    int[] ids = new int[length / 4];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = in.getInt(v + 4 * i);
                    }
                    attributes.add(new ClusterList(ids));
                }
            }
            case AttributeType.MP_REACH_NLRI -> readMpReach(start, v, length);
            case AttributeType.MP_UNREACH_NLRI -> readMpUnreach(start, v, length);
            case AttributeType.EXTENDED_COMMUNITIES -> {
                if (expectMultiple(type, start, v, length, 8)) {
                    long[] values = new long[length / 8];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = in.getLong(v + 8 * i);
                    }
                    attributes.add(new ExtendedCommunities(values));
                }
            }
            case AttributeType.IPV6_EXTENDED_COMMUNITIES -> {
                if (expectMultiple(type, start, v, length, Ipv6ExtendedCommunities.SIZE)) {
                    attributes.add(new Ipv6ExtendedCommunities(ByteBufUtil.getBytes(in, v, length)));
                }
            }
            case AttributeType.LARGE_COMMUNITIES -> {
                if (expectMultiple(type, start, v, length, 12)) {
                    int[] triples = new int[length / 4];
                    for (int i = 0; i < triples.length; i++) {
                        triples[i] = in.getInt(v + 4 * i);
                    }
                    attributes.add(new LargeCommunities(triples));
                }
            }
            case AttributeType.ONLY_TO_CUSTOMER -> {
                if (expectLength(type, start, v, length, 4)) {
                    attributes.add(new OnlyToCustomer(in.getUnsignedInt(v)));
                }
            }
            case AttributeType.AS4_PATH -> readAs4Path(start, v, length);
            case AttributeType.AS4_AGGREGATOR -> {
                if (options.fourOctetAs()) {
                    discardFromNewSpeaker(type);
                } else if (expectLength(type, start, v, length, 8)) {
                    long asn = in.getUnsignedInt(v);
                    if (asn == 0) {
                        malformed(type, OPTIONAL_ATTRIBUTE_ERROR, start, v + length, "AS4_AGGREGATOR with AS 0 (RFC 7607)");
                    } else {
                        as4Aggregator = new Aggregator(asn, Addresses.ipv4(in.getInt(v + 4)));
                    }
                }
            }
            default -> throw new AssertionError("type with expected flags but no parser: " + type);
        }
    }

    private void readUnknown(int flags, int type, int start, int v, int length) {
        if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
            // RFC 4271 §6.3; RFC 7606 leaves this case as it was.
            error(ErrorAction.SESSION_RESET, UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                    ByteBufUtil.getBytes(in, start, v + length - start), null,
                    "unrecognised well-known attribute " + type);
            return;
        }
        attributes.add(new UnknownAttribute(flags, type, ByteBufUtil.getBytes(in, v, length)));
    }

    /** Segments of 2- or 4-octet AS numbers (RFC 4271 §4.3, RFC 7606 §7.2); null if malformed. */
    private List<AsPathSegment> readSegments(int v, int length, int asSize) {
        List<AsPathSegment> segments = new ArrayList<>(2);
        int p = v;
        int end = v + length;
        while (p < end) {
            if (p + 2 > end) {
                return null;
            }
            AsPathSegment.Type segmentType = AsPathSegment.Type.ofCode(in.getUnsignedByte(p));
            int count = in.getUnsignedByte(p + 1);
            if (segmentType == null || count == 0 || p + 2 + count * asSize > end) {
                return null;
            }
            int[] asns = new int[count];
            for (int i = 0; i < count; i++) {
                int at = p + 2 + i * asSize;
                asns[i] = asSize == 4 ? in.getInt(at) : in.getUnsignedShort(at);
                if (asns[i] == 0) {
                    return null; // RFC 7607 §2: AS 0 makes the path malformed
                }
            }
            segments.add(AsPathSegment.ofBits(segmentType, asns));
            p += 2 + count * asSize;
        }
        return segments;
    }

    private void readMpReach(int start, int v, int length) {
        int type = AttributeType.MP_REACH_NLRI;
        if (length < 3) {
            error(ErrorAction.SESSION_RESET, OPTIONAL_ATTRIBUTE_ERROR, tlv(start, v + length), null,
                    "MP_REACH_NLRI of " + length + " octets has no AFI/SAFI");
            return;
        }
        AddressFamily family = AddressFamily.of(in.getUnsignedShort(v), in.getUnsignedByte(v + 2));
        if (!family.carriesPrefixes()) {
            error(ErrorAction.ATTRIBUTE_DISCARD, OPTIONAL_ATTRIBUTE_ERROR, new byte[0], family,
                    "MP_REACH_NLRI for unsupported " + family + " ignored");
            return;
        }
        int nextHopLength = length >= 4 ? in.getUnsignedByte(v + 3) : -1;
        if (nextHopLength < 0 || 4 + nextHopLength + 1 > length) {
            disableFamily(family, start, v + length, "MP_REACH_NLRI next hop overruns the attribute");
            return;
        }
        int nh = v + 4;
        InetAddress nextHop;
        Inet6Address linkLocal = null;
        // RFC 7606 §7.11: the next hop length must suit the family (RFC 2545 §3, RFC 8950 §3).
        if (nextHopLength == 4 && family.afi() == AddressFamily.AFI_IPV4) {
            nextHop = Addresses.ipv4(in.getInt(nh));
        } else if (nextHopLength == 16 || nextHopLength == 32) {
            nextHop = (Inet6Address) Addresses.ofBytes(ByteBufUtil.getBytes(in, nh, 16));
            if (nextHopLength == 32) {
                linkLocal = (Inet6Address) Addresses.ofBytes(ByteBufUtil.getBytes(in, nh + 16, 16));
            }
        } else {
            disableFamily(family, start, v + length, "MP_REACH_NLRI next hop of " + nextHopLength + " octets for " + family);
            return;
        }
        int nlriStart = nh + nextHopLength + 1; // one reserved octet (RFC 4760 §3)
        int nlriLength = v + length - nlriStart;
        PrefixBlock nlri = inPlace
                ? emptyIfValid(array, nlriStart + shift, nlriLength, family, options.addPath(family))
                : PrefixBlock.read(in, nlriStart, nlriLength, family, options.addPath(family));
        reachStart = nlriStart;
        reachLength = nlriLength;
        if (nlri == null) {
            disableFamily(family, start, v + length, "MP_REACH_NLRI prefixes are malformed");
            return;
        }
        attributes.add(new MpReachNlri(family, nextHop, linkLocal, nlri));
    }

    private void readMpUnreach(int start, int v, int length) {
        if (length < 3) {
            error(ErrorAction.SESSION_RESET, OPTIONAL_ATTRIBUTE_ERROR, tlv(start, v + length), null,
                    "MP_UNREACH_NLRI of " + length + " octets has no AFI/SAFI");
            return;
        }
        AddressFamily family = AddressFamily.of(in.getUnsignedShort(v), in.getUnsignedByte(v + 2));
        if (!family.carriesPrefixes()) {
            error(ErrorAction.ATTRIBUTE_DISCARD, OPTIONAL_ATTRIBUTE_ERROR, new byte[0], family,
                    "MP_UNREACH_NLRI for unsupported " + family + " ignored");
            return;
        }
        PrefixBlock withdrawn = inPlace
                ? emptyIfValid(array, v + 3 + shift, length - 3, family, options.addPath(family))
                : PrefixBlock.read(in, v + 3, length - 3, family, options.addPath(family));
        unreachStart = v + 3;
        unreachLength = length - 3;
        if (withdrawn == null) {
            disableFamily(family, start, v + length, "MP_UNREACH_NLRI prefixes are malformed");
            return;
        }
        attributes.add(new MpUnreachNlri(family, withdrawn));
    }

    /** RFC 7606 §5.3, §7.11: the family's NLRI cannot be trusted; RFC 4760 §7 prescribes 3/9. */
    private void disableFamily(AddressFamily family, int start, int end, String reason) {
        error(ErrorAction.AFI_SAFI_DISABLE, OPTIONAL_ATTRIBUTE_ERROR, tlv(start, end), family, reason);
    }

    private void readAs4Path(int start, int v, int length) {
        if (options.fourOctetAs()) {
            discardFromNewSpeaker(AttributeType.AS4_PATH);
            return;
        }
        List<AsPathSegment> segments = readSegments(v, length, 4);
        if (segments == null || segments.isEmpty()) {
            malformed(AttributeType.AS4_PATH, OPTIONAL_ATTRIBUTE_ERROR, start, v + length, "AS4_PATH is malformed");
            return;
        }
        // RFC 6793 §6: confederation segments do not belong in AS4_PATH; drop just those. With
        // nothing left there is no 4-octet path to merge, and AS_PATH stands as received.
        segments.removeIf(s -> s.type().isConfederation());
        as4Path = segments.isEmpty() ? null : segments;
    }

    private void discardFromNewSpeaker(int type) {
        // RFC 6793 §4.1: between two 4-octet speakers these attributes are meaningless.
        error(ErrorAction.ATTRIBUTE_DISCARD, OPTIONAL_ATTRIBUTE_ERROR, new byte[0], null,
                AttributeType.name(type) + " from a 4-octet AS speaker discarded");
    }

    /** RFC 6793 §4.2.3: rebuild the 4-octet path and aggregator from AS4_PATH and AS4_AGGREGATOR. */
    private void reconcileAs4() {
        Aggregator aggregator = null;
        AsPath asPath = null;
        for (PathAttribute a : attributes) {
            if (a instanceof Aggregator g) {
                aggregator = g;
            } else if (a instanceof AsPath p) {
                asPath = p;
            }
        }
        if (aggregator != null && aggregator.asn() != OpenMessage.AS_TRANS && as4Aggregator != null) {
            // RFC 6793 §4.2.3: with both, an AGGREGATOR other than AS_TRANS means an old speaker
            // aggregated after the new ones, so AS4_PATH and AS4_AGGREGATOR are stale and ignored.
            // An AGGREGATOR alone is a 2-octet aggregating AS and AS4_PATH still holds.
            return;
        }
        if (aggregator != null && as4Aggregator != null) {
            attributes.set(attributes.indexOf(aggregator), as4Aggregator);
        }
        if (asPath == null || as4Path == null) {
            return;
        }
        int as4Length = new AsPath(as4Path).pathLength();
        int leading = asPath.pathLength() - as4Length;
        if (leading < 0) {
            return; // AS_PATH is shorter: a 2-octet speaker lost part of AS4_PATH
        }
        List<AsPathSegment> merged = new ArrayList<>();
        for (AsPathSegment s : asPath.segments()) {
            if (s.type().isConfederation()) {
                if (leading > 0 || merged.size() == 0 || merged.get(merged.size() - 1).type().isConfederation()) {
                    merged.add(s); // confederation segments live only in AS_PATH
                }
                continue;
            }
            if (leading == 0) {
                break;
            }
            if (s.type() == AsPathSegment.Type.AS_SET) {
                merged.add(s);
                leading--;
            } else {
                int take = Math.min(leading, s.size());
                merged.add(s.prefix(take));
                leading -= take;
            }
        }
        int junction = merged.size() - 1;
        AsPathSegment first = as4Path.get(0);
        if (junction >= 0 && first.type() == AsPathSegment.Type.AS_SEQUENCE
                && merged.get(junction).type() == AsPathSegment.Type.AS_SEQUENCE
                && merged.get(junction).size() + first.size() <= 255) {
            // The leading ASes and AS4_PATH were one sequence before the 2-octet speaker split them.
            merged.set(junction, merged.get(junction).concat(first));
            merged.addAll(as4Path.subList(1, as4Path.size()));
        } else {
            merged.addAll(as4Path);
        }
        attributes.set(attributes.indexOf(asPath), new AsPath(merged));
    }

    /** RFC 4271 §5, RFC 4760 §3, RFC 7606 §3.d: what an UPDATE with reachable NLRI must carry. */
    private void checkMandatory(boolean announcesInField) {
        boolean reach = isSeen(AttributeType.MP_REACH_NLRI);
        if (!announcesInField && !reach) {
            return;
        }
        requirePresent(AttributeType.ORIGIN);
        requirePresent(AttributeType.AS_PATH);
        if (announcesInField) {
            requirePresent(AttributeType.NEXT_HOP);
        }
    }

    private void requirePresent(int type) {
        if (!isSeen(type)) {
            error(ErrorAction.TREAT_AS_WITHDRAW, MISSING_WELL_KNOWN_ATTRIBUTE, new byte[] {(byte) type}, null,
                    "missing well-known attribute " + AttributeType.name(type));
        }
    }

    private boolean isSeen(int type) {
        return (seen[type >>> 6] & (1L << (type & 63))) != 0;
    }

    /**
     * RFC 7606 §5.2: with attributes but no reachable NLRI, an error that calls for more than
     * attribute discard cannot be confined to the NLRI, so the session is reset.
     */
    private void escalateWithoutReachableNlri(boolean announcesInField, boolean hasAttributes) {
        if (errors == null || announcesInField || isSeen(AttributeType.MP_REACH_NLRI) || !hasAttributes) {
            return;
        }
        boolean onlyUnreach = attributes.size() == 1 && attributes.get(0) instanceof MpUnreachNlri && errors.isEmpty();
        if (onlyUnreach) {
            return;
        }
        for (int i = 0; i < errors.size(); i++) {
            BgpError e = errors.get(i);
            if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) {
                errors.set(i, new BgpError(ErrorAction.SESSION_RESET, e.code(), e.subcode(), e.data(), e.family(),
                        e.reason() + ", in an UPDATE without reachable NLRI"));
            }
        }
    }

    private boolean expectLength(int type, int start, int v, int length, int expected) {
        if (length != expected) {
            malformed(type, ATTRIBUTE_LENGTH_ERROR, start, v + length,
                    AttributeType.name(type) + " of length " + length + ", not " + expected);
            return false;
        }
        return true;
    }

    private boolean expectMultiple(int type, int start, int v, int length, int unit) {
        if (length == 0 || length % unit != 0) {
            malformed(type, OPTIONAL_ATTRIBUTE_ERROR, start, v + length,
                    AttributeType.name(type) + " of length " + length + " is not a non-zero multiple of " + unit);
            return false;
        }
        return true;
    }

    /** An attribute error, with the action RFC 7606 §7 assigns to that attribute. */
    private void malformed(int type, int subcode, int start, int end, String reason) {
        byte[] data = subcode == MALFORMED_AS_PATH ? new byte[0] : tlv(start, end);
        switch (type) {
            case AttributeType.ATOMIC_AGGREGATE, AttributeType.AGGREGATOR, AttributeType.AS4_PATH,
                    AttributeType.AS4_AGGREGATOR -> // RFC 7606 §7.6, §7.7; RFC 6793 §6
                    error(ErrorAction.ATTRIBUTE_DISCARD, subcode, data, null, reason);
            case AttributeType.MP_REACH_NLRI, AttributeType.MP_UNREACH_NLRI -> {
                // RFC 7606 §5.3: session reset, or AFI/SAFI disable where the family is known.
                int v = start + ((in.getUnsignedByte(start) & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3);
                AddressFamily family = end - v >= 3 ? AddressFamily.of(in.getUnsignedShort(v), in.getUnsignedByte(v + 2)) : null;
                if (family != null && family.carriesPrefixes()) {
                    error(ErrorAction.AFI_SAFI_DISABLE, subcode, data, family, reason);
                } else {
                    error(ErrorAction.SESSION_RESET, subcode, data, null, reason);
                }
            }
            default -> error(ErrorAction.TREAT_AS_WITHDRAW, subcode, data, null, reason);
        }
    }

    private byte[] tlv(int start, int end) {
        return ByteBufUtil.getBytes(in, start, end - start);
    }

    private void error(ErrorAction action, int subcode, byte[] data, AddressFamily family, String reason) {
        if (errors == null) {
            errors = new ArrayList<>(2);
        }
        errors.add(new BgpError(action, UPDATE_MESSAGE_ERROR, subcode, data, family, reason));
    }

    /** Optional and Transitive bits each known attribute must carry (RFC 4271 §5 and the RFCs named). */
    private static int expectedFlags(int type) {
        return switch (type) {
            case AttributeType.ORIGIN, AttributeType.AS_PATH, AttributeType.NEXT_HOP, AttributeType.LOCAL_PREF,
                    AttributeType.ATOMIC_AGGREGATE -> PathAttribute.WELL_KNOWN;
            case AttributeType.MULTI_EXIT_DISC, AttributeType.ORIGINATOR_ID, AttributeType.CLUSTER_LIST,
                    AttributeType.MP_REACH_NLRI, AttributeType.MP_UNREACH_NLRI -> PathAttribute.OPTIONAL_NON_TRANSITIVE;
            case AttributeType.AGGREGATOR, AttributeType.COMMUNITIES, AttributeType.EXTENDED_COMMUNITIES,
                    AttributeType.AS4_PATH, AttributeType.AS4_AGGREGATOR, AttributeType.IPV6_EXTENDED_COMMUNITIES,
                    AttributeType.LARGE_COMMUNITIES, AttributeType.ONLY_TO_CUSTOMER -> PathAttribute.OPTIONAL_TRANSITIVE;
            default -> -1;
        };
    }
}
