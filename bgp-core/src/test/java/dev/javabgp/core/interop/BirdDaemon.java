package dev.javabgp.core.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD 2 ({@code bird}, {@code birdc}): one {@code protocol bgp peerN} per neighbour (N from 1, in
 * config order), originated routes as blackhole statics whose attributes and next hop are set by the
 * export filter (BIRD only sends a MED to an eBGP peer when the export filter sets it).
 */
public final class BirdDaemon extends BgpDaemon {

    private final java.util.Set<String> withdrawn = new java.util.HashSet<>();

    public BirdDaemon(DaemonConfig config) {
        super(config);
    }

    /** Drops the static route from the configuration and reconfigures: BIRD withdraws it. */
    @Override
    public void withdraw(String prefix) {
        withdrawn.add(prefix);
        try {
            writeConfig();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String out = cliOrFail(birdc("configure"));
        if (!out.contains("Reconfigur") || out.toLowerCase(java.util.Locale.ROOT).contains("error")) {
            throw new IllegalStateException("birdc configure: " + out);
        }
    }

    /** {@code birdc reload in}: with the neighbour's route-refresh capability, BIRD sends it a ROUTE-REFRESH. */
    @Override
    public void requestRefresh(String neighbourAddress) {
        String out = cliOrFail(birdc("reload in " + protocolName(neighbourAddress)));
        if (!out.contains("eload")) {
            throw new IllegalStateException("birdc reload in: " + out);
        }
    }

    /** BIRD marks no single route stale; the neighbour's protocol says it is in graceful restart. */
    @Override
    public boolean holdsStaleRoutes(String neighbourAddress) {
        return cliOrFail(birdc("show protocols all " + protocolName(neighbourAddress))).contains("graceful restart active");
    }

    @Override
    public String name() {
        return "bird";
    }

    @Override
    protected List<String> binaries() {
        return List.of("bird", "birdc");
    }

    @Override
    protected List<String> command() {
        return List.of(binary("bird"), "-c", file("bird.conf").toString(), "-s", file("bird.ctl").toString(),
                "-P", file("bird.pid").toString(), "-f");
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("log \"").append(file("bird.log")).append("\" all;\n");
        c.append("router id ").append(config.routerId()).append(";\n");
        c.append("protocol device { interface \"lo\"; }\n");
        for (Family f : Family.values()) {
            String v = f == Family.IPV4_UNICAST ? "4" : "6";
            List<StaticRoute> routes = config.routes().stream().filter(r -> r.family() == f && !withdrawn.contains(r.prefix()))
                    .toList();
            if (!routes.isEmpty()) {
                c.append("protocol static orig").append(v).append(" {\n  ipv").append(v).append(" { import all; };\n");
                for (StaticRoute r : routes) {
                    c.append("  route ").append(r.prefix()).append(" blackhole;\n");
                }
                c.append("}\n");
            }
            c.append("filter harness_out").append(v).append(" {\n  if source = RTS_STATIC then {\n");
            for (StaticRoute r : routes) {
                c.append("    if net = ").append(r.prefix()).append(" then {\n");
                if (r.nextHop() != null) {
                    c.append("      bgp_next_hop = ").append(r.nextHop()).append(";\n");
                }
                if (r.med() != null) {
                    c.append("      bgp_med = ").append(r.med()).append(";\n");
                }
                for (String comm : r.communities()) {
                    c.append("      bgp_community.add((").append(comm.replace(':', ',')).append("));\n");
                }
                for (String comm : r.largeCommunities()) {
                    c.append("      bgp_large_community.add((").append(comm.replace(':', ',')).append("));\n");
                }
                c.append("    }\n");
            }
            c.append("  }\n  accept;\n}\n");
        }
        int i = 0;
        for (Neighbour n : config.neighbours()) {
            i++;
            c.append("protocol bgp peer").append(i).append(" {\n");
            c.append("  local ").append(config.listenAddress()).append(" port ").append(config.listenPort())
                    .append(" as ").append(config.localAs()).append(";\n");
            c.append("  neighbor ").append(n.address()).append(" port ").append(n.port())
                    .append(" as ").append(n.remoteAs()).append(";\n");
            c.append("  multihop;\n");
            c.append("  hold time ").append(n.holdTime()).append(";\n");
            c.append("  connect delay time 1;\n  connect retry time 3;\n  error wait time 1, 10;\n");
            if (n.passive()) {
                c.append("  passive on;\n");
            }
            if (n.md5Password() != null) {
                c.append("  password \"").append(n.md5Password()).append("\";\n");
            }
            if (n.restartTime() > 0) {
                c.append("  graceful restart on;\n  graceful restart time ").append(n.restartTime()).append(";\n");
            }
            if (n.routeReflectorClient()) {
                if (!n.internal(config.localAs())) {
                    throw new IllegalArgumentException("route-reflector client must be iBGP: " + n);
                }
                c.append("  rr client;\n  rr cluster id ").append(config.routerId()).append(";\n");
            }
            for (Family f : n.families()) {
                String v = f == Family.IPV4_UNICAST ? "4" : "6";
                c.append("  ipv").append(v).append(" { import all; export filter harness_out").append(v).append("; };\n");
            }
            c.append("}\n");
        }
        write("bird.conf", c.toString());
    }

    @Override
    protected boolean ready() {
        return java.nio.file.Files.exists(file("bird.ctl"))
                && cli(birdc("show status")).output().contains("Daemon is up and running");
    }

    private List<String> birdc(String command) {
        List<String> cmd = new ArrayList<>(List.of(binary("birdc"), "-s", file("bird.ctl").toString()));
        cmd.addAll(List.of(command.split(" ")));
        return cmd;
    }

    /** The protocol name BIRD uses for the neighbour at this address. */
    public String protocolName(String neighbourAddress) {
        Neighbour n = config.neighbourAt(neighbourAddress);
        return "peer" + (config.neighbours().indexOf(n) + 1);
    }

    @Override
    public boolean isEstablished(String neighbourAddress) {
        CliResult r = cli(birdc("show protocols " + protocolName(neighbourAddress)));
        return r.exitCode() == 0 && r.output().contains("Established");
    }

    /** Raw {@code birdc} output, for tests that need more than {@link #routes()}. */
    public String birdc(String... words) {
        return cliOrFail(birdc(String.join(" ", words)));
    }

    private static final Pattern FROM = Pattern.compile("\\bfrom (\\S+)\\]");
    private static final Pattern BEST = Pattern.compile("\\]\\s+\\*\\s");
    private static final Pattern ATTR = Pattern.compile("\\t(BGP\\.[^:]+|Type): ?(.*)");

    @Override
    public List<Route> routes() {
        return parseRoutes(cliOrFail(birdc("show route all")));
    }

    static List<Route> parseRoutes(String text) {
        List<Route> out = new ArrayList<>();
        String prefix = null;
        Builder current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Table ")) {
                continue;
            }
            if (line.startsWith("\t")) {
                Matcher m = ATTR.matcher(line);
                if (current != null && m.matches()) {
                    current.attribute(m.group(1).trim(), m.group(2).trim());
                }
                continue;
            }
            if (current != null) {
                out.add(current.build());
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                prefix = line.split("\\s+")[0];
            }
            current = new Builder(prefix);
            Matcher from = FROM.matcher(line);
            current.from = from.find() ? from.group(1) : null;
            current.best = BEST.matcher(line + " ").find();
        }
        if (current != null) {
            out.add(current.build());
        }
        return out;
    }

    private static final class Builder {
        final String prefix;
        String from;
        boolean best;
        String nextHop;
        String asPath = "";
        List<String> communities = List.of();
        List<String> large = List.of();
        Long med;
        Long localPref;
        String originator;
        List<String> clusters = List.of();
        Map<String, String> other = new LinkedHashMap<>();

        Builder(String prefix) {
            this.prefix = prefix;
        }

        void attribute(String key, String value) {
            switch (key) {
                case "Type", "BGP.origin" -> { }
                case "BGP.as_path" -> asPath = value.replaceAll("\\s+", " ").trim();
                case "BGP.next_hop" -> nextHop = value.split("\\s+")[0];
                case "BGP.med" -> med = Long.parseLong(value);
                case "BGP.local_pref" -> localPref = Long.parseLong(value);
                case "BGP.community" -> communities = tuples(value);
                case "BGP.large_community" -> large = tuples(value);
                case "BGP.originator_id" -> originator = value;
                case "BGP.cluster_list" -> clusters = List.of(value.split("\\s+"));
                default -> other.put(key, value);
            }
        }

        private static List<String> tuples(String value) {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("\\(([^)]*)\\)").matcher(value);
            while (m.find()) {
                out.add(m.group(1).replaceAll("\\s", "").replace(',', ':'));
            }
            return out;
        }

        Route build() {
            return new Route(prefix, nextHop, asPath, communities, large, med, localPref, originator, clusters,
                    from, best, false, other); // BIRD shows no per-route stale mark: see holdsStaleRoutes
        }
    }
}
