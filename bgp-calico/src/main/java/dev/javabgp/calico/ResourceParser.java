package dev.javabgp.calico;

import dev.javabgp.calico.resource.ApiVersion;
import dev.javabgp.calico.resource.BgpConfiguration;
import dev.javabgp.calico.resource.BgpFilter;
import dev.javabgp.calico.resource.BgpPeer;
import dev.javabgp.calico.resource.BindMode;
import dev.javabgp.calico.resource.CalicoNode;
import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.resource.Encapsulation;
import dev.javabgp.calico.resource.Installation;
import dev.javabgp.calico.resource.InterfaceAddress;
import dev.javabgp.calico.resource.IpPool;
import dev.javabgp.calico.resource.LinuxDataplane;
import dev.javabgp.calico.resource.LogSeverity;
import dev.javabgp.calico.resource.Password;
import dev.javabgp.calico.resource.PeerAddress;
import dev.javabgp.calico.resource.PrefixAdvertisement;
import dev.javabgp.calico.resource.SecretKeyRef;
import dev.javabgp.calico.resource.SourceAddress;
import dev.javabgp.calico.resource.Spelled;
import dev.javabgp.calico.resource.TunnelMode;
import dev.javabgp.calico.selector.Selector;
import dev.javabgp.codec.nlri.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Turns YAML documents into Calico resources, reporting every mistake with its place. Field names,
 * enum spellings and defaults are Calico's (projectcalico/api, pkg/apis/projectcalico/v3).
 */
final class ResourceParser {

    static final List<String> CALICO_KINDS = List.of("BGPConfiguration", "BGPPeer", "Node", "IPPool", "BGPFilter");
    /** Calico and operator kinds that configure other parts of Calico: read past without a word. */
    static final List<String> OTHER_CALICO_KINDS = List.of("FelixConfiguration", "KubeControllersConfiguration", "ClusterInformation",
            "GlobalNetworkPolicy", "NetworkPolicy", "GlobalNetworkSet", "NetworkSet", "HostEndpoint", "IPReservation",
            "IPAMConfiguration", "Tier", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "StagedKubernetesNetworkPolicy");
    static final List<String> OTHER_OPERATOR_KINDS = List.of("APIServer", "ImageSet", "Goldmane", "Whisker", "TigeraStatus");

    private final Problems problems;
    private final Problems notices;
    private final Map<String, Map<String, String>> secrets;
    private final Path secretsDirectory;
    final List<Sited<IpPrefix>> serviceRanges = new ArrayList<>();
    final List<Sited<IpPrefix>> podPools = new ArrayList<>();
    final List<Sited<IpPrefix>> vxlanPools = new ArrayList<>();
    final List<Sited<Integer>> installationMtus = new ArrayList<>();
    final List<Sited<List<String>>> peerFilters = new ArrayList<>();

    /** A value with the place it was written, for checks across resources. */
    record Sited<T>(T value, Path file, Node node, String resource, String field, String label) {}

    /**
     * @param problems where errors go
     * @param notices where what a person should know about a valid configuration goes
     */
    ResourceParser(Problems problems, Problems notices, Map<String, Map<String, String>> secrets, Path secretsDirectory) {
        this.problems = problems;
        this.notices = notices;
        this.secrets = secrets;
        this.secretsDirectory = secretsDirectory;
    }

    // ---- Kubernetes Secret -----------------------------------------------------------------------

