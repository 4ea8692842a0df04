package dev.javabgp.rib;

import static dev.javabgp.rib.RibFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.ExportSettings.Role;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each kind of peer is sent, read back from the UPDATEs an update group writes. */
class UpdateGroupTest {

    static final PeerInfo EXTERNAL = ebgp("192.0.2.1", 65001, "10.1.0.1");
    static final PeerInfo CLIENT = ibgp("10.0.0.2", "10.2.0.1", true);
    static final PeerInfo NON_CLIENT = ibgp("10.0.0.3", "10.3.0.1", false);
    static final java.net.Inet4Address SELF = Addresses.ipv4("10.255.0.1");

    /** Everything the group writes now, decoded. */
    static List<UpdateMessage> drain(UpdateGroup group, WireOptions options) {
        ByteBuf out = Unpooled.buffer();
        List<UpdateMessage> updates = new ArrayList<>();
        while (group.hasPending()) {
            group.write(options, out, 1000);
        }
        while (out.isReadable()) {
            DecodeResult.Decoded d = (DecodeResult.Decoded) BgpMessageDecoder.decode(out, options);
            assertThat(d.errors()).isEmpty();
            updates.add((UpdateMessage) d.message());
        }
        out.release();
        return updates;
    }

    static final WireOptions TO_EXTERNAL = WireOptions.DEFAULT;
    static final WireOptions TO_INTERNAL = WireOptions.DEFAULT.withExternalPeer(false);

