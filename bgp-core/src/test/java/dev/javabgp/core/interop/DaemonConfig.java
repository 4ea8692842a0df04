package dev.javabgp.core.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a daemon under test is told: who it is, where it listens, whom it talks to and what it announces.
 *
 * @param localAs the daemon's AS number
 * @param routerId the daemon's BGP identifier (an IPv4 address, also for IPv6-only daemons)
 * @param listenAddress the loopback address it binds to and opens sessions from
 * @param listenPort the TCP port it listens on (pick one above 10000, e.g. {@link Loopback#freePort})
 * @param neighbours its neighbours
 * @param routes the routes it originates
 */
public record DaemonConfig(long localAs, String routerId, String listenAddress, int listenPort,
                           List<Neighbour> neighbours, List<StaticRoute> routes) {

    public DaemonConfig {
        Objects.requireNonNull(routerId, "routerId");
        Loopback.require(listenAddress);
        neighbours = List.copyOf(neighbours);
        routes = List.copyOf(routes);
    }

    public static DaemonConfig of(long localAs, String routerId, String listenAddress, int listenPort) {
        return new DaemonConfig(localAs, routerId, listenAddress, listenPort, List.of(), List.of());
    }

    public DaemonConfig neighbour(Neighbour neighbour) {
        List<Neighbour> all = new ArrayList<>(neighbours);
        all.add(neighbour);
        return new DaemonConfig(localAs, routerId, listenAddress, listenPort, all, routes);
    }

    public DaemonConfig route(StaticRoute route) {
        List<StaticRoute> all = new ArrayList<>(routes);
        all.add(route);
        return new DaemonConfig(localAs, routerId, listenAddress, listenPort, neighbours, all);
    }

    /** The configured neighbour with this address. */
    public Neighbour neighbourAt(String address) {
        String wanted = Loopback.normalize(address);
        return neighbours.stream()
                .filter(n -> Loopback.normalize(n.address()).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no neighbour " + address + " configured"));
    }

    /** True if any neighbour negotiates the family. */
    public boolean uses(Family family) {
        return neighbours.stream().anyMatch(n -> n.families().contains(family));
    }
}
