package dev.javabgp.core.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoBGP ({@code gobgpd}, {@code gobgp}): TOML config, gRPC API on a free port of 127.0.0.1, pprof off.
 * Originated routes are added through the CLI once the daemon is up, with its neighbours held down
 * until then: a session up before the routes would end its initial table with End-of-RIB and none
 * of them, and a peer helping it through a graceful restart would drop its stale routes. An export
 * policy sets each route's configured next hop (GoBGP otherwise rewrites the next hop to itself
 * towards eBGP peers).
 */
public final class GobgpDaemon extends BgpDaemon {

    private int apiPort;

    public GobgpDaemon(DaemonConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "gobgp";
    }

    @Override
    protected List<String> binaries() {
        return List.of("gobgpd", "gobgp");
    }

    /** The gRPC API port on 127.0.0.1. */
    public int apiPort() {
        return apiPort;
    }

    @Override
    protected List<String> command() {
        return List.of(binary("gobgpd"), "-f", file("gobgpd.toml").toString(), "-t", "toml",
                "--api-hosts", "127.0.0.1:" + apiPort, "--pprof-disable", "-p", "-l", "info");
    }

    @Override
    protected void writeConfig() throws IOException {
        apiPort = Loopback.freePort("127.0.0.1");
        StringBuilder c = new StringBuilder();
        c.append("[global.config]\n");
        c.append("  as = ").append(config.localAs()).append('\n');
        c.append("  router-id = \"").append(config.routerId()).append("\"\n");
        c.append("  port = ").append(config.listenPort()).append('\n');
        c.append("  local-address-list = [\"").append(config.listenAddress()).append("\"]\n");
        List<StaticRoute> withNextHop = config.routes().stream().filter(r -> r.nextHop() != null).toList();
        if (!withNextHop.isEmpty()) {
            c.append("[global.apply-policy.config]\n");
            c.append("  export-policy-list = [\"harness-next-hops\"]\n");
            c.append("  default-export-policy = \"accept-route\"\n");
        }
        for (Neighbour n : config.neighbours()) {
            c.append("\n[[neighbors]]\n  [neighbors.config]\n");
            c.append("    neighbor-address = \"").append(n.address()).append("\"\n");
            c.append("    peer-as = ").append(n.remoteAs()).append('\n');
            if (!config.routes().isEmpty()) {
                c.append("    admin-down = true\n"); // enabled once the routes are in (afterStart)
            }
            if (n.md5Password() != null) {
                c.append("    auth-password = \"").append(n.md5Password()).append("\"\n");
            }
            c.append("  [neighbors.transport.config]\n");
            c.append("    local-address = \"").append(config.listenAddress()).append("\"\n");
            c.append("    remote-port = ").append(n.port()).append('\n');
            c.append("    passive-mode = ").append(n.passive()).append('\n');
            c.append("  [neighbors.timers.config]\n");
            c.append("    hold-time = ").append(n.holdTime()).append('\n');
            c.append("    keepalive-interval = ").append(Math.max(n.holdTime() / 3, 0)).append('\n');
            c.append("    connect-retry = 3\n");
            if (!n.internal(config.localAs())) {
                c.append("  [neighbors.ebgp-multihop.config]\n    enabled = true\n    multihop-ttl = 255\n");
            }
            if (n.routeReflectorClient()) {
                c.append("  [neighbors.route-reflector.config]\n");
                c.append("    route-reflector-client = true\n");
                c.append("    route-reflector-cluster-id = \"").append(config.routerId()).append("\"\n");
            }
            if (n.restartTime() > 0) {
                c.append("  [neighbors.graceful-restart.config]\n    enabled = true\n");
                c.append("    restart-time = ").append(n.restartTime()).append('\n');
            }
            for (Family f : n.families()) {
                c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n");
                c.append("      afi-safi-name = \"").append(afiSafi(f)).append("\"\n");
                if (n.restartTime() > 0) {
                    c.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n");
                }
            }
        }
        if (!withNextHop.isEmpty()) {
            int i = 0;
            for (StaticRoute r : withNextHop) {
                i++;
                c.append("\n[[defined-sets.prefix-sets]]\n  prefix-set-name = \"harness-route-").append(i).append("\"\n");
                c.append("  [[defined-sets.prefix-sets.prefix-list]]\n    ip-prefix = \"").append(r.prefix()).append("\"\n");
            }
            c.append("\n[[policy-definitions]]\n  name = \"harness-next-hops\"\n");
            i = 0;
            for (StaticRoute r : withNextHop) {
                i++;
                c.append("  [[policy-definitions.statements]]\n    name = \"harness-route-").append(i).append("\"\n");
                c.append("    [policy-definitions.statements.conditions.match-prefix-set]\n");
                c.append("      prefix-set = \"harness-route-").append(i).append("\"\n");
                c.append("    [policy-definitions.statements.conditions.bgp-conditions]\n");
                c.append("      route-type = \"local\"\n");
                c.append("    [policy-definitions.statements.actions]\n      route-disposition = \"accept-route\"\n");
                c.append("    [policy-definitions.statements.actions.bgp-actions]\n");
                c.append("      set-next-hop = \"").append(r.nextHop()).append("\"\n");
            }
        }
        write("gobgpd.toml", c.toString());
    }

    private static String afiSafi(Family f) {
        return f == Family.IPV4_UNICAST ? "ipv4-unicast" : "ipv6-unicast";
    }

