package dev.javabgp.cli;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.out.ExportSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A transparent route server (RFC 7947), as at an Internet exchange point: it accepts the listed
 * peers, passes every route between them with AS_PATH, NEXT_HOP and MED untouched, and runs until
 * stopped (SIGTERM or SIGINT ends every session with an RFC 9003 shutdown message).
 */
@Command(name = "route-server", mixinStandardHelpOptions = true,
        description = "Pass every route between the peers, transparently (RFC 7947).")
final class RouteServerCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "ADDRESS:PORT",
            description = "where to accept the peers' connections, e.g. 127.0.0.1:1179 or [::1]:1179")
    String listen;

    @Option(names = "--asn", required = true, description = "the route server's AS number")
    long asn;

    @Option(names = "--router-id", paramLabel = "IPV4", description = "the BGP identifier; by default the listen address if IPv4")
    String routerId;

    @Option(names = "--peer", required = true, paramLabel = "ADDRESS,AS",
            description = "a client: its address and AS, e.g. 127.0.0.2,65002 (repeat for each)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--expected-prefixes", defaultValue = "1048576",
            description = "IPv4 prefixes to size the table for (default ${DEFAULT-VALUE})")
    int expectedPrefixes;

    @Option(names = "--expected-ipv6-prefixes", defaultValue = "16384",
            description = "IPv6 prefixes to size the table for; it grows past this when it must (default ${DEFAULT-VALUE})")
    int expectedIpv6Prefixes;

    @Option(names = "--warm-up", defaultValue = "200000", paramLabel = "PREFIXES",
            description = "prefixes passed through a scratch table before listening, so the first real table meets "
                    + "compiled code; 0 for none (default ${DEFAULT-VALUE})")
    int warmUp;

    @Option(names = "--hold-time", defaultValue = "90", description = "the hold time offered, in seconds (default ${DEFAULT-VALUE})")
    int holdTime;

    /** Set by tests to stop the server; the command otherwise runs until the process ends. */
    CountDownLatch stop = new CountDownLatch(1);
    volatile BgpSpeaker running;

    @Override
    public Integer call() throws Exception {
        Endpoint at = Endpoint.parse(listen, "--listen", spec);
        String id = routerId != null ? routerId : at.address() instanceof java.net.Inet4Address ? at.host() : null;
        if (id == null) {
            throw new ParameterException(spec.commandLine(), "--router-id is needed with an IPv6 listen address: "
                    + "the BGP identifier is an IPv4 address (RFC 4271 §4.2), e.g. --router-id 192.0.2.1");
        }
        BgpSpeaker.Builder builder;
        try {
            builder = BgpSpeaker.builder(asn, id).listen(at.host(), at.port()).expectedPrefixes(expectedPrefixes, expectedIpv6Prefixes);
            for (String p : peers) {
                builder.peer(peer(p));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (warmUp > 0) {
            long ms = Warmup.run(warmUp);
            System.gc(); // the scratch tables go before the real one arrives
            org.slf4j.LoggerFactory.getLogger(RouteServerCommand.class).info("warmed up with {} prefixes in {} ms", warmUp, ms);
        }
        BgpSpeaker speaker = builder.build();
        Thread hook = new Thread(() -> speaker.close(), "javabgp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        speaker.start().get(30, TimeUnit.SECONDS);
        running = speaker;
        stop.await();
        speaker.stop("route server stopped").get(10, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }

    private PeerConfig peer(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new ParameterException(spec.commandLine(), "--peer '" + text + "': expected ADDRESS,AS such as 127.0.0.2,65002");
        }
        long as;
        try {
            as = Long.parseLong(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--peer '" + text + "': '" + parts[1] + "' is not an AS number");
        }
        // RFC 7947 §2.2: the clients' routes pass on unchanged; the server never connects out.
        return PeerConfig.of(parts[0].trim(), as).withPassive(true).withRole(ExportSettings.Role.ROUTE_SERVER_CLIENT)
                .withHoldTime(Duration.ofSeconds(holdTime))
                .withFamilies(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    }

    /** ADDRESS:PORT, with IPv6 addresses in brackets. */
    record Endpoint(String host, int port, InetAddress address) {
        static Endpoint parse(String text, String option, picocli.CommandLine.Model.CommandSpec spec) {
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (host.isEmpty() || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new Endpoint(host, port, InetAddress.getByName(host));
            } catch (NumberFormatException | java.net.UnknownHostException e) {
                throw new ParameterException(spec.commandLine(), option + " '" + text
                        + "': expected ADDRESS:PORT such as 127.0.0.1:1179 or [::1]:1179");
            }
        }
    }
}
