package dev.javabgp.fsm;

import static dev.javabgp.fsm.CollisionResolver.Initiator.*;
import static dev.javabgp.fsm.FsmState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.fsm.CollisionResolver.Initiator;
import dev.javabgp.fsm.FsmEvent.*;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Connection collision detection (RFC 4271 §6.8). */
class CollisionTest {

    private static final Inet4Address LOW = Fixtures.ip("10.0.0.1");
    private static final Inet4Address HIGH = Fixtures.ip("10.0.0.2");

    @Test
    void theConnectionOpenedByTheHigherIdentifierStays() {
        CollisionResolver lowSide = new CollisionResolver(LOW, 65001, false);
        // We have the lower identifier: our own connection goes, whichever connection got the OPEN.
        assertThat(lowSide.resolve(REMOTE, OPEN_CONFIRM, HIGH, 65002)).contains(LOCAL);
        assertThat(lowSide.resolve(LOCAL, OPEN_CONFIRM, HIGH, 65002)).contains(LOCAL);
        CollisionResolver highSide = new CollisionResolver(HIGH, 65002, false);
        assertThat(highSide.resolve(REMOTE, OPEN_SENT, LOW, 65001)).contains(REMOTE);
        assertThat(highSide.resolve(LOCAL, OPEN_CONFIRM, LOW, 65001)).contains(REMOTE);
    }

    @Test
    void identifiersCompareAsUnsignedNumbers() {
        // 200.0.0.1 is negative as a signed int but the larger identifier.
        CollisionResolver resolver = new CollisionResolver(Fixtures.ip("200.0.0.1"), 65001, false);
        assertThat(resolver.resolve(REMOTE, OPEN_CONFIRM, Fixtures.ip("10.0.0.1"), 65002)).contains(REMOTE);
    }

    @Test
    void equalIdentifiersFallBackToTheLargerAs() {
        // RFC 6286 §2.3.
        assertThat(new CollisionResolver(LOW, 65001, false).resolve(REMOTE, OPEN_CONFIRM, LOW, 65002)).contains(LOCAL);
        assertThat(new CollisionResolver(LOW, 65003, false).resolve(REMOTE, OPEN_CONFIRM, LOW, 65002)).contains(REMOTE);
    }

    @Test
    void connectionsThatExchangedNoOpenDoNotCollide() {
        CollisionResolver resolver = new CollisionResolver(LOW, 65001, false);
        for (FsmState s : new FsmState[] {IDLE, CONNECT, ACTIVE}) {
            assertThat(resolver.resolve(REMOTE, s, HIGH, 65002)).isEmpty();
        }
    }

    @Test
    void anEstablishedConnectionStaysUnlessCollisionDetectEstablishedState() {
        CollisionResolver plain = new CollisionResolver(LOW, 65001, false);
        assertThat(plain.resolve(REMOTE, ESTABLISHED, HIGH, 65002)).contains(REMOTE);
        assertThat(plain.resolve(LOCAL, ESTABLISHED, HIGH, 65002)).contains(LOCAL);
        CollisionResolver detect = CollisionResolver.of(Fixtures.local().collisionDetectEstablishedState(true).build());
        assertThat(detect.resolve(REMOTE, ESTABLISHED, Fixtures.PEER_ID, Fixtures.PEER_AS)).contains(LOCAL);
    }

    /** One speaker's two connections to its peer, with the driver's collision handling. */
    private static final class Side {
        final Speaker outbound;
        final Speaker inbound;
        final CollisionResolver resolver;

        Side(String name, SessionAttributes attributes, FakeClock clock) {
            outbound = new Speaker(name + "-out", attributes, clock);
            inbound = new Speaker(name + "-in", attributes, clock);
            resolver = CollisionResolver.of(attributes);
        }

        Speaker connection(Initiator initiator) {
            return initiator == LOCAL ? outbound : inbound;
        }

        boolean owns(Speaker s) {
            return s == outbound || s == inbound;
        }

        /**
         * What a driver does with an OPEN arriving on {@code to}: collision detection against the
         * other connection, which may dump either one.
         */
        FsmEvent onReceive(Speaker to, FsmEvent event) {
            if (event instanceof OpenReceived open) {
                Initiator initiator = to == outbound ? LOCAL : REMOTE;
                Optional<Initiator> loser = resolver.resolve(initiator, connection(initiator.other()).state(),
                        open.open().bgpIdentifier(), open.open().autonomousSystem());
                if (loser.isPresent() && loser.get() == initiator) {
                    return new OpenCollisionDump();
                }
                loser.ifPresent(l -> connection(l).fire(new OpenCollisionDump()));
            }
            return event;
        }
    }

    @Test
    void simultaneousOpensLeaveOneSessionOnTheConnectionTheHigherIdentifierOpened() {
        FakeClock clock = new FakeClock();
        Side a = new Side("A", Fixtures.local().build(), clock);   // 10.0.0.1
        Side b = new Side("B", Fixtures.peer().build(), clock);    // 10.0.0.2
        Wire aToB = new Wire(a.outbound, b.inbound, clock, Duration.ofMillis(10));
        Wire bToA = new Wire(b.outbound, a.inbound, clock, Duration.ofMillis(10));
        for (Wire w : new Wire[] {aToB, bToA}) {
            w.intercept = (to, e) -> a.owns(to) ? a.onReceive(to, e) : b.onReceive(to, e);
        }

        a.outbound.fire(new ManualStart());
        a.inbound.fire(new ManualStartPassive());
        b.outbound.fire(new ManualStart());
        b.inbound.fire(new ManualStartPassive());
        clock.advance(Duration.ofMinutes(5));

        // B's identifier is higher, so the connection B opened survives on both sides.
        assertThat(b.outbound.state()).isEqualTo(ESTABLISHED);
        assertThat(a.inbound.state()).isEqualTo(ESTABLISHED);
        assertThat(a.outbound.state()).isEqualTo(IDLE);
        assertThat(b.inbound.state()).isEqualTo(IDLE);
        NotificationMessage collision = CollisionResolver.NOTIFICATION;
        assertThat(a.outbound.sent).extracting(Speaker.Sent::message).contains(collision);
        assertThat(b.inbound.sent).extracting(Speaker.Sent::message).contains(collision);
        assertThat(a.inbound.sent).extracting(Speaker.Sent::message).doesNotContain(collision);
    }
}
