package dev.javabgp.calico.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.resource.PrefixAdvertisement;
import dev.javabgp.calico.service.EndpointSlice;
import dev.javabgp.calico.service.KubeService;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.calico.service.TrafficPolicy;
import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calico's service advertisement rules, without a speaker. */
class ServiceExportPolicyTest {

    static final ServiceRanges RANGES = new ServiceRanges("node-1", List.of(prefix("10.96.0.0/12"), prefix("fd00:96::/112")),
            List.of(prefix("198.51.100.0/24")), List.of(prefix("203.0.113.0/24"), prefix("2001:db8:5e::/64")),
            List.of(new PrefixAdvertisement(prefix("198.51.100.0/24"), List.of(new Community("64512:300"))),
                    new PrefixAdvertisement(prefix("198.51.100.10/32"), List.of(new Community("64512:1:10"))),
                    new PrefixAdvertisement(prefix("2001:db8:5e::/64"), List.of(new Community("64512:600")))),
            address("127.0.0.1"), address("::1"));

    private final List<String> reasons = new ArrayList<>();

    static IpPrefix prefix(String text) {
        return IpPrefix.parse(text);
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static KubeService service(String name, TrafficPolicy external, TrafficPolicy internal, List<String> clusterIps,
            List<String> externalIps, List<String> loadBalancerIps) {
        return new KubeService("default", name, clusterIps.stream().map(ServiceExportPolicyTest::address).toList(),
                externalIps.stream().map(ServiceExportPolicyTest::address).toList(),
                loadBalancerIps.stream().map(ServiceExportPolicyTest::address).toList(), external, internal);
    }

    static EndpointSlice endpoints(String service, boolean ready, String node) {
        return new EndpointSlice("default", service + "-1", service,
                List.of(new EndpointSlice.Endpoint(List.of(address("10.244.1.5")), ready, node)));
    }

    private Map<IpPrefix, List<Community>> desired(ServiceSnapshot snapshot) {
        return ServiceExportPolicy.desired(RANGES, snapshot, reasons::add);
    }

    private static final List<IpPrefix> RANGES_ONLY = List.of(prefix("10.96.0.0/12"), prefix("198.51.100.0/24"),
            prefix("203.0.113.0/24"), prefix("2001:db8:5e::/64"), prefix("fd00:96::/112"));

    @Test
    void everyNodeAnnouncesTheConfiguredRangesWithoutAnyService() {
        assertThat(desired(ServiceSnapshot.EMPTY).keySet()).containsExactlyInAnyOrderElementsOf(RANGES_ONLY);
    }

    @Test
    void aClusterServiceAddsNothingToTheRanges() {
        KubeService api = service("api", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, List.of("10.96.0.20"), List.of("198.51.100.11"),
                List.of("203.0.113.5"));
        var d = desired(new ServiceSnapshot(List.of(api), List.of(endpoints("api", true, "node-1"))));
        assertThat(d.keySet()).containsExactlyInAnyOrderElementsOf(RANGES_ONLY);
        assertThat(reasons).isEmpty();
    }

    @Test
    void aLocalServiceAddsHostRoutesOnlyOnANodeWithAReadyEndpoint() {
        KubeService web = service("web", TrafficPolicy.LOCAL, TrafficPolicy.LOCAL, List.of("10.96.0.10"), List.of("198.51.100.10"),
                List.of("203.0.113.7"));
        var here = desired(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-1"))));
        assertThat(here.keySet()).contains(prefix("10.96.0.10/32"), prefix("198.51.100.10/32"), prefix("203.0.113.7/32"));
        assertThat(here).hasSize(RANGES_ONLY.size() + 3);

        var elsewhere = desired(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-2"))));
        assertThat(elsewhere.keySet()).containsExactlyInAnyOrderElementsOf(RANGES_ONLY);

        var notReady = desired(new ServiceSnapshot(List.of(web), List.of(endpoints("web", false, "node-1"))));
        assertThat(notReady.keySet()).containsExactlyInAnyOrderElementsOf(RANGES_ONLY);
    }

    @Test
    void clusterIpsFollowTheInternalPolicyAndExternalIpsTheExternalOne() {
        KubeService mixed = service("mixed", TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, List.of("10.96.0.30"), List.of("198.51.100.30"),
                List.of());
        var d = desired(new ServiceSnapshot(List.of(mixed), List.of(endpoints("mixed", true, "node-1"))));
        assertThat(d.keySet()).contains(prefix("10.96.0.30/32")).doesNotContain(prefix("198.51.100.30/32"));
    }

    @Test
    void anAddressOutsideEveryRangeIsNeverAnnouncedAndSaysWhy() {
        KubeService stray = service("stray", TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, List.of(), List.of("100.64.0.1"), List.of());
        var d = desired(new ServiceSnapshot(List.of(stray), List.of(endpoints("stray", true, "node-1"))));
        assertThat(d.keySet()).containsExactlyInAnyOrderElementsOf(RANGES_ONLY);
        assertThat(reasons).containsExactly("service default/stray: external IP 100.64.0.1 is not announced: it is outside every "
                + "serviceExternalIPs range (198.51.100.0/24)");
    }

    @Test
    void communitiesOfEveryPrefixAdvertisementThatHoldsThePrefix() {
        KubeService web = service("web", TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, List.of(), List.of("198.51.100.10"), List.of());
        var d = desired(new ServiceSnapshot(List.of(web), List.of(endpoints("web", true, "node-1"))));
        assertThat(d.get(prefix("198.51.100.0/24"))).containsExactly(new Community("64512:300"));
        assertThat(d.get(prefix("198.51.100.10/32"))).containsExactly(new Community("64512:300"), new Community("64512:1:10"));
        assertThat(d.get(prefix("10.96.0.0/12"))).isEmpty();
    }

    @Test
    void ipv6ServicesGetSlash128sAndTheirCommunities() {
        KubeService v6 = service("v6", TrafficPolicy.LOCAL, TrafficPolicy.LOCAL, List.of("fd00:96::10"), List.of(),
                List.of("2001:db8:5e::7"));
        var d = desired(new ServiceSnapshot(List.of(v6), List.of(endpoints("v6", true, "node-1"))));
        assertThat(d.keySet()).contains(prefix("fd00:96::10/128"), prefix("2001:db8:5e::7/128"));
        assertThat(d.get(prefix("2001:db8:5e::7/128"))).containsExactly(new Community("64512:600"));
    }

    @Test
    void ipv6PrefixesNeedAnIpv6NextHop() {
        ServiceRanges v4Only = new ServiceRanges("node-1", List.of(prefix("fd00:96::/112")), List.of(), List.of(), List.of(),
                address("127.0.0.1"), null);
        assertThat(ServiceExportPolicy.desired(v4Only, ServiceSnapshot.EMPTY, reasons::add)).isEmpty();
        assertThat(reasons).containsExactly("fd00:96::/112 is not announced: node node-1 has no IPv6 address "
                + "(Node spec.bgp.ipv6Address) to give as its next hop");
    }
}