    /** Reads a v1 Secret's {@code data} (base64) and {@code stringData} into {@code secrets}. */
    static void readSecret(Problems problems, Path file, Node root, Map<String, Map<String, String>> secrets) {
        MapReader doc = new MapReader(problems, file, "Secret", "", ApiVersion.PROJECTCALICO_V3, root);
        doc.ignore("apiVersion", "kind", "type", "immutable");
        MapReader meta = doc.map("metadata");
        String name = meta.string("name");
        meta.ignore("namespace", "labels", "annotations", "uid", "resourceVersion", "creationTimestamp");
        meta.finish();
        String resource = "Secret/" + (name == null ? "?" : name);
        Map<String, String> values = new LinkedHashMap<>();
        MapReader data = new MapReader(problems, file, resource, "data", ApiVersion.PROJECTCALICO_V3, doc.value("data"));
        for (var e : doc.stringMap("data").entrySet()) {
            try {
                values.put(e.getKey(), new String(Base64.getMimeDecoder().decode(e.getValue()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException ex) {
                data.error(data.value(e.getKey()), e.getKey(), "is not base64; put plain text under stringData instead");
            }
        }
        values.putAll(doc.stringMap("stringData"));
        doc.finish();
        if (name == null) {
            problems.add(file, root, resource, "metadata.name", "missing; a Secret needs a name for secretKeyRef to find it");
        } else {
            secrets.put(name, values);
        }
    }

    // ---- BGPConfiguration ------------------------------------------------------------------------

    BgpConfiguration bgpConfiguration(String name, MapReader spec) {
        LogSeverity severity = spec.oneOf("logSeverityScreen", LogSeverity.class);
        Boolean mesh = spec.bool("nodeToNodeMeshEnabled");
        Long as = spec.asNumber("asNumber");
        Long port = spec.integer("listenPort", 1, 65535);
        BindMode bindMode = spec.oneOf("bindMode", BindMode.class);
        List<IpPrefix> clusterIps = serviceBlocks(spec, "serviceClusterIPs");
        List<IpPrefix> externalIps = serviceBlocks(spec, "serviceExternalIPs");
        List<IpPrefix> loadBalancerIps = serviceBlocks(spec, "serviceLoadBalancerIPs");
        Map<String, Community> named = new LinkedHashMap<>();
        for (MapReader c : spec.maps("communities")) {
            String communityName = c.string("name");
            String value = c.string("value");
            if (communityName == null) {
                c.missing("name", "a community needs a name that prefixAdvertisements can use");
            }
            Community community = community(c, "value", value);
            if (communityName != null && community != null) {
                named.put(communityName, community);
            }
            c.finish();
        }
        List<PrefixAdvertisement> advertisements = new ArrayList<>();
        for (MapReader a : spec.maps("prefixAdvertisements")) {
            IpPrefix cidr = a.cidr("cidr");
            if (cidr == null && !a.has("cidr")) {
                a.missing("cidr", "a prefix advertisement needs the CIDR its communities apply to");
            }
            List<Community> communities = new ArrayList<>();
            for (ScalarNode s : a.scalars("communities")) {
                Community c = named.get(s.getValue());
                if (c == null && Community.valid(s.getValue())) {
                    c = new Community(s.getValue());
                }
                if (c == null) {
                    a.error(s, "communities", "\"" + s.getValue() + "\" is not accepted; accepted: a name from spec.communities ("
                            + (named.isEmpty() ? "none defined" : Suggestions.list(named.keySet()))
                            + "), aa:nn or aa:nn:mm" + Suggestions.hint(s.getValue(), named.keySet()));
                } else {
                    communities.add(c);
                }
            }
            a.finish();
            if (cidr != null) {
                advertisements.add(new PrefixAdvertisement(cidr, communities));
            }
        }
        Password meshPassword = password(spec, "nodeMeshPassword");
        java.time.Duration meshRestart = spec.duration("nodeMeshMaxRestartTime");
        // Read but not applied here: see docs/calico.md.
        spec.ignore("ignoredInterfaces", "localWorkloadPeeringIPV4", "localWorkloadPeeringIPV6");
        if (!name.equals("default")) {
            // Calico: the mesh, the AS and the service ranges are cluster-wide, "only valid on the global default".
            for (String global : List.of("nodeToNodeMeshEnabled", "asNumber", "serviceClusterIPs", "serviceExternalIPs",
                    "serviceLoadBalancerIPs", "communities", "prefixAdvertisements", "nodeMeshPassword", "nodeMeshMaxRestartTime")) {
                if (spec.has(global)) {
                    spec.error(spec.value(global), global, "is read only from the BGPConfiguration named default; "
                            + name + " may set logSeverityScreen, listenPort and bindMode");
                }
            }
        }
        spec.finish();
        return new BgpConfiguration(name, spec.version(), severity, mesh, as, port == null ? null : port.intValue(), bindMode, clusterIps,
                externalIps, loadBalancerIps, advertisements, meshPassword, meshRestart);
    }

    private List<IpPrefix> serviceBlocks(MapReader spec, String field) {
        List<IpPrefix> out = new ArrayList<>();
        for (MapReader block : spec.maps(field)) {
            IpPrefix p = block.cidr("cidr");
            if (p != null) {
                out.add(p);
                serviceRanges.add(new Sited<>(p, spec.file(), block.value("cidr"), spec.resource(), block.field("cidr"),
                        field + " " + p));
            }
            block.finish();
        }
        return out;
    }

    private static Community community(MapReader r, String field, String value) {
        if (value == null) {
            r.missing(field, "accepted: aa:nn (standard) or aa:nn:mm (large)");
            return null;
        }
        if (!Community.valid(value)) {
            r.error(r.value(field), field, "\"" + value + "\" is not accepted; accepted: aa:nn with numbers up to 65535 "
                    + "(standard, RFC 1997) or aa:nn:mm with numbers up to 4294967295 (large, RFC 8092)");
            return null;
        }
        return new Community(value);
    }

    private Password password(MapReader spec, String field) {
        if (!spec.has(field)) {
            return null;
        }
        MapReader p = spec.map(field);
        MapReader ref = p.map("secretKeyRef");
        String name = ref.string("name");
        String key = ref.string("key");
        ref.ignore("optional");
        ref.finish();
        p.finish();
        if (name == null || key == null) {
            ref.error(ref.node(), name == null ? "name" : "key", "missing; secretKeyRef needs the Secret's name and the key in it");
            return null;
        }
        String value = secrets.getOrDefault(name, Map.of()).get(key);
        if (value == null && secretsDirectory != null) {
            Path f = secretsDirectory.resolve(name).resolve(key);
            try {
                if (Files.isRegularFile(f)) {
                    value = Files.readString(f, StandardCharsets.UTF_8).strip();
                }
            } catch (IOException e) {
                ref.error(ref.value("name"), "name", "cannot read " + f + ": " + e.getMessage());
                return null;
            }
        }
        if (value == null) {
            ref.error(ref.value("key"), "key", "no Secret \"" + name + "\" with key \"" + key + "\"; give a Secret manifest "
                    + "(kind: Secret, stringData: {" + key + ": ...}) with the configuration"
                    + (secretsDirectory == null ? "" : ", or the file " + secretsDirectory.resolve(name).resolve(key)));
            return null;
        }
        if (value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > 80) {
            // RFC 2385 keys go in Linux's TCP_MD5SIG option, which holds at most 80 octets.
            ref.error(ref.value("key"), "key", "the password in Secret \"" + name + "\" key \"" + key
                    + "\" has " + value.getBytes(StandardCharsets.UTF_8).length + " bytes; accepted: 1 to 80 (TCP-MD5, RFC 2385)");
            return null;
        }
        return new Password(new SecretKeyRef(name, key), value);
    }

    // ---- BGPPeer ---------------------------------------------------------------------------------

    BgpPeer bgpPeer(String name, MapReader spec) {
        String node = spec.string("node");
        Selector nodeSelector = selector(spec, "nodeSelector");
        PeerAddress peerIp = peerAddress(spec, "peerIP");
        Long as = spec.asNumber("asNumber");
        Selector peerSelector = selector(spec, "peerSelector");
        boolean keepNextHop = spec.bool("keepOriginalNextHop", false);
        Password password = password(spec, "password");
        SourceAddress source = spec.oneOf("sourceAddress", SourceAddress.class, SourceAddress.USE_NODE_IP);
        java.time.Duration restart = spec.duration("maxRestartTime");
        if (restart != null && restart.toSeconds() > 4095) {
            spec.error(spec.value("maxRestartTime"), "maxRestartTime", "\"" + restart.toSeconds() + "s\" is not accepted; accepted: "
                    + "at most 4095s, the graceful restart capability's 12 bits (RFC 4724 §3)");
        }
        Long allowed = spec.integer("numAllowedLocalASNumbers", 0, 10);
        Long ttl = spec.integer("ttlSecurity", 0, 254);
        List<String> filters = new ArrayList<>();
        for (ScalarNode s : spec.scalars("filters")) {
            filters.add(s.getValue());
        }
        if (!filters.isEmpty()) {
            peerFilters.add(new Sited<>(filters, spec.file(), spec.value("filters"), spec.resource(), spec.field("filters"), ""));
        }
        // Read but not applied here: see docs/calico.md.
        spec.ignore("reachableBy", "peerInterface");
        if (node != null && nodeSelector != null) {
            spec.error(spec.value("nodeSelector"), "nodeSelector", "is set together with node; set one of them (Calico: "
                    + "\"When this is set, the Node field must be empty\")");
        }
        if (peerIp != null && peerSelector != null) {
            spec.error(spec.value("peerSelector"), "peerSelector", "is set together with peerIP; set peerIP and asNumber for one "
                    + "peer, or peerSelector for Calico nodes");
        }
        if (peerIp == null && peerSelector == null && !spec.has("peerIP")) {
            spec.missing("peerIP", "set peerIP (with asNumber) or peerSelector");
        }
        if (peerIp != null && as == null && !spec.has("asNumber")) {
            spec.missing("asNumber", "a peer given by peerIP needs its AS number");
        }
        spec.finish();
        return new BgpPeer(name, spec.version(), node, nodeSelector, peerIp, as, peerSelector, keepNextHop, password, source, restart,
                allowed == null ? null : allowed.intValue(), ttl == null ? null : ttl.intValue(), filters);
    }

    private static Selector selector(MapReader spec, String field) {
        String text = spec.string(field);
        if (text == null) {
            return null;
        }
        try {
            return Selector.parse(text);
        } catch (IllegalArgumentException e) {
            spec.error(spec.value(field), field, e.getMessage() + "; accepted: a Calico selector such as all(), rack == 'r1' "
                    + "or has(bgp-peer)");
            return null;
        }
    }

    private PeerAddress peerAddress(MapReader spec, String field) {
        String text = spec.string(field);
        if (text == null) {
            return null;
        }
        PeerAddress a = parsePeerAddress(text);
        if (a == null) {
            spec.error(spec.value(field), field, "\"" + text + "\" is not accepted; accepted: an IPv4 or IPv6 address, optionally "
                    + "with :port, such as 192.168.42.1, 192.168.42.1:1790, fd00::1 or [fd00::1]:1790" + peerAddressFix(text));
            return null;
        }
        // "::1:1790" is an address, ::1:1790; the port of an IPv6 peer needs brackets, so say how it was read.
        int last = text.lastIndexOf(':');
        if (!text.startsWith("[") && a.address().getAddress().length == 16 && text.substring(last + 1).matches("\\d{3,5}")
                && literal(text.substring(0, last)) != null && Integer.parseInt(text.substring(last + 1)) <= 65535) {
            notices.add(spec.file(), spec.value(field), spec.resource(), spec.field(field), "\"" + text + "\" is read as the IPv6 "
                    + "address " + text + " on port " + BgpConfiguration.DEFAULT_LISTEN_PORT + "; if " + text.substring(last + 1)
                    + " is the port, write \"[" + text.substring(0, last) + "]:" + text.substring(last + 1) + "\"");
        }
        return a;
    }

    /** What to write instead of a peerIP that is not one, where the mistake is a common one; else nothing. */
    private static String peerAddressFix(String text) {
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("(?:\\]|^[\\d.]+):(\\d+)$").matcher(text);
        if (port.find() && (port.group(1).length() > 5 || Long.parseLong(port.group(1)) > 65535 || Long.parseLong(port.group(1)) == 0)) {
            return "; the port must be 1 to 65535";
        }
        java.util.regex.Matcher v4 = java.util.regex.Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d+)?$")
                .matcher(text);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return "; " + v4.group(i) + " is above 255, the most each part of an IPv4 address holds";
                }
            }
        }
        if (text.matches(".*[g-zG-Z_].*")) {
            return "; give the peer's address, not a host name: names are not resolved here";
        }
        // [fd00::1]1790, fd00::1]:1790, [fd00::1:1790 and the like: an IPv6 address and a port, badly bracketed
        String unbracketed = text.replace("[", "").replace("]", "");
        int split = unbracketed.lastIndexOf(':');
        if ((text.contains("[") || text.contains("]")) && split > 0 && literal(unbracketed.substring(0, split)) != null
                && unbracketed.substring(split + 1).matches("\\d{1,5}")) {
            return "; write an IPv6 address with a port as [" + unbracketed.substring(0, split) + "]:" + unbracketed.substring(split + 1);
        }
        return "";
    }

    /** {@code a.b.c.d}, {@code a.b.c.d:port}, an IPv6 address, or {@code [v6]:port}; null if none of them. */
    static PeerAddress parsePeerAddress(String text) {
        String host = text;
        int port = 0;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !text.startsWith("]:", close) || !text.substring(close + 2).matches("\\d{1,5}")) {
                return null;
            }
            host = text.substring(1, close);
            port = Integer.parseInt(text.substring(close + 2));
            if (host.indexOf(':') < 0) {
                return null;
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            String p = text.substring(text.indexOf(':') + 1);
            if (!p.matches("\\d{1,5}")) {
                return null;
            }
            host = text.substring(0, text.indexOf(':'));
            port = Integer.parseInt(p);
        }
        if (port > 65535 || (port == 0 && text.contains("]:")) || (port == 0 && !host.equals(text))) {
            return null;
        }
        InetAddress address = literal(host);
        return address == null ? null : new PeerAddress(address, port);
    }

    /** An address literal, never a name to resolve. */
    static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        boolean v6 = text.indexOf(':') >= 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // ---- Node ------------------------------------------------------------------------------------

    CalicoNode node(String name, Map<String, String> labels, MapReader spec) {
        MapReader bgp = spec.map("bgp");
        Long as = bgp.asNumber("asNumber");
        InterfaceAddress v4 = interfaceAddress(bgp, "ipv4Address", 4);
        InterfaceAddress v6 = interfaceAddress(bgp, "ipv6Address", 16);
        String clusterId = bgp.string("routeReflectorClusterID");
        if (clusterId != null && (literal(clusterId) == null || literal(clusterId).getAddress().length != 4)) {
            bgp.error(bgp.value("routeReflectorClusterID"), "routeReflectorClusterID", "\"" + clusterId
                    + "\" is not accepted; accepted: an IPv4 address such as 224.0.0.1 (RFC 4456 §8: a 4-octet CLUSTER_ID)");
            clusterId = null;
        }
        bgp.ignore("ipv4IPIPTunnelAddr");
        bgp.finish();
        spec.ignore("ipv4VXLANTunnelAddr", "vxlanTunnelMACAddr", "ipv6VXLANTunnelAddr", "vxlanTunnelMACAddrV6", "orchRefs", "addresses",
                "wireguard", "interfaces");
        spec.finish();
        return new CalicoNode(name, spec.version(), labels, as, v4, v6, clusterId);
    }

    private static InterfaceAddress interfaceAddress(MapReader r, String field, int bytes) {
        String text = r.string(field);
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        InetAddress a = literal(slash < 0 ? text : text.substring(0, slash));
        int length = bytes * 8;
        boolean ok = a != null && a.getAddress().length == bytes;
        if (ok && slash >= 0) {
            String l = text.substring(slash + 1);
            ok = l.matches("\\d{1,3}") && Integer.parseInt(l) <= bytes * 8;
            length = ok ? Integer.parseInt(l) : length;
        }
        if (!ok) {
            r.error(r.value(field), field, "\"" + text + "\" is not accepted; accepted: the node's "
                    + (bytes == 4 ? "IPv4 address with its subnet, such as 192.168.42.10/24" : "IPv6 address with its subnet, such as fd00::10/64"));
            return null;
        }
        return new InterfaceAddress(a, length);
    }

    // ---- IPPool ----------------------------------------------------------------------------------

    IpPool ipPool(String name, MapReader spec) {
        IpPrefix cidr = spec.cidr("cidr");
        if (cidr == null && !spec.has("cidr")) {
            spec.missing("cidr", "an IPPool needs its CIDR, such as 10.244.0.0/16");
        }
        TunnelMode vxlan = spec.oneOf("vxlanMode", TunnelMode.class, TunnelMode.NEVER);
        TunnelMode ipip = spec.oneOf("ipipMode", TunnelMode.class, TunnelMode.NEVER);
        boolean nat = spec.bool("natOutgoing", false);
        boolean disabled = spec.bool("disabled", false);
        boolean noExport = spec.bool("disableBGPExport", false);
        Long blockSize = spec.integer("blockSize", 0, 128);
        selector(spec, "nodeSelector");
        spec.ignore("allowedUses", "assignmentMode", "disableNewAllocations");
        // The APIv1 forms, which only the datastore's CRD still holds (Calico's v3 API refuses them).
        spec.onlyUnder(ApiVersion.CRD_V1, "ipip", "ipipMode: Always, CrossSubnet or Never", ResourceParser::ipipModeFor);
        spec.onlyUnder(ApiVersion.CRD_V1, "nat-outgoing", "natOutgoing: true or false",
                v -> "natOutgoing: " + (v instanceof ScalarNode s && s.getValue().equalsIgnoreCase("true")));
        if (spec.version() == ApiVersion.CRD_V1) {
            MapReader v1 = spec.map("ipip");
            boolean enabled = v1.bool("enabled", false);
            String mode = v1.string("mode");
            if (mode != null && !mode.equals("always") && !mode.equals("cross-subnet")) {
                v1.error(v1.value("mode"), "mode", "\"" + mode + "\" is not accepted; accepted: always, cross-subnet"
                        + Suggestions.hint(mode, List.of("always", "cross-subnet")));
            }
            v1.finish();
            if (enabled && !spec.has("ipipMode")) {
                ipip = "cross-subnet".equals(mode) ? TunnelMode.CROSS_SUBNET : TunnelMode.ALWAYS;
            }
            if (spec.bool("nat-outgoing", false)) {
                nat = true;
            }
        }
        spec.finish();
        if (ipip != TunnelMode.NEVER && vxlan != TunnelMode.NEVER) {
            spec.error(spec.value("vxlanMode"), "vxlanMode", "\"" + vxlan.spelling() + "\" together with ipipMode \"" + ipip.spelling()
                    + "\" is not accepted; a pool uses one encapsulation: set one of them to Never");
        }
        if (cidr == null) {
            return null;
        }
        int block = blockSize == null ? (cidr.isIpv4() ? 26 : 122) : blockSize.intValue();
        checkBlockSize(spec, cidr, blockSize);
        podPools.add(new Sited<>(cidr, spec.file(), spec.value("cidr"), spec.resource(), spec.field("cidr"), "IPPool " + cidr));
        if (vxlan != TunnelMode.NEVER) {
            vxlanPools.add(new Sited<>(cidr, spec.file(), spec.value("vxlanMode"), spec.resource(), spec.field("vxlanMode"),
                    "IPPool " + cidr + " with vxlanMode " + vxlan.spelling()));
        }
        return new IpPool(name, spec.version(), cidr, ipip, vxlan, nat, disabled, noExport, block);
    }

    /** The ipipMode that Calico's datastore upgrades an APIv1 {@code ipip: {enabled, mode}} to. */
    private static String ipipModeFor(Node v1) {
        String enabled = null;
        String mode = null;
        if (v1 instanceof org.snakeyaml.engine.v2.nodes.MappingNode m) {
            for (var t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                    if (k.getValue().equals("enabled")) {
                        enabled = v.getValue();
                    } else if (k.getValue().equals("mode")) {
                        mode = v.getValue();
                    }
                }
            }
        }
        if (!"true".equalsIgnoreCase(enabled)) {
            return "ipipMode: " + TunnelMode.NEVER.spelling();
        }
        return "ipipMode: " + ("cross-subnet".equals(mode) ? TunnelMode.CROSS_SUBNET : TunnelMode.ALWAYS).spelling();
    }

    private static void checkBlockSize(MapReader spec, IpPrefix cidr, Long blockSize) {
        if (blockSize == null) {
            return;
        }
        int min = cidr.isIpv4() ? 20 : 116;
        int max = cidr.isIpv4() ? 32 : 128;
        if (blockSize < min || blockSize > max || blockSize < cidr.length()) {
            spec.error(spec.value("blockSize"), "blockSize", blockSize + " is not accepted; accepted: " + Math.max(min, cidr.length())
                    + " to " + max + " for " + cidr);
        }
    }

    // ---- BGPFilter -------------------------------------------------------------------------------

    BgpFilter bgpFilter(String name, MapReader spec) {
        List<BgpFilter.Rule> exportV4 = filterRules(spec, "exportV4", true);
        List<BgpFilter.Rule> importV4 = filterRules(spec, "importV4", true);
        List<BgpFilter.Rule> exportV6 = filterRules(spec, "exportV6", false);
        List<BgpFilter.Rule> importV6 = filterRules(spec, "importV6", false);
        spec.finish();
        return new BgpFilter(name, spec.version(), exportV4, importV4, exportV6, importV6);
    }

    private List<BgpFilter.Rule> filterRules(MapReader spec, String field, boolean v4) {
        List<BgpFilter.Rule> out = new ArrayList<>();
        for (MapReader r : spec.maps(field)) {
            IpPrefix cidr = r.cidr("cidr");
            if (cidr != null && cidr.isIpv4() != v4) {
                r.error(r.value("cidr"), "cidr", "\"" + cidr + "\" is not accepted; accepted: an " + (v4 ? "IPv4" : "IPv6") + " CIDR in "
                        + field + (v4 ? "; put IPv6 rules under " + field.replace("V4", "V6") : "; put IPv4 rules under " + field.replace("V6", "V4")));
                cidr = null;
            }
            BgpFilter.MatchOperator op = r.oneOf("matchOperator", BgpFilter.MatchOperator.class);
            MapReader length = r.map("prefixLength");
            Long min = length.integer("min", 0, v4 ? 32 : 128);
            Long max = length.integer("max", 0, v4 ? 32 : 128);
            length.finish();
            String source = r.string("source");
            if (source != null && !source.equals("RemotePeers")) {
                r.error(r.value("source"), "source", "\"" + source + "\" is not accepted; accepted: RemotePeers"
                        + Suggestions.hint(source, List.of("RemotePeers")));
            }
            String iface = r.string("interface");
            BgpFilter.Action action = r.oneOf("action", BgpFilter.Action.class);
            if (action == null && !r.has("action")) {
                r.missing("action", "accepted: Accept, Reject");
            }
            for (String unsupported : List.of("peerType", "communities", "asPathPrefix", "priority", "operations")) {
                if (r.has(unsupported)) {
                    r.error(r.value(unsupported), unsupported, "is a Calico field javabgp does not apply; remove it, or the rule would "
                            + "match more routes than it says");
                }
            }
            r.finish();
            boolean cidrGiven = r.has("cidr");
            boolean opGiven = r.has("matchOperator");
            if (cidrGiven != opGiven) {
                r.error(r.node(), cidrGiven ? "matchOperator" : "cidr", "missing; cidr and matchOperator must both be set or both be empty");
            } else if (r.has("prefixLength") && !cidrGiven) {
                r.error(r.value("prefixLength"), "prefixLength", "is set without cidr; cidr is required when prefixLength is set");
            } else if (min != null && max != null && min > max) {
                r.error(r.value("prefixLength"), "prefixLength", "min " + min + " is above max " + max + "; accepted: min <= max");
            } else if (cidr != null && min != null && min < cidr.length()) {
                r.error(r.value("prefixLength"), "prefixLength.min", min + " is shorter than " + cidr + " itself; accepted: "
                        + cidr.length() + " to " + (v4 ? 32 : 128));
            } else if (action != null && cidrGiven == (cidr != null) && opGiven == (op != null)) {
                out.add(new BgpFilter.Rule(cidr, op, min == null ? null : min.intValue(), max == null ? null : max.intValue(),
                        "RemotePeers".equals(source), iface, action));
            }
        }
        return out;
    }

    // ---- Installation ----------------------------------------------------------------------------

    /** The enum both {@code bgp} and {@code natOutgoing} use in the operator's API. */
    enum Toggle implements Spelled {
        ENABLED("Enabled"), DISABLED("Disabled");

        private final String spelling;

        Toggle(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }
    }

    Installation installation(String name, MapReader spec) {
        MapReader network = spec.map("calicoNetwork");
        boolean bgp = network.oneOf("bgp", Toggle.class, Toggle.ENABLED) == Toggle.ENABLED;
        if (!bgp) {
            // As calico-node runs no BIRD then: the node stays off BGP altogether.
            notices.add(network.file(), network.value("bgp"), network.resource(), network.field("bgp"), "Disabled: javabgp run "
                    + "neither listens nor opens a BGP session and announces nothing; set bgp: Enabled for the node to peer");
        }
        LinuxDataplane dataplane = network.oneOf("linuxDataplane", LinuxDataplane.class, LinuxDataplane.IPTABLES);
        Long mtu = network.integer("mtu", 576, 65535);
        List<Installation.Pool> pools = new ArrayList<>();
        for (MapReader p : network.maps("ipPools")) {
            String poolName = p.string("name");
            IpPrefix cidr = p.cidr("cidr");
            if (cidr == null && !p.has("cidr")) {
                p.missing("cidr", "each of calicoNetwork.ipPools needs its CIDR, such as 10.244.0.0/16");
            }
            Encapsulation encapsulation = p.oneOf("encapsulation", Encapsulation.class, Encapsulation.IPIP);
            boolean nat = p.oneOf("natOutgoing", Toggle.class, Toggle.ENABLED) == Toggle.ENABLED;
            Long blockSize = p.integer("blockSize", 0, 128);
            boolean noExport = p.bool("disableBGPExport", false);
            selector(p, "nodeSelector");
            p.ignore("allowedUses", "disableNewAllocations", "assignmentMode");
            p.finish();
            if (cidr != null) {
                checkBlockSize(p, cidr, blockSize);
                int block = blockSize == null ? (cidr.isIpv4() ? 26 : 122) : blockSize.intValue();
                pools.add(new Installation.Pool(poolName, cidr, encapsulation, nat, block, noExport));
                podPools.add(new Sited<>(cidr, p.file(), p.value("cidr"), p.resource(), p.field("cidr"), "Installation pool " + cidr));
                if (encapsulation.vxlan()) {
                    vxlanPools.add(new Sited<>(cidr, p.file(), p.value("encapsulation"), p.resource(), p.field("encapsulation"),
                            "Installation pool " + cidr + " with encapsulation " + encapsulation.spelling()));
                }
            }
        }
        network.ignore("hostPorts", "multiInterfaceMode", "containerIPForwarding", "nodeAddressAutodetectionV4",
                "nodeAddressAutodetectionV6", "linuxPolicySetupTimeoutSeconds", "sysctl", "bpfNetworkBootstrap", "kubeProxyManagement",
                "windowsDataplane");
        network.finish();
        if (mtu != null) {
            installationMtus.add(new Sited<>(mtu.intValue(), network.file(), network.value("mtu"), network.resource(), network.field("mtu"),
                    ""));
        }
        spec.ignore("variant", "registry", "imagePath", "imagePrefix", "imagePullSecrets", "kubernetesProvider", "cni",
                "controlPlaneNodeSelector", "controlPlaneTolerations", "controlPlaneReplicas", "nodeMetricsPort", "typhaMetricsPort",
                "flexVolumePath", "kubeletVolumePluginPath", "nodeUpdateStrategy", "componentResources", "certificateManagement",
                "nonPrivileged", "calicoNodeDaemonSet", "csiNodeDriverDaemonSet", "calicoKubeControllersDeployment", "typhaDeployment",
                "calicoWindowsUpgradeDaemonSet", "calicoNodeWindowsDaemonSet", "fipsMode", "logging", "windowsNodes", "serviceCIDRs",
                "azure", "proxy", "typhaAffinity");
        spec.finish();
        return new Installation(name, bgp, dataplane, pools, mtu == null ? null : mtu.intValue());
    }

    /** The MTU a VXLAN pool's pods may have: the interface's less VXLAN's headers. */
    static int vxlanOverhead(int ipVersion) {
        // Outer IP (20 or 40) + UDP (8) + VXLAN (8, RFC 7348 §5) + inner Ethernet (14) bytes.
        return ipVersion == 4 ? 50 : 70;
    }
}