    @Test
    void externalPeersGetOurAsOurNextHopAndNoLocalPrefOrLearnedMed() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        int peer = rib.addPeer(NON_CLIENT, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.3", 65010).with(new LocalPref(300)).with(new MultiExitDisc(7)),
                "10.1.0.0/16"));
        UpdateMessage u = drain(group, TO_EXTERNAL).get(0);
        PathAttributes a = u.attributes();
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(LOCAL_AS, 65010));
        assertThat(a.nextHop()).isEqualTo(new NextHop(SELF));
        assertThat(a.localPref()).isNull();
        assertThat(a.multiExitDisc()).isNull();
        assertThat(u.nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
    }

    @Test
    void aPeersOwnRoutesDoNotGoBackToItAndItsBestRouteReplacesWhatItWasSent() {
        Rib rib = new Rib(CONFIG);
        PeerInfo otherExternal = ebgp("192.0.2.2", 65002, "10.1.0.2");
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        int other = rib.addPeer(otherExternal, PeerOptions.DEFAULT);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_SERVER_CLIENT, SELF),
                java.util.Set.of(AddressFamily.IPV4_UNICAST), peer);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        send(rib, other, announce(attributes("192.0.2.2", 65002, 65002, 65002), "10.1.0.0/16", "10.2.0.0/16"));
        // The peer's own path is the best for 10.1.0.0/16 (the shorter AS path): nothing of it comes back.
        List<UpdateMessage> first = drain(group, TO_EXTERNAL);
        assertThat(first.stream().flatMap(u -> u.nlri().prefixes().stream()).toList())
                .containsExactly(IpPrefix.parse("10.2.0.0/16"));

        // The other peer's route for 10.2.0.0/16 loses to the peer's own: the peer is told to forget ours.
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.2.0.0/16"));
        List<UpdateMessage> second = drain(group, TO_EXTERNAL);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).withdrawn().prefixes()).containsExactly(IpPrefix.parse("10.2.0.0/16"));
        assertThat(group.advertisedCount()).isZero();
    }

    @Test
    void oneSetFromTwoClientsReflectsWithEachOriginatorAndANewSetInTheSameWriteKeepsItsOwn() {
        Rib rib = new Rib(CONFIG);
        int first = rib.addPeer(CLIENT, PeerOptions.DEFAULT);
        int second = rib.addPeer(ibgp("10.0.0.4", "10.4.0.1", true), PeerOptions.DEFAULT);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_REFLECTOR_CLIENT, SELF));
        // The same attributes from two clients are one interned set, exported twice: the ORIGINATOR_ID
        // differs (RFC 4456 §8). A third set comes in the same write.
        PathAttributes shared = attributes("10.0.0.9", 65010).with(new LocalPref(100));
        rib.apply(first, announce(shared, "10.1.0.0/16"), List.of());
        rib.apply(second, announce(shared, "10.2.0.0/16"), List.of());
        rib.apply(first, announce(attributes("10.0.0.9", 65020, 65030).with(new LocalPref(100)), "10.3.0.0/16"), List.of());
        rib.settle();
        java.util.Map<IpPrefix, PathAttributes> received = new java.util.HashMap<>();
        for (UpdateMessage u : drain(group, TO_INTERNAL)) {
            u.nlri().prefixes().forEach(p -> received.put(p, u.attributes()));
        }
        assertThat(received.get(IpPrefix.parse("10.1.0.0/16")).originatorId()).isEqualTo(new OriginatorId(Addresses.ipv4("10.2.0.1")));
        assertThat(received.get(IpPrefix.parse("10.2.0.0/16")).originatorId()).isEqualTo(new OriginatorId(Addresses.ipv4("10.4.0.1")));
        assertThat(received.get(IpPrefix.parse("10.3.0.0/16")).asPath()).isEqualTo(AsPath.sequence(65020, 65030));
        assertThat(received.get(IpPrefix.parse("10.1.0.0/16")).asPath()).isEqualTo(AsPath.sequence(65010));
        group.close();
    }

    @Test
    void aGroupWithALocalAsOverridePrependsThatAsInsteadOfOurs() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF).withLocalAs(4_200_000_777L));
        int peer = rib.addPeer(NON_CLIENT, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.3", 65010), "10.1.0.0/16"));
        UpdateMessage u = drain(group, TO_EXTERNAL.withFourOctetAs(true)).get(0);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.sequence(4_200_000_777L, 65010));
    }

    @Test
    void manyPrefixesWithOneAttributeSetGoInOneUpdateAndWithdrawalsFollow() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        String[] prefixes = prefixes(500).stream().map(IpPrefix::toString).toArray(String[]::new);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), prefixes));
        List<UpdateMessage> updates = drain(group, TO_EXTERNAL);
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).nlri().count()).isEqualTo(500);
        send(rib, peer, withdraw(prefixes));
        List<UpdateMessage> withdrawals = drain(group, TO_EXTERNAL);
        assertThat(withdrawals.stream().mapToInt(UpdateMessage::withdrawnCount).sum()).isEqualTo(500);
        assertThat(group.advertised(AddressFamily.IPV4_UNICAST)).isEmpty();
        group.close();
        assertThat(rib.attributeSets().size()).isZero();
        assertThat(rib.table(AddressFamily.IPV4_UNICAST).prefixes().size()).isZero();
    }

    @Test
    void aNewExportPolicyWithdrawsWhatItRejectsAndResendsNothingElse() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"));
        assertThat(drain(group, TO_EXTERNAL).stream().mapToInt(u -> u.nlri().count()).sum()).isEqualTo(2);

        group.changeExportPolicy(dev.javabgp.rib.policy.Policy.rules(dev.javabgp.rib.policy.Decision.ACCEPT, List.of(
                dev.javabgp.rib.policy.PolicyRule.rule().match(dev.javabgp.rib.policy.PrefixRange.orLonger(IpPrefix.parse("10.1.0.0/16")))
                        .reject())));
        List<UpdateMessage> rejected = drain(group, TO_EXTERNAL);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).withdrawn().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
        assertThat(rejected.get(0).nlri().count()).isZero(); // 10.2.0.0/16 is unchanged: not sent again
        assertThat(group.advertised(AddressFamily.IPV4_UNICAST)).extracting(Route::prefix).containsExactly(IpPrefix.parse("10.2.0.0/16"));

        group.changeExportPolicy(dev.javabgp.rib.policy.Policy.ACCEPT_ALL);
        List<UpdateMessage> accepted = drain(group, TO_EXTERNAL);
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
        send(rib, peer, withdraw("10.1.0.0/16", "10.2.0.0/16"));
        drain(group, TO_EXTERNAL);
        group.close();
        assertThat(rib.attributeSets().size()).isZero();
        assertThat(rib.table(AddressFamily.IPV4_UNICAST).prefixes().size()).isZero();
    }

    @Test
    void wellKnownCommunitiesLimitWhereRoutesGo() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup external = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        UpdateGroup internal = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_REFLECTOR_CLIENT, SELF));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001).with(Communities.of(Communities.NO_EXPORT)), "10.1.0.0/16"));
        send(rib, peer, announce(attributes("192.0.2.1", 65001).with(Communities.of(Communities.NO_ADVERTISE)), "10.2.0.0/16"));
        send(rib, peer, announce(attributes("192.0.2.1", 65001).with(Communities.of(Communities.BLACKHOLE)), "10.3.0.1/32"));
        assertThat(drain(external, TO_EXTERNAL)).isEmpty();
        assertThat(drain(internal, TO_INTERNAL).stream().flatMap(u -> u.nlri().prefixes().stream()).map(Object::toString))
                .containsExactlyInAnyOrder("10.1.0.0/16", "10.3.0.1/32");
    }

    @Test
    void routeReflectionFollowsRfc4456() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup clients = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_REFLECTOR_CLIENT, SELF));
        UpdateGroup nonClients = new UpdateGroup(rib, ExportSettings.of(Role.INTERNAL, SELF));
        int client = rib.addPeer(CLIENT, PeerOptions.DEFAULT);
        int nonClient = rib.addPeer(NON_CLIENT, PeerOptions.DEFAULT);
        send(rib, client, announce(attributes("10.0.0.2", 65010), "10.1.0.0/16"));
        send(rib, nonClient, announce(attributes("10.0.0.3", 65020), "10.2.0.0/16"));

        // A client's route goes to non-clients, with ORIGINATOR_ID and our cluster in CLUSTER_LIST.
        List<UpdateMessage> toNonClients = drain(nonClients, TO_INTERNAL);
        assertThat(toNonClients).hasSize(1);
        PathAttributes reflected = toNonClients.get(0).attributes();
        assertThat(toNonClients.get(0).nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
        assertThat(reflected.originatorId()).isEqualTo(new OriginatorId(CLIENT.routerId()));
        assertThat(reflected.clusterList()).isEqualTo(new ClusterList(new int[] {Addresses.ipv4Bits(CONFIG.clusterId())}));
        assertThat(reflected.nextHop()).isEqualTo(NextHop.of("10.0.0.2")); // iBGP keeps the next hop
        assertThat(reflected.localPref()).isEqualTo(new LocalPref(100));

        // A non-client's route goes to clients only (split horizon among non-clients).
        assertThat(drain(clients, TO_INTERNAL).stream().flatMap(u -> u.nlri().prefixes().stream()).map(Object::toString))
                .containsExactlyInAnyOrder("10.1.0.0/16", "10.2.0.0/16");
    }

    @Test
    void routeServerClientsGetRoutesUnchanged() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup clients = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_SERVER_CLIENT, SELF));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001).with(new MultiExitDisc(42)), "10.1.0.0/16"));
        PathAttributes a = drain(clients, TO_EXTERNAL).get(0).attributes();
        // RFC 7947 §2.2: no own AS, next hop and MED as received.
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(65001));
        assertThat(a.nextHop()).isEqualTo(NextHop.of("192.0.2.1"));
        assertThat(a.multiExitDisc()).isEqualTo(new MultiExitDisc(42));
    }

    @Test
    void aBetterRouteReplacesTheAdvertisedOneAndAnUnchangedBestSendsNothing() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_SERVER_CLIENT, SELF));
        int a = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        int b = rib.addPeer(ebgp("192.0.2.2", 65002, "10.1.0.2"), PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("192.0.2.1", 65001, 65009, 65008), "10.1.0.0/16"));
        assertThat(drain(group, TO_EXTERNAL)).hasSize(1);
        send(rib, b, announce(attributes("192.0.2.2", 65002), "10.1.0.0/16"));
        List<UpdateMessage> replaced = drain(group, TO_EXTERNAL);
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0).attributes().asPath()).isEqualTo(AsPath.sequence(65002));
        send(rib, a, announce(attributes("192.0.2.1", 65001, 65009, 65007), "10.1.0.0/16")); // still worse
        assertThat(drain(group, TO_EXTERNAL)).isEmpty();
    }

    @Test
    void noPeerRoutesStayAwayFromLateralPeers() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup lateral = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF).withLateralPeers(true));
        UpdateGroup transit = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        int peer = rib.addPeer(NON_CLIENT, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.3", 65010).with(Communities.of(Communities.NO_PEER)), "10.1.0.0/16"));
        assertThat(drain(lateral, TO_EXTERNAL)).isEmpty(); // RFC 3765 §2
        assertThat(drain(transit, TO_EXTERNAL)).hasSize(1);
    }

    @Test
    void longLivedStaleRoutesGoOutWithLlgrStaleAndNoLlgrOnesAreDropped() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_REFLECTOR_CLIENT, SELF));
        int peer = rib.addPeer(NON_CLIENT, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.3", 65010), "10.1.0.0/16"));
        send(rib, peer, announce(attributes("10.0.0.3", 65010).with(Communities.of(Communities.NO_LLGR)), "10.2.0.0/16"));
        drain(group, TO_INTERNAL);
        rib.markStale(peer, AddressFamily.IPV4_UNICAST, true); // RFC 9494 §4.3
        rib.settle();
        List<UpdateMessage> updates = drain(group, TO_INTERNAL);
        assertThat(updates.stream().mapToInt(UpdateMessage::withdrawnCount).sum()).isEqualTo(1); // the NO_LLGR one
        UpdateMessage stale = updates.stream().filter(u -> u.announcedCount() > 0).findFirst().orElseThrow();
        assertThat(stale.nlri().prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
        assertThat(stale.attributes().communities().contains(Communities.LLGR_STALE)).isTrue();
    }

    @Test
    void addPathSendsTheBestPathsUnderTheirOwnIdentifiers() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup group = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_SERVER_CLIENT, SELF).withPathsPerPrefix(2));
        WireOptions addPath = TO_EXTERNAL.withAddPath(java.util.Set.of(AddressFamily.IPV4_UNICAST));
        int a = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        int b = rib.addPeer(ebgp("192.0.2.2", 65002, "10.1.0.2"), PeerOptions.DEFAULT);
        int c = rib.addPeer(ebgp("192.0.2.3", 65003, "10.1.0.3"), PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        send(rib, b, announce(attributes("192.0.2.2", 65002, 65020), "10.1.0.0/16"));
        send(rib, c, announce(attributes("192.0.2.3", 65003, 65030, 65031), "10.1.0.0/16"));
        List<UpdateMessage> first = drain(group, addPath);
        List<Long> firstPaths = first.stream().map(u -> u.attributes().asPath().firstAs()).sorted().toList();
        assertThat(firstPaths).containsExactly(65001L, 65002L); // the two best by AS_PATH length
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        first.forEach(u -> { var cur = u.nlri().cursor(); while (cur.next()) { ids.add(cur.pathId()); } });
        assertThat(ids).hasSize(2);

        send(rib, a, withdraw("10.1.0.0/16")); // the best goes: its identifier is withdrawn, the third comes in
        List<UpdateMessage> second = drain(group, addPath);
        assertThat(second.stream().mapToInt(UpdateMessage::withdrawnCount).sum()).isEqualTo(1);
        assertThat(second.stream().filter(u -> u.announcedCount() > 0).map(u -> u.attributes().asPath().firstAs()))
                .containsExactly(65003L);
        assertThat(group.advertised(AddressFamily.IPV4_UNICAST)).hasSize(2);
        group.close();
        rib.clearPeer(b);
        rib.clearPeer(c);
        rib.settle();
        assertThat(rib.attributeSets().size()).isZero();
    }

    @Test
    void nextHopSelfTowardsInternalAndOriginalNextHopTowardsExternalOnRequest() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup selfToIbgp = new UpdateGroup(rib, ExportSettings.of(Role.INTERNAL, SELF).withForceNextHopSelf(true));
        UpdateGroup keepToEbgp = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF).withKeepOriginalNextHop(true));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        assertThat(drain(selfToIbgp, TO_INTERNAL).get(0).attributes().nextHop()).isEqualTo(new NextHop(SELF));
        PathAttributes external = drain(keepToEbgp, TO_EXTERNAL).get(0).attributes();
        assertThat(external.nextHop()).isEqualTo(NextHop.of("192.0.2.1"));
        assertThat(external.asPath()).isEqualTo(AsPath.sequence(LOCAL_AS, 65001));
    }

    @Test
    void noExportSubconfedStaysInside() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup external = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        UpdateGroup internal = new UpdateGroup(rib, ExportSettings.of(Role.INTERNAL, SELF));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001).with(Communities.of(Communities.NO_EXPORT_SUBCONFED)),
                "10.1.0.0/16"));
        assertThat(drain(external, TO_EXTERNAL)).isEmpty();
        assertThat(drain(internal, TO_INTERNAL)).hasSize(1);
    }

    @Test
    void onlyNegotiatedFamiliesAreSent() {
        Rib rib = new Rib(CONFIG);
        UpdateGroup v6only = new UpdateGroup(rib, ExportSettings.of(Role.ROUTE_SERVER_CLIENT, SELF),
                java.util.Set.of(AddressFamily.IPV6_UNICAST));
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        rib.apply(peer, UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8::1"),
                        dev.javabgp.codec.nlri.PrefixBlock.parse(AddressFamily.IPV6_UNICAST, "2001:db8:5::/48"))),
                dev.javabgp.codec.nlri.PrefixBlock.empty(AddressFamily.IPV4_UNICAST)), List.of());
        rib.settle();
        List<UpdateMessage> sent = drain(v6only, TO_EXTERNAL);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).attributes().mpReach().family()).isEqualTo(AddressFamily.IPV6_UNICAST); // RFC 4760 §8
    }

    @Test
    void aGroupCreatedLateReceivesTheWholeTable() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"));
        UpdateGroup late = new UpdateGroup(rib, ExportSettings.of(Role.EXTERNAL, SELF));
        assertThat(drain(late, TO_EXTERNAL).get(0).nlri().count()).isEqualTo(2);
    }
}
