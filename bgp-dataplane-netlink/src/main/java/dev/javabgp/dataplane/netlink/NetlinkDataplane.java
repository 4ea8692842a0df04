package dev.javabgp.dataplane.netlink;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.Dataplane;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.TunnelEndpoint;
import dev.javabgp.dataplane.netlink.KernelState.ForwardingKey;
import dev.javabgp.dataplane.netlink.KernelState.NeighbourKey;
import dev.javabgp.dataplane.netlink.Reconciliation.Changes;
import dev.javabgp.dataplane.netlink.rtnetlink.Errno;
import dev.javabgp.dataplane.netlink.rtnetlink.NeighbourMessage;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkException;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkSocket;
import dev.javabgp.dataplane.netlink.rtnetlink.Request;
import dev.javabgp.dataplane.netlink.rtnetlink.RouteMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataplane on Linux through rtnetlink, as Calico's VXLAN mode programs a node: the VXLAN
 * devices; for each remote node's {@link TunnelEndpoint} an on-link route to each of its pod blocks
 * through the device, a permanent neighbour entry for its VTEP address, and a forwarding database
 * entry sending its VTEP MAC to its underlay address; and the speaker's {@link ForwardingRoute}s in
 * the kernel FIB. Every route carries the configured protocol number in the configured table.
 *
 * <p>{@link #open} makes or fixes the devices and reads what the kernel holds under the protocol
 * number and on the devices, and adopts it: a restart loses nothing, and later batches change or
 * remove what an earlier run installed. {@link #reconcile} converges the kernel to a complete
 * desired state: it adds what is missing, replaces what differs, removes what is ours but no longer
 * wanted, and never touches routes of other protocols or entries on other devices.
 *
 * <p>Each batch goes to the kernel as one run of requests whose acknowledgements are all checked.
 * What the kernel accepted stays applied even when it refuses something else in the batch; the
 * refusal becomes a {@link DataplaneException} naming the object and the kernel's reason, and
 * every later batch (an empty one too) or reconciliation tries it again, until the kernel takes it or
 * it is no longer wanted. A VXLAN device deleted under the dataplane is made again by the next batch,
 * with everything that went through it. Thread-safe.
 */
public final class NetlinkDataplane implements Dataplane {

    private static final Logger log = LoggerFactory.getLogger(NetlinkDataplane.class);

    private final NetlinkDataplaneConfig config;
    private final NetlinkSocket socket;
    private final Devices devices;
    private final int table;
    private KernelState installed;
    // Set when a batch broke off without its ACKs: what the kernel holds is known only from a dump.
    private boolean installedUnknown;
    private boolean closed;
    // What the kernel refused (or never answered for), planned again with the next batch.
    private final Set<IpPrefix> refusedRoutes = new HashSet<>();
    private boolean refusedEntries;
    // A request named a device the kernel no longer has (ENODEV): the next batch makes it again.
    private boolean devicesVanished;

    // The desired state: the speaker's routes and the remote nodes' tunnel endpoints.
    private final Map<IpPrefix, InetAddress> forwarding = new HashMap<>();
    private final Map<InetAddress, TunnelEndpoint> tunnels = new LinkedHashMap<>();
    // Derived from the tunnels: the on-link route for each pod block; these win over forwarding routes.
    private Map<IpPrefix, RouteMessage> tunnelRoutes = Map.of();

    private NetlinkDataplane(NetlinkDataplaneConfig config, NetlinkSocket socket) {
        this.config = config;
        this.socket = socket;
        this.devices = new Devices(socket, config.devices());
        this.table = (int) config.table();
    }

    /**
     * Opens a netlink socket in the configured namespace, makes the VXLAN devices exist with their
     * configuration and up, and adopts what the kernel already holds under the protocol number.
     *
     * @throws DataplaneException when the namespace does not exist, the process lacks
     *     CAP_NET_ADMIN, or a device cannot be made
     */
    public static NetlinkDataplane open(NetlinkDataplaneConfig config) throws DataplaneException {
        NetlinkSocket socket;
        try {
            socket = config.namespace() == null ? NetlinkSocket.open() : NetlinkSocket.openInNamespace(config.namespace());
        } catch (NetlinkException e) {
            throw new DataplaneException(e.getMessage(), e);
        }
        NetlinkDataplane dataplane = new NetlinkDataplane(config, socket);
        try {
            dataplane.devices.ensure();
            dataplane.installed = dataplane.load();
            dataplane.adoptInstalled();
        } catch (DataplaneException | RuntimeException e) {
            socket.close();
            throw e;
        }
        log.info("netlink dataplane in {}: {} routes, {} tunnel endpoints already installed under protocol {}, table {}",
                config.namespace() == null ? "this namespace" : "namespace " + config.namespace(),
                dataplane.installed.routes.size(), dataplane.tunnels.size(), config.protocol(), config.table());
        return dataplane;
    }

    @Override
    public synchronized void apply(DataplaneBatch batch) throws DataplaneException {
        ensureOpen();
        checkTunnels(batch.tunnels());
        if (devicesVanished) {
            // Routes, neighbours and entries went with the device; new indexes mean new tunnel routes.
            devices.ensure();
            devicesVanished = false;
            installedUnknown = true;
            refusedEntries = true;
            refusedRoutes.addAll(tunnelRoutes.keySet());
            tunnelRoutes = deriveTunnelRoutes();
            refusedRoutes.addAll(tunnelRoutes.keySet());
        }
        if (installedUnknown) {
            installed = load();
            installedUnknown = false;
        }
        // This batch's prefixes first, so that its own refusals lead the exception; then those
        // refused before, which every later batch tries again.
        Set<IpPrefix> affected = new LinkedHashSet<>();
        List<IpPrefix> retried = List.copyOf(refusedRoutes);
        boolean retryEntries = refusedEntries;
        refusedRoutes.clear();
        refusedEntries = false;
        for (IpPrefix removed : batch.removedRoutes()) {
            forwarding.remove(removed);
            affected.add(removed);
        }
        for (ForwardingRoute route : batch.routes()) {
            forwarding.put(route.prefix(), route.nextHop());
            affected.add(route.prefix());
        }
        Plan plan = new Plan();
        boolean tunnelsChanged = !batch.tunnels().isEmpty() || !batch.removedTunnels().isEmpty();
        if (tunnelsChanged) {
            affected.addAll(tunnelRoutes.keySet());
            batch.removedTunnels().forEach(tunnels::remove);
            batch.tunnels().forEach(t -> tunnels.put(t.underlay(), t));
            tunnelRoutes = deriveTunnelRoutes();
            affected.addAll(tunnelRoutes.keySet());
        }
        if (tunnelsChanged || retryEntries) {
            planForwardingEntries(plan);
            planNeighbourAdditions(plan);
        }
        affected.addAll(retried);
        planRoutes(plan, affected);
        if (tunnelsChanged || retryEntries) {
            planNeighbourRemovals(plan);
        }
        execute(plan);
    }

    /**
     * Converges the kernel to exactly these routes and tunnel endpoints: reads the kernel again,
     * adds what is missing, replaces what differs, removes this dataplane's routes and entries that
     * are no longer wanted (including routes of its protocol it would not make, such as ones with
     * another metric), and recreates a VXLAN device that vanished. Routes of other protocols and
     * entries on other devices stay. The desired state replaces the one batches built up.
     *
     * @return what changed; nothing, when the kernel already held this state
     * @throws DataplaneException naming what the kernel refused; what it accepted stays done
     */
    public synchronized Reconciliation reconcile(List<ForwardingRoute> routes, List<TunnelEndpoint> endpoints)
            throws DataplaneException {
        ensureOpen();
        checkTunnels(endpoints);
        devices.ensure();
        devicesVanished = false;
        installed = load();
        installedUnknown = false;
        refusedRoutes.clear(); // everything is planned now
        refusedEntries = false;
        forwarding.clear();
        routes.forEach(r -> forwarding.put(r.prefix(), r.nextHop()));
        tunnels.clear();
        endpoints.forEach(t -> tunnels.put(t.underlay(), t));
        tunnelRoutes = deriveTunnelRoutes();

        Plan plan = new Plan();
        planForwardingEntries(plan);
        planNeighbourAdditions(plan);
        Set<IpPrefix> prefixes = new HashSet<>(installed.routes.keySet());
        prefixes.addAll(forwarding.keySet());
        prefixes.addAll(tunnelRoutes.keySet());
        planRoutes(plan, prefixes);
        for (RouteMessage stray : List.copyOf(installed.strayRoutes)) {
            plan.add(new Operation(stray.delete(), "removal of route " + describeStray(stray), Kind.ROUTE, Change.REMOVE,
                    null, () -> installed.strayRoutes.remove(stray))); // a later reconciliation finds it again
        }
        planNeighbourRemovals(plan);
        Reconciliation result = execute(plan);
        log.info("reconciled {}: routes {}, neighbours {}, forwarding entries {}",
                config.namespace() == null ? "this namespace" : "namespace " + config.namespace(), result.routes(),
                result.neighbours(), result.forwardingEntries());
        return result;
    }

    /** {@link #reconcile}: the speaker's complete table after a start removes what a previous run left. */
    @Override
    public void synchronize(List<ForwardingRoute> routes, List<TunnelEndpoint> endpoints) throws DataplaneException {
        reconcile(routes, endpoints);
    }

    /** Closes the netlink socket. What was programmed stays in the kernel for the next run to adopt. */
    @Override
    public synchronized void close() {
        closed = true;
        socket.close();
    }

    private void ensureOpen() throws DataplaneException {
        if (closed) {
            throw new DataplaneException("the netlink dataplane for "
                    + (config.namespace() == null ? "this namespace" : "namespace " + config.namespace()) + " is closed");
        }
    }

    private KernelState load() throws DataplaneException {
        try {
            return KernelState.load(socket, config.protocol(), table, devices);
        } catch (NetlinkException e) {
            throw new DataplaneException("reading routes and neighbours from the kernel: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the desired state from what an earlier run left: each forwarding entry (MAC to
     * underlay) with the neighbour entry for that MAC and the on-link routes through its address is a
     * tunnel endpoint; every other route with a gateway is a forwarding route.
     */
    private void adoptInstalled() {
        for (NeighbourMessage entry : installed.forwardingEntries.values()) {
            byte[] mac = entry.linkAddress();
            installed.neighbours.values().stream()
                    .filter(n -> n.interfaceIndex() == entry.interfaceIndex() && Arrays.equals(n.linkAddress(), mac))
                    .findFirst()
                    .ifPresent(n -> {
                        List<IpPrefix> blocks = installed.routes.values().stream()
                                .filter(r -> r.outputInterface() == entry.interfaceIndex() && isOnlink(r)
                                        && n.destination().equals(r.gateway()))
                                .map(RouteMessage::destination).sorted().toList();
                        tunnels.put(entry.destination(), new TunnelEndpoint(entry.destination(), n.destination(), mac, blocks));
                    });
        }
        tunnelRoutes = deriveTunnelRoutes();
        for (RouteMessage r : installed.routes.values()) {
            if (!tunnelRoutes.containsKey(r.destination()) && r.gateway() != null && !r.multipath()
                    && r.type() == RouteMessage.RTN_UNICAST) {
                forwarding.put(r.destination(), r.gateway());
            }
        }
    }

    private void checkTunnels(List<TunnelEndpoint> endpoints) throws DataplaneException {
        for (TunnelEndpoint t : endpoints) {
            if (devices.forUnderlay(t.underlay()).isEmpty()) {
                throw new DataplaneException("tunnel endpoint " + Addresses.text(t.underlay()) + ": no VXLAN device with an "
                        + (t.underlay() instanceof Inet4Address ? "IPv4" : "IPv6")
                        + " local address is configured; add one to NetlinkDataplaneConfig.devices");
            }
        }
    }

    private Map<IpPrefix, RouteMessage> deriveTunnelRoutes() {
        Map<IpPrefix, RouteMessage> routes = new HashMap<>();
        for (TunnelEndpoint t : tunnels.values()) {
            int device = devices.forUnderlay(t.underlay()).orElseThrow();
            for (IpPrefix block : t.podBlocks()) {
                // Calico's VXLAN routes: the remote VTEP address is not on any local subnet, so the
                // gateway is declared on-link; its neighbour entry supplies the MAC.
                routes.put(block, RouteMessage.unicast(block, table, config.protocol(), t.vtepAddress(), device, true));
            }
        }
        return routes;
    }

    private RouteMessage desiredRoute(IpPrefix prefix) {
        RouteMessage tunnelRoute = tunnelRoutes.get(prefix);
        if (tunnelRoute != null) {
            return tunnelRoute;
        }
        InetAddress nextHop = forwarding.get(prefix);
        return nextHop == null ? null : RouteMessage.unicast(prefix, table, config.protocol(), nextHop, 0, false);
    }

    private static boolean isOnlink(RouteMessage r) {
        return (r.flags() & RouteMessage.RTNH_F_ONLINK) != 0;
    }

    /** Whether the kernel's route already does what we want; a forwarding route leaves the device to the kernel. */
    private static boolean same(RouteMessage wanted, RouteMessage held) {
        return held.type() == RouteMessage.RTN_UNICAST && !held.multipath() && wanted.gateway().equals(held.gateway())
                && (wanted.outputInterface() == 0 || wanted.outputInterface() == held.outputInterface())
                && isOnlink(wanted) == isOnlink(held);
    }

    private void planRoutes(Plan plan, Set<IpPrefix> prefixes) {
        for (IpPrefix prefix : prefixes) {
            RouteMessage wanted = desiredRoute(prefix);
            RouteMessage held = installed.routes.get(prefix);
            if (wanted == null && held != null) {
                plan.add(new Operation(held.delete(), "removal of route " + describe(held), Kind.ROUTE, Change.REMOVE,
                        prefix, () -> installed.routes.remove(prefix)));
            } else if (wanted != null && (held == null || !same(wanted, held))) {
                // A prefix that is not ours yet is added exclusively, so that a route another
                // daemon holds at the same key is reported (EEXIST), never overwritten.
                plan.add(new Operation(wanted.add(held != null), "route " + describe(wanted), Kind.ROUTE,
                        held == null ? Change.ADD : Change.REPLACE, prefix, () -> installed.routes.put(prefix, wanted)));
            }
        }
    }

    private Map<NeighbourKey, NeighbourMessage> desiredNeighbours() {
        Map<NeighbourKey, NeighbourMessage> wanted = new HashMap<>();
        for (TunnelEndpoint t : tunnels.values()) {
            int device = devices.forUnderlay(t.underlay()).orElseThrow();
            int family = t.vtepAddress() instanceof Inet4Address ? RouteMessage.AF_INET : RouteMessage.AF_INET6;
            NeighbourMessage n = new NeighbourMessage(family, device, NeighbourMessage.NUD_PERMANENT, 0, t.vtepAddress(),
                    t.vtepMac());
            wanted.put(NeighbourKey.of(n), n);
        }
        return wanted;
    }

    private void planNeighbourAdditions(Plan plan) {
        for (Map.Entry<NeighbourKey, NeighbourMessage> e : desiredNeighbours().entrySet()) {
            NeighbourMessage held = installed.neighbours.get(e.getKey());
            if (held == null || !Arrays.equals(held.linkAddress(), e.getValue().linkAddress())) {
                plan.add(new Operation(e.getValue().addOrReplace(), "neighbour " + describe(e.getValue()), Kind.NEIGHBOUR,
                        held == null ? Change.ADD : Change.REPLACE, () -> installed.neighbours.put(e.getKey(), e.getValue())));
            }
        }
    }

    private void planNeighbourRemovals(Plan plan) {
        Map<NeighbourKey, NeighbourMessage> wanted = desiredNeighbours();
        for (Map.Entry<NeighbourKey, NeighbourMessage> e : installed.neighbours.entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                plan.add(new Operation(e.getValue().delete(), "removal of neighbour " + describe(e.getValue()),
                        Kind.NEIGHBOUR, Change.REMOVE, () -> installed.neighbours.remove(e.getKey())));
            }
        }
    }

    /**
     * Entries no longer wanted go before new ones: a MAC that moved to another underlay address
     * must lose its old remote, which a replacement would otherwise keep beside the new one.
     */
    private void planForwardingEntries(Plan plan) {
        Map<ForwardingKey, NeighbourMessage> wanted = new HashMap<>();
        for (TunnelEndpoint t : tunnels.values()) {
            int device = devices.forUnderlay(t.underlay()).orElseThrow();
            NeighbourMessage entry = new NeighbourMessage(NeighbourMessage.AF_BRIDGE, device,
                    NeighbourMessage.NUD_PERMANENT, NeighbourMessage.NTF_SELF, t.underlay(), t.vtepMac());
            wanted.put(ForwardingKey.of(entry), entry);
        }
        for (Map.Entry<ForwardingKey, NeighbourMessage> e : installed.forwardingEntries.entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                plan.add(new Operation(e.getValue().delete(), "removal of fdb entry " + describeForwarding(e.getValue()),
                        Kind.FORWARDING_ENTRY, Change.REMOVE, () -> installed.forwardingEntries.remove(e.getKey())));
            }
        }
        for (Map.Entry<ForwardingKey, NeighbourMessage> e : wanted.entrySet()) {
            if (!installed.forwardingEntries.containsKey(e.getKey())) {
                plan.add(new Operation(e.getValue().addOrReplace(), "fdb entry " + describeForwarding(e.getValue()),
                        Kind.FORWARDING_ENTRY, Change.ADD, () -> installed.forwardingEntries.put(e.getKey(), e.getValue())));
            }
        }
    }

    private enum Kind { ROUTE, NEIGHBOUR, FORWARDING_ENTRY }

    private enum Change { ADD, REPLACE, REMOVE }

    /**
     * One request, what it is about in words, and what to remember once the kernel accepts it;
     * {@code prefix} is the route's, null for neighbours and forwarding entries.
     */
    private record Operation(Request request, String object, Kind kind, Change change, IpPrefix prefix, Runnable onSuccess) {

        Operation(Request request, String object, Kind kind, Change change, Runnable onSuccess) {
            this(request, object, kind, change, null, onSuccess);
        }
    }

    private static final class Plan {
        final List<Operation> operations = new ArrayList<>();

        void add(Operation operation) {
            operations.add(operation);
        }
    }

    private Reconciliation execute(Plan plan) throws DataplaneException {
        List<Operation> operations = plan.operations;
        if (operations.isEmpty()) {
            return new Reconciliation(Changes.NONE, Changes.NONE, Changes.NONE);
        }
        List<NetlinkSocket.Failure> failures;
        try {
            failures = socket.execute(operations.stream().map(Operation::request).toList());
        } catch (NetlinkException e) {
            installedUnknown = true;
            for (Operation op : operations) {
                remember(op); // whether the kernel did it is unknown: the next batch looks again
            }
            throw new DataplaneException("netlink request batch of " + operations.size() + " changes: " + e.getMessage(), e);
        }
        boolean[] failed = new boolean[operations.size()];
        List<String> refusals = new ArrayList<>();
        for (NetlinkSocket.Failure f : failures) {
            Operation op = operations.get(f.index());
            // Removing what is already gone leaves the kernel as we want it (ESRCH: IPv4 routes).
            boolean alreadyGone = op.change() == Change.REMOVE && (f.errno() == Errno.ENOENT || f.errno() == Errno.ESRCH);
            if (!alreadyGone) {
                failed[f.index()] = true;
                refusals.add(op.object() + ": " + f.describe());
                remember(op);
                devicesVanished |= f.errno() == Errno.ENODEV && isOnOurDevice(op);
            }
        }
        int[][] counts = new int[Kind.values().length][Change.values().length];
        for (int i = 0; i < operations.size(); i++) {
            if (!failed[i]) {
                Operation op = operations.get(i);
                op.onSuccess().run();
                counts[op.kind().ordinal()][op.change().ordinal()]++;
            }
        }
        if (!refusals.isEmpty()) {
            throw new DataplaneException(refusals.get(0) + (refusals.size() == 1 ? ""
                    : " (and " + (refusals.size() - 1) + " more refused in the same batch, such as " + refusals.get(1) + ")"));
        }
        return new Reconciliation(changes(counts[Kind.ROUTE.ordinal()]), changes(counts[Kind.NEIGHBOUR.ordinal()]),
                changes(counts[Kind.FORWARDING_ENTRY.ordinal()]));
    }

    /** Keeps a refused operation's object, so that the next batch plans it again. */
    private void remember(Operation op) {
        if (op.kind() != Kind.ROUTE) {
            refusedEntries = true;
        } else if (op.prefix() != null) {
            refusedRoutes.add(op.prefix());
        }
    }

    /** Whether the request went to one of our VXLAN devices, which the kernel says is gone. */
    private boolean isOnOurDevice(Operation op) {
        if (op.kind() != Kind.ROUTE) {
            return true;
        }
        RouteMessage tunnelRoute = op.prefix() == null ? null : tunnelRoutes.get(op.prefix());
        return tunnelRoute != null && devices.isOurs(tunnelRoute.outputInterface());
    }

    private static Changes changes(int[] byChange) {
        return new Changes(byChange[Change.ADD.ordinal()], byChange[Change.REPLACE.ordinal()],
                byChange[Change.REMOVE.ordinal()]);
    }

    private String describe(RouteMessage r) {
        String text = r.destination() + (r.gateway() == null ? "" : " via " + Addresses.text(r.gateway()));
        if (r.outputInterface() != 0) {
            text += " dev " + devices.name(r.outputInterface());
        }
        return text + (isOnlink(r) ? " onlink" : "");
    }

    private String describeStray(RouteMessage r) {
        return describe(r) + " (protocol " + r.protocol() + ", metric " + r.priority() + ")";
    }

    private String describe(NeighbourMessage n) {
        return Addresses.text(n.destination()) + " lladdr " + KernelState.mac(n.linkAddress()) + " dev "
                + devices.name(n.interfaceIndex());
    }

    private String describeForwarding(NeighbourMessage n) {
        return KernelState.mac(n.linkAddress()) + " dev " + devices.name(n.interfaceIndex()) + " dst "
                + Addresses.text(n.destination());
    }
}
