package dev.javabgp.dataplane.netlink.rtnetlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire layouts of the rtnetlink messages, byte for byte where the kernel is strict. */
class MessagesTest {

    private static NetlinkMessage asKernelMessage(int type, byte[] body) {
        return new NetlinkMessage(type, 0, 1, ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()));
    }

    @Test
    void anOnlinkRouteEncodesRtmsgThenTableDestinationGatewayAndDevice() throws Exception {
        RouteMessage route = RouteMessage.unicast(IpPrefix.parse("10.244.1.0/26"), 254, 201,
                InetAddress.getByName("10.244.1.0"), 7, true);
        Request add = route.add(false);
        assertThat(add.type()).isEqualTo(24); // RTM_NEWROUTE
        assertThat(add.flags()).isEqualTo(0x400 | 0x200); // NLM_F_CREATE | NLM_F_EXCL
        ByteBuffer b = ByteBuffer.wrap(add.body()).order(ByteOrder.nativeOrder());
        // struct rtmsg: family AF_INET, dst_len 26, src_len 0, tos 0, table 254, protocol 201, scope universe, type unicast
        assertThat(new byte[] {b.get(0), b.get(1), b.get(2), b.get(3), b.get(4), b.get(5), b.get(6), b.get(7)})
                .containsExactly(2, 26, 0, 0, (byte) 254, (byte) 201, 0, 1);
        assertThat(b.getInt(8)).isEqualTo(4); // RTNH_F_ONLINK

        RouteMessage parsed = RouteMessage.parse(asKernelMessage(24, add.body())).orElseThrow();
        assertThat(parsed).isEqualTo(route);
        assertThat(route.add(true).flags()).isEqualTo(0x400 | 0x100); // NLM_F_CREATE | NLM_F_REPLACE
    }

    @Test
    void aTableAbove255GoesOnlyInRtaTable() throws Exception {
        RouteMessage route = RouteMessage.unicast(IpPrefix.parse("2001:db8:7::/48"), 100_000, 201,
                InetAddress.getByName("fd00:99::2"), 0, false);
        byte[] body = route.add(false).body();
        assertThat(body[4]).isEqualTo((byte) 0); // RT_TABLE_UNSPEC in rtm_table
        assertThat(RouteMessage.parse(asKernelMessage(24, body)).orElseThrow().table()).isEqualTo(100_000);
    }

    @Test
    void anIpv4RouteWithAnIpv6NextHopUsesRtaVia() throws Exception {
        // RFC 8950: IPv4 prefixes with an IPv6 next hop; the kernel takes the gateway as struct rtvia.
        RouteMessage route = RouteMessage.unicast(IpPrefix.parse("198.51.100.0/24"), 254, 201,
                InetAddress.getByName("fd00:99::2"), 0, false);
        byte[] body = route.add(false).body();
        String hex = HexFormat.of().formatHex(body);
        assertThat(hex).contains("1600" + "1200" + "0a00" + "fd000099"); // len 22, RTA_VIA, AF_INET6, fd00:99::2
        assertThat(RouteMessage.parse(asKernelMessage(24, body)).orElseThrow().gateway())
                .isEqualTo(InetAddress.getByName("fd00:99::2"));
    }

    @Test
    void aDeletionMatchesAnyScopeAndTypeButOnlyOurProtocol() throws Exception {
        RouteMessage route = RouteMessage.unicast(IpPrefix.parse("198.51.100.0/24"), 254, 201,
                InetAddress.getByName("10.99.0.2"), 0, false);
        byte[] body = route.delete().body();
        assertThat(body[5]).isEqualTo((byte) 201);
        assertThat(body[6]).isEqualTo((byte) 255); // RT_SCOPE_NOWHERE
        assertThat(body[7]).isEqualTo((byte) 0);
        assertThat(RouteMessage.parse(asKernelMessage(24, body)).orElseThrow().gateway()).isNull();
    }

    @Test
    void theVxlanPortIsBigEndianAndLearningIsOff() throws Exception {
        Request create = LinkMessage.createVxlan("vxlan.calico", 4096, 4789, InetAddress.getByName("10.0.0.11"), 1450);
        String hex = HexFormat.of().formatHex(create.body());
        assertThat(hex).contains("06000f00" + "12b5"); // IFLA_VXLAN_PORT, 4789 in network order
        assertThat(hex).contains("05000700" + "00"); // IFLA_VXLAN_LEARNING 0
        assertThat(hex).contains("08000400" + "0a00000b"); // IFLA_VXLAN_LOCAL 10.0.0.11

        // The kernel answers with the same attributes nested under IFLA_LINKINFO; parse reads them back.
        LinkMessage link = LinkMessage.parse(asKernelMessage(16, create.body())).orElseThrow();
        assertThat(link.name()).isEqualTo("vxlan.calico");
        assertThat(link.kind()).isEqualTo("vxlan");
        assertThat(link.mtu()).isEqualTo(1450);
        assertThat(link.up()).isTrue();
        assertThat(link.vxlan()).isEqualTo(new LinkMessage.Vxlan(4096, 4789, InetAddress.getByName("10.0.0.11"), false));
    }

    @Test
    void anIpv6LocalAddressGoesInLocal6() throws Exception {
        Request create = LinkMessage.createVxlan("vx6", 1, 4789, InetAddress.getByName("fd00::11"), 1430);
        assertThat(HexFormat.of().formatHex(create.body())).contains("14001100" + "fd00"); // IFLA_VXLAN_LOCAL6
        assertThat(LinkMessage.parse(asKernelMessage(16, create.body())).orElseThrow().vxlan().local())
                .isEqualTo(InetAddress.getByName("fd00::11"));
    }

    @Test
    void aBridgeEntryCarriesSelfPermanentTheMacAndTheUnderlayAddress() throws Exception {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex("66:aa:bb:cc:dd:01");
        NeighbourMessage entry = new NeighbourMessage(NeighbourMessage.AF_BRIDGE, 7, NeighbourMessage.NUD_PERMANENT,
                NeighbourMessage.NTF_SELF, InetAddress.getByName("10.99.0.12"), mac);
        Request add = entry.addOrReplace();
        assertThat(add.type()).isEqualTo(28); // RTM_NEWNEIGH
        ByteBuffer b = ByteBuffer.wrap(add.body()).order(ByteOrder.nativeOrder());
        assertThat(b.get(0)).isEqualTo((byte) 7); // AF_BRIDGE
        assertThat(b.getInt(4)).isEqualTo(7);
        assertThat(b.getShort(8)).isEqualTo((short) 0x80); // NUD_PERMANENT
        assertThat(b.get(10)).isEqualTo((byte) 2); // NTF_SELF
        NeighbourMessage parsed = NeighbourMessage.parse(asKernelMessage(28, add.body())).orElseThrow();
        assertThat(parsed.destination()).isEqualTo(InetAddress.getByName("10.99.0.12"));
        assertThat(parsed.linkAddress()).isEqualTo(mac);
    }

    @Test
    void malformedAttributeLengthsEndTheWalkWithoutReadingOutside() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) 8).putShort((short) 3).put("abc\0".getBytes()); // IFLA_IFNAME "abc"
        b.putShort((short) 200).putShort((short) 4).putInt(1500); // claims 200 bytes: beyond the message
        Attributes a = Attributes.parse(b.flip());
        assertThat(a.string(3)).isEqualTo("abc");
        assertThat(a.has(4)).isFalse();
        assertThat(Attributes.parse(ByteBuffer.wrap(new byte[] {2, 0, 1, 0})).has(1)).isFalse(); // length below 4
    }

    @Test
    void aTruncatedOrForeignFamilyMessageIsNotARoute() {
        assertThat(RouteMessage.parse(asKernelMessage(24, new byte[5]))).isEmpty();
        byte[] bridge = new byte[12];
        bridge[0] = 7; // AF_BRIDGE: not a route family we program
        assertThat(RouteMessage.parse(asKernelMessage(24, bridge))).isEmpty();
        assertThat(LinkMessage.parse(asKernelMessage(24, new byte[16]))).isEmpty();
    }

    @Test
    void errnoNamesAndDescriptionsAreTheCLibrarys() {
        assertThat(Errno.describe(17)).isEqualTo("File exists (EEXIST)");
        assertThat(Errno.describe(19)).isEqualTo("No such device (ENODEV)");
        assertThat(Errno.name(1)).isEqualTo("EPERM");
        assertThat(Errno.name(200)).isEqualTo("errno 200");
        assertThat(Errno.describe(200)).isEqualTo("Unknown error 200 (errno 200)");
    }

    @Test
    void descriptionsAreRightFromManyThreadsAtOnce() throws Exception {
        // Each thread's text comes from its own buffer (strerror_r), so none sees another's number.
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int unknown = 1000 + t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!Errno.describe(unknown).equals("Unknown error " + unknown + " (errno " + unknown + ")")
                                || !Errno.describe(17).equals("File exists (EEXIST)")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
        }
        for (var r : results) {
            assertThat(r.get()).isTrue();
        }
    }
}
