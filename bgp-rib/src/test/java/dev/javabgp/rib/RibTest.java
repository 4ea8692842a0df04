package dev.javabgp.rib;

import static dev.javabgp.rib.RibFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adj-RIB-In and Loc-RIB behaviour: import checks, treat-as-withdraw, limits, graceful restart. */
class RibTest {

    static final PeerInfo EXTERNAL = ebgp("192.0.2.1", 65001, "10.1.0.1");
    static final PeerInfo INTERNAL = ibgp("10.0.0.2", "10.2.0.1", false);

    @Test
    void announceThenWithdrawLeavesNothingBehind() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).hasSize(2);
        assertThat(rib.routeCount(peer, AddressFamily.IPV4_UNICAST)).isEqualTo(2);
        assertThat(rib.attributeSets().size()).isEqualTo(1); // one set shared by both routes
        send(rib, peer, withdraw("10.1.0.0/16", "10.2.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
        assertThat(rib.attributeSets().size()).isZero();
        assertThat(rib.table(AddressFamily.IPV4_UNICAST).prefixes().size()).isZero();
    }

    @Test
    void replacingARouteReleasesTheOldAttributes() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        send(rib, peer, announce(attributes("192.0.2.1", 65001, 65009), "10.1.0.0/16"));
        assertThat(rib.attributeSets().size()).isEqualTo(1);
        assertThat(rib.best(IpPrefix.parse("10.1.0.0/16")).orElseThrow().attributes().asPath())
                .isEqualTo(AsPath.sequence(65001, 65009));
    }

    @Test
    void ownAsInAnExternalPathIsALoopUnlessAllowed() {
        Rib rib = new Rib(CONFIG);
        int strict = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        int lenient = rib.addPeer(ebgp("192.0.2.2", 65002, "10.1.0.2"), PeerOptions.DEFAULT.withAllowAsIn(1));
        send(rib, strict, announce(attributes("192.0.2.1", 65001, LOCAL_AS, 65003), "10.1.0.0/16"));
        assertThat(rib.routes(IpPrefix.parse("10.1.0.0/16"))).isEmpty();
        send(rib, lenient, announce(attributes("192.0.2.2", 65002, LOCAL_AS, 65003), "10.1.0.0/16"));
        assertThat(rib.routes(IpPrefix.parse("10.1.0.0/16"))).hasSize(1);
        send(rib, lenient, announce(attributes("192.0.2.2", 65002, LOCAL_AS, LOCAL_AS), "10.1.0.0/16"));
        assertThat(rib.routes(IpPrefix.parse("10.1.0.0/16"))).isEmpty(); // the loop withdrew it
    }

    @Test
    void reflectedRoutesThatComeBackAreLoops() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(INTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("10.0.0.2", 65001).with(new OriginatorId(CONFIG.routerId())), "10.1.0.0/16"));
        send(rib, peer, announce(attributes("10.0.0.2", 65001)
                .with(new ClusterList(new int[] {7, Addresses.ipv4Bits(CONFIG.clusterId())})), "10.2.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
    }

    @Test
    void gracefulShutdownLowersThePreference() {
        Rib rib = new Rib(CONFIG);
        int a = rib.addPeer(INTERNAL, PeerOptions.DEFAULT);
        int b = rib.addPeer(ibgp("10.0.0.3", "10.3.0.1", false), PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("10.0.0.2", 65001).with(Communities.of(Communities.GRACEFUL_SHUTDOWN)), "10.1.0.0/16"));
        send(rib, b, announce(attributes("10.0.0.3", 65001, 65002, 65003), "10.1.0.0/16"));
        Route best = rib.best(IpPrefix.parse("10.1.0.0/16")).orElseThrow();
        assertThat(best.peer().address().getHostAddress()).isEqualTo("10.0.0.3"); // RFC 8326: LOCAL_PREF 0
    }

    @Test
    void treatAsWithdrawRemovesTheAnnouncedPrefixes() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        BgpError malformed = new BgpError(ErrorAction.TREAT_AS_WITHDRAW, 3, 9, new byte[0], null, "COMMUNITIES of length 3");
        rib.apply(peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"), List.of(malformed));
        rib.settle();
        assertThat(rib.routes(IpPrefix.parse("10.1.0.0/16"))).isEmpty();
    }

    @Test
    void afiSafiDisableDropsTheFamilyFromThePeer() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"));
        BgpError disable = new BgpError(ErrorAction.AFI_SAFI_DISABLE, 3, 9, new byte[0], AddressFamily.IPV4_UNICAST, "bad");
        rib.apply(peer, announce(attributes("192.0.2.1", 65001), "10.3.0.0/16"), List.of(disable));
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
        // RFC 4760 §7: the rest of the session's routes of that family are ignored, clean or not.
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.4.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
        // A new session starts with every family again.
        rib.updatePeerInfo(peer, EXTERNAL);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.4.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).extracting(r -> r.prefix().toString()).containsExactly("10.4.0.0/16");
    }

    @Test
    void afiSafiDisableEndsWithTheSession() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        BgpError disable = new BgpError(ErrorAction.AFI_SAFI_DISABLE, 3, 9, new byte[0], AddressFamily.IPV4_UNICAST, "bad");
        rib.apply(peer, announce(attributes("192.0.2.1", 65001), "10.3.0.0/16"), List.of(disable));
        rib.clearPeer(peer); // the session went down
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.3.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).hasSize(1);
    }

    @Test
    void treatAsWithdrawHoldsBesideAnotherFamilysDisable() {
        // IPv4 NLRI without ORIGIN next to a malformed IPv6 MP_REACH_NLRI: IPv6 is disabled and the
        // IPv4 prefixes are withdrawn, not installed without their mandatory attributes.
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        BgpError disable = new BgpError(ErrorAction.AFI_SAFI_DISABLE, 3, 9, new byte[0], AddressFamily.IPV6_UNICAST,
                "MP_REACH_NLRI next hop overruns the attribute");
        BgpError missing = new BgpError(ErrorAction.TREAT_AS_WITHDRAW, 3, 3, new byte[] {1}, null, "missing ORIGIN");
        rib.apply(peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"), List.of(disable, missing));
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
    }

    @Test
    void afiSafiDisableOfTwoFamiliesDropsBoth() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        send(rib, peer, UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                        new MpReachNlri(AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8::1"),
                                PrefixBlock.parse(AddressFamily.IPV6_UNICAST, "2001:db8:1::/48"))),
                PrefixBlock.empty(AddressFamily.IPV4_UNICAST)));
        assertThat(rib.bestRoutes(AddressFamily.IPV6_UNICAST)).hasSize(1);
        List<BgpError> both = List.of(
                new BgpError(ErrorAction.AFI_SAFI_DISABLE, 3, 9, new byte[0], AddressFamily.IPV4_UNICAST, "bad"),
                new BgpError(ErrorAction.AFI_SAFI_DISABLE, 3, 9, new byte[0], AddressFamily.IPV6_UNICAST, "bad"));
        rib.apply(peer, announce(attributes("192.0.2.1", 65001), "10.3.0.0/16"), both);
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
        assertThat(rib.bestRoutes(AddressFamily.IPV6_UNICAST)).isEmpty();
    }

    @Test
    void prefixesOfAFamilyNoTableHoldsAreIgnored() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                        new MpReachNlri(AddressFamily.IPV4_MULTICAST, Addresses.ipv4("192.0.2.1"),
                                PrefixBlock.parse(AddressFamily.IPV4_MULTICAST, "10.1.0.0/16"))),
                PrefixBlock.empty(AddressFamily.IPV4_UNICAST)));
        send(rib, peer, UpdateMessage.withdraw(PrefixBlock.parse(AddressFamily.IPV6_MULTICAST, "2001:db8:1::/48")));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).isEmpty();
        assertThat(rib.routeCount(peer, AddressFamily.IPV4_UNICAST)).isZero();
    }

    @Test
    void prefixLimitReportsTheCeaseWithRfc4486Data() {
        Rib rib = new Rib(CONFIG);
        int warnOnly = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT.withPrefixLimit(AddressFamily.IPV4_UNICAST,
                new PeerOptions.PrefixLimit(2, false)));
        int tearDown = rib.addPeer(ebgp("192.0.2.2", 65002, "10.1.0.2"), PeerOptions.DEFAULT.withPrefixLimit(
                AddressFamily.IPV4_UNICAST, new PeerOptions.PrefixLimit(2, true)));
        send(rib, warnOnly, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"));
        send(rib, tearDown, announce(attributes("192.0.2.2", 65002), "10.1.0.0/16", "10.2.0.0/16"));
        assertThat(rib.overPrefixLimit(warnOnly, AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(rib.prefixLimitExceeded(warnOnly)).isEmpty();
        assertThat(rib.prefixLimitExceeded(tearDown)).isEmpty();
        send(rib, tearDown, announce(attributes("192.0.2.2", 65002), "10.3.0.0/16"));
        NotificationMessage cease = rib.prefixLimitExceeded(tearDown).orElseThrow();
        assertThat(cease.code()).isEqualTo(NotificationCode.CEASE);
        assertThat(cease.subcode()).isEqualTo(NotificationCode.MAXIMUM_PREFIXES_REACHED);
        assertThat(cease.data()).containsExactly(0, 1, 1, 0, 0, 0, 2);
    }

    @Test
    void gracefulRestartKeepsStaleRoutesUntilEndOfRib() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "10.2.0.0/16"));
        rib.markStale(peer, AddressFamily.IPV4_UNICAST, false); // RFC 4724 §4.2: session lost
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).hasSize(2).allMatch(Route::stale);
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16")); // refreshed after restart
        rib.removeStale(peer, AddressFamily.IPV4_UNICAST); // its End-of-RIB
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).extracting(r -> r.prefix().toString())
                .containsExactly("10.1.0.0/16");
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).noneMatch(Route::stale);
    }

    @Test
    void clearingAPeerWithdrawsItsRoutesAndKeepsOthers() {
        Rib rib = new Rib(CONFIG);
        int a = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        int b = rib.addPeer(INTERNAL, PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        send(rib, b, announce(attributes("10.0.0.2", 65001, 65002), "10.1.0.0/16"));
        assertThat(rib.best(IpPrefix.parse("10.1.0.0/16")).orElseThrow().peer()).isEqualTo(EXTERNAL);
        rib.clearPeer(a);
        rib.settle();
        assertThat(rib.best(IpPrefix.parse("10.1.0.0/16")).orElseThrow().peer()).isEqualTo(INTERNAL);
        assertThat(rib.routeCount(a, AddressFamily.IPV4_UNICAST)).isZero();
    }

    @Test
    void aRemovedPeersRoutesGoAndItsIndexIsReused() {
        Rib rib = new Rib(CONFIG);
        int a = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT.withKeepBeforePolicy(true));
        int b = rib.addPeer(INTERNAL, PeerOptions.DEFAULT);
        send(rib, a, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16"));
        rib.removePeer(a);
        rib.settle();
        assertThat(rib.best(IpPrefix.parse("10.1.0.0/16"))).isEmpty();
        assertThat(rib.peerCount()).isEqualTo(1);
        assertThat(rib.addPeer(EXTERNAL, PeerOptions.DEFAULT)).isEqualTo(a); // peers that come and go hold no slots
        assertThat(rib.peerCount()).isEqualTo(2);
        assertThat(rib.peer(b)).isEqualTo(INTERNAL);
    }

    @Test
    void theAsAPeerKnowsUsByIsALoopToo() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT.withLocalAs(4_200_000_777L));
        send(rib, peer, announce(attributes("192.0.2.1", 65001, 4_200_000_777L), "10.1.0.0/16"));
        send(rib, peer, announce(attributes("192.0.2.1", 65001, LOCAL_AS), "10.2.0.0/16"));
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.3.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).extracting(r -> r.prefix().toString())
                .containsExactly("10.3.0.0/16"); // RFC 4271 §9.1.2
    }

    @Test
    void localRoutesAreOriginatedAndWithdrawn() {
        Rib rib = new Rib(CONFIG);
        IpPrefix service = IpPrefix.parse("10.96.0.10/32");
        rib.originate(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("10.255.0.1")));
        rib.settle();
        assertThat(rib.best(service).orElseThrow().peer()).isNull();
        assertThat(rib.withdrawOriginated(service)).isTrue();
        rib.settle();
        assertThat(rib.best(service)).isEmpty();
        assertThat(rib.withdrawOriginated(service)).isFalse();
    }

    @Test
    void routesKeptBeforePolicyLetAChangedPolicyApplyWithoutTheSessionResetting() {
        Rib rib = new Rib(CONFIG);
        var rejectTen = dev.javabgp.rib.policy.Policy.rules(
                dev.javabgp.rib.policy.PolicyRule.rule().matchPrefix("10.0.0.0/8", 8, 32).reject(),
                dev.javabgp.rib.policy.PolicyRule.rule().accept());
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT.withImportPolicy(rejectTen).withKeepBeforePolicy(true));
        send(rib, peer, announce(attributes("192.0.2.1", 65001), "10.1.0.0/16", "172.16.0.0/16"));
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).extracting(r -> r.prefix().toString())
                .containsExactly("172.16.0.0/16");
        assertThat(rib.routesBeforePolicy(peer, AddressFamily.IPV4_UNICAST)).hasSize(2);

        rib.updatePeer(peer, PeerOptions.DEFAULT.withKeepBeforePolicy(true)); // accept everything now
        rib.reapplyImportPolicy(peer);
        rib.settle();
        assertThat(rib.bestRoutes(AddressFamily.IPV4_UNICAST)).hasSize(2);

        send(rib, peer, withdraw("10.1.0.0/16"));
        assertThat(rib.routesBeforePolicy(peer, AddressFamily.IPV4_UNICAST)).hasSize(1);
        rib.clearPeer(peer);
        rib.settle();
        assertThat(rib.attributeSets().size()).isZero();
    }

    @Test
    void reapplyingPolicyNeedsTheRoutesAsReceived() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(EXTERNAL, PeerOptions.DEFAULT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rib.reapplyImportPolicy(peer))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROUTE-REFRESH");
    }

    @Test
    void addPathKeepsEachPathOfAPeer() {
        Rib rib = new Rib(CONFIG);
        int peer = rib.addPeer(INTERNAL, PeerOptions.DEFAULT);
        var block = dev.javabgp.codec.nlri.PrefixBlock.builder(AddressFamily.IPV4_UNICAST, true)
                .add(1, IpPrefix.parse("10.1.0.0/16")).add(2, IpPrefix.parse("10.1.0.0/16")).build();
        send(rib, peer, dev.javabgp.codec.message.UpdateMessage.announce(attributes("10.0.0.2", 65001), block));
        assertThat(rib.routes(IpPrefix.parse("10.1.0.0/16"))).extracting(Route::pathId).containsExactlyInAnyOrder(1, 2);
    }
}
