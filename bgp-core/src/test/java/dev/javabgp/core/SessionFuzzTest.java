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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of a whole session (Jazzer): a speaker whose peer's connection is an
 * {@link EmbeddedPeer}, fed the fuzzer's bytes as what the peer sends, either once the session is
 * established with a valid OPEN and KEEPALIVE ({@link #established}) or from the connection's
 * start ({@link #opening}). Every test run replays the inputs under
 * {@code src/test/resources/dev/javabgp/core/SessionFuzzTestInputs/<method>/} (seeds from the
 * codec's vectors, {@link SessionFuzzSeedsTest}, and each input that ever failed); with
 * {@code JAZZER_FUZZ=1} a method fuzzes ({@code bin/fuzz}).
 *
 * <p>Whatever the peer sends, the speaker throws nothing out of its pipeline, writes only
 * well-formed messages, releases every buffer, and either keeps the connection (Established, or on
 * its way there) or sends exactly one NOTIFICATION, last, and closes; it closes without one only
 * when the peer sent a NOTIFICATION.
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

    /** The peer's bytes once the session is Established. */
    @FuzzTest(maxDuration = "2m")
    void established(byte[] input) throws Exception {
        run(input, true);
    }

    /**
     * The peer's bytes from the start of the connection, its OPEN among them: negotiation,
     * capabilities, OpenConfirm, and whatever follows once they pass.
     */
    @FuzzTest(maxDuration = "2m")
    void opening(byte[] input) throws Exception {
        run(input, false);
    }

    private static void run(byte[] input, boolean establishFirst) throws Exception {
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
            WireOptions peerReceives;
            if (establishFirst) {
                peer.send(Bytes.encode(open(session), WireOptions.DEFAULT), Integer.MAX_VALUE);
                peer.send(Bytes.encode(KeepaliveMessage.INSTANCE, WireOptions.DEFAULT), Integer.MAX_VALUE);
                assertThat(state(speaker)).as("state after the peer's OPEN and KEEPALIVE").isEqualTo(FsmState.ESTABLISHED);
                peer.received(); // our OPEN, KEEPALIVE, the announcement and End-of-RIB
                peerReceives = peerReceives(session, (session & FOUR_OCTET_AS) != 0);
            } else {
                peerReceives = peerReceives(session, announcesFourOctetAs(peerBytes));
            }

            peer.send(peerBytes, chunk);

            sent.addAll(peer.received());
            boolean open = peer.isOpen();
            FsmState state = state(speaker);
            assertThat(thrown).as("exceptions out of the pipeline").isEmpty();
            List<NotificationMessage> notifications = new ArrayList<>();
            for (byte[] message : sent) {
                BgpMessage m = decodeSent(message, peerReceives);
                if (m instanceof NotificationMessage n) {
                    notifications.add(n);
                }
            }
            if (open) {
                assertThat(notifications).as("NOTIFICATIONs sent on a connection still open").isEmpty();
                assertThat(state).as("state with the connection open")
                        .isIn(establishFirst ? List.of(FsmState.ESTABLISHED)
                                : List.of(FsmState.OPEN_SENT, FsmState.OPEN_CONFIRM, FsmState.ESTABLISHED));
            } else if (notifications.isEmpty()) {
                // RFC 4271 §6.4, §8.2.2: a peer's NOTIFICATION closes the connection; nothing is sent back.
                assertThat(peerSentNotification(peerBytes)).as("the peer sent a NOTIFICATION, as the speaker closed without one")
                        .isTrue();
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
    static WireOptions peerReceives(int session, boolean fourOctetAs) {
        return new WireOptions(fourOctetAs, false, Set.of(), (session & EXTERNAL) != 0);
    }

    /**
     * Whether the peer's first message is an OPEN with the 4-octet AS capability: only an OPEN
     * there can bring the session up, and we always announce the capability (RFC 6793 §3).
     */
    private static boolean announcesFourOctetAs(byte[] peerBytes) {
        DecodeResult first = BgpMessageDecoder.decode(Unpooled.wrappedBuffer(peerBytes), WireOptions.DEFAULT);
        return first instanceof DecodeResult.Decoded d && d.message() instanceof OpenMessage open
                && open.capability(FourOctetAsCapability.class) != null;
    }

    /**
     * Whether the peer's bytes hold a whole NOTIFICATION behind messages with good headers, the
     * one reason to close without sending a NOTIFICATION (a bad header would have had one).
     */
    private static boolean peerSentNotification(byte[] peerBytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(peerBytes);
        while (buf.readableBytes() >= WireOptions.HEADER_LENGTH) {
            int at = buf.readerIndex();
            int length = buf.getUnsignedShort(at + 16);
            if (BgpMessageDecoder.checkHeader(buf, at, WireOptions.DEFAULT) != null || buf.readableBytes() < length) {
                return false;
            }
            if (buf.getUnsignedByte(at + 18) == BgpMessage.TYPE_NOTIFICATION) {
                return true;
            }
            buf.skipBytes(length);
        }
        return false;
    }

    /** A message the speaker sent, which must be well-formed for the session. */
    private static BgpMessage decodeSent(byte[] message, WireOptions peerReceives) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        DecodeResult result = BgpMessageDecoder.decode(buf, peerReceives);
        if (result instanceof DecodeResult.Decoded d && d.errors().isEmpty()) {
            return d.message();
        }
        throw new AssertionError("the speaker sent a malformed message " + Bytes.hex(message) + ": " + result);
    }

    private static FsmState state(BgpSpeaker speaker) throws Exception {
        return speaker.state("127.0.0.2").get(10, TimeUnit.SECONDS);
    }
}
