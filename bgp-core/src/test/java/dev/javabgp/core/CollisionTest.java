package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.capability.FourOctetAsCapability;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.fsm.FsmState;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connection collisions (RFC 4271 §6.8): the speaker has connected to the peer and sent its OPEN
 * when the peer connects too; the peer's OPEN on the second connection decides which one stays.
 */
class CollisionTest {

    static final NotificationMessage COLLISION =
            new NotificationMessage(NotificationCode.CEASE, NotificationCode.CONNECTION_COLLISION_RESOLUTION);

    /** The speaker (10.0.0.1) with its OPEN sent on its own connection, and the peer's second one. */
    record Collision(BgpSpeaker speaker, int port, RawPeer ours, RawPeer theirs, ServerSocket listener) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            ours.close();
            theirs.close();
            listener.close();
            speaker.close();
        }
    }

    static Collision collide(String peerId) throws Exception {
        int speakerPort = TwoSpeakersTest.freePort("127.0.0.1");
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.12", 0));
        BgpSpeaker speaker = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", speakerPort)
                .connectRetryTime(Duration.ofSeconds(30))
                .peer(PeerConfig.of("127.0.0.12", 64513).withPort(listener.getLocalPort()).withLocalAddress("127.0.0.1")).build();
        speaker.start().get(10, TimeUnit.SECONDS);
        RawPeer ours = RawPeer.accept(listener);
        assertThat(ours.read()).isInstanceOf(OpenMessage.class);
        TwoSpeakersTest.await("OpenSent", () -> speaker.state("127.0.0.12").join() == FsmState.OPEN_SENT);
        RawPeer theirs = new RawPeer("127.0.0.12", "127.0.0.1", speakerPort);
        theirs.send(open(peerId));
        return new Collision(speaker, speakerPort, ours, theirs, listener);
    }

    static OpenMessage open(String id) {
        return OpenMessage.of(64513, 0, Addresses.ipv4(id), List.of(new FourOctetAsCapability(64513)));
    }

    @Test
    void aPeerWithTheHigherIdentifierKeepsItsConnection() throws Exception {
        try (Collision c = collide("10.0.0.9")) {
            assertThat(c.ours().read()).isEqualTo(COLLISION); // ours goes, with RFC 4486's Cease
            BgpMessage open = c.theirs().read();
            assertThat(open).isInstanceOf(OpenMessage.class);
            assertThat(c.theirs().read()).isEqualTo(KeepaliveMessage.INSTANCE);
            c.theirs().send(KeepaliveMessage.INSTANCE);
            TwoSpeakersTest.await("Established on the peer's connection",
                    () -> c.speaker().state("127.0.0.12").join() == FsmState.ESTABLISHED);
        }
    }

    @Test
    void aPeerWithTheLowerIdentifierLosesItsConnection() throws Exception {
        try (Collision c = collide("10.0.0.0")) {
            assertThat(c.theirs().read()).isEqualTo(COLLISION); // theirs goes
            c.ours().send(open("10.0.0.0"));
            c.ours().send(KeepaliveMessage.INSTANCE);
            assertThat(c.ours().read()).isEqualTo(KeepaliveMessage.INSTANCE);
            TwoSpeakersTest.await("Established on our connection",
                    () -> c.speaker().state("127.0.0.12").join() == FsmState.ESTABLISHED);
        }
    }

    @Test
    void anEstablishedSessionKeepsItsConnection() throws Exception {
        try (Collision c = collide("10.0.0.0")) {
            assertThat(c.theirs().read()).isEqualTo(COLLISION);
            c.ours().send(open("10.0.0.0"));
            c.ours().send(KeepaliveMessage.INSTANCE);
            assertThat(c.ours().read()).isEqualTo(KeepaliveMessage.INSTANCE);
            TwoSpeakersTest.await("Established", () -> c.speaker().state("127.0.0.12").join() == FsmState.ESTABLISHED);
            // RFC 4271 §6.8: a collision with an Established session closes the new connection.
            try (RawPeer late = new RawPeer("127.0.0.12", "127.0.0.1", c.port())) {
                late.send(open("10.0.0.9"));
                assertThat(late.readOrEnd()).isNull();
            }
            assertThat(c.speaker().state("127.0.0.12").join()).isEqualTo(FsmState.ESTABLISHED);
            assertThat(c.speaker().peers().join().get(0).flaps()).isZero();
        }
    }
}
