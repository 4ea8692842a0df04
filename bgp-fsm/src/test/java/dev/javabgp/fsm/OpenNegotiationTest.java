package dev.javabgp.fsm;

import static dev.javabgp.codec.message.NotificationCode.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.capability.AddPathCapability;
import dev.javabgp.codec.capability.AddPathCapability.Direction;
import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.EnhancedRouteRefreshCapability;
import dev.javabgp.codec.capability.ExtendedMessageCapability;
import dev.javabgp.codec.capability.GracefulRestartCapability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RoleCapability;
import dev.javabgp.codec.capability.RoleCapability.Role;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** OPEN checks (RFC 4271 §6.2, RFC 6793, RFC 6286, RFC 9234) and what two OPENs negotiate. */
class OpenNegotiationTest {

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    private static OpenNegotiation.Outcome negotiate(UnaryOperator<SessionAttributes.Builder> local, OpenMessage peer) {
        SessionAttributes attributes = local.apply(Fixtures.local()).build();
        return OpenNegotiation.negotiate(attributes, attributes.localOpen(), peer);
    }

    private static NegotiatedSession accepted(UnaryOperator<SessionAttributes.Builder> local, OpenMessage peer) {
        OpenNegotiation.Outcome outcome = negotiate(local, peer);
        assertThat(outcome).isInstanceOf(OpenNegotiation.Accepted.class);
        return ((OpenNegotiation.Accepted) outcome).session();
    }

    private static NotificationMessage rejected(UnaryOperator<SessionAttributes.Builder> local, OpenMessage peer) {
        OpenNegotiation.Outcome outcome = negotiate(local, peer);
        assertThat(outcome).isInstanceOf(OpenNegotiation.Rejected.class);
        return ((OpenNegotiation.Rejected) outcome).notification();
    }

    private static OpenMessage peer(List<Capability> capabilities) {
        return Fixtures.peerOpen(90, capabilities);
    }

    private static List<Capability> caps(Capability... c) {
        return List.of(c);
    }