    private List<String> gobgp(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary("gobgp"), "-u", "127.0.0.1", "-p", String.valueOf(apiPort)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Raw {@code gobgp} CLI output against this daemon, for tests that need more. */
    public String gobgp(List<String> args) {
        return cliOrFail(gobgp(args.toArray(String[]::new)));
    }

    @Override
    protected boolean ready() {
        return cli(gobgp("global")).exitCode() == 0;
    }

    @Override
    protected void afterStart() {
        for (StaticRoute r : config.routes()) {
            List<String> cmd = new ArrayList<>(List.of("global", "rib", "-a", r.family() == Family.IPV4_UNICAST ? "ipv4" : "ipv6",
                    "add", r.prefix()));
            cmd.addAll(List.of("nexthop", r.nextHop() != null ? r.nextHop()
                    : r.family() == Family.IPV4_UNICAST ? "0.0.0.0" : "::"));
            if (r.med() != null) {
                cmd.addAll(List.of("med", r.med().toString()));
            }
            if (!r.communities().isEmpty()) {
                cmd.addAll(List.of("community", String.join(",", r.communities())));
            }
            if (!r.largeCommunities().isEmpty()) {
                cmd.addAll(List.of("large-community", String.join(",", r.largeCommunities())));
            }
            cliOrFail(gobgp(cmd.toArray(String[]::new)));
        }
        if (!config.routes().isEmpty()) {
            for (Neighbour n : config.neighbours()) {
                cliOrFail(gobgp("neighbor", n.address(), "enable"));
            }
        }
    }

    @Override
    public void withdraw(String prefix) {
        cliOrFail(gobgp("global", "rib", "-a", prefix.contains(":") ? "ipv6" : "ipv4", "del", prefix));
    }

    private static final Pattern STATE = Pattern.compile("BGP state\\s*=\\s*(\\w+)", Pattern.CASE_INSENSITIVE);

    @Override
    public boolean isEstablished(String neighbourAddress) {
        CliResult r = cli(gobgp("neighbor", neighbourAddress));
        Matcher m = STATE.matcher(r.output());
        return r.exitCode() == 0 && m.find() && m.group(1).equalsIgnoreCase("established");
    }

    @Override
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Family f : Family.values()) {
            if (config.uses(f) || config.routes().stream().anyMatch(r -> r.family() == f)) {
                String json = cliOrFail(gobgp("global", "rib", "-a", f == Family.IPV4_UNICAST ? "ipv4" : "ipv6", "-j"));
                out.addAll(parseRib(json));
            }
        }
        return out;
    }

    static List<Route> parseRib(String json) {
        List<Route> out = new ArrayList<>();
        if (json.isBlank()) {
            return out;
        }
        for (Map.Entry<String, Object> e : Json.object(Json.parse(json.trim())).entrySet()) {
            for (Object p : Json.array(e.getValue())) {
                out.add(path(e.getKey(), Json.object(p)));
            }
        }
        return out;
    }

    private static Route path(String prefix, Map<String, Object> p) {
        String nextHop = null;
        String asPath = "";
        List<String> communities = new ArrayList<>();
        List<String> large = new ArrayList<>();
        Long med = null;
        Long localPref = null;
        String originator = null;
        List<String> clusters = new ArrayList<>();
        Map<String, String> other = new LinkedHashMap<>();
        for (Object o : Json.array(p.get("attrs"))) {
            Map<String, Object> a = Json.object(o);
            long type = Json.number(a.get("type"));
            switch ((int) type) {
                case 1 -> { }
                case 2 -> asPath = asPath(Json.array(a.get("as_paths")));
                case 3 -> nextHop = Json.string(a.get("nexthop"));
                case 4 -> med = Json.number(a.get("metric"));
                case 5 -> localPref = Json.number(a.get("value"));
                case 8 -> Json.array(a.get("communities")).forEach(c -> communities.add(community(Json.number(c))));
                case 9 -> originator = Json.string(a.get("value"));
                case 10 -> Json.array(a.get("value")).forEach(c -> clusters.add(Json.string(c)));
                case 14 -> nextHop = Json.string(a.get("nexthop"));
                case 32 -> Json.array(a.get("value")).forEach(c -> {
                    Map<String, Object> lc = Json.object(c);
                    large.add(Json.string(lc.get("ASN")) + ":" + Json.string(lc.get("LocalData1")) + ":"
                            + Json.string(lc.get("LocalData2")));
                });
                default -> other.put("type " + type, unknown(a));
            }
        }
        String neighbour = Json.string(p.get("neighbor-ip"));
        boolean local = neighbour == null || neighbour.equals("<nil>") || neighbour.equals("0.0.0.0")
                || neighbour.equals("::") || Boolean.TRUE.equals(p.get("local"));
        boolean best = Boolean.TRUE.equals(p.get("best"));
        return new Route(prefix, nextHop, asPath, communities, large, med, localPref, originator, clusters,
                local ? null : neighbour, best, Boolean.TRUE.equals(p.get("stale")), other);
    }

    /** An attribute GoBGP keeps opaque ({flags, type, value: base64}) as "0xc0: de ad be ef". */
    private static String unknown(Map<String, Object> a) {
        Long flags = Json.number(a.get("flags"));
        if (flags == null || !(a.get("value") instanceof String b64)) {
            return a.toString();
        }
        StringBuilder sb = new StringBuilder(String.format("0x%02x:", flags));
        for (byte x : java.util.Base64.getDecoder().decode(b64)) {
            sb.append(String.format(" %02x", x & 0xFF));
        }
        return sb.toString();
    }

    private static String asPath(List<Object> segments) {
        List<String> parts = new ArrayList<>();
        for (Object s : segments) {
            Map<String, Object> seg = Json.object(s);
            List<String> asns = Json.array(seg.get("asns")).stream().map(Json::string).toList();
            long type = Json.number(seg.get("segment_type"));
            if (type == 1 || type == 4) {
                parts.add("{" + String.join(" ", asns) + "}");
            } else {
                parts.addAll(asns);
            }
        }
        return String.join(" ", parts);
    }
}
