package dev.javabgp.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.DynamicPeers;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.RawPeer;
import dev.javabgp.core.SpeakerProbe;
import dev.javabgp.core.interop.Loopback;
import dev.javabgp.fsm.FsmState;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who gets in: only configured peers and dynamic ranges, only with the right TCP-MD5 key, only
 * from within the GTSM radius, only with the AS and BGP identifier they must have, and only up to
 * their prefix limit; and the key never shows in logs, status, meters or exceptions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessControlTest {

    static final String PEER = "127.0.0.2";
    static final long PEER_AS = 65001;
    static final Duration WAIT = ObservedSpeaker.WAIT;

    static OpenMessage open(long asn, String routerId) {
        return OpenMessage.of(asn, 0, Addresses.ipv4(routerId), List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST),
                new MultiprotocolCapability(AddressFamily.IPV6_UNICAST)));
    }

    // ---- Who may connect ----

    @Test
    void aConnectionFromAnUnknownSourceIsClosedBeforeAnyOpen() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(b -> b.dynamicPeers(DynamicPeers.of("127.0.2.0/24", 65010)),
                PeerConfig.of(PEER, PEER_AS).withPassive(true))) {
            // RFC 4271 §8.2.1.1: an address neither configured nor in a dynamic range, even one next to it.
            for (String stranger : List.of("127.0.0.9", "127.0.3.1")) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(stranger, 0));
                    s.connect(new InetSocketAddress(ObservedSpeaker.SPEAKER, bench.port), 5000);
                    s.setSoTimeout(5000);
                    assertThat(bytesUntilClosed(s, Bytes.encode(open(65099, "10.0.0.9"), WireOptions.DEFAULT)))
                            .as("octets the speaker sent %s", stranger).isZero();
                }
            }
            assertThat(bench.speaker.peers().join()).extracting(p -> p.address().getHostAddress())
                    .containsExactlyInAnyOrder(ObservedSpeaker.OBSERVER, PEER); // no session was made for them
            assertThat(bench.status(PEER).messagesReceived()).isZero();
            assertThat(bench.state(ObservedSpeaker.OBSERVER)).isEqualTo(FsmState.ESTABLISHED); // the real peer is untouched
        }
    }

    /** Sends {@code bytes} and reads until the connection ends; the octets received before it did. */
    static int bytesUntilClosed(Socket s, byte[] bytes) throws Exception {
        int received = 0;
        try {
            s.getOutputStream().write(bytes);
            while (s.getInputStream().read() >= 0) {
                received++;
            }
        } catch (java.net.SocketException reset) {
            // closed before or while we wrote: the speaker answered our data with a reset
        }
        return received;
    }

    // ---- TCP-MD5 (RFC 2385) ----

    @Test
    void withoutTheKeyNoConnectionGetsThrough() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true).withPassword("k3y-of-the-peer"));
                Socket unsigned = new Socket()) {
            unsigned.bind(new InetSocketAddress(PEER, 0));
            // RFC 2385 §2: a segment without the signature the speaker expects is dropped, the SYN too.
            assertThat(catchThrowable(() -> unsigned.connect(new InetSocketAddress(ObservedSpeaker.SPEAKER, bench.port), 1500)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(bench.status(PEER).messagesReceived()).isZero();
        }
        // Between speakers: one with a key, the other without, in either direction.
        int portA = Loopback.freePort("127.0.0.1");
        int portB = Loopback.freePort("127.0.0.2");
        try (BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB)
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withLocalAddress("127.0.0.2").withPassword("k3y-of-b"))
                        .build();
                BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA)
                        .peer(PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1")).build()) {
            b.start().get(10, TimeUnit.SECONDS);
            a.start().get(10, TimeUnit.SECONDS);
            Thread.sleep(3000); // both try to connect to each other, every attempt dropped
            assertThat(a.peers().join().get(0).messagesReceived()).isZero();
            assertThat(b.peers().join().get(0).messagesReceived()).isZero();
            assertThat(a.state("127.0.0.2").join()).isNotEqualTo(FsmState.ESTABLISHED);
        }
    }

    @Test
    void theKeyNeverShowsInLogsStatusMetersOrExceptions() throws Exception {
        String keyOfA = "s3cret-of-a-4f1c";
        String keyOfB = "s3cret-of-b-9b2e";
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        // slf4j-simple writes to whatever System.err is at the time of each line
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        StringBuilder shown = new StringBuilder();
        try {
            var metersA = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            var metersB = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            int portA = Loopback.freePort("127.0.0.1");
            int portB = Loopback.freePort("127.0.0.2");
            PeerConfig toB = PeerConfig.of("127.0.0.2", 64513).withPort(portB).withLocalAddress("127.0.0.1").withPassword(keyOfA);
            try (BgpSpeaker b = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", portB).meterRegistry(metersB)
                            .connectRetryTime(Duration.ofMillis(500))
                            .peer(PeerConfig.of("127.0.0.1", 64512).withPort(portA).withPassive(true).withPassword(keyOfB)).build();
                    BgpSpeaker a = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", portA).meterRegistry(metersA)
                            .connectRetryTime(Duration.ofMillis(500)).peer(toB).build()) {
                b.start().get(10, TimeUnit.SECONDS);
                a.start().get(10, TimeUnit.SECONDS);
                Thread.sleep(3000); // the wrong key: every attempt fails, and is logged
                assertThat(b.state("127.0.0.1").join()).isNotEqualTo(FsmState.ESTABLISHED);
                // A changed key resets the session; then the peer goes.
                assertThat(a.updatePeer(toB.withPassword(keyOfA + "-2")).get(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(1000);
                for (BgpSpeaker s : List.of(a, b)) {
                    for (var status : s.peers().join()) {
                        shown.append(status).append(status.lastError()).append('\n');
                    }
                }
                for (var registry : List.of(metersA, metersB)) {
                    for (var meter : registry.getMeters()) {
                        shown.append(meter.getId()).append('\n');
                    }
                }
                assertThat(a.removePeer("127.0.0.2").get(10, TimeUnit.SECONDS)).isTrue();
            }
            shown.append(toB).append('\n');
            shown.append(catchThrowable(() -> toB.withPassword(keyOfA + "x".repeat(80))).getMessage()).append('\n');
            shown.append(catchThrowable(() -> BgpSpeaker.builder(64512, "10.0.0.1").peer(toB).peer(toB)).getMessage()).append('\n');
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("the log of the session attempts").contains("127.0.0.2");
        for (String key : List.of(keyOfA, keyOfB, "s3cret")) {
            assertThat(logs).as("logs").doesNotContain(key);
            assertThat(shown.toString()).as("status, meters, configuration and exceptions").doesNotContain(key);
        }
        assertThat(shown.toString()).contains("with TCP-MD5"); // the configuration says there is a key, not which
    }

    /** Writes to two streams at once. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    // ---- The OPEN (RFC 4271 §6.2) ----

    @Test
    void anInternalPeerClaimingOurBgpIdentifierIsRefusedWithBadBgpIdentifier() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, ObservedSpeaker.OUR_AS).withPassive(true));
                RawPeer twin = bench.connect(PEER)) {
            twin.send(open(ObservedSpeaker.OUR_AS, "10.0.0.1")); // the speaker's own identifier
            // RFC 6286 §2.2: within an AS two speakers cannot share an identifier.
            expectRefusal(bench, twin, NotificationCode.BAD_BGP_IDENTIFIER, "Bad BGP Identifier");
        }
    }

    @Test
    void anExternalPeerMayShareOurBgpIdentifier() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true));
                RawPeer twin = bench.connect(PEER)) {
            twin.establish(open(PEER_AS, "10.0.0.1")); // RFC 6286 §2.2: unique within an AS only
            SpeakerProbe.await("Established", WAIT, () -> bench.state(PEER) == FsmState.ESTABLISHED);
        }
    }

    @Test
    void aPeerWithAnotherAsIsRefusedWithBadPeerAs() throws Exception {
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true))) {
            try (RawPeer impostor = bench.connect(PEER)) {
                impostor.send(open(65099, "10.0.0.2"));
                expectRefusal(bench, impostor, NotificationCode.BAD_PEER_AS, "Bad Peer AS");
            }
            // The same with a 4-octet AS: AS_TRANS in the OPEN, the AS in the capability (RFC 6793 §4.1).
            try (RawPeer impostor = bench.connect(PEER)) {
                impostor.send(open(4_200_000_099L, "10.0.0.2"));
                expectRefusal(bench, impostor, NotificationCode.BAD_PEER_AS, "Bad Peer AS");
            }
        }
    }

    /** The OPEN error with empty data, the connection closed, no session, and the reason in the status. */
    static void expectRefusal(ObservedSpeaker bench, RawPeer peer, int subcode, String named) throws Exception {
        NotificationMessage n = peer.awaitNotification(WAIT);
        assertThat(n.code()).isEqualTo(NotificationCode.OPEN_MESSAGE_ERROR);
        assertThat(n.subcode()).isEqualTo(subcode);
        assertThat(n.data()).isEmpty();
        assertThat(peer.awaitEnd(WAIT)).isTrue();
        SpeakerProbe.await("the refusal in the status", WAIT, () -> bench.status(PEER).lastError() != null
                && bench.status(PEER).lastError().contains(named));
        assertThat(bench.state(PEER)).isNotEqualTo(FsmState.ESTABLISHED);
        assertThat(bench.status(PEER).flaps()).isZero();
    }

    // ---- Prefix limits (RFC 4486) ----

    @Test
    void aPeerBeyondItsPrefixLimitIsClosedWithCeaseAndTheFamilyAndLimitAsData() throws Exception {
        IpPrefix first = IpPrefix.parse("10.1.0.0/24");
        IpPrefix second = IpPrefix.parse("10.2.0.0/24");
        IpPrefix v6 = IpPrefix.parse("2001:db8:1::/48");
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true)
                .withPrefixLimit(AddressFamily.IPV4_UNICAST, 2, true).withPrefixLimit(AddressFamily.IPV6_UNICAST, 1, true))) {
            try (RawPeer peer = bench.connect(PEER)) {
                peer.establish(open(PEER_AS, "10.0.0.2"));
                peer.send(TransportFaultsTest.announce(PEER_AS, first, second));
                bench.awaitHeld(first);
                bench.awaitHeld(second);
                peer.send(TransportFaultsTest.announce(PEER_AS, IpPrefix.parse("10.3.0.0/24")));
                // RFC 4486 §4: AFI 1, SAFI 1, the limit of 2
                expectCease(peer, "0001" + "01" + "00000002");
                bench.awaitGone(first); // RFC 4271 §8.2.2: its routes go with it
                bench.awaitGone(second);
            }
            SpeakerProbe.await("the session ready again", WAIT, () -> bench.state(PEER) == FsmState.ACTIVE);
            try (RawPeer peer = bench.connect(PEER)) {
                peer.establish(open(PEER_AS, "10.0.0.2"));
                peer.send(announce6(v6));
                bench.awaitHeld(v6);
                peer.send(announce6(IpPrefix.parse("2001:db8:2::/48")));
                expectCease(peer, "0002" + "01" + "00000001"); // AFI 2, SAFI 1, the limit of 1
                bench.awaitGone(v6);
            }
            assertThat(bench.status(PEER).lastError()).contains("Maximum Number of Prefixes Reached");
        }
    }

    static void expectCease(RawPeer peer, String dataHex) throws Exception {
        NotificationMessage n = peer.awaitNotification(WAIT);
        assertThat(n.code()).isEqualTo(NotificationCode.CEASE);
        assertThat(n.subcode()).isEqualTo(NotificationCode.MAXIMUM_PREFIXES_REACHED);
        assertThat(Bytes.hex(n.data())).isEqualTo(dataHex);
        assertThat(peer.awaitEnd(WAIT)).isTrue();
    }

    static UpdateMessage announce6(IpPrefix prefix) {
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(PEER_AS), new MpReachNlri(
                AddressFamily.IPV6_UNICAST, Addresses.ipv6("2001:db8::1"), PrefixBlock.of(AddressFamily.IPV6_UNICAST, prefix)));
        return new UpdateMessage(PrefixBlock.empty(AddressFamily.IPV4_UNICAST), attributes, PrefixBlock.empty(AddressFamily.IPV4_UNICAST));
    }

    // ---- GTSM (RFC 5082) ----

    /** Whether a TCP handshake from {@code from} with this TTL to {@code to} completes within 1.5 s. */
    static boolean handshake(String from, String to, int port, int ttl) {
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            ChannelFuture f = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1500)
                    .option(new IntegerUnixChannelOption("IP_TTL", 0, 2), ttl)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(to, port), new InetSocketAddress(from, 0)).awaitUninterruptibly();
            boolean connected = f.isSuccess();
            f.channel().close().awaitUninterruptibly();
            return connected;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Test
    void gtsmLetsInTtl255AndNotOneHopFurther() throws Exception {
        int port = Loopback.freePort(ObservedSpeaker.SPEAKER);
        try (BgpSpeaker speaker = BgpSpeaker.builder(64512, "10.0.0.1").listen(ObservedSpeaker.SPEAKER, port)
                .peer(PeerConfig.of(PEER, PEER_AS).withPassive(true).withGtsm(1)).build()) {
            speaker.start().get(10, TimeUnit.SECONDS);
            // RFC 5082 §3: a directly connected peer's segments arrive with TTL 255; 254 is a hop too far.
            assertThat(handshake(PEER, ObservedSpeaker.SPEAKER, port, 254)).as("TTL 254").isFalse();
            assertThat(handshake(PEER, ObservedSpeaker.SPEAKER, port, 255)).as("TTL 255").isTrue();
            assertThat(speaker.peers().join().get(0).messagesReceived()).isZero();
        }
    }

    @Test
    void gtsmHoldsOnAListenerSharedWithPeersWithoutIt() throws Exception {
        // Another peer without GTSM: the listener cannot drop handshakes, so the check starts at accept.
        try (ObservedSpeaker bench = ObservedSpeaker.start(PeerConfig.of(PEER, PEER_AS).withPassive(true).withGtsm(1))) {
            // The loop is busy for a moment, so the kernel completes the handshake and queues the far
            // peer's first flight before the speaker accepts the connection and sets its minimum TTL.
            Thread busy = Thread.ofVirtual().start(() -> {
                try {
                    SpeakerProbe.onLoop(bench.speaker, () -> {
                        Thread.sleep(1000);
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            RawPeer far = bench.connect(PEER); // the JDK's sockets send with TTL 64
            // The whole opening and a route in the first flight, before the speaker has even accepted.
            far.sendBytes(concat(Bytes.encode(open(PEER_AS, "10.0.0.2"), WireOptions.DEFAULT),
                    Bytes.encode(KeepaliveMessage.INSTANCE, WireOptions.DEFAULT),
                    Bytes.encode(TransportFaultsTest.announce(PEER_AS, TransportFaultsTest.HELD), WireOptions.DEFAULT)));
            Thread.sleep(2000);
            assertThat(bench.state(PEER)).isNotEqualTo(FsmState.ESTABLISHED);
            assertThat(bench.status(PEER).messagesReceived()).isZero();
            assertThat(bench.locRib(TransportFaultsTest.HELD)).isEmpty();
            busy.join();
            far.close();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
