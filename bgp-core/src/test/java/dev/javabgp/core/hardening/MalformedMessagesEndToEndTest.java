package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.MalformedMessages;
import dev.javabgp.codec.testing.MalformedMessages.Case;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed message of the codec's table ({@link MalformedMessages}), sent over TCP by a raw
 * peer to a speaker, gets exactly the action RFC 4271 §6 and RFC 7606 prescribe: treat-as-withdraw
 * withdraws the UPDATE's prefixes and keeps the session, attribute discard keeps the route without
 * the attribute, AFI/SAFI disable drops the family's routes from that peer (RFC 4760 §7), and a
 * session reset sends the NOTIFICATION with the table's code, subcode and data, then closes. Each
 * outcome is checked in the speaker's Loc-RIB and in what a second speaker, its eBGP peer, holds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedMessagesEndToEndTest {

    static final String SENDER = "127.0.0.2";
    /** The AS in the table's AS_PATHs (0000fde9). */
    static final long SENDER_AS = 65001;
    static final Duration WAIT = ObservedSpeaker.WAIT;
    /** A valid announcement sent after the malformed one: once it is in the Loc-RIB, the one before was handled. */
    static final IpPrefix MARKER = IpPrefix.parse("10.99.0.0/24");

    private ObservedSpeaker bench;
    private RawPeer sender;

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (bench != null) {
            bench.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.javabgp.codec.testing.MalformedMessages#cases")
    void theSpeakerTakesThePrescribedAction(Case c) throws Exception {
        long senderAs = c.options().externalPeer() ? SENDER_AS : ObservedSpeaker.OUR_AS;
        bench = ObservedSpeaker.start(PeerConfig.of(SENDER, senderAs).withPassive(true));
        sender = bench.connect(SENDER).decodeWith(c.options());
        if (c.wire()[18] == BgpMessage.TYPE_OPEN) {
            // RFC 4271 §6.2: the malformed OPEN comes in place of the sender's own.
            sender.sendBytes(c.wire());
            expectReset(c);
            assertThat(fromSender(AddressFamily.IPV4_UNICAST)).isEmpty();
            assertThat(bench.observer.state(ObservedSpeaker.SPEAKER).join()).isEqualTo(FsmState.ESTABLISHED);
            return;
        }
        sender.establish(open(c.options(), senderAs));
        SpeakerProbe.await("the sender's session", WAIT, () -> bench.state(SENDER) == FsmState.ESTABLISHED);
        switch (c.action()) {
            case SESSION_RESET -> sessionReset(c, senderAs);
            case TREAT_AS_WITHDRAW -> treatAsWithdraw(c, senderAs);
            case ATTRIBUTE_DISCARD -> attributeDiscard(c, senderAs);
            case AFI_SAFI_DISABLE -> afiSafiDisable(c, senderAs);
            case NONE -> throw new AssertionError("a case of the table without an error: " + c);
        }
    }

    private void sessionReset(Case c, long senderAs) throws Exception {
        List<IpPrefix> held = List.of(IpPrefix.parse("10.1.0.0/24"));
        announce(held, c.options(), senderAs);
        awaitHeld(held);
        sender.sendBytes(c.wire());
        expectReset(c);
        // RFC 4271 §8.2.2: the routes go with the session, here and at the observer.
        SpeakerProbe.await("the sender's routes withdrawn", WAIT, () -> fromSender(AddressFamily.IPV4_UNICAST).isEmpty());
        SpeakerProbe.await("the withdrawal at the observer", WAIT, () -> atObserver(held.get(0)).isEmpty());
        assertThat(bench.observer.state(ObservedSpeaker.SPEAKER).join()).isEqualTo(FsmState.ESTABLISHED);
    }

    /** The NOTIFICATION with the table's code, subcode and data, then the end of the connection. */
    private void expectReset(Case c) throws Exception {
        NotificationMessage n = sender.awaitNotification(WAIT);
        assertThat(n.code()).as("code").isEqualTo(c.code());
        assertThat(n.subcode()).as("subcode").isEqualTo(c.subcode());
        assertThat(Bytes.hex(n.data())).as("data").isEqualTo(c.dataHex().replace(" ", ""));
        assertThat(sender.awaitEnd(WAIT)).as("the speaker closes the connection after its NOTIFICATION").isTrue();
        SpeakerProbe.await("the speaker's status", WAIT, () -> status(SENDER).lastError() != null);
        assertThat(status(SENDER).lastError()).startsWith("sent NOTIFICATION");
    }

    private void treatAsWithdraw(Case c, long senderAs) throws Exception {
        UpdateMessage decoded = decode(c);
        List<IpPrefix> prefixes = prefixesOf(decoded);
        assertThat(prefixes).as("prefixes the malformed UPDATE names").isNotEmpty();
        announce(prefixes, c.options(), senderAs);
        awaitHeld(prefixes);

        sender.sendBytes(c.wire());
        sendMarker(c, senderAs);
        // RFC 7606 §2: every prefix of the UPDATE is withdrawn; the session stays.
        for (IpPrefix p : prefixes) {
            assertThat(locRib(p)).as("%s in the Loc-RIB", p).isEmpty();
            SpeakerProbe.await("the withdrawal of " + p + " at the observer", WAIT, () -> atObserver(p).isEmpty());
        }
        expectSessionKept();
    }

    private void attributeDiscard(Case c, long senderAs) throws Exception {
        UpdateMessage decoded = decode(c);
        List<Integer> written = attributeTypesWritten(c.wire());
        // The table writes the attribute at fault last.
        int fault = written.get(written.size() - 1);
        boolean repeated = written.indexOf(fault) != written.size() - 1;

        sender.sendBytes(c.wire());
        sendMarker(c, senderAs);
        for (IpPrefix p : prefixesOf(decoded)) {
            Route route = locRib(p).orElseThrow(() -> new AssertionError(p + " missing from the Loc-RIB"));
            assertThat(route.peer().address().getHostAddress()).isEqualTo(SENDER);
            // RFC 7606 §2: the rest of the UPDATE stands.
            for (int type : written) {
                if (type != fault) {
                    assertThat(route.attributes().has(type)).as("attribute %d kept", type).isTrue();
                }
            }
            SpeakerProbe.await(p + " at the observer", WAIT, () -> atObserver(p).isPresent());
            PathAttributes seen = atObserver(p).orElseThrow().attributes();
            if (repeated) {
                // RFC 7606 §3.g: the first occurrence stays, the others go.
                var first = decoded.attributes().get(fault);
                assertThat(route.attributes().get(fault)).isEqualTo(first);
                assertThat(seen.get(fault)).isEqualTo(first);
            } else {
                assertThat(route.attributes().has(fault)).as("attribute %d discarded", fault).isFalse();
                assertThat(seen.has(fault)).as("attribute %d at the observer", fault).isFalse();
            }
        }
        expectSessionKept();
    }

    private void afiSafiDisable(Case c, long senderAs) throws Exception {
        var result = (DecodeResult.Decoded) Bytes.decode(c.wire(), c.options());
        AddressFamily family = result.errors().stream().filter(e -> e.action() == ErrorAction.AFI_SAFI_DISABLE)
                .findFirst().orElseThrow().family();
        assertThat(family).isEqualTo(AddressFamily.IPV6_UNICAST);
        List<IpPrefix> v6 = List.of(IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:1::/48"));
        List<IpPrefix> v4 = List.of(IpPrefix.parse("10.9.0.0/24"));
        announce(v6, c.options(), senderAs);
        announce(v4, c.options(), senderAs);
        awaitHeld(v6);
        awaitHeld(v4);

        sender.sendBytes(c.wire());
        sendMarker(c, senderAs);
        // RFC 4760 §7: every route of the family from this peer goes; other families stay.
        assertThat(fromSender(AddressFamily.IPV6_UNICAST)).isEmpty();
        for (IpPrefix p : v6) {
            SpeakerProbe.await("the withdrawal of " + p + " at the observer", WAIT, () -> atObserver(p).isEmpty());
        }
        assertThat(locRib(v4.get(0))).isPresent();
        assertThat(atObserver(v4.get(0))).isPresent();

        // RFC 4760 §7: for the rest of the session, routes of that family from the peer are ignored.
        IpPrefix later = IpPrefix.parse("2001:db8:2::/48");
        announce(List.of(later), c.options(), senderAs);
        IpPrefix secondMarker = IpPrefix.parse("10.99.1.0/24");
        announce(List.of(secondMarker), c.options(), senderAs);
        SpeakerProbe.await("the second marker", WAIT, () -> locRib(secondMarker).isPresent());
        assertThat(locRib(later)).as("an IPv6 route after the family was disabled").isEmpty();
        expectSessionKept();
    }

    /** The session is up, never went down, and the sender got no NOTIFICATION. */
    private void expectSessionKept() throws Exception {
        assertThat(bench.state(SENDER)).isEqualTo(FsmState.ESTABLISHED);
        assertThat(status(SENDER).flaps()).isZero();
        assertThat(status(SENDER).lastError()).isNull();
    }

    private void sendMarker(Case c, long senderAs) throws Exception {
        announce(List.of(MARKER), c.options(), senderAs);
        SpeakerProbe.await("the UPDATE after the malformed one", WAIT, () -> locRib(MARKER).isPresent());
    }

    /** Valid announcements of {@code prefixes} from the sender, encoded as its session negotiated. */
    private void announce(List<IpPrefix> prefixes, WireOptions options, long senderAs) throws Exception {
        AsPath path = options.externalPeer() ? AsPath.sequence(senderAs) : AsPath.EMPTY;
        List<String> v4 = prefixes.stream().filter(IpPrefix::isIpv4).map(IpPrefix::toString).toList();
        List<String> v6 = prefixes.stream().filter(p -> !p.isIpv4()).map(IpPrefix::toString).toList();
        if (!v4.isEmpty()) {
            sender.send(UpdateMessage.announce(PathAttributes.of(Origin.IGP, path, NextHop.of("192.0.2.1")),
                    PrefixBlock.parse(AddressFamily.IPV4_UNICAST, v4.toArray(String[]::new))), options);
        }
        if (!v6.isEmpty()) {
            PathAttributes attributes = PathAttributes.of(Origin.IGP, path, new MpReachNlri(AddressFamily.IPV6_UNICAST,
                    Addresses.ipv6("2001:db8::1"), PrefixBlock.parse(AddressFamily.IPV6_UNICAST, v6.toArray(String[]::new))));
            sender.send(new UpdateMessage(PrefixBlock.empty(AddressFamily.IPV4_UNICAST), attributes,
                    PrefixBlock.empty(AddressFamily.IPV4_UNICAST)), options);
        }
    }

    private void awaitHeld(List<IpPrefix> prefixes) throws InterruptedException {
        for (IpPrefix p : prefixes) {
            bench.awaitHeld(p);
        }
    }

    /** The sender's OPEN: IPv4 and IPv6 unicast, route refresh, and the 4-octet AS capability if the case has it. */
    static OpenMessage open(WireOptions options, long asn) {
        List<Capability> capabilities = List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
                new MultiprotocolCapability(AddressFamily.IPV6_UNICAST), RouteRefreshCapability.INSTANCE);
        return options.fourOctetAs() ? OpenMessage.of(asn, 0, Addresses.ipv4("10.0.0.2"), capabilities)
                : new OpenMessage(OpenMessage.VERSION, (int) asn, 0, Addresses.ipv4("10.0.0.2"), capabilities);
    }

    /** The UPDATE as the codec decodes it, its errors repaired or noted. */
    static UpdateMessage decode(Case c) {
        return (UpdateMessage) ((DecodeResult.Decoded) Bytes.decode(c.wire(), c.options())).message();
    }

    /** Every prefix an UPDATE announces or withdraws, in any family. */
    static List<IpPrefix> prefixesOf(UpdateMessage u) {
        List<IpPrefix> out = new ArrayList<>(u.nlri().prefixes());
        out.addAll(u.withdrawn().prefixes());
        if (u.attributes().mpReach() != null) {
            out.addAll(u.attributes().mpReach().nlri().prefixes());
        }
        if (u.attributes().mpUnreach() != null) {
            out.addAll(u.attributes().mpUnreach().withdrawn().prefixes());
        }
        return out;
    }

    /** The type codes of the path attributes as written in an UPDATE, in order (RFC 4271 §4.3). */
    static List<Integer> attributeTypesWritten(byte[] update) {
        int withdrawnLength = (update[19] & 0xFF) << 8 | update[20] & 0xFF;
        int at = 21 + withdrawnLength;
        int end = at + 2 + ((update[at] & 0xFF) << 8 | update[at + 1] & 0xFF);
        at += 2;
        List<Integer> types = new ArrayList<>();
        while (at + 3 <= end) {
            int flags = update[at] & 0xFF;
            types.add(update[at + 1] & 0xFF);
            boolean extended = (flags & 0x10) != 0;
            int length = extended ? (update[at + 2] & 0xFF) << 8 | update[at + 3] & 0xFF : update[at + 2] & 0xFF;
            at += (extended ? 4 : 3) + length;
        }
        return types;
    }

    private Optional<Route> locRib(IpPrefix p) {
        return bench.locRib(p);
    }

    private List<Route> fromSender(AddressFamily family) {
        return bench.locRibFrom(SENDER, family);
    }

    private Optional<Route> atObserver(IpPrefix p) {
        return bench.atObserver(p);
    }

    private PeerStatus status(String address) {
        return bench.status(address);
    }
}
