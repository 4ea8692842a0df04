package dev.javabgp.calico.node;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.export.ServiceRanges;
import dev.javabgp.calico.resource.BgpConfiguration;
import dev.javabgp.calico.resource.BgpFilter;
import dev.javabgp.calico.resource.BgpPeer;
import dev.javabgp.calico.resource.BindMode;
import dev.javabgp.calico.resource.CalicoNode;
import dev.javabgp.calico.resource.LogSeverity;
import dev.javabgp.calico.resource.Password;
import dev.javabgp.calico.resource.SourceAddress;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.policy.Decision;
import dev.javabgp.rib.policy.Match;
import dev.javabgp.rib.policy.Policy;
import dev.javabgp.rib.policy.PolicyRule;
import dev.javabgp.rib.policy.PrefixRange;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node's speaker in bgp-core's terms, worked out from a {@link CalicoConfig}: hand
 * {@link #speakerBuilder()} to bgp-core, and {@link #serviceRanges()} to a
 * {@link dev.javabgp.calico.export.ServicePrefixExporter}.
 *
 * <p>The peers are, in this order, with the first of any two for one address kept: the BGPPeers
 * with a {@code peerIP} that apply to the node (no {@code node} nor {@code nodeSelector}, the node's
 * name, or a selector matching its labels); the Calico nodes their {@code peerSelector}s select;
 * and, with {@code nodeToNodeMeshEnabled}, every other Calico node. A node never peers with itself.
 *
 * @param nodeName the node
 * @param asNumber the node's AS: its Node's {@code spec.bgp.asNumber}, else BGPConfiguration's, else 64512
 * @param routerId the node's IPv4 address, its BGP identifier
 * @param listenAddress where to listen: the node's IPv4 address with {@code bindMode: NodeIP},
 *     otherwise every IPv4 address (0.0.0.0)
 * @param listenPort {@code listenPort}: the node's BGPConfiguration's, else the default's, else 179
 * @param logSeverity {@code logSeverityScreen}, likewise; Calico's default Info
 * @param peers the sessions to run
 * @param serviceRanges what to announce for services
 * @param routeReflectorClusterId the Node's {@code routeReflectorClusterID}, the CLUSTER_ID it
 *     reflects with (RFC 4456 §7), or null when the node is no route reflector
 * @param bgpEnabled false when the Installation says {@code spec.calicoNetwork.bgp: Disabled}: then
 *     the node should neither listen nor peer, as calico-node runs no BGP (the other settings are
 *     worked out all the same, for when it is enabled again)
 */
public record NodeSettings(String nodeName, long asNumber, String routerId, String listenAddress, int listenPort,
        LogSeverity logSeverity, List<PeerConfig> peers, ServiceRanges serviceRanges, String routeReflectorClusterId,
        boolean bgpEnabled) {

    /** BIRD's graceful restart time, which Calico keeps when maxRestartTime is not set. */
    public static final Duration DEFAULT_RESTART_TIME = Duration.ofSeconds(120);

    public NodeSettings {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(logSeverity, "logSeverity");
        peers = List.copyOf(peers);
        Objects.requireNonNull(serviceRanges, "serviceRanges");
    }

    /**
     * A speaker builder listening and peering as configured; add a dataplane or metrics, then build.
     * With {@link #bgpEnabled()} false, Calico would run no speaker at all.
     */
    public BgpSpeaker.Builder speakerBuilder() {
        BgpSpeaker.Builder b = BgpSpeaker.builder(asNumber, routerId).listen(listenAddress, listenPort);
        if (routeReflectorClusterId != null) {
            b.clusterId(routeReflectorClusterId); // RFC 4456 §7: the reflectors of one cluster share it
        }
        peers.forEach(b::peer);
        return b;
    }

    /**
     * Works out a node's settings.
     *
     * @throws IllegalArgumentException if the configuration has no Node of that name, or the Node
     *     has no {@code spec.bgp.ipv4Address}
     */
    public static NodeSettings of(CalicoConfig config, String nodeName) {
        CalicoNode self = config.node(nodeName).orElseThrow(() -> new IllegalArgumentException("no Node named \"" + nodeName
                + "\" in the configuration; the Nodes are: " + (config.nodes().isEmpty() ? "none"
                : String.join(", ", config.nodes().stream().map(CalicoNode::name).toList()))));
        if (self.ipv4Address() == null) {
            throw new IllegalArgumentException("Node \"" + nodeName + "\" has no spec.bgp.ipv4Address; the speaker needs it as its "
                    + "BGP identifier (RFC 4271 §4.2) and next hop");
        }
        BgpConfiguration global = config.bgpConfiguration();
        BgpConfiguration local = config.bgpConfiguration(nodeName).orElse(null);
        long globalAs = global.asNumber() != null ? global.asNumber() : BgpConfiguration.DEFAULT_AS_NUMBER;
        long as = self.asNumber() != null ? self.asNumber() : globalAs;
        Integer port = local != null && local.listenPort() != null ? local.listenPort() : global.listenPort();
        int listenPort = port != null ? port : BgpConfiguration.DEFAULT_LISTEN_PORT;
        LogSeverity severity = local != null && local.logSeverityScreen() != null ? local.logSeverityScreen()
                : global.logSeverityScreen() != null ? global.logSeverityScreen() : LogSeverity.INFO;
        BindMode bind = local != null && local.bindMode() != null ? local.bindMode()
                : global.bindMode() != null ? global.bindMode() : BindMode.NONE;
        InetAddress v4 = self.ipv4Address().address();
        InetAddress v6 = self.ipv6Address() == null ? null : self.ipv6Address().address();

        Map<InetAddress, PeerConfig> peers = new LinkedHashMap<>();
        List<BgpPeer> applying = config.peers().stream().filter(p -> appliesTo(p, self)).toList();
        for (BgpPeer p : applying) {
            if (p.peerIP() == null || isSelf(p.peerIP().address(), self)) {
                continue;
            }
            InetAddress address = p.peerIP().address();
            PeerConfig c = PeerConfig.of(address.getHostAddress(), p.asNumber())
                    .withPort(p.peerIP().port() == 0 ? BgpConfiguration.DEFAULT_LISTEN_PORT : p.peerIP().port())
                    .withFamilies(Set.of(familyOf(address)));
            c = common(c, p, config, v4, v6, address);
            c = c.withImportPolicy(importPolicy(filters(config, p)))
                    .withExportPolicy(externalExport(filters(config, p), insideOnly(config), p.keepOriginalNextHop(), v4, v6));
            peers.putIfAbsent(address, c);
        }
        for (BgpPeer p : applying) {
            if (p.peerSelector() == null) {
                continue;
            }
            for (CalicoNode other : config.nodes()) {
                if (other != self && p.peerSelector().matches(other.labels())) {
                    long otherAs = other.asNumber() != null ? other.asNumber() : globalAs;
                    for (InetAddress address : addressesOf(other, v6 != null)) {
                        PeerConfig c = PeerConfig.of(address.getHostAddress(), otherAs).withPort(listenPort)
                                .withFamilies(Set.of(familyOf(address)));
                        c = common(c, p, config, v4, v6, address);
                        c = c.withImportPolicy(importPolicy(filters(config, p)))
                                .withExportPolicy(Policy.rules(Decision.ACCEPT, FilterPolicies.exportRules(filters(config, p), v4, v6)));
                        if (self.routeReflectorClusterID() != null && other.routeReflectorClusterID() == null && otherAs == as) {
                            c = c.withRole(ExportSettings.Role.ROUTE_REFLECTOR_CLIENT); // RFC 4456 §4
                        }
                        peers.putIfAbsent(address, c);
                    }
                }
            }
        }
        boolean mesh = global.nodeToNodeMeshEnabled() == null || global.nodeToNodeMeshEnabled();
        if (mesh) {
            for (CalicoNode other : config.nodes()) {
                if (other == self) {
                    continue;
                }
                long otherAs = other.asNumber() != null ? other.asNumber() : globalAs;
                for (InetAddress address : addressesOf(other, v6 != null)) {
                    PeerConfig c = PeerConfig.of(address.getHostAddress(), otherAs).withPort(listenPort)
                            .withFamilies(Set.of(familyOf(address)))
                            .withLocalAddress(localFor(address, v4, v6))
                            .withGracefulRestart(global.nodeMeshMaxRestartTime() != null ? global.nodeMeshMaxRestartTime()
                                    : DEFAULT_RESTART_TIME);
                    if (global.nodeMeshPassword() != null) {
                        c = c.withPassword(global.nodeMeshPassword().value());
                    }
                    peers.putIfAbsent(address, c);
                }
            }
        }
        ServiceRanges ranges = new ServiceRanges(nodeName, global.serviceClusterIPs(), global.serviceExternalIPs(),
                global.serviceLoadBalancerIPs(), global.prefixAdvertisements(), v4, v6);
        String listen = bind == BindMode.NODE_IP ? v4.getHostAddress() : "0.0.0.0";
        return new NodeSettings(nodeName, as, v4.getHostAddress(), listen, listenPort, severity, new ArrayList<>(peers.values()), ranges,
                self.routeReflectorClusterID(), config.bgpEnabled());
    }

    private static boolean appliesTo(BgpPeer p, CalicoNode self) {
        if (p.node() != null) {
            return p.node().equals(self.name());
        }
        return p.nodeSelector() == null || p.nodeSelector().matches(self.labels());
    }

    private static boolean isSelf(InetAddress address, CalicoNode self) {
        return (self.ipv4Address() != null && self.ipv4Address().address().equals(address))
                || (self.ipv6Address() != null && self.ipv6Address().address().equals(address));
    }

    private static List<InetAddress> addressesOf(CalicoNode node, boolean withV6) {
        List<InetAddress> out = new ArrayList<>();
        if (node.ipv4Address() != null) {
            out.add(node.ipv4Address().address());
        }
        if (withV6 && node.ipv6Address() != null) {
            out.add(node.ipv6Address().address());
        }
        return out;
    }

    private static AddressFamily familyOf(InetAddress address) {
        return address instanceof Inet4Address ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    }

    private static String localFor(InetAddress peer, InetAddress v4, InetAddress v6) {
        InetAddress local = peer instanceof Inet4Address ? v4 : v6;
        return local == null ? null : local.getHostAddress();
    }

    /** What every BGPPeer-made session shares: source address, password, restart time, GTSM. */
    private static PeerConfig common(PeerConfig c, BgpPeer p, CalicoConfig config, InetAddress v4, InetAddress v6, InetAddress peer) {
        if (p.sourceAddress() == SourceAddress.USE_NODE_IP) {
            c = c.withLocalAddress(localFor(peer, v4, v6));
        }
        Password password = p.password();
        if (password != null) {
            c = c.withPassword(password.value());
        }
        c = c.withGracefulRestart(p.maxRestartTime() != null ? p.maxRestartTime() : DEFAULT_RESTART_TIME);
        if (p.ttlSecurity() != null && p.ttlSecurity() > 0) {
            c = c.withGtsm(p.ttlSecurity());
        }
        if (p.numAllowedLocalASNumbers() != null) {
            // BIRD's "allow local as": routes whose AS_PATH holds our AS this often are no loop (RFC 4271 §9.1.2)
            c = c.withAllowAsIn(p.numAllowedLocalASNumbers());
        }
        return c;
    }

    private static List<BgpFilter> filters(CalicoConfig config, BgpPeer p) {
        return p.filters().stream().map(name -> config.filter(name).orElseThrow()).toList();
    }

    private static Policy importPolicy(List<BgpFilter> filters) {
        List<PolicyRule> rules = FilterPolicies.importRules(filters);
        return rules.isEmpty() ? Policy.ACCEPT_ALL : Policy.rules(Decision.ACCEPT, rules);
    }

    /** The pools whose routes stay inside the cluster: every pod pool but those BGP carries. */
    private static List<IpPrefix> insideOnly(CalicoConfig config) {
        List<IpPrefix> out = new ArrayList<>(config.podPools());
        out.removeAll(config.bgpPools());
        return out;
    }

    /**
     * To a peer outside the cluster: the BGPFilters first, then no route of a pool that stays
     * inside (a VXLAN or disableBGPExport pool: only a filter that accepts one sends it), then everything else; with the node as next hop unless
     * keepOriginalNextHop.
     */
    static Policy externalExport(List<BgpFilter> filters, List<IpPrefix> pools, boolean keepNextHop, InetAddress v4, InetAddress v6) {
        List<PolicyRule> rules = new ArrayList<>(FilterPolicies.exportRules(filters, v4, v6));
        for (IpPrefix pool : pools) {
            rules.add(PolicyRule.rule().match(PrefixRange.orLonger(pool)).reject());
        }
        Policy decide = Policy.rules(Decision.ACCEPT, rules);
        if (keepNextHop) {
            return decide;
        }
        List<PolicyRule> self = new ArrayList<>();
        self.add(PolicyRule.rule().match(Match.family(AddressFamily.IPV4_UNICAST)).setNextHop(v4.getHostAddress()).accept());
        if (v6 != null) {
            self.add(PolicyRule.rule().match(Match.family(AddressFamily.IPV6_UNICAST)).setNextHop(v6.getHostAddress()).accept());
        }
        return Policy.chain(decide, Policy.rules(Decision.ACCEPT, self));
    }
}
