package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.capability.AddPathCapability;
import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.EnhancedRouteRefreshCapability;
import dev.javabgp.codec.capability.FourOctetAsCapability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.fsm.FsmState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of a whole session (Jazzer): a speaker whose peer's connection is an
 * {@link EmbeddedPeer}, established with a valid OPEN and KEEPALIVE, then fed the fuzzer's bytes as
 * whatever the peer sends next. Every test run replays the inputs under
 * {@code src/test/resources/dev/javabgp/core/SessionFuzzTestInputs/established/} (seeds from the
 * codec's vectors, {@link SessionFuzzSeedsTest}, and each input that ever failed); with
 * {@code JAZZER_FUZZ=1} it fuzzes ({@code bin/fuzz}).
 *
 * <p>Whatever the peer sends, the speaker throws nothing out of its pipeline, writes only
 * well-formed messages, releases every buffer, and either stays Established or sends exactly one
 * NOTIFICATION, last, and closes; it closes without one only when the peer sent a NOTIFICATION.
 *
 * <p>The first input octet is the session: {@link #FOUR_OCTET_AS} and the other bits below. With
 * {@link #CHUNKED} the next octet is the size, less one, of the pieces the bytes arrive in. The
 * rest is the peer's bytes.
 */
class SessionFuzzTest {

    static final int FOUR_OCTET_AS = 0x01;
    static final int IPV6 = 0x02;
    static final int ADD_PATH_IPV4 = 0x04;
    static final int ADD_PATH_IPV6 = 0x08;
    static final int EXTERNAL = 0x10;
    static final int ROUTE_REFRESH = 0x20;
    static final int CHUNKED = 0x40;
    /** The speaker accepts at most {@link #PREFIX_LIMIT} IPv4 routes from the peer, then ends the session. */
    static final int LIMITED = 0x80;
    static final int PREFIX_LIMIT = 3;

    private static final long LOCAL_AS = 65000;
    private static final long EXTERNAL_AS = 65001;
    private static final InetSocketAddress SPEAKER = new InetSocketAddress(Addresses.ipv4("127.0.0.1"), 179);
    private static final InetSocketAddress PEER = new InetSocketAddress(Addresses.ipv4("127.0.0.2"), 50179);

    @FuzzTest(maxDuration = "2m")
    void established(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int session = input[0] & 0xFF;
        int from = 1;
        int chunk = Integer.MAX_VALUE;
        if ((session & CHUNKED) != 0 && input.length > 1) {
            chunk = (input[1] & 0xFF) + 1;
            from = 2;
        }
        byte[] peerBytes = Arrays.copyOfRange(input, from, input.length);

        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        BgpSpeaker speaker = BgpSpeaker.builder(LOCAL_AS, "192.0.2.1").peer(config(session)).build();
        speaker.pipelineExceptions = thrown::add;
        EmbeddedPeer peer = null;
        List<byte[]> sent = new ArrayList<>();
        try {
            speaker.start().get(10, TimeUnit.SECONDS);
            // Something to send, so UPDATEs go out while the peer's bytes come in.
            speaker.announce(IpPrefix.parse("203.0.113.0/24"),
                    PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("192.0.2.1"))).get(10, TimeUnit.SECONDS);
            peer = new EmbeddedPeer(speaker, SPEAKER, PEER);
            peer.send(Bytes.encode(open(session), WireOptions.DEFAULT), Integer.MAX_VALUE);
            peer.send(Bytes.encode(KeepaliveMessage.INSTANCE, WireOptions.DEFAULT), Integer.MAX_VALUE);
            assertThat(state(speaker)).as("state after the peer's OPEN and KEEPALIVE").isEqualTo(FsmState.ESTABLISHED);
            peer.received(); // our OPEN, KEEPALIVE, the announcement and End-of-RIB

            peer.send(peerBytes, chunk);

            sent.addAll(peer.received());
            boolean open = peer.isOpen();
            PeerStatus status = speaker.peers().get(10, TimeUnit.SECONDS).get(0);
            assertThat(thrown).as("exceptions out of the pipeline").isEmpty();
            List<NotificationMessage> notifications = new ArrayList<>();
            for (byte[] message : sent) {
                BgpMessage m = decodeSent(message, session);
                if (m instanceof NotificationMessage n) {
                    notifications.add(n);
                }
            }
            if (open) {
                assertThat(notifications).as("NOTIFICATIONs sent on a connection still open").isEmpty();
                assertThat(status.state()).as("state with the connection open").isEqualTo(FsmState.ESTABLISHED);
            } else if (notifications.isEmpty()) {
                // RFC 4271 §6.4: a peer's NOTIFICATION closes the connection; nothing is sent back.
                assertThat(status.lastError()).as("why the speaker closed without a NOTIFICATION").startsWith("received NOTIFICATION");
            } else {
                assertThat(notifications).as("NOTIFICATIONs sent before closing").hasSize(1);
                assertThat(sent.get(sent.size() - 1)[18]).as("the NOTIFICATION is the last message")
                        .isEqualTo((byte) BgpMessage.TYPE_NOTIFICATION);
            }
        } finally {
            speaker.close();
            if (peer != null) {
                List<ByteBuf> leaked = peer.unreleasedAfterStop(new ArrayList<>());
                assertThat(leaked).as("buffers never released").isEmpty();
            }
        }
        assertThat(thrown).as("exceptions out of the pipeline while stopping").isEmpty();
    }

    static PeerConfig config(int session) {
        PeerConfig config = PeerConfig.of("127.0.0.2", (session & EXTERNAL) != 0 ? EXTERNAL_AS : LOCAL_AS)
                .withPassive(true)
                .withFamilies(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
                .withAddPath(true, 1);
        return (session & LIMITED) != 0 ? config.withPrefixLimit(AddressFamily.IPV4_UNICAST, PREFIX_LIMIT, true) : config;
    }

    /** The peer's OPEN: hold time 0, so no timer runs, and the capabilities the session octet names. */
    static OpenMessage open(int session) {
        long as = (session & EXTERNAL) != 0 ? EXTERNAL_AS : LOCAL_AS;
        List<Capability> capabilities = new ArrayList<>();
        capabilities.add(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST));
        if ((session & IPV6) != 0) {
            capabilities.add(new MultiprotocolCapability(AddressFamily.IPV6_UNICAST));
        }
        if ((session & ROUTE_REFRESH) != 0) {
            capabilities.add(RouteRefreshCapability.INSTANCE);
            capabilities.add(EnhancedRouteRefreshCapability.INSTANCE);
        }
        List<AddPathCapability.Family> addPath = new ArrayList<>();
        if ((session & ADD_PATH_IPV4) != 0) {
            addPath.add(new AddPathCapability.Family(AddressFamily.IPV4_UNICAST, AddPathCapability.Direction.SEND));
        }
        if ((session & ADD_PATH_IPV6) != 0) {
            addPath.add(new AddPathCapability.Family(AddressFamily.IPV6_UNICAST, AddPathCapability.Direction.SEND));
        }
        if (!addPath.isEmpty()) {
            capabilities.add(new AddPathCapability(addPath));
        }
        if ((session & FOUR_OCTET_AS) != 0) {
            capabilities.add(new FourOctetAsCapability(as));
        }
        return new OpenMessage(OpenMessage.VERSION, (int) as, 0, Addresses.ipv4("192.0.2.2"), capabilities);
    }

    /** What the session's peer reads: 4-octet AS as negotiated, no path identifiers (we send one path). */
    static WireOptions peerReceives(int session) {
        return new WireOptions((session & FOUR_OCTET_AS) != 0, false, Set.of(), (session & EXTERNAL) != 0);
    }

    /** A message the speaker sent, which must be well-formed for the session. */
    private static BgpMessage decodeSent(byte[] message, int session) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        DecodeResult result = BgpMessageDecoder.decode(buf, peerReceives(session));
        if (result instanceof DecodeResult.Decoded d && d.errors().isEmpty()) {
            return d.message();
        }
        throw new AssertionError("the speaker sent a malformed message " + Bytes.hex(message) + ": " + result);
    }

    private static FsmState state(BgpSpeaker speaker) throws Exception {
        return speaker.state("127.0.0.2").get(10, TimeUnit.SECONDS);
    }
}
