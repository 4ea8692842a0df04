package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.message.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.PcapWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent decoder reads our bytes: the samples below are encoded, written to a pcap as one
 * TCP stream to port 179, dissected by tshark, and every field tshark reports is compared with
 * what we meant. Runs wherever tshark is installed (CI installs it); elsewhere it is skipped.
 */
class TsharkCrossCheckTest {
    record Sample(String name, WireOptions options, BgpMessage message) {}

    static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
    static final WireOptions IBGP = WireOptions.DEFAULT.withExternalPeer(false);

    static List<Sample> samples() {
        return List.of(
                new Sample("open", WireOptions.DEFAULT, OpenMessage.of(4_200_000_001L, 90, Addresses.ipv4("192.0.2.1"), List.of(
                        new MultiprotocolCapability(V4), new MultiprotocolCapability(V6), RouteRefreshCapability.INSTANCE,
                        EnhancedRouteRefreshCapability.INSTANCE,
                        new GracefulRestartCapability(true, false, 300, List.of(new GracefulRestartCapability.Family(V6, true))),
                        new LongLivedGracefulRestartCapability(List.of(new LongLivedGracefulRestartCapability.Family(V4, false, 86400))),
                        new AddPathCapability(List.of(new AddPathCapability.Family(V6, AddPathCapability.Direction.SEND))),
                        new ExtendedNextHopCapability(List.of(new ExtendedNextHopCapability.Entry(1, 1, 2))),
                        ExtendedMessageCapability.INSTANCE, new RoleCapability(RoleCapability.Role.ROUTE_SERVER),
                        new FqdnCapability("node-7", "cluster.local")))),
                new Sample("update ipv4", IBGP, UpdateMessage.announce(PathAttributes.of(Origin.EGP,
                        AsPath.of(AsPathSegment.sequence(65001, 4_200_000_002L), AsPathSegment.set(65010, 65011)),
                        NextHop.of("198.51.100.1"), new MultiExitDisc(1234), new LocalPref(250), AtomicAggregate.INSTANCE,
                        new Aggregator(64512, Addresses.ipv4("198.51.100.2")),
                        Communities.of(Communities.parse("64512:100"), Communities.NO_ADVERTISE),
                        new OriginatorId(Addresses.ipv4("203.0.113.9")), new ClusterList(new int[] {0x01020304}),
                        ExtendedCommunities.of(ExtendedCommunities.routeTarget(64512, 7)),
                        new Ipv6ExtendedCommunities(Bytes.hex("0002 20010db8000000000000000000000009 0011")),
                        LargeCommunities.of(4_200_000_002L, 10, 20), new OnlyToCustomer(64513),
                        new UnknownAttribute(0xC0, 255, new byte[] {1, 2, 3})),
                        PrefixBlock.parse(V4, "10.20.0.0/16", "172.16.5.0/24", "192.0.2.128/25"))),
                new Sample("update ipv6", IBGP, UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                        new MpReachNlri(V6, Addresses.ipv6("2001:db8::1"), Addresses.ipv6("fe80::1"),
                                PrefixBlock.parse(V6, "2001:db8:100::/48", "2001:db8:200::/56"))), PrefixBlock.empty(V4))),
                new Sample("withdraw ipv6", IBGP, UpdateMessage.withdraw(PrefixBlock.parse(V6, "2001:db8:300::/64"))),
                new Sample("update ipv4 via ipv6", IBGP, UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(65001),
                        new MpReachNlri(V4, Addresses.ipv6("2001:db8::2"), PrefixBlock.parse(V4, "10.30.0.0/24"))), PrefixBlock.empty(V4))),
                new Sample("update two-octet", WireOptions.TWO_OCTET_AS, UpdateMessage.announce(PathAttributes.of(Origin.IGP,
                        AsPath.sequence(65001, 4_200_000_003L), NextHop.of("198.51.100.1"),
                        new Aggregator(4_200_000_003L, Addresses.ipv4("198.51.100.3"))), PrefixBlock.parse(V4, "10.40.0.0/16"))),
                new Sample("update add-path", IBGP.withAddPath(Set.of(V4)), UpdateMessage.announce(
                        PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("198.51.100.1")),
                        PrefixBlock.builder(V4, true).add(11, IpPrefix.parse("10.50.0.0/24")).add(12, IpPrefix.parse("10.50.0.0/24")).build())),
                new Sample("withdraw ipv4", IBGP, UpdateMessage.withdraw(PrefixBlock.parse(V4, "10.60.0.0/20"))),
                new Sample("end of rib", IBGP, UpdateMessage.endOfRib(V4)),
                new Sample("notification", WireOptions.DEFAULT, NotificationMessage.cease(NotificationCode.ADMINISTRATIVE_SHUTDOWN,
                        "upgrade to 2.0")),
                new Sample("keepalive", WireOptions.DEFAULT, KeepaliveMessage.INSTANCE),
                new Sample("route refresh", WireOptions.DEFAULT, new RouteRefreshMessage(V6, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH)));
    }

    /** Per frame, each field tshark reported and its values in order. */
    static List<Map<String, List<String>>> frames;

    @BeforeAll
    static void dissect(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tsharkAvailable() || "true".equals(System.getenv("CI")),
                "tshark is not installed (apt-get install tshark); skipping the independent-decoder check");
        Path pcap = dir.resolve("samples.pcap");
        PcapWriter.write(pcap, samples().stream().map(s -> Bytes.encode(s.message(), s.options())).toList());
        Process tshark = new ProcessBuilder("tshark", "-r", pcap.toString(), "-T", "json", "--no-duplicate-keys")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] json = tshark.getInputStream().readAllBytes();
        if (!tshark.waitFor(60, TimeUnit.SECONDS)) {
            tshark.destroyForcibly();
            throw new AssertionError("tshark did not finish within 60 s");
        }
        assertThat(tshark.exitValue()).as("tshark exit code").isZero();
        frames = new ArrayList<>();
        for (JsonNode packet : new ObjectMapper().readTree(json)) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            flatten(packet.path("_source").path("layers"), "", fields);
            frames.add(fields);
        }
        assertThat(frames).hasSize(samples().size());
    }

    private static boolean tsharkAvailable() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void flatten(JsonNode node, String key, Map<String, List<String>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                flatten(n, key, out);
            }
        } else {
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(node.asText());
        }
    }

    private static List<String> field(int frame, String name) {
        return frames.get(frame).getOrDefault(name, List.of());
    }

    @Test
    void noFrameIsMalformedOrWarnedAbout() {
        for (int i = 0; i < frames.size(); i++) {
            Map<String, List<String>> f = frames.get(i);
            assertThat(f.keySet()).as("frame %d (%s)", i + 1, samples().get(i).name()).noneMatch(k -> k.startsWith("_ws.malformed"));
            // Wireshark's expert severities: note 0x400000, warning 0x600000, error 0x800000.
            assertThat(f.getOrDefault("_ws.expert.severity", List.of())).as("frame %d expert info %s", i + 1,
                    f.get("_ws.expert.message")).allMatch(s -> Integer.parseInt(s) < 0x600000);
            assertThat(field(i, "bgp.type")).as("frame %d", i + 1).containsExactly(String.valueOf(samples().get(i).message().type()));
        }
    }

    @Test
    void open() {
        assertThat(field(0, "bgp.open.myas")).containsExactly("23456");
        assertThat(field(0, "bgp.open.holdtime")).containsExactly("90");
        assertThat(field(0, "bgp.open.identifier")).containsExactly("192.0.2.1");
        assertThat(field(0, "bgp.cap.type")).containsExactly("1", "1", "2", "70", "64", "71", "69", "5", "6", "9", "73", "65");
        assertThat(field(0, "bgp.cap.mp.afi")).containsExactly("1", "2");
        assertThat(field(0, "bgp.cap.gr.timers.restart_flag")).containsExactly("1");
        assertThat(field(0, "bgp.cap.gr.timers.restart_time")).containsExactly("300");
        assertThat(field(0, "bgp.cap.gr.afi")).containsExactly("2");
        assertThat(field(0, "bgp.cap.gr.flag.pfs")).containsExactly("1");
        assertThat(field(0, "bgp.cap.ap.afi")).containsExactly("2");
        assertThat(field(0, "bgp.cap.ap.sendreceive")).containsExactly("2");
        assertThat(field(0, "bgp.cap.enh.nhafi")).containsExactly("2");
        assertThat(field(0, "bgp.cap.orf.fqdn.hostname")).containsExactly("node-7");
        assertThat(field(0, "bgp.cap.orf.fqdn.domain_name")).containsExactly("cluster.local");
        assertThat(field(0, "bgp.cap.4as")).containsExactly("4200000001");
        // tshark 4.0 does not know long-lived graceful restart (RFC 9494) or roles (RFC 9234): raw bytes.
        assertThat(field(0, "bgp.cap.unknown")).containsExactly("00:01:01:00:01:51:80", "01");
    }

    @Test
    void ipv4UpdateWithEveryAttribute() {
        assertThat(field(1, "bgp.update.path_attribute.type_code"))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "16", "25", "32", "35", "255");
        assertThat(field(1, "bgp.update.path_attribute.origin")).containsExactly("1");
        assertThat(field(1, "bgp.update.path_attribute.as_path_segment.type")).containsExactly("2", "1");
        assertThat(field(1, "bgp.update.path_attribute.as_path_segment.as4")).containsExactly("65001", "4200000002", "65010", "65011");
        assertThat(field(1, "bgp.update.path_attribute.next_hop")).containsExactly("198.51.100.1");
        assertThat(field(1, "bgp.update.path_attribute.multi_exit_disc")).containsExactly("1234");
        assertThat(field(1, "bgp.update.path_attribute.local_pref")).containsExactly("250");
        assertThat(field(1, "bgp.update.path_attribute.aggregator_as")).containsExactly("64512");
        assertThat(field(1, "bgp.update.path_attribute.aggregator_origin")).containsExactly("198.51.100.2");
        assertThat(field(1, "bgp.update.path_attribute.community_as")).containsExactly("64512");
        assertThat(field(1, "bgp.update.path_attribute.community_value")).containsExactly("100");
        assertThat(field(1, "bgp.update.path_attribute.community_wellknown")).containsExactly("0xffffff02");
        assertThat(field(1, "bgp.update.path_attribute.originator_id")).containsExactly("203.0.113.9");
        assertThat(field(1, "bgp.path_attribute.cluster_id")).containsExactly("1.2.3.4");
        assertThat(field(1, "bgp.ext_com.value_as2")).containsExactly("64512");
        assertThat(field(1, "bgp.ext_com.value_an4")).containsExactly("7");
        assertThat(field(1, "bgp.large_communities.ga")).containsExactly("4200000002");
        assertThat(field(1, "bgp.large_communities.ldp1")).containsExactly("10");
        assertThat(field(1, "bgp.large_communities.ldp2")).containsExactly("20");
        assertThat(field(1, "bgp.update.path_attribute.flags")).last().isEqualTo("0xc0");
        assertThat(field(1, "bgp.nlri_prefix")).containsExactly("10.20.0.0", "172.16.5.0", "192.0.2.128");
        assertThat(field(1, "bgp.prefix_length")).containsExactly("16", "24", "25");
    }

    @Test
    void ipv6ReachWithLinkLocalNextHopAndUnreach() {
        assertThat(field(2, "bgp.update.path_attribute.type_code")).containsExactly("14", "1", "2");
        assertThat(field(2, "bgp.update.path_attribute.mp_reach_nlri.afi")).containsExactly("2");
        assertThat(field(2, "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6")).containsExactly("2001:db8::1");
        assertThat(field(2, "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6.link_local")).containsExactly("fe80::1");
        assertThat(field(2, "bgp.mp_reach_nlri_ipv6_prefix")).containsExactly("2001:db8:100::", "2001:db8:200::");
        assertThat(field(2, "bgp.prefix_length")).containsExactly("48", "56");
        assertThat(field(3, "bgp.update.path_attribute.mp_unreach_nlri.afi")).containsExactly("2");
        assertThat(field(3, "bgp.mp_unreach_nlri_ipv6_prefix")).containsExactly("2001:db8:300::");
    }

    @Test
    void ipv4OverIpv6NextHop() {
        assertThat(field(4, "bgp.update.path_attribute.mp_reach_nlri.afi")).containsExactly("1");
        assertThat(field(4, "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6")).containsExactly("2001:db8::2");
        assertThat(field(4, "bgp.mp_reach_nlri_ipv4_prefix")).containsExactly("10.30.0.0");
    }

    @Test
    void twoOctetSessionCarriesAs4PathAndAs4Aggregator() {
        assertThat(field(5, "bgp.update.path_attribute.type_code")).containsExactly("1", "2", "3", "7", "17", "18");
        assertThat(field(5, "bgp.update.path_attribute.as_path_segment.as2")).containsExactly("65001", "23456");
        assertThat(field(5, "bgp.update.path_attribute.as_path_segment.as4")).containsExactly("65001", "4200000003");
        assertThat(field(5, "bgp.update.path_attribute.aggregator_as")).containsExactly("23456", "4200000003");
    }

    @Test
    void addPathWithdrawalsEndOfRibAndTheRest() {
        assertThat(field(6, "bgp.nlri_path_id")).containsExactly("11", "12");
        assertThat(field(6, "bgp.nlri_prefix")).containsExactly("10.50.0.0", "10.50.0.0");
        assertThat(field(7, "bgp.withdrawn_prefix")).containsExactly("10.60.0.0");
        assertThat(field(7, "bgp.prefix_length")).containsExactly("20");
        assertThat(field(8, "bgp.length")).containsExactly("23");
        assertThat(field(9, "bgp.notify.major_error")).containsExactly("6");
        assertThat(field(9, "bgp.notify.minor_error_cease")).containsExactly("2");
        assertThat(field(9, "bgp.notify.communication")).containsExactly("upgrade to 2.0");
        assertThat(field(10, "bgp.length")).containsExactly("19");
        assertThat(field(11, "bgp.route_refresh.afi")).containsExactly("2");
        assertThat(field(11, "bgp.route_refresh.subtype")).containsExactly("1");
    }
}
