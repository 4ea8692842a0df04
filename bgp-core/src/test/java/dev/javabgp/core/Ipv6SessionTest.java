package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session over IPv6 (::1) with 4-octet AS numbers; IPv6 routes get our IPv6 address as next hop. */
class Ipv6SessionTest {

    @Test
    void sessionOverIpv6WithFourOctetAsNumbers() throws Exception {
        int portA = TwoSpeakersTest.freePort("::1");
        int portB = TwoSpeakersTest.freePort("::1");
        try (BgpSpeaker b = BgpSpeaker.builder(4_200_000_002L, "10.0.0.2").listen("::1", portB)
                        .peer(PeerConfig.of("::1", 4_200_000_001L).withPort(portA).withPassive(true)).build();
                BgpSpeaker a = BgpSpeaker.builder(4_200_000_001L, "10.0.0.1").listen("::1", portA)
                        .peer(PeerConfig.of("::1", 4_200_000_002L).withPort(portB)).build()) {
            b.start().get(10, TimeUnit.SECONDS);
            a.start().get(10, TimeUnit.SECONDS);
            TwoSpeakersTest.await("Established over ::1", () -> b.state("::1").join() == FsmState.ESTABLISHED);
            IpPrefix prefix = IpPrefix.parse("2001:db8:42::/48");
            a.announce(prefix, PathAttributes.of(Origin.IGP, AsPath.EMPTY, new MpReachNlri(AddressFamily.IPV6_UNICAST,
                    Addresses.ipv6("2001:db8::99"), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)))).get();
            TwoSpeakersTest.await("the route", () -> !TwoSpeakersTest.routes(b, AddressFamily.IPV6_UNICAST).isEmpty());
            Route r = TwoSpeakersTest.routes(b, AddressFamily.IPV6_UNICAST).get(0);
            assertThat(r.prefix()).isEqualTo(prefix);
            assertThat(r.attributes().asPath()).isEqualTo(AsPath.sequence(4_200_000_001L));
            // eBGP: the next hop is the sender's own address on the session (RFC 4271 §5.1.3, RFC 2545).
            assertThat(r.attributes().mpReach().nextHop()).isEqualTo(Addresses.ipv6("::1"));
        }
    }
}
