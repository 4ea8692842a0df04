package dev.javabgp.codec.attribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The path attributes of an UPDATE as one immutable value, one attribute per type code, ordered by
 * type code so that equal sets are equal whatever order they arrived in. Equality and hash code are
 * cheap to reuse, which lets a RIB intern the distinct sets it holds.
 */
public final class PathAttributes {

    public static final PathAttributes EMPTY = new PathAttributes(new PathAttribute[0]);

    private final PathAttribute[] attributes;
    /** Type codes of {@code attributes}, so look-ups avoid a call per attribute. */
    private final int[] types;
    private int hash;

    private PathAttributes(PathAttribute[] sortedUnique) {
        this.attributes = sortedUnique;
        this.types = new int[sortedUnique.length];
        for (int i = 0; i < sortedUnique.length; i++) {
            types[i] = sortedUnique[i].typeCode();
        }
    }

    public static PathAttributes of(PathAttribute... attributes) {
        return of(Arrays.asList(attributes));
    }

    /** @throws IllegalArgumentException if two attributes have the same type code */
    public static PathAttributes of(Collection<? extends PathAttribute> attributes) {
        PathAttribute[] array = attributes.toArray(new PathAttribute[0]);
        // Insertion sort: attribute lists are short and usually arrive in type-code order (RFC 4271 §5).
        for (int i = 1; i < array.length; i++) {
            PathAttribute a = array[i];
            int type = a.typeCode();
            int j = i - 1;
            while (j >= 0 && array[j].typeCode() > type) {
                array[j + 1] = array[j];
                j--;
            }
            if (j >= 0 && array[j].typeCode() == type) {
                throw new IllegalArgumentException("two " + AttributeType.name(type) + " attributes");
            }
            array[j + 1] = a;
        }
        return array.length == 0 ? EMPTY : new PathAttributes(array);
    }

    public int size() {
        return attributes.length;
    }

    public boolean isEmpty() {
        return attributes.length == 0;
    }

    /** The attributes in type-code order. */
    public List<PathAttribute> asList() {
        return List.of(attributes);
    }

    /** The attribute with this type code, or null. */
    public PathAttribute get(int typeCode) {
        int[] t = types;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= typeCode) {
                return t[i] == typeCode ? attributes[i] : null;
            }
        }
        return null;
    }

    public boolean has(int typeCode) {
        return get(typeCode) != null;
    }

    public Origin origin() {
        return (Origin) get(AttributeType.ORIGIN);
    }

    public AsPath asPath() {
        return (AsPath) get(AttributeType.AS_PATH);
    }

    public NextHop nextHop() {
        return (NextHop) get(AttributeType.NEXT_HOP);
    }

    public MultiExitDisc multiExitDisc() {
        return (MultiExitDisc) get(AttributeType.MULTI_EXIT_DISC);
    }

    public LocalPref localPref() {
        return (LocalPref) get(AttributeType.LOCAL_PREF);
    }

    public boolean atomicAggregate() {
        return has(AttributeType.ATOMIC_AGGREGATE);
    }

    public Aggregator aggregator() {
        return (Aggregator) get(AttributeType.AGGREGATOR);
    }

    public Communities communities() {
        return (Communities) get(AttributeType.COMMUNITIES);
    }

    public OriginatorId originatorId() {
        return (OriginatorId) get(AttributeType.ORIGINATOR_ID);
    }

    public ClusterList clusterList() {
        return (ClusterList) get(AttributeType.CLUSTER_LIST);
    }

    public MpReachNlri mpReach() {
        return (MpReachNlri) get(AttributeType.MP_REACH_NLRI);
    }

    public MpUnreachNlri mpUnreach() {
        return (MpUnreachNlri) get(AttributeType.MP_UNREACH_NLRI);
    }

    /**
     * The next hop of the routes these attributes carry: MP_REACH_NLRI's (RFC 4760 §3) if present,
     * otherwise NEXT_HOP's (RFC 4271 §5.1.3); null if neither is there.
     */
    public java.net.InetAddress nextHopAddress() {
        MpReachNlri reach = mpReach();
        if (reach != null) {
            return reach.nextHop();
        }
        NextHop nh = nextHop();
        return nh == null ? null : nh.address();
    }

    public ExtendedCommunities extendedCommunities() {
        return (ExtendedCommunities) get(AttributeType.EXTENDED_COMMUNITIES);
    }

    public Ipv6ExtendedCommunities ipv6ExtendedCommunities() {
        return (Ipv6ExtendedCommunities) get(AttributeType.IPV6_EXTENDED_COMMUNITIES);
    }

    public LargeCommunities largeCommunities() {
        return (LargeCommunities) get(AttributeType.LARGE_COMMUNITIES);
    }

    public OnlyToCustomer onlyToCustomer() {
        return (OnlyToCustomer) get(AttributeType.ONLY_TO_CUSTOMER);
    }

    /** This set with {@code attribute} added, replacing one of the same type. */
    public PathAttributes with(PathAttribute attribute) {
        List<PathAttribute> list = new ArrayList<>(attributes.length + 1);
        for (PathAttribute a : attributes) {
            if (a.typeCode() != attribute.typeCode()) {
                list.add(a);
            }
        }
        list.add(attribute);
        return of(list);
    }

    /** This set without the attributes of the given type codes. */
    public PathAttributes without(int... typeCodes) {
        List<PathAttribute> list = new ArrayList<>(attributes.length);
        outer:
        for (PathAttribute a : attributes) {
            for (int t : typeCodes) {
                if (a.typeCode() == t) {
                    continue outer;
                }
            }
            list.add(a);
        }
        return list.size() == attributes.length ? this : of(list);
    }

    /**
     * This set as it may be passed to another peer: unrecognised non-transitive attributes dropped,
     * unrecognised transitive ones marked Partial (RFC 4271 §5).
     */
    public PathAttributes forPassingOn() {
        boolean changes = false;
        for (PathAttribute a : attributes) {
            if (a instanceof UnknownAttribute u && (!u.isTransitive() || (u.flags() & PathAttribute.FLAG_PARTIAL) == 0)) {
                changes = true;
                break;
            }
        }
        if (!changes) {
            return this;
        }
        List<PathAttribute> list = new ArrayList<>(attributes.length);
        for (PathAttribute a : attributes) {
            if (a instanceof UnknownAttribute u) {
                if (u.isTransitive()) {
                    list.add(u.withPartial());
                }
            } else {
                list.add(a);
            }
        }
        return of(list);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof PathAttributes p && p.hashCode() == hashCode() && Arrays.equals(p.attributes, attributes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(attributes);
            hash = h == 0 ? 1 : h;
            h = hash;
        }
        return h;
    }

    @Override
    public String toString() {
        return Arrays.toString(attributes);
    }
}
