package dev.javabgp.codec.testing;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.message.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid messages for a given set of wire options. */
public final class MessageArbitraries {
    private MessageArbitraries() {}

    public static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    public static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    public static Arbitrary<WireOptions> options() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.subsetOf(V4, V6))
                .as((fourOctet, extended, external, addPath) -> new WireOptions(fourOctet, extended, addPath, external));
    }

    public static Arbitrary<BgpMessage> messages(WireOptions o) {
        return Arbitraries.oneOf(open(), update(o), notification(), Arbitraries.just(KeepaliveMessage.INSTANCE), routeRefresh());
    }

    static Arbitrary<Long> asn(boolean wide) {
        return wide ? Arbitraries.longs().between(1, 0xFFFF_FFFFL) : Arbitraries.longs().between(1, 0xFFFF);
    }

    static Arbitrary<AddressFamily> family() {
        return Arbitraries.oneOf(Arbitraries.of(V4, V6, AddressFamily.IPV4_MULTICAST),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 255))
                        .as(AddressFamily::of));
    }

    static Arbitrary<java.net.Inet4Address> ipv4() {
        return Arbitraries.integers().map(Addresses::ipv4);
    }

    static Arbitrary<java.net.Inet6Address> ipv6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> (java.net.Inet6Address) Addresses.ofBytes(b));
    }

    public static Arbitrary<PrefixBlock> prefixes(AddressFamily family, boolean pathIds, int max) {
        int bits = family.maxPrefixLength();
        Arbitrary<byte[]> address = Arbitraries.bytes().array(byte[].class).ofSize(family.addressBytes());
        Arbitrary<int[]> entry = Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, bits))
                .as((id, len) -> new int[] {id, len});
        return Combinators.combine(address.list().ofMaxSize(max), entry.list().ofMaxSize(max)).as((addresses, entries) -> {
            PrefixBlock.Builder b = PrefixBlock.builder(family, pathIds);
            for (int i = 0; i < Math.min(addresses.size(), entries.size()); i++) {
                b.add(pathIds ? entries.get(i)[0] : 0, addresses.get(i), entries.get(i)[1]);
            }
            return b.build();
        });
    }

    static Arbitrary<Capability> capability() {
        Arbitrary<AddressFamily> f = family();
        return Arbitraries.oneOf(
                f.map(MultiprotocolCapability::new),
                Arbitraries.of(RouteRefreshCapability.INSTANCE, EnhancedRouteRefreshCapability.INSTANCE, ExtendedMessageCapability.INSTANCE),
                asn(true).map(FourOctetAsCapability::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 4095),
                        Combinators.combine(f, Arbitraries.of(true, false)).as(GracefulRestartCapability.Family::new).list().ofMaxSize(5))
                        .as(GracefulRestartCapability::new),
                Combinators.combine(f, Arbitraries.of(true, false), Arbitraries.integers().between(0, 0xFFFFFF))
                        .as(LongLivedGracefulRestartCapability.Family::new).list().ofMaxSize(5)
                        .map(LongLivedGracefulRestartCapability::new),
                Combinators.combine(f, Arbitraries.of(AddPathCapability.Direction.class)).as(AddPathCapability.Family::new)
                        .list().ofMaxSize(5).map(AddPathCapability::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(0, 0xFFFF)).as(ExtendedNextHopCapability.Entry::new)
                        .list().ofMaxSize(5).map(ExtendedNextHopCapability::new),
                Arbitraries.integers().between(0, 255).map(RoleCapability::new),
                Combinators.combine(Arbitraries.strings().alpha().numeric().ofMaxLength(30),
                        Arbitraries.strings().alpha().ofMaxLength(30)).as(FqdnCapability::new),
                Combinators.combine(Arbitraries.integers().between(100, 255),
                                Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                        .as(UnknownCapability::new));
    }

    public static Arbitrary<OpenMessage> open() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.of(0, 3, 9, 90, 180, 65535),
                        ipv4().filter(a -> Addresses.ipv4Bits(a) != 0), capability().list().ofMaxSize(40))
                .as((as, hold, id, caps) -> new OpenMessage(4, as, hold, id, caps));
    }

    static Arbitrary<NotificationMessage> notification() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100)).as(NotificationMessage::new);
    }

    static Arbitrary<RouteRefreshMessage> routeRefresh() {
        return Combinators.combine(family(), Arbitraries.integers().between(0, 255)).as(RouteRefreshMessage::new);
    }

    static Arbitrary<AsPath> asPath(boolean fourOctet) {
        // Confederation segments never reach AS4_PATH (RFC 6793 §3), so a 2-octet session carries
        // them only as AS_PATH's leading segments; the hand-written vectors cover that case.
        Arbitrary<AsPathSegment.Type> type = fourOctet
                ? Arbitraries.of(AsPathSegment.Type.class)
                : Arbitraries.of(AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET);
        Arbitrary<AsPathSegment> segment = type.flatMap(t -> asn(true).list().ofMinSize(1).ofMaxSize(8)
                .map(l -> AsPathSegment.of(t, l.stream().mapToLong(Long::longValue).toArray())));
        return segment.list().ofMaxSize(4).map(AsPath::new);
    }

    /** Attributes with the mandatory ones when {@code announcing}; MP attributes added separately. */
    static Arbitrary<List<PathAttribute>> attributes(WireOptions o, boolean announcing, boolean withNextHop) {
        Arbitrary<Boolean> maybe = Arbitraries.of(true, false);
        Arbitrary<int[]> ints = Arbitraries.integers().array(int[].class).ofMinSize(1).ofMaxSize(6);
        List<Arbitrary<? extends PathAttribute>> optional = List.of(
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(MultiExitDisc::new),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(LocalPref::new),
                Arbitraries.just(AtomicAggregate.INSTANCE),
                ints.map(Communities::new),
                ipv4().map(OriginatorId::new),
                ints.map(ClusterList::new),
                Arbitraries.longs().array(long[].class).ofMinSize(1).ofMaxSize(4).map(ExtendedCommunities::new),
                Arbitraries.bytes().array(byte[].class).ofSize(40).map(Ipv6ExtendedCommunities::new),
                Arbitraries.integers().array(int[].class).ofSize(6).map(LargeCommunities::new),
                asn(true).map(OnlyToCustomer::new),
                Combinators.combine(Arbitraries.of(0x80, 0xC0, 0xE0, 0xA0), Arbitraries.integers().between(40, 254),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(30)).as(UnknownAttribute::new));
        Arbitrary<AsPath> path = asPath(o.fourOctetAs());
        return Combinators.combine(Arbitraries.of(Origin.class), path, ipv4().map(NextHop::new),
                        Combinators.combine(asn(true), ipv4()).as(Aggregator::new), maybe.list().ofSize(optional.size() + 2),
                        Combinators.combine(optional.stream().map(a -> a.map(x -> (PathAttribute) x)).toList())
                                .as(List::copyOf))
                .as((origin, asPath, nextHop, aggregator, flags, optionals) -> {
                    List<PathAttribute> list = new ArrayList<>();
                    if (announcing || flags.get(0)) {
                        list.add(origin);
                        list.add(asPath);
                    }
                    if (withNextHop) {
                        list.add(nextHop);
                    }
                    boolean widePath = asPath.segments().stream().anyMatch(s -> java.util.stream.IntStream.range(0, s.size())
                            .anyMatch(i -> s.asn(i) > 0xFFFF));
                    // RFC 6793 §4.2.3: a 2-octet aggregator voids AS4_PATH, so a 2-octet session cannot carry both.
                    if (flags.get(1) && (o.fourOctetAs() || !widePath || aggregator.asn() > 0xFFFF)) {
                        list.add(aggregator);
                    }
                    for (int i = 0; i < optionals.size(); i++) {
                        if (flags.get(i + 2)) {
                            list.add(optionals.get(i));
                        }
                    }
                    return list;
                });
    }

    public static Arbitrary<UpdateMessage> update(WireOptions o) {
        boolean v4Ids = o.addPath(V4);
        Arbitrary<PrefixBlock> v4 = prefixes(V4, v4Ids, 40);
        Arbitrary<MpReachNlri> reach = Arbitraries.oneOf(
                Combinators.combine(ipv6(), Arbitraries.oneOf(ipv6(), Arbitraries.just(null)), prefixes(V6, o.addPath(V6), 30))
                        .as((nh, ll, block) -> new MpReachNlri(V6, nh, ll, block)),
                Combinators.combine(Arbitraries.oneOf(ipv4().map(a -> (java.net.InetAddress) a), ipv6().map(a -> a)),
                        prefixes(V4, v4Ids, 30)).as((nh, block) -> new MpReachNlri(V4, nh, block)));
        Arbitrary<MpUnreachNlri> unreach = Arbitraries.oneOf(prefixes(V6, o.addPath(V6), 30).map(b -> new MpUnreachNlri(V6, b)),
                prefixes(V4, v4Ids, 30).map(b -> new MpUnreachNlri(V4, b)));
        return Combinators.combine(v4, v4, Arbitraries.oneOf(reach, Arbitraries.just(null)),
                        Arbitraries.oneOf(unreach, Arbitraries.just(null)), Arbitraries.of(true, false))
                .flatAs((withdrawn, nlri, mpReach, mpUnreach, bare) -> {
                    boolean announcing = !nlri.isEmpty() || mpReach != null;
                    if (bare && !announcing) {
                        List<PathAttribute> only = mpUnreach == null ? List.of() : List.of(mpUnreach);
                        return Arbitraries.just(new UpdateMessage(withdrawn, PathAttributes.of(only), nlri));
                    }
                    return attributes(o, announcing, !nlri.isEmpty()).map(list -> {
                        List<PathAttribute> all = new ArrayList<>(list);
                        if (mpReach != null) {
                            all.add(mpReach);
                        }
                        if (mpUnreach != null) {
                            all.add(mpUnreach);
                        }
                        return new UpdateMessage(withdrawn, PathAttributes.of(all), nlri);
                    });
                });
    }

    /** Options a 4-octet iBGP session would use, the widest acceptance of attributes. */
    public static WireOptions internal(Set<AddressFamily> addPath) {
        return new WireOptions(true, false, addPath, false);
    }
}
