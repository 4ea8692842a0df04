package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.capability.ExtendedMessageCapability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.fsm.FsmState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Extended Message capability (RFC 8654) between the speaker and a raw peer: announced when
 * configured, and once both announced it, messages beyond 4,096 octets are read and written; without
 * it such a message ends the session with Bad Message Length.
 */
class ExtendedMessageTest {

    static final int PREFIXES = 3000; // four octets each as /24s: about 12,000 octets of NLRI
    static final PathAttributes ATTRIBUTES = PathAttributes.of(Origin.IGP, AsPath.sequence(64513), NextHop.of("127.0.0.3"));

    static List<IpPrefix> prefixes(int firstOctet) {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < PREFIXES; i++) {
            out.add(IpPrefix.ipv4((firstOctet << 24) + (i << 8), 24));
        }
        return out;
    }

    static BgpSpeaker speaker(int port, boolean extended) {
        return BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", port)
                .peer(PeerConfig.of("127.0.0.3", 64513).withPassive(true).withExtendedMessages(extended)).build();
    }

    @Test
    void withTheCapabilityBothWaysUpdatesBeyond4096OctetsGoBothWays() throws Exception {
        int port = TwoSpeakersTest.freePort("127.0.0.1");
        try (BgpSpeaker speaker = speaker(port, true)) {
            PathAttributes ours = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"));
            for (IpPrefix p : prefixes(11)) {
                speaker.announce(p, ours);
            }
            speaker.start().get(10, TimeUnit.SECONDS);
            try (RawPeer peer = new RawPeer("127.0.0.3", "127.0.0.1", port)) {
                OpenMessage open = peer.establish(64513, "10.0.0.3",
                        List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST), ExtendedMessageCapability.INSTANCE));
                assertThat(open.capability(ExtendedMessageCapability.class)).isNotNull(); // RFC 8654 §3
                peer.options(WireOptions.DEFAULT.withExtendedMessage(true));

                // Our table in messages as long as the session allows: fewer, larger UPDATEs.
                int announced = 0;
                int longest = 0;
                while (announced < PREFIXES) {
                    byte[] bytes = peer.readBytes();
                    longest = Math.max(longest, bytes.length);
                    if (bytes[18] == BgpMessage.TYPE_UPDATE) {
                        announced += ((UpdateMessage) dev.javabgp.codec.testing.Bytes.decodeClean(bytes,
                                WireOptions.DEFAULT.withExtendedMessage(true))).announcedCount();
                    }
                }
                assertThat(longest).isGreaterThan(WireOptions.MAX_MESSAGE_LENGTH);

                // Theirs in one UPDATE of about 12,000 octets: framed and read whole.
                UpdateMessage large = UpdateMessage.announce(ATTRIBUTES, PrefixBlock.of(AddressFamily.IPV4_UNICAST, prefixes(12)));
                assertThat(dev.javabgp.codec.testing.Bytes.encode(large, WireOptions.DEFAULT.withExtendedMessage(true)).length)
                        .isGreaterThan(WireOptions.MAX_MESSAGE_LENGTH);
                peer.send(large);
                TwoSpeakersTest.await("their routes", () -> TwoSpeakersTest.routes(speaker, AddressFamily.IPV4_UNICAST).size()
                        == 2 * PREFIXES);
                assertThat(speaker.state("127.0.0.3").join()).isEqualTo(FsmState.ESTABLISHED);
            }
        }
    }

    @Test
    void withoutTheCapabilityAn4097OctetMessageGetsBadMessageLengthWithTheLengthAsData() throws Exception {
        for (boolean configured : new boolean[] {false, true}) { // not ours, or not the peer's
            int port = TwoSpeakersTest.freePort("127.0.0.1");
            try (BgpSpeaker speaker = speaker(port, configured);
                    RawPeer peer = start(speaker, port)) {
                OpenMessage open = peer.establish(64513, "10.0.0.3", List.of()); // the peer announces no extended messages
                assertThat(open.capability(ExtendedMessageCapability.class) != null).isEqualTo(configured);
                TwoSpeakersTest.await("Established", () -> speaker.state("127.0.0.3").join() == FsmState.ESTABLISHED);
                peer.sendBytes(FrameDecoderTest.message(BgpMessage.TYPE_UPDATE, 4097));
                BgpMessage answer = peer.read();
                while (!(answer instanceof NotificationMessage)) {
                    answer = peer.read(); // its End-of-RIB may come first
                }
                NotificationMessage notification = (NotificationMessage) answer;
                // RFC 4271 §6.1: Message Header Error / Bad Message Length, with the Length field.
                assertThat(notification.code()).isEqualTo(1);
                assertThat(notification.subcode()).isEqualTo(2);
                assertThat(notification.data()).containsExactly(0x10, 0x01);
                assertThat(peer.readOrEnd()).isNull();
            }
        }
    }

    private static RawPeer start(BgpSpeaker speaker, int port) throws Exception {
        speaker.start().get(10, TimeUnit.SECONDS);
        return new RawPeer("127.0.0.3", "127.0.0.1", port);
    }
}
