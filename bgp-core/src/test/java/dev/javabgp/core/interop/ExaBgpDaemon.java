package dev.javabgp.core.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ExaBGP 4: a route injector, handy for sending what well-behaved daemons never send.
 *
 * <p>Its one API process (a small Python script written into the work dir) does two things: it appends
 * every message ExaBGP reports (state changes, OPENs, UPDATEs, NOTIFICATIONs, as JSON lines) to
 * {@code received.jsonl}, read back by {@link #messages()}, {@link #notifications()} and
 * {@link #routes()}; and it forwards every line a test appends with {@link #send(String)} to ExaBGP as an
 * API command, e.g.
 * <pre>{@code
 * exa.send("announce route 198.51.100.0/24 next-hop 203.0.113.4 as-path [ 65004 ( 64512 64513 ) ]");
 * exa.send("announce route 198.51.100.0/24 next-hop 203.0.113.4 attribute [ 0x63 0xc0 0xdeadbeef ]");
 * exa.send("withdraw route 198.51.100.0/24");
 * }</pre>
 * The generic {@code attribute [ code flags hex ]} form sends any path attribute verbatim, so unknown
 * optional transitive attributes and malformed well-known ones (ExaBGP does not validate them) can be
 * put on the wire. Route lines added with {@link #configRoute(String)} go into the config's
 * {@code static} block and are sent as soon as a session comes up.
 *
 * <p>Route-reflector clients are not supported (ExaBGP does not reflect).
 */
public final class ExaBgpDaemon extends BgpDaemon {

    private final List<String> configRoutes = new ArrayList<>();

    public ExaBgpDaemon(DaemonConfig config) {
        super(config);
    }

    @Override
    public String name() {
        return "exabgp";
    }

    @Override
    protected List<String> binaries() {
        return List.of("exabgp", "python3");
    }

    /**
     * Adds a raw ExaBGP route line to the config's static block (before {@link #start()}), e.g.
     * {@code "route 198.51.100.0/24 next-hop 203.0.113.4 attribute [ 0x63 0xc0 0xdeadbeef ]"}.
     */
    public ExaBgpDaemon configRoute(String line) {
        configRoutes.add(line);
        return this;
    }

    @Override
    protected List<String> command() {
        return List.of(binary("exabgp"), file("exabgp.conf").toString());
    }

    @Override
    protected Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("exabgp.daemon.pid", file("exabgp.pid").toString());
        env.put("exabgp.daemon.daemonize", "false");
        env.put("exabgp.daemon.user", System.getProperty("user.name"));
        env.put("exabgp.daemon.drop", "false");
        env.put("exabgp.log.destination", file("exabgp.log").toString());
        env.put("exabgp.api.cli", "false");
        return env;
    }

    private static final String HELPER = """
            import os, select, sys
            d = sys.argv[1]
            commands = os.path.join(d, 'commands.txt')
            received = open(os.path.join(d, 'received.jsonl'), 'ab', buffering=0)
            open(os.path.join(d, 'helper.started'), 'w').close()
            pos = 0
            while True:
                r, _, _ = select.select([0], [], [], 0.1)
                if r:
                    data = os.read(0, 65536)
                    if not data:
                        break
                    received.write(data)
                try:
                    with open(commands, 'rb') as f:
                        f.seek(pos)
                        while True:
                            l = f.readline()
                            if not l.endswith(b'\\n'):
                                break
                            pos += len(l)
                            sys.stdout.write(l.decode())
                            sys.stdout.flush()
                except FileNotFoundError:
                    pass
            """;

    @Override
    protected void writeConfig() throws IOException {
        write("helper.py", HELPER);
        StringBuilder c = new StringBuilder();
        c.append("process harness {\n  run ").append(binary("python3")).append(' ').append(file("helper.py"))
                .append(' ').append(workDir()).append(";\n  encoder json;\n}\n");
        for (Neighbour n : config.neighbours()) {
            if (n.routeReflectorClient()) {
                throw new IllegalArgumentException("ExaBGP does not reflect routes: " + n);
            }
            c.append("neighbor ").append(n.address()).append(" {\n");
            c.append("  router-id ").append(config.routerId()).append(";\n");
            c.append("  local-address ").append(config.listenAddress()).append(";\n");
            c.append("  local-as ").append(config.localAs()).append(";\n");
            c.append("  peer-as ").append(n.remoteAs()).append(";\n");
            c.append("  hold-time ").append(n.holdTime()).append(";\n");
            c.append("  listen ").append(config.listenPort()).append(";\n");
            c.append("  connect ").append(n.port()).append(";\n");
            if (n.passive()) {
                c.append("  passive;\n");
            }
            if (n.md5Password() != null) {
                c.append("  md5-password \"").append(n.md5Password()).append("\";\n");
            }
            c.append("  family {\n");
            for (Family f : n.families()) {
                c.append(f == Family.IPV4_UNICAST ? "    ipv4 unicast;\n" : "    ipv6 unicast;\n");
            }
            c.append("  }\n");
            c.append("  api {\n    processes [ harness ];\n    neighbor-changes;\n");
            c.append("    receive { parsed; update; notification; open; refresh; }\n  }\n");
            c.append("  static {\n");
            for (StaticRoute r : config.routes()) {
                if (!n.families().contains(r.family())) {
                    continue;
                }
                c.append("    route ").append(r.prefix()).append(" next-hop ")
                        .append(r.nextHop() == null ? "self" : r.nextHop());
                if (!r.communities().isEmpty()) {
                    c.append(" community [ ").append(String.join(" ", r.communities())).append(" ]");
                }
                if (!r.largeCommunities().isEmpty()) {
                    c.append(" large-community [ ").append(String.join(" ", r.largeCommunities())).append(" ]");
                }
                if (r.med() != null) {
                    c.append(" med ").append(r.med());
                }
                c.append(";\n");
            }
            for (String line : configRoutes) {
                c.append("    ").append(line.endsWith(";") ? line : line + ";").append('\n');
            }
            c.append("  }\n}\n");
        }
        write("exabgp.conf", c.toString());
    }

    @Override
    protected boolean ready() {
        return Files.exists(file("helper.started"));
    }

    /**
     * Hands one API command to ExaBGP (announce / withdraw / ...); it is sent to every matching neighbour.
     * Use {@code "neighbor 127.0.0.11 announce route ..."} to pick one.
     */
    public void send(String command) {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one command per call");
        }
        try {
            Files.writeString(file("commands.txt"), command + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every JSON message ExaBGP's API reported so far, oldest first. */
    public List<Map<String, Object>> messages() {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> lines;
        try {
            if (!Files.exists(file("received.jsonl"))) {
                return out;
            }
            lines = Files.readAllLines(file("received.jsonl"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (!line.startsWith("{") || !line.endsWith("}")) {
                continue;
            }
            try {
                out.add(Json.object(Json.parse(line)));
            } catch (IllegalArgumentException e) {
                // a partly written last line: read again later
            }
        }
        return out;
    }

    /**
     * A NOTIFICATION as ExaBGP's API reports it.
     *
     * @param peer the neighbour's address
     * @param direction "receive" (from the neighbour) or "send"
     * @param code the error code (RFC 4271 section 4.5)
     * @param subcode the error subcode
     * @param data the data field as ExaBGP prints it (hex, "0x" when empty)
     */
    public record Notification(String peer, String direction, int code, int subcode, String data) {
    }

    /** The NOTIFICATIONs ExaBGP reported so far, oldest first. */
    public List<Notification> notifications() {
        List<Notification> out = new ArrayList<>();
        for (Map<String, Object> m : messages()) {
            if (!"notification".equals(m.get("type"))) {
                continue;
            }
            Map<String, Object> n = Json.object(m.get("neighbor"));
            Map<String, Object> body = Json.object(n.get("notification"));
            Long code = Json.number(body.get("code"));
            Long subcode = Json.number(body.get("subcode"));
            out.add(new Notification(Json.string(Json.object(n.get("address")).get("peer")),
                    Json.string(n.get("direction")), code == null ? -1 : code.intValue(),
                    subcode == null ? -1 : subcode.intValue(), Json.string(body.get("data"))));
        }
        return out;
    }

    /** Waits up to {@code timeout} for at least one NOTIFICATION; returns all so far (maybe none). */
    public List<Notification> notifications(Duration timeout) {
        waitFor(timeout, () -> !notifications().isEmpty());
        return notifications();
    }

    @Override
    public boolean isEstablished(String neighbourAddress) {
        String wanted = Loopback.normalize(neighbourAddress);
        String state = null;
        for (Map<String, Object> m : messages()) {
            if (!"state".equals(m.get("type"))) {
                continue;
            }
            Map<String, Object> n = Json.object(m.get("neighbor"));
            String peer = Json.string(Json.object(n.get("address")).get("peer"));
            if (peer != null && Loopback.normalize(peer).equals(wanted)) {
                state = Json.string(n.get("state"));
            }
        }
        return "up".equals(state);
    }

    /**
     * The routes ExaBGP received and still holds (announces minus later withdraws) from its UPDATE log.
     * Only the attributes ExaBGP decodes are filled in; {@code other} keeps the rest as ExaBGP shows them.
     */
    @Override
    public List<Route> routes() {
        Map<String, Route> rib = new LinkedHashMap<>();
        for (Map<String, Object> m : messages()) {
            if (!"update".equals(m.get("type"))) {
                continue;
            }
            Map<String, Object> n = Json.object(m.get("neighbor"));
            String peer = Json.string(Json.object(n.get("address")).get("peer"));
            Map<String, Object> update = Json.object(Json.object(n.get("message")).get("update"));
            for (Object families : Json.object(update.get("withdraw")).values()) {
                for (Object w : Json.array(families)) {
                    rib.remove(peer + " " + Json.string(Json.object(w).get("nlri")));
                }
            }
            Map<String, Object> attrs = Json.object(update.get("attribute"));
            for (Object byNextHop : Json.object(update.get("announce")).values()) {
                for (Map.Entry<String, Object> e : Json.object(byNextHop).entrySet()) {
                    for (Object nlri : Json.array(e.getValue())) {
                        String prefix = Json.string(Json.object(nlri).get("nlri"));
                        rib.put(peer + " " + prefix, route(prefix, e.getKey(), peer, attrs));
                    }
                }
            }
        }
        return new ArrayList<>(rib.values());
    }

    private static Route route(String prefix, String nextHop, String peer, Map<String, Object> attrs) {
        List<String> asPath = new ArrayList<>();
        for (Object a : Json.array(attrs.get("as-path"))) {
            if (a instanceof List<?> set) {
                asPath.add("{" + String.join(" ", set.stream().map(Json::string).toList()) + "}");
            } else {
                asPath.add(Json.string(a));
            }
        }
        Object asSet = attrs.get("as-set");
        if (asSet != null) {
            asPath.add("{" + String.join(" ", Json.array(asSet).stream().map(Json::string).toList()) + "}");
        }
        List<String> communities = Json.array(attrs.get("community")).stream()
                .map(c -> String.join(":", Json.array(c).stream().map(Json::string).toList())).toList();
        List<String> large = Json.array(attrs.get("large-community")).stream()
                .map(c -> String.join(":", Json.array(c).stream().map(Json::string).toList())).toList();
        List<String> clusters = Json.array(attrs.get("cluster-list")).stream().map(Json::string).toList();
        Map<String, String> other = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attrs.entrySet()) {
            if (!List.of("origin", "as-path", "as-set", "confederation-path", "community", "large-community",
                    "cluster-list", "med", "local-preference", "originator-id").contains(e.getKey())) {
                other.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return new Route(prefix, nextHop, String.join(" ", asPath), communities, large, Json.number(attrs.get("med")),
                Json.number(attrs.get("local-preference")), Json.string(attrs.get("originator-id")), clusters,
                peer, true, false, other);
    }
}
