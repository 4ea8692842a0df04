package dev.javabgp.codec.message;

import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.MpUnreachNlri;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.util.Objects;

/**
 * UPDATE (RFC 4271 §4.3). {@code withdrawn} and {@code nlri} are the IPv4 unicast fields of the
 * message itself; other families travel in the MP_REACH_NLRI and MP_UNREACH_NLRI attributes
 * (RFC 4760).
 */
public record UpdateMessage(PrefixBlock withdrawn, PathAttributes attributes, PrefixBlock nlri) implements BgpMessage {

    public UpdateMessage {
        Objects.requireNonNull(withdrawn, "withdrawn");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(nlri, "nlri");
        if (!withdrawn.family().equals(AddressFamily.IPV4_UNICAST) || !nlri.family().equals(AddressFamily.IPV4_UNICAST)) {
            throw new IllegalArgumentException("the UPDATE's own prefix fields are IPv4 unicast; other families go in MP_REACH_NLRI/MP_UNREACH_NLRI");
        }
    }

    /** Announces IPv4 unicast {@code nlri} with {@code attributes} (which then need a NEXT_HOP). */
    public static UpdateMessage announce(PathAttributes attributes, PrefixBlock nlri) {
        return new UpdateMessage(PrefixBlock.empty(AddressFamily.IPV4_UNICAST, nlri.hasPathIds()), attributes, nlri);
    }

    /** Withdraws prefixes of any family: in the withdrawn field for IPv4 unicast, else MP_UNREACH_NLRI. */
    public static UpdateMessage withdraw(PrefixBlock prefixes) {
        AddressFamily v4 = AddressFamily.IPV4_UNICAST;
        if (prefixes.family().equals(v4)) {
            return new UpdateMessage(prefixes, PathAttributes.EMPTY, PrefixBlock.empty(v4, prefixes.hasPathIds()));
        }
        return new UpdateMessage(PrefixBlock.empty(v4), PathAttributes.of(new MpUnreachNlri(prefixes.family(), prefixes)),
                PrefixBlock.empty(v4));
    }

    /** The End-of-RIB marker of a family (RFC 4724 §2). */
    public static UpdateMessage endOfRib(AddressFamily family) {
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            return new UpdateMessage(PrefixBlock.empty(family), PathAttributes.EMPTY, PrefixBlock.empty(family));
        }
        return new UpdateMessage(PrefixBlock.empty(AddressFamily.IPV4_UNICAST),
                PathAttributes.of(new MpUnreachNlri(family, PrefixBlock.empty(family))),
                PrefixBlock.empty(AddressFamily.IPV4_UNICAST));
    }

    /**
     * The family whose End-of-RIB this is, or null if it is not an End-of-RIB marker (RFC 4724 §2:
     * an empty UPDATE for IPv4 unicast, otherwise an UPDATE with only an empty MP_UNREACH_NLRI).
     */
    public AddressFamily endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
            return null;
        }
        if (attributes.isEmpty()) {
            return AddressFamily.IPV4_UNICAST;
        }
        MpUnreachNlri unreach = attributes.mpUnreach();
        if (attributes.size() == 1 && unreach != null && unreach.withdrawn().isEmpty()) {
            return unreach.family();
        }
        return null;
    }

    public boolean isEndOfRib() {
        return endOfRibFamily() != null;
    }

    /** Number of prefixes announced, in the NLRI field and in MP_REACH_NLRI. */
    public int announcedCount() {
        MpReachNlri reach = attributes.mpReach();
        return nlri.count() + (reach == null ? 0 : reach.nlri().count());
    }

    /** Number of prefixes withdrawn, in the withdrawn field and in MP_UNREACH_NLRI. */
    public int withdrawnCount() {
        MpUnreachNlri unreach = attributes.mpUnreach();
        return withdrawn.count() + (unreach == null ? 0 : unreach.withdrawn().count());
    }

    @Override
    public int type() {
        return TYPE_UPDATE;
    }

    @Override
    public String toString() {
        AddressFamily endOfRib = endOfRibFamily();
        if (endOfRib != null) {
            return "UpdateMessage[End-of-RIB " + endOfRib + "]";
        }
        return "UpdateMessage[withdrawn=" + withdrawn + ", attributes=" + attributes + ", nlri=" + nlri + "]";
    }
}