    @Test
    void anUnsupportedVersionIsRefusedNamingVersionFour() {
        NotificationMessage n = rejected(b -> b, new OpenMessage(5, 65002, 90, Fixtures.PEER_ID, List.of()));
        assertThat(n).isEqualTo(new NotificationMessage(OPEN_MESSAGE_ERROR, UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4}));
    }

    @Test
    void theWrongAsIsBadPeerAs() {
        assertThat(rejected(b -> b, OpenMessage.of(65003, 90, Fixtures.PEER_ID, List.of())).subcode()).isEqualTo(BAD_PEER_AS);
        assertThat(rejected(b -> b, OpenMessage.of(0, 90, Fixtures.PEER_ID, List.of())).subcode()).isEqualTo(BAD_PEER_AS);
    }

    @Test
    void aFourOctetAsTravelsAsAsTransWithTheCapability() {
        long as = 4_200_000_000L;
        OpenMessage open = OpenMessage.of(as, 90, Fixtures.PEER_ID, List.of());
        assertThat(open.myAutonomousSystem()).isEqualTo(OpenMessage.AS_TRANS);
        NegotiatedSession s = OpenNegotiation.negotiate(SessionAttributes.builder(65001, Fixtures.LOCAL_ID, as).build(),
                Fixtures.local().build().localOpen(), open) instanceof OpenNegotiation.Accepted a ? a.session() : null;
        assertThat(s).isNotNull();
        assertThat(s.peerAs()).isEqualTo(as);
        assertThat(s.fourOctetAs()).isTrue();
    }

    @Test
    void asTransWithoutTheCapabilityIsBadPeerAs() {
        OpenMessage open = new OpenMessage(4, OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID, List.of());
        assertThat(rejected(b -> b, open).subcode()).isEqualTo(BAD_PEER_AS);
    }

    @Test
    void aTwoOctetSpeakerNegotiatesTwoOctetAsPaths() {
        NegotiatedSession s = accepted(b -> b, new OpenMessage(4, 65002, 90, Fixtures.PEER_ID, List.of()));
        assertThat(s.fourOctetAs()).isFalse();
        assertThat(s.receiveOptions().fourOctetAs()).isFalse();
        assertThat(s.sendOptions().fourOctetAs()).isFalse();
    }

    @Test
    void holdTimesOfOneAndTwoSecondsAreUnacceptable() {
        for (int hold : new int[] {1, 2}) {
            assertThat(rejected(b -> b, Fixtures.peerOpen(hold))).isEqualTo(new NotificationMessage(OPEN_MESSAGE_ERROR, UNACCEPTABLE_HOLD_TIME));
        }
        assertThat(accepted(b -> b, Fixtures.peerOpen(3)).holdTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(rejected(b -> b.minimumHoldTime(Duration.ofSeconds(10)), Fixtures.peerOpen(9)).subcode())
                .isEqualTo(UNACCEPTABLE_HOLD_TIME);
    }

    @Test
    void theHoldTimeIsTheSmallerAndKeepalivesAThirdOfIt() {
        NegotiatedSession s = accepted(b -> b, Fixtures.peerOpen(180));
        assertThat(s.holdTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));
        s = accepted(b -> b, Fixtures.peerOpen(45));
        assertThat(s.holdTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.keepaliveTime()).isEqualTo(Duration.ofSeconds(15));
        // A shorter configured keepalive is kept.
        assertThat(accepted(b -> b.keepaliveTime(Duration.ofSeconds(10)), Fixtures.peerOpen(90)).keepaliveTime())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aZeroHoldTimeFromEitherSideDisablesKeepalives() {
        NegotiatedSession s = accepted(b -> b, Fixtures.peerOpen(0));
        assertThat(s.holdTimerDisabled()).isTrue();
        assertThat(s.keepaliveTime()).isZero();
        assertThat(accepted(b -> b.holdTime(Duration.ZERO), Fixtures.peerOpen(90)).holdTime()).isZero();
    }

    @Test
    void bgpIdentifierChecks() {
        assertThat(rejected(b -> b, new OpenMessage(4, 65002, 90, Fixtures.ip("0.0.0.0"), List.of())).subcode())
                .isEqualTo(BAD_BGP_IDENTIFIER);
        // RFC 6286 §2.2: our own identifier is refused from an internal peer only.
        OpenMessage internal = OpenMessage.of(65001, 90, Fixtures.LOCAL_ID, List.of());
        SessionAttributes ibgp = SessionAttributes.builder(65001, Fixtures.LOCAL_ID, 65001).build();
        assertThat(OpenNegotiation.negotiate(ibgp, ibgp.localOpen(), internal))
                .isEqualTo(new OpenNegotiation.Rejected(new NotificationMessage(OPEN_MESSAGE_ERROR, BAD_BGP_IDENTIFIER),
                        "internal peer has our BGP identifier 10.0.0.1"));
        assertThat(accepted(b -> b, OpenMessage.of(65002, 90, Fixtures.LOCAL_ID, List.of())).peerBgpId())
                .isEqualTo(Fixtures.LOCAL_ID);
    }

    @Test
    void familiesAreThoseBothAnnounced() {
        UnaryOperator<SessionAttributes.Builder> dualStack = b -> b.localCapabilities(
                caps(new MultiprotocolCapability(V4), new MultiprotocolCapability(V6)));
        assertThat(accepted(dualStack, peer(caps(new MultiprotocolCapability(V6)))).families()).containsExactly(V6);
        assertThat(accepted(dualStack, peer(caps(new MultiprotocolCapability(V6), new MultiprotocolCapability(V4)))).families())
                .containsExactly(V4, V6);
        // RFC 4760 §8: no multiprotocol capability means IPv4 unicast.
        assertThat(accepted(b -> b.localCapabilities(List.of()), peer(List.of())).families()).containsExactly(V4);
        assertThat(accepted(dualStack, peer(List.of())).families()).containsExactly(V4);
        assertThat(accepted(b -> b.localCapabilities(caps(new MultiprotocolCapability(V6))), peer(List.of())).families()).isEmpty();
    }

    @Test
    void addPathDirectionsFollowWhatEachSideCanDo() {
        UnaryOperator<SessionAttributes.Builder> local = b -> b.localCapabilities(caps(new MultiprotocolCapability(V4),
                new MultiprotocolCapability(V6),
                new AddPathCapability(List.of(new AddPathCapability.Family(V4, Direction.BOTH),
                        new AddPathCapability.Family(V6, Direction.RECEIVE)))));
        NegotiatedSession s = accepted(local, peer(caps(new MultiprotocolCapability(V4), new MultiprotocolCapability(V6),
                new AddPathCapability(List.of(new AddPathCapability.Family(V4, Direction.RECEIVE),
                        new AddPathCapability.Family(V6, Direction.RECEIVE))))));
        assertThat(s.addPathSend()).containsExactly(V4);
        assertThat(s.addPathReceive()).isEmpty();
        assertThat(s.sendOptions().addPath(V4)).isTrue();
        assertThat(s.receiveOptions().addPath(V4)).isFalse();

        NegotiatedSession t = accepted(local, peer(caps(new MultiprotocolCapability(V4), new MultiprotocolCapability(V6),
                new AddPathCapability(List.of(new AddPathCapability.Family(V4, Direction.BOTH),
                        new AddPathCapability.Family(V6, Direction.SEND))))));
        assertThat(t.addPathReceive()).containsExactly(V4, V6);
        assertThat(t.addPathSend()).containsExactly(V4);
        assertThat(t.receiveOptions()).isEqualTo(new WireOptions(true, false, Set.of(V4, V6), true));
        assertThat(t.sendOptions()).isEqualTo(new WireOptions(true, false, Set.of(V4), true));
    }

    @Test
    void extendedMessagesNeedBothSides() {
        UnaryOperator<SessionAttributes.Builder> local = b -> b.localCapabilities(caps(ExtendedMessageCapability.INSTANCE));
        assertThat(accepted(local, peer(caps(ExtendedMessageCapability.INSTANCE))).receiveOptions().maxMessageLength())
                .isEqualTo(WireOptions.MAX_EXTENDED_MESSAGE_LENGTH);
        assertThat(accepted(local, peer(List.of())).extendedMessage()).isFalse();
        assertThat(accepted(b -> b, peer(caps(ExtendedMessageCapability.INSTANCE))).extendedMessage()).isFalse();
    }

    @Test
    void routeRefreshAndGracefulRestartComeFromThePeer() {
        GracefulRestartCapability gr = new GracefulRestartCapability(false, true, 120,
                List.of(new GracefulRestartCapability.Family(V4, true)));
        NegotiatedSession s = accepted(b -> b, peer(caps(RouteRefreshCapability.INSTANCE, gr)));
        assertThat(s.routeRefresh()).isTrue();
        assertThat(s.enhancedRouteRefresh()).isFalse();
        assertThat(s.peerGracefulRestart()).contains(gr);
        assertThat(s.gracefulRestart()).isFalse(); // we did not announce it

        NegotiatedSession t = accepted(b -> b.localCapabilities(caps(EnhancedRouteRefreshCapability.INSTANCE, gr)),
                peer(caps(EnhancedRouteRefreshCapability.INSTANCE, gr)));
        assertThat(t.enhancedRouteRefresh()).isTrue();
        assertThat(t.gracefulRestart()).isTrue();
        assertThat(accepted(b -> b, peer(List.of())).routeRefresh()).isFalse();
    }

    @Test
    void externalPeersAreMarkedInTheWireOptions() {
        assertThat(accepted(b -> b, Fixtures.peerOpen()).receiveOptions().externalPeer()).isTrue();
        SessionAttributes ibgp = SessionAttributes.builder(65001, Fixtures.LOCAL_ID, 65001).build();
        OpenNegotiation.Outcome o = OpenNegotiation.negotiate(ibgp, ibgp.localOpen(), OpenMessage.of(65001, 90, Fixtures.PEER_ID, List.of()));
        assertThat(((OpenNegotiation.Accepted) o).session().sendOptions().externalPeer()).isFalse();
    }

    private static UnaryOperator<SessionAttributes.Builder> role(Role role) {
        return b -> b.localCapabilities(caps(new RoleCapability(role)));
    }

    @Test
    void matchingRolesAreAccepted() {
        NegotiatedSession s = accepted(role(Role.PROVIDER), peer(caps(new RoleCapability(Role.CUSTOMER))));
        assertThat(s.localRole()).contains(Role.PROVIDER);
        assertThat(s.peerRole()).contains(Role.CUSTOMER);
        assertThat(accepted(role(Role.PEER), peer(caps(new RoleCapability(Role.PEER)))).peerRole()).contains(Role.PEER);
        assertThat(accepted(role(Role.ROUTE_SERVER), peer(caps(new RoleCapability(Role.ROUTE_SERVER_CLIENT)))).localRole())
                .contains(Role.ROUTE_SERVER);
    }

    @Test
    void mismatchedRolesAreRoleMismatch() {
        NotificationMessage mismatch = new NotificationMessage(OPEN_MESSAGE_ERROR, ROLE_MISMATCH);
        assertThat(rejected(role(Role.PROVIDER), peer(caps(new RoleCapability(Role.PROVIDER))))).isEqualTo(mismatch);
        assertThat(rejected(role(Role.CUSTOMER), peer(caps(new RoleCapability(Role.PEER))))).isEqualTo(mismatch);
        assertThat(rejected(role(Role.PEER), peer(caps(new RoleCapability(42))))).isEqualTo(mismatch);
        // RFC 9234 §4.2: several different roles from one peer.
        assertThat(rejected(b -> b, peer(caps(new RoleCapability(Role.PEER), new RoleCapability(Role.CUSTOMER))))).isEqualTo(mismatch);
    }

    @Test
    void aMissingRoleIsRefusedOnlyInStrictMode() {
        assertThat(accepted(role(Role.CUSTOMER), peer(List.of())).peerRole()).isEmpty();
        UnaryOperator<SessionAttributes.Builder> strict = b -> role(Role.CUSTOMER).apply(b).strictRole(true);
        assertThat(rejected(strict, peer(List.of())).subcode()).isEqualTo(ROLE_MISMATCH);
    }

    @Test
    void rolesAreNotCheckedBetweenInternalPeers() {
        SessionAttributes ibgp = SessionAttributes.builder(65001, Fixtures.LOCAL_ID, 65001)
                .localCapabilities(caps(new RoleCapability(Role.PROVIDER))).strictRole(true).build();
        OpenMessage peer = OpenMessage.of(65001, 90, Fixtures.PEER_ID, caps(new RoleCapability(Role.PROVIDER)));
        assertThat(OpenNegotiation.negotiate(ibgp, ibgp.localOpen(), peer)).isInstanceOf(OpenNegotiation.Accepted.class);
    }

    @Test
    void attributesRejectHoldTimesOfOneAndTwoSeconds() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Fixtures.local().holdTime(Duration.ofSeconds(2)).build());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SessionAttributes.builder(65001, Fixtures.ip("0.0.0.0"), 65002).build());
    }
}
