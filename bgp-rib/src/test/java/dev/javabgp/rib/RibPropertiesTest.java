package dev.javabgp.rib;

import static dev.javabgp.rib.RibFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.rib.out.ExportRules;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.*;
import net.jqwik.api.*;

/**
 * For any sequence of announcements and withdrawals from several peers: the Loc-RIB equals a
 * from-scratch recomputation, each Adj-RIB-Out equals the export rules applied to it, what a
 * group's peer holds after reading every UPDATE the group wrote equals it too, and interned
 * attribute sets are released when no route uses them.
 */
class RibPropertiesTest {

    static final PeerInfo[] PEERS = {
        ebgp("192.0.2.1", 65001, "10.1.0.1"), ebgp("192.0.2.2", 65002, "10.1.0.2"),
        ibgp("10.0.0.3", "10.3.0.1", true), ibgp("10.0.0.4", "10.4.0.1", false)};
    static final List<IpPrefix> PREFIXES = List.of(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.0.0/16"),
            IpPrefix.parse("10.2.0.0/24"), IpPrefix.parse("192.0.2.128/25"), IpPrefix.parse("0.0.0.0/0"),
            IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:1::/48"));

    /** One step: a peer announces some prefixes with one of a few attribute sets, withdraws, or resets. */
    record Step(int peer, int kind, int attributes, Set<Integer> prefixes, boolean settle) {}

    static PathAttributes attributesFor(int peer, int variant, boolean ipv6) {
        PeerInfo p = PEERS[peer];
        long first = p.external() ? p.asn() : 65010 + variant % 2;
        List<PathAttribute> list = new ArrayList<>(List.of(Origin.values()[variant % 3],
                variant % 4 == 0 ? AsPath.sequence(first) : AsPath.sequence(first, 65100, 65100 + variant)));
        if (variant % 3 == 1) {
            list.add(new MultiExitDisc(variant * 10L));
        }
        if (!p.external() && variant % 2 == 0) {
            list.add(new LocalPref(90 + variant * 5L));
        }
        if (variant == 5) {
            list.add(Communities.of(Communities.NO_EXPORT));
        }
        String nextHop = p.address().getHostAddress();
        list.add(ipv6 ? new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8:ffff::" + (peer + 1)),
                PrefixBlock.empty(AddressFamily.IPV6_UNICAST)) : NextHop.of(nextHop));
        return PathAttributes.of(list);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, PEERS.length - 1),
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2)), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, PREFIXES.size() - 1).set().ofMinSize(1).ofMaxSize(4),
                Arbitraries.frequency(Tuple.of(2, true), Tuple.of(1, false))).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void locRibAndAdjRibOutFollowFromTheAdjRibsIn(@ForAll("steps") List<Step> steps) {
        Rib rib = new Rib(CONFIG);
        int[] index = new int[PEERS.length];
        for (int i = 0; i < PEERS.length; i++) {
            // Half the peers also keep their routes as received; that must change nothing else.
            index[i] = rib.addPeer(PEERS[i], PeerOptions.DEFAULT.withKeepBeforePolicy(i % 2 == 0));
        }
        List<UpdateGroup> groups = List.of(
                new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.EXTERNAL, Addresses.ipv4("10.255.0.1"))
                        .withNextHopSelf6(Addresses.ipv6("2001:db8:ffff::ff"))),
                new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.INTERNAL, Addresses.ipv4("10.255.0.1"))),
                new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.ROUTE_SERVER_CLIENT, Addresses.ipv4("10.255.0.1"))),
                new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.ROUTE_SERVER_CLIENT, Addresses.ipv4("10.255.0.1"))
                        .withPathsPerPrefix(ExportSettings.ALL_PATHS)));
        // The model: what each peer currently announces.
        Map<Integer, Map<IpPrefix, PathAttributes>> model = new HashMap<>();
        Map<UpdateGroup, Receiver> receivers = new HashMap<>();
        for (UpdateGroup g : groups) {
            if (g.settings().pathsPerPrefix() == 1) {
                receivers.put(g, new Receiver(WireOptions.DEFAULT.withExternalPeer(g.settings().role() == ExportSettings.Role.EXTERNAL
                        || g.settings().role() == ExportSettings.Role.ROUTE_SERVER_CLIENT)));
            }
        }
        for (Step s : steps) {
            Map<IpPrefix, PathAttributes> held = model.computeIfAbsent(s.peer, k -> new HashMap<>());
            switch (s.kind) {
                case 0 -> {
                    for (int i : s.prefixes) {
                        IpPrefix p = PREFIXES.get(i);
                        PathAttributes a = attributesFor(s.peer, s.attributes, !p.isIpv4());
                        rib.apply(index[s.peer], update(p, a), List.of());
                        held.put(p, a);
                    }
                }
                case 1 -> {
                    for (int i : s.prefixes) {
                        IpPrefix p = PREFIXES.get(i);
                        rib.apply(index[s.peer], UpdateMessage.withdraw(PrefixBlock.of(p.family(), p)), List.of());
                        held.remove(p);
                    }
                }
                default -> {
                    rib.clearPeer(index[s.peer]);
                    held.clear();
                }
            }
            if (s.settle) {
                rib.settle();
                drainAll(groups, receivers);
                assertMatchesModel(rib, groups, receivers, model);
            }
        }
        rib.settle();
        drainAll(groups, receivers);
        assertMatchesModel(rib, groups, receivers, model);

        for (int i : index) {
            rib.clearPeer(i);
        }
        rib.settle();
        drainAll(groups, receivers);
        groups.forEach(UpdateGroup::close);
        assertThat(rib.attributeSets().size()).as("attribute sets left").isZero();
        assertThat(rib.table(AddressFamily.IPV4_UNICAST).prefixes().size()).isZero();
        assertThat(rib.table(AddressFamily.IPV6_UNICAST).prefixes().size()).isZero();
    }

    private static UpdateMessage update(IpPrefix p, PathAttributes a) {
        if (p.isIpv4()) {
            return UpdateMessage.announce(a, PrefixBlock.of(p.family(), p));
        }
        return UpdateMessage.announce(a.with(a.mpReach().withNlri(PrefixBlock.of(p.family(), p))),
                PrefixBlock.empty(AddressFamily.IPV4_UNICAST));
    }

    private static void drainAll(List<UpdateGroup> groups, Map<UpdateGroup, Receiver> receivers) {
        ByteBuf out = Unpooled.buffer();
        for (UpdateGroup g : groups) {
            while (g.hasPending()) {
                g.write(WireOptions.DEFAULT, out, 3);
                if (receivers.containsKey(g)) {
                    receivers.get(g).read(out);
                }
                out.clear();
            }
        }
        out.release();
    }

    /** A group's peer: the routes it holds after reading the group's UPDATEs, by prefix. */
    static final class Receiver {
        final Map<IpPrefix, PathAttributes> routes = new TreeMap<>();
        final WireOptions options;

        Receiver(WireOptions options) {
            this.options = options;
        }

        void read(ByteBuf wire) {
            while (wire.isReadable()) {
                DecodeResult result = BgpMessageDecoder.decode(wire, options);
                assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
                UpdateMessage update = (UpdateMessage) ((DecodeResult.Decoded) result).message();
                PathAttributes attributes = update.attributes();
                update.withdrawn().prefixes().forEach(routes::remove);
                if (attributes.mpUnreach() != null) {
                    attributes.mpUnreach().withdrawn().prefixes().forEach(routes::remove);
                }
                update.nlri().prefixes().forEach(p -> routes.put(p, attributes));
                MpReachNlri reach = attributes.mpReach();
                if (reach != null) {
                    PathAttributes held = attributes.with(reach.withNlri(PrefixBlock.empty(reach.family())));
                    reach.nlri().prefixes().forEach(p -> routes.put(p, held));
                }
            }
        }
    }

    private static void assertMatchesModel(Rib rib, List<UpdateGroup> groups, Map<UpdateGroup, Receiver> receivers,
            Map<Integer, Map<IpPrefix, PathAttributes>> model) {
        // From scratch: a new RIB that only ever saw the routes still held.
        Rib fresh = new Rib(CONFIG);
        int[] index = new int[PEERS.length];
        for (int i = 0; i < PEERS.length; i++) {
            index[i] = fresh.addPeer(PEERS[i], PeerOptions.DEFAULT);
        }
        model.forEach((peer, routes) -> routes.forEach((p, a) -> fresh.apply(index[peer], update(p, a), List.of())));
        fresh.settle();
        for (IpPrefix p : PREFIXES) {
            Optional<Route> expected = fresh.best(p);
            Optional<Route> actual = rib.best(p);
            assertThat(actual.map(r -> List.of(r.peer(), r.attributes()))).as("best route of %s", p)
                    .isEqualTo(expected.map(r -> List.of(r.peer(), r.attributes())));
        }
        for (UpdateGroup g : groups) {
            ExportRules rules = new ExportRules(CONFIG.localAs(), CONFIG.clusterId(), g.settings());
            assertThat(g.advertisedCount()).as("advertised count of %s", g.settings().role())
                    .isEqualTo(g.advertised(AddressFamily.IPV4_UNICAST).size() + g.advertised(AddressFamily.IPV6_UNICAST).size());
            if (g.settings().pathsPerPrefix() > 1) {
                // ADD-PATH with every path: each path of the Loc-RIB goes out once (RFC 7911).
                for (AddressFamily family : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                    List<String> expected = new ArrayList<>();
                    for (IpPrefix p : PREFIXES) {
                        if (p.family().equals(family)) {
                            for (Route r : fresh.routes(p)) {
                                PathAttributes out = rules.apply(r.attributes(), r.peer());
                                if (out != null) {
                                    expected.add(p + " " + out);
                                }
                            }
                        }
                    }
                    List<String> actual = new ArrayList<>(g.advertised(family).stream().map(r -> r.prefix() + " " + r.attributes()).toList());
                    Collections.sort(expected);
                    Collections.sort(actual);
                    assertThat(actual).as("ADD-PATH Adj-RIB-Out, %s", family).isEqualTo(expected);
                }
                continue;
            }
            for (AddressFamily family : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                Map<IpPrefix, PathAttributes> expected = new TreeMap<>();
                for (Route best : fresh.bestRoutes(family)) {
                    PathAttributes out = rules.apply(best.attributes(), best.peer());
                    if (out != null) {
                        expected.put(best.prefix(), out);
                    }
                }
                Map<IpPrefix, PathAttributes> actual = new TreeMap<>();
                g.advertised(family).forEach(r -> actual.put(r.prefix(), r.attributes()));
                assertThat(actual).as("Adj-RIB-Out of %s, %s", g.settings().role(), family).isEqualTo(expected);
                Map<IpPrefix, PathAttributes> received = new TreeMap<>();
                receivers.get(g).routes.forEach((p, a) -> {
                    if (p.family().equals(family)) {
                        received.put(p, a);
                    }
                });
                assertThat(received).as("what the peer of %s holds, %s", g.settings().role(), family).isEqualTo(expected);
            }
        }
    }
}
