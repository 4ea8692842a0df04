package dev.javabgp.codec;

import static dev.javabgp.codec.testing.Bytes.hex;
import static dev.javabgp.codec.testing.Bytes.message;
import static dev.javabgp.codec.testing.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.message.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte vectors written by hand from the RFCs, one per message, capability and attribute: each must
 * decode to the value and the value must encode to exactly those bytes.
 */
class MessageVectorsTest {

    record Vector(String name, WireOptions options, byte[] wire, BgpMessage value) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final WireOptions IBGP = WireOptions.DEFAULT.withExternalPeer(false);
    static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    static Stream<Vector> vectors() {
        return Stream.of(
                // RFC 4271 §4.4
                new Vector("KEEPALIVE", WireOptions.DEFAULT, hex("ffffffffffffffffffffffffffffffff 0013 04"), KeepaliveMessage.INSTANCE),
                // RFC 4271 §4.5: Hold Timer Expired, no data
                new Vector("NOTIFICATION hold timer expired", WireOptions.DEFAULT, message(3, "04 00"),
                        new NotificationMessage(4, 0)),
                // RFC 9003 §2: length octet then UTF-8 "maintenance"
                new Vector("NOTIFICATION shutdown communication", WireOptions.DEFAULT,
                        message(3, "06 02 0b 6d61696e74656e616e6365"),
                        NotificationMessage.cease(NotificationCode.ADMINISTRATIVE_SHUTDOWN, "maintenance")),
                // RFC 4486 §4: maximum prefixes with AFI, SAFI and the limit 1000
                new Vector("NOTIFICATION maximum prefixes", WireOptions.DEFAULT, message(3, "06 01 0001 01 000003e8"),
                        new NotificationMessage(6, 1, hex("0001 01 000003e8"))),
                // RFC 2918 §3
                new Vector("ROUTE-REFRESH ipv4", WireOptions.DEFAULT, message(5, "0001 00 01"), RouteRefreshMessage.request(V4)),
                // RFC 7313 §3.2: BoRR and EoRR subtypes
                new Vector("ROUTE-REFRESH BoRR ipv6", WireOptions.DEFAULT, message(5, "0002 01 01"),
                        new RouteRefreshMessage(V6, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH)),
                new Vector("ROUTE-REFRESH EoRR ipv6", WireOptions.DEFAULT, message(5, "0002 02 01"),
                        new RouteRefreshMessage(V6, RouteRefreshMessage.END_OF_ROUTE_REFRESH)),
                openWithEveryCapability(),
                // RFC 6793 §4.1: AS_TRANS in My AS, the real AS 4200000001 in the capability
                new Vector("OPEN 4-octet AS", WireOptions.DEFAULT,
                        message(1, "04 5ba0 005a 0a000001 0e 02 0c | 01 04 0001 00 01 | 41 04 fa56ea01"),
                        OpenMessage.of(4_200_000_001L, 90, Addresses.ipv4("10.0.0.1"),
                                List.of(new MultiprotocolCapability(V4)))),
                openWithExtendedParameters(),
                new Vector("OPEN without parameters", WireOptions.DEFAULT, message(1, "04 fde8 0000 0a000001 00"),
                        new OpenMessage(4, 65000, 0, Addresses.ipv4("10.0.0.1"), List.of())),
                updateWithEveryAttribute(),
                // RFC 4760 §3, RFC 2545 §3: global and link-local next hop; RFC 7606 §5.1: MP_REACH_NLRI first
                new Vector("UPDATE ipv6 MP_REACH with link-local next hop", IBGP,
                        update("", "80 0e 35 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00"
                                + " 30 20010db80001 40 20010db800020000 | 40 01 01 00 | 40 02 00", ""),
                        UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                                new MpReachNlri(V6, Addresses.ipv6("2001:db8::1"), Addresses.ipv6("fe80::1"),
                                        PrefixBlock.parse(V6, "2001:db8:1::/48", "2001:db8:2::/64"))),
                                PrefixBlock.empty(V4))),
                // RFC 8950 §3: IPv4 NLRI with an IPv6 next hop
                new Vector("UPDATE ipv4 over ipv6 next hop", IBGP,
                        update("", "80 0e 19 0001 01 10 20010db8000000000000000000000001 00 18 0a0300 | 40 01 01 00 | 40 02 00", ""),
                        UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                                new MpReachNlri(V4, Addresses.ipv6("2001:db8::1"), PrefixBlock.parse(V4, "10.3.0.0/24"))),
                                PrefixBlock.empty(V4))),
                // RFC 4760 §4
                new Vector("UPDATE ipv6 MP_UNREACH", IBGP, update("", "80 0f 0a 0002 01 30 20010db80001", ""),
                        UpdateMessage.withdraw(PrefixBlock.parse(V6, "2001:db8:1::/48"))),
                new Vector("UPDATE ipv4 withdrawal", IBGP, update("18 0a0100 10 0a02", "", ""),
                        UpdateMessage.withdraw(PrefixBlock.parse(V4, "10.1.0.0/24", "10.2.0.0/16"))),
                // RFC 7911 §3: a 4-octet path identifier before each prefix
                new Vector("UPDATE ADD-PATH ipv4", IBGP.withAddPath(Set.of(V4)),
                        update("", "40 01 01 00 | 40 02 00 | 40 03 04 c0000201", "00000001 18 0a0100 00000002 18 0a0100"),
                        UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("192.0.2.1")),
                                PrefixBlock.builder(V4, true).add(1, IpPrefix.parse("10.1.0.0/24"))
                                        .add(2, IpPrefix.parse("10.1.0.0/24")).build())),
                // RFC 4724 §2
                new Vector("End-of-RIB ipv4", WireOptions.DEFAULT, update("", "", ""), UpdateMessage.endOfRib(V4)),
                new Vector("End-of-RIB ipv6", WireOptions.DEFAULT, update("", "80 0f 03 0002 01", ""), UpdateMessage.endOfRib(V6)),
                // RFC 6793 §4.2.2: AS_TRANS in AS_PATH and AGGREGATOR, the real values in AS4_PATH and AS4_AGGREGATOR
                new Vector("UPDATE to a 2-octet speaker", WireOptions.TWO_OCTET_AS,
                        update("", "40 01 01 00 | 40 02 06 02 02 fde9 5ba0 | 40 03 04 c0000201 | c0 07 06 5ba0 c0000202"
                                + " | c0 11 0a 02 02 0000fde9 fa56ea01 | c0 12 08 fa56ea01 c0000202", "18 0a0100"),
                        UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 4_200_000_001L),
                                NextHop.of("192.0.2.1"), new Aggregator(4_200_000_001L, Addresses.ipv4("192.0.2.2"))),
                                PrefixBlock.parse(V4, "10.1.0.0/24"))),
                // RFC 4271 §4.3: AS_SET; RFC 5065 §3: confederation segments
                new Vector("UPDATE AS_PATH with set and confederation segments", IBGP,
                        update("", "40 01 01 02 | 40 02 20 03 01 0000fdeb 02 02 0000fde9 0000fdea 01 02 0000fded 0000fdee 04 01 0000fdef"
                                + " | 40 03 04 c0000201", "08 0a"),
                        UpdateMessage.announce(PathAttributes.of(Origin.INCOMPLETE,
                                AsPath.of(AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65003),
                                        AsPathSegment.sequence(65001, 65002), AsPathSegment.set(65005, 65006),
                                        AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SET, 65007)),
                                NextHop.of("192.0.2.1")), PrefixBlock.parse(V4, "10.0.0.0/8"))));
    }

    static Vector openWithEveryCapability() {
        String capabilities = "01 04 0001 00 01 | 01 04 0002 00 01 | 02 00 | 46 00 | 41 04 0000fde8"
                + " | 40 06 4078 0001 01 80"          // RFC 4724: N bit, 120 s, ipv4 unicast forwarding kept
                + " | 47 07 0001 01 80 000e10"        // RFC 9494: 3600 s
                + " | 45 04 0001 01 03"               // RFC 7911: send and receive
                + " | 05 06 0001 0001 0002"           // RFC 8950: ipv4 unicast over ipv6
                + " | 06 00 | 09 01 03"               // RFC 8654; RFC 9234 customer
                + " | 49 04 02 7231 00"               // FQDN: host r1, no domain
                + " | 80 00";                          // pre-standard route refresh, unknown here
        byte[] wire = message(1, "04 fde8 00b4 c0000201 44 02 42 " + capabilities);
        OpenMessage open = new OpenMessage(4, 65000, 180, Addresses.ipv4("192.0.2.1"), List.of(
                new MultiprotocolCapability(V4), new MultiprotocolCapability(V6),
                RouteRefreshCapability.INSTANCE, EnhancedRouteRefreshCapability.INSTANCE, new FourOctetAsCapability(65000),
                new GracefulRestartCapability(false, true, 120, List.of(new GracefulRestartCapability.Family(V4, true))),
                new LongLivedGracefulRestartCapability(List.of(new LongLivedGracefulRestartCapability.Family(V4, true, 3600))),
                new AddPathCapability(List.of(new AddPathCapability.Family(V4, AddPathCapability.Direction.BOTH))),
                new ExtendedNextHopCapability(List.of(new ExtendedNextHopCapability.Entry(1, 1, 2))),
                ExtendedMessageCapability.INSTANCE, new RoleCapability(RoleCapability.Role.CUSTOMER),
                new FqdnCapability("r1", ""), new UnknownCapability(128, new byte[0])));
        return new Vector("OPEN with every capability", WireOptions.DEFAULT, wire, open);
    }

    /** RFC 9072 §2: 300 octets of capabilities need 2-octet parameter lengths. */
    static Vector openWithExtendedParameters() {
        String oneCapability = "c8 08 0102030405060708 ";
        byte[] wire = message(1, "04 fde8 00b4 c0000201 ff ff 012f 02 012c " + oneCapability.repeat(30));
        List<Capability> capabilities = java.util.Collections.nCopies(30,
                new UnknownCapability(200, hex("0102030405060708")));
        return new Vector("OPEN with extended optional parameters", WireOptions.DEFAULT, wire,
                new OpenMessage(4, 65000, 180, Addresses.ipv4("192.0.2.1"), capabilities));
    }

    static Vector updateWithEveryAttribute() {
        String attributes = "40 01 01 00"                                   // ORIGIN IGP
                + " | 40 02 0a 02 02 0000fde9 0000fdea"                     // AS_PATH 65001 65002
                + " | 40 03 04 c0000201"                                    // NEXT_HOP 192.0.2.1
                + " | 80 04 04 00000064"                                    // MED 100
                + " | 40 05 04 000000c8"                                    // LOCAL_PREF 200
                + " | 40 06 00"                                             // ATOMIC_AGGREGATE
                + " | c0 07 08 0000fde9 c0000202"                           // AGGREGATOR 65001 192.0.2.2
                + " | c0 08 08 fde90064 ffffff01"                           // COMMUNITIES 65001:100 NO_EXPORT
                + " | 80 09 04 0a000001"                                    // ORIGINATOR_ID
                + " | 80 0a 08 0a000002 0a000003"                           // CLUSTER_LIST
                + " | c0 10 08 0002fde900000064"                            // route target 65001:100
                + " | c0 19 14 0002 20010db8000000000000000000000001 0064"  // RFC 5701
                + " | c0 20 0c 0000fde9 00000001 00000002"                  // LARGE 65001:1:2
                + " | c0 23 04 0000fde9"                                    // OTC 65001
                + " | e0 63 02 abcd";                                       // unknown, transitive, partial
        byte[] wire = update("", attributes, "18 0a0100 10 0a02 20 c0000201 00");
        PathAttributes expected = PathAttributes.of(Origin.IGP, AsPath.sequence(65001, 65002), NextHop.of("192.0.2.1"),
                new MultiExitDisc(100), new LocalPref(200), AtomicAggregate.INSTANCE,
                new Aggregator(65001, Addresses.ipv4("192.0.2.2")),
                Communities.of(Communities.parse("65001:100"), Communities.NO_EXPORT),
                new OriginatorId(Addresses.ipv4("10.0.0.1")), new ClusterList(new int[] {0x0a000002, 0x0a000003}),
                ExtendedCommunities.of(ExtendedCommunities.routeTarget(65001, 100)),
                new Ipv6ExtendedCommunities(hex("0002 20010db8000000000000000000000001 0064")),
                LargeCommunities.of(65001, 1, 2), new OnlyToCustomer(65001),
                new UnknownAttribute(0xe0, 99, hex("abcd")));
        return new Vector("UPDATE with every attribute", IBGP, wire, UpdateMessage.announce(expected,
                PrefixBlock.parse(V4, "10.1.0.0/24", "10.2.0.0/16", "192.0.2.1/32", "0.0.0.0/0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheValue(Vector v) {
        assertThat(Bytes.decodeClean(v.wire, v.options)).isEqualTo(v.value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesToTheBytes(Vector v) {
        assertThat(hex(Bytes.encode(v.value, v.options))).isEqualTo(hex(v.wire));
    }
}
