package dev.javabgp.core.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * FRR's {@code bgpd} run standalone: no zebra ({@code -Z}, {@code -n}), no TCP vty ({@code -P 0}), its
 * vty socket, pid file and log in the work dir; queried with {@code vtysh --vty_socket}. Originated
 * routes are {@code network} statements with a route-map for the attributes; an outbound route-map
 * sets each one's configured next hop towards every neighbour.
 */
public final class FrrDaemon extends BgpDaemon {

    /** Debian's FRR keeps its daemons here; /usr/sbin/bgpd, if any, is OpenBGPD's. */
    private static final String BGPD = "/usr/lib/frr/bgpd";

    public FrrDaemon(DaemonConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "frr";
    }

    @Override
    protected List<String> binaries() {
        return List.of(BGPD, "vtysh");
    }

    @Override
    protected List<String> command() {
        return List.of(binary(BGPD), "-f", file("bgpd.conf").toString(), "-i", file("bgpd.pid").toString(),
                "--vty_socket", workDir().toString(), "-z", file("zserv.api").toString(),
                "-Z", "-n", "-S", "-P", "0",
                "-p", String.valueOf(config.listenPort()), "-l", config.listenAddress());
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("frr defaults traditional\nhostname harness-").append(config.routerId()).append('\n');
        c.append("log file ").append(file("bgpd.log")).append(" informational\n!\n");
        List<StaticRoute> routes = config.routes();
        for (int i = 0; i < routes.size(); i++) {
            StaticRoute r = routes.get(i);
            String ip = r.family() == Family.IPV4_UNICAST ? "ip" : "ipv6";
            c.append(ip).append(" prefix-list harness-route-").append(i + 1).append(" seq 5 permit ")
                    .append(r.prefix()).append('\n');
            c.append("route-map harness-orig-").append(i + 1).append(" permit 10\n");
            if (!r.communities().isEmpty()) {
                c.append(" set community ").append(String.join(" ", r.communities())).append('\n');
            }
            if (!r.largeCommunities().isEmpty()) {
                c.append(" set large-community ").append(String.join(" ", r.largeCommunities())).append('\n');
            }
            if (r.med() != null) {
                c.append(" set metric ").append(r.med()).append('\n');
            }
            c.append("!\n");
        }
        for (int i = 0; i < routes.size(); i++) {
            StaticRoute r = routes.get(i);
            if (r.nextHop() == null) {
                continue;
            }
            boolean v4 = r.family() == Family.IPV4_UNICAST;
            c.append("route-map harness-out permit ").append(i + 1).append('\n');
            c.append(" match ").append(v4 ? "ip" : "ipv6").append(" address prefix-list harness-route-")
                    .append(i + 1).append('\n');
            c.append(v4 ? " set ip next-hop " : " set ipv6 next-hop global ").append(r.nextHop()).append('\n');
            c.append("!\n");
        }
        c.append("route-map harness-out permit 65000\n!\n");
        c.append("router bgp ").append(config.localAs()).append('\n');
        c.append(" bgp router-id ").append(config.routerId()).append('\n');
        c.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        c.append(" bgp log-neighbor-changes\n"); // off in the traditional defaults; logs NOTIFICATIONs received
        if (config.neighbours().stream().anyMatch(Neighbour::routeReflectorClient)) {
            c.append(" bgp cluster-id ").append(config.routerId()).append('\n');
        }
        for (Neighbour n : config.neighbours()) {
            String a = " neighbor " + n.address() + " ";
            c.append(a).append("remote-as ").append(n.remoteAs()).append('\n');
            c.append(a).append("port ").append(n.port()).append('\n');
            c.append(a).append("update-source ").append(config.listenAddress()).append('\n');
            if (!n.internal(config.localAs())) {
                c.append(a).append("ebgp-multihop 255\n");
            }
            c.append(a).append("timers ").append(n.holdTime() / 3).append(' ').append(n.holdTime()).append('\n');
            c.append(a).append("timers connect 3\n");
            c.append(a).append("advertisement-interval 0\n");
            if (n.passive()) {
                c.append(a).append("passive\n");
            }
            if (n.md5Password() != null) {
                c.append(a).append("password ").append(n.md5Password()).append('\n');
            }
            if (n.restartTime() > 0) {
                c.append(a).append("graceful-restart-helper\n");
            }
        }
        for (Family f : Family.values()) {
            boolean used = config.uses(f) || routes.stream().anyMatch(r -> r.family() == f);
            if (!used) {
                continue;
            }
            c.append(" address-family ").append(f == Family.IPV4_UNICAST ? "ipv4" : "ipv6").append(" unicast\n");
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i).family() == f) {
                    c.append("  network ").append(routes.get(i).prefix()).append(" route-map harness-orig-")
                            .append(i + 1).append('\n');
                }
            }
            for (Neighbour n : config.neighbours()) {
                if (!n.families().contains(f)) {
                    continue;
                }
                String a = "  neighbor " + n.address() + " ";
                c.append(a).append("activate\n");
                c.append(a).append("send-community all\n");
                c.append(a).append("route-map harness-out out\n");
                if (n.routeReflectorClient()) {
                    c.append(a).append("route-reflector-client\n");
                }
            }
            c.append(" exit-address-family\n");
        }
        c.append("!\n");
        write("bgpd.conf", c.toString());
        write("vtysh.conf", "");
    }

    @Override
    public void withdraw(String prefix) {
        String afi = prefix.contains(":") ? "ipv6" : "ipv4";
        cliOrFail(List.of(binary("vtysh"), "--vty_socket", workDir().toString(), "--config_dir", workDir().toString(),
                "-d", "bgpd", "-c", "configure terminal", "-c", "router bgp " + config.localAs(),
                "-c", "address-family " + afi + " unicast", "-c", "no network " + prefix));
    }

    /** {@code clear bgp ... soft in}: without soft-reconfiguration inbound, bgpd sends a ROUTE-REFRESH. */
    @Override
    public void requestRefresh(String neighbourAddress) {
        for (Family f : config.neighbourAt(neighbourAddress).families()) {
            vtysh("clear bgp " + (f == Family.IPV4_UNICAST ? "ipv4" : "ipv6") + " unicast " + neighbourAddress + " soft in");
        }
    }

    /** Runs one vtysh command against this bgpd and returns its output. */
    public String vtysh(String command) {
        return cliOrFail(vtyshCommand(command));
    }

    private List<String> vtyshCommand(String command) {
        return List.of(binary("vtysh"), "--vty_socket", workDir().toString(), "--config_dir", workDir().toString(),
                "-d", "bgpd", "-c", command);
    }

    @Override
    protected boolean ready() {
        return Files.exists(file("bgpd.vty")) && cli(vtyshCommand("show bgp summary")).exitCode() == 0;
    }

    @Override
    public boolean isEstablished(String neighbourAddress) {
        CliResult r = cli(vtyshCommand("show bgp neighbors " + neighbourAddress + " json"));
        if (r.exitCode() != 0) {
            return false;
        }
        try {
            Map<String, Object> all = Json.object(Json.parse(jsonPart(r.output())));
            for (Object n : all.values()) {
                if ("Established".equals(Json.object(n).get("bgpState"))) {
                    return true;
                }
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    @Override
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Family f : Family.values()) {
            if (config.uses(f) || config.routes().stream().anyMatch(r -> r.family() == f)) {
                String afi = f == Family.IPV4_UNICAST ? "ipv4" : "ipv6";
                out.addAll(parseDetail(vtysh("show bgp " + afi + " unicast json detail")));
            }
        }
        return out;
    }

    /**
     * Parses {@code show bgp <afi> unicast json detail} (FRR 8): {@code routes} maps each prefix to an
     * array whose first element describes the prefix and whose other elements are its paths.
     */
    static List<Route> parseDetail(String json) {
        List<Route> out = new ArrayList<>();
        Map<String, Object> routes = Json.object(Json.object(Json.parse(jsonPart(json))).get("routes"));
        for (Map.Entry<String, Object> e : routes.entrySet()) {
            for (Object o : Json.array(e.getValue())) {
                Map<String, Object> p = Json.object(o);
                if (p.containsKey("aspath") || p.containsKey("nexthops")) {
                    out.add(path(e.getKey(), p));
                }
            }
        }
        return out;
    }

    private static Route path(String prefix, Map<String, Object> p) {
        String nextHop = null;
        for (Object nh : Json.array(p.get("nexthops"))) {
            Map<String, Object> h = Json.object(nh);
            if (nextHop == null && !"link-local".equals(h.get("scope"))) {
                nextHop = Json.string(h.get("ip"));
            }
        }
        List<String> asPath = new ArrayList<>();
        for (Object s : Json.array(Json.object(p.get("aspath")).get("segments"))) {
            Map<String, Object> seg = Json.object(s);
            List<String> asns = Json.array(seg.get("list")).stream().map(Json::string).toList();
            String type = Json.string(seg.get("type"));
            if (type != null && type.endsWith("set")) {
                asPath.add("{" + String.join(" ", asns) + "}");
            } else {
                asPath.addAll(asns);
            }
        }
        List<String> communities = Json.array(Json.object(p.get("community")).get("list")).stream()
                .map(Json::string).toList();
        List<String> large = Json.array(Json.object(p.get("largeCommunity")).get("list")).stream()
                .map(Json::string).toList();
        Long localPref = Json.number(p.get("locPrf"));
        if (localPref == null) {
            localPref = Json.number(p.get("localpref"));
        }
        Object clusterList = p.get("clusterList");
        List<String> clusters = Json.array(Json.object(clusterList).get("list")).stream().map(Json::string).toList();
        Map<String, Object> peer = Json.object(p.get("peer"));
        String from = Json.string(peer.get("peerId"));
        if (from == null || from.equals("0.0.0.0") || from.equals("::") || Boolean.TRUE.equals(p.get("local"))) {
            from = null;
        }
        Map<String, Object> best = Json.object(p.get("bestpath"));
        Map<String, String> other = new LinkedHashMap<>();
        for (String k : List.of("origin", "atomicAggregate", "aggregatorAs", "aggregatorId", "extendedCommunity")) {
            if (p.containsKey(k)) {
                other.put(k, String.valueOf(p.get(k)));
            }
        }
        return new Route(prefix, nextHop, String.join(" ", asPath), communities, large, Json.number(p.get("metric")),
                localPref, Json.string(p.get("originatorId")), clusters, from,
                Boolean.TRUE.equals(best.get("overall")), Boolean.TRUE.equals(p.get("stale")), other);
    }

    /** The JSON object in vtysh output, without any warning lines around it. */
    private static String jsonPart(String output) {
        int from = output.indexOf('{');
        int to = output.lastIndexOf('}');
        return from < 0 || to < from ? "{}" : output.substring(from, to + 1);
    }

    @Override
    protected void afterStop(long pid) {
        // bgpd keeps a crash-log dir /var/tmp/frr/bgpd.<pid> and removes it on a clean exit only.
        Path crashDir = Path.of("/var/tmp/frr", "bgpd." + pid);
        if (Files.isDirectory(crashDir)) {
            try (Stream<Path> walk = Files.walk(crashDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
