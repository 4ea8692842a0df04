package dev.javabgp.rib;

import dev.javabgp.codec.UpdateHandler;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import dev.javabgp.rib.decision.Candidate;
import dev.javabgp.rib.decision.DecisionProcess;
import dev.javabgp.rib.policy.Policy;
import dev.javabgp.rib.table.AttributeSets;
import dev.javabgp.rib.table.PathStore;
import dev.javabgp.rib.table.PrefixTable;
import dev.javabgp.rib.table.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routing information bases of one speaker: each peer's accepted routes (Adj-RIB-In after
 * import policy), and for every prefix the best of them (Loc-RIB, RFC 4271 §3.2, §9.1). Routes are
 * held without an object per prefix or per path; attribute sets are interned. Changes are settled
 * in batches: {@link #settle} runs the decision process for every prefix touched since the last
 * batch and hands those prefixes to the {@link Listener}s, such as the update groups of the
 * Adj-RIB-Out. Not thread-safe: one event loop owns it.
 */
public final class Rib {

    /** The peer index of locally originated routes. */
    public static final int LOCAL = 0;

    /** Receives the prefixes whose routes changed, once per {@link #settle}. */
    public interface Listener {
        /** Prefixes whose paths changed; only those whose best path changed if {@link #bestPathsOnly}. */
        void changed(Rib rib, RouteTable table, int[] prefixIds, int count);

        /** True for listeners that follow the best paths alone, and need not hear of the others. */
        default boolean bestPathsOnly() {
            return false;
        }
    }

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    private final RibConfig config;
    private final AttributeSets sets = new AttributeSets();
    private final DecisionProcess decision;
    private final RouteTable ipv4;
    private final RouteTable ipv6;
    private final List<Peer> peers = new ArrayList<>();
    /** Indexes of removed peers, reused lowest first. */
    private final java.util.TreeSet<Integer> freeIndexes = new java.util.TreeSet<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final int clusterIdBits;
    private final int routerIdBits;
    private final Selection selection = new Selection();
    private final RouteView view = new RouteView();

    public Rib(RibConfig config) {
        this.config = config;
        this.decision = new DecisionProcess(config.decision(), config.resolver(), config.localAs());
        this.ipv4 = new RouteTable(V4, config.expectedPrefixes());
        this.ipv6 = new RouteTable(V6, config.expectedIpv6Prefixes());
        this.clusterIdBits = Addresses.ipv4Bits(config.clusterId());
        this.routerIdBits = Addresses.ipv4Bits(config.routerId());
        peers.add(null); // index 0: locally originated routes
    }

    public RibConfig config() {
        return config;
    }

    public AttributeSets attributeSets() {
        return sets;
    }

    /** The table of a family: IPv4 or IPv6 unicast. */
    public RouteTable table(AddressFamily family) {
        if (family.equals(V4)) {
            return ipv4;
        }
        if (family.equals(V6)) {
            return ipv6;
        }
        throw new IllegalArgumentException("the RIB holds IPv4 and IPv6 unicast, not " + family);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- Peers ----

    /** Registers a peer; the returned index names it until {@link #removePeer}. */
    public int addPeer(PeerInfo info, PeerOptions options) {
        Integer free = freeIndexes.pollFirst();
        int index = free != null ? free : peers.size();
        if (index >= PathStore.MAX_PEERS) {
            throw new IllegalStateException("a RIB holds at most " + (PathStore.MAX_PEERS - 1) + " peers at once");
        }
        Peer peer = new Peer(index, info, options);
        if (free != null) {
            peers.set(index, peer);
        } else {
            peers.add(peer);
        }
        return peer.index;
    }

    /**
     * Forgets a peer: its routes are withdrawn and its index may name another peer later, so a
     * speaker whose peers come and go (dynamic neighbours) holds no more than those present.
     */
    public void removePeer(int index) {
        clearPeer(index);
        Peer p = live(index);
        p.keepBeforePolicy(false);
        peers.set(index, null);
        freeIndexes.add(index);
    }

    /** Peers registered now. */
    public int peerCount() {
        return peers.size() - 1 - freeIndexes.size();
    }

    public PeerInfo peer(int index) {
        Peer p = peers.get(index);
        return p == null ? null : p.info;
    }

    /**
     * Records what a new session told us of the peer, such as a changed BGP identifier; call it
     * while the peer holds no routes (RFC 4271 §8: a new session starts from an empty Adj-RIB-In).
     */
    public void updatePeerInfo(int index, PeerInfo info) {
        Peer p = live(index);
        p.identify(info);
        p.disabled.clear(); // RFC 4760 §7: a family is disabled for one session, not for the peer
    }

    /** Changes a peer's options, such as its import policy; existing routes keep their attributes. */
    public void updatePeer(int index, PeerOptions options) {
        Peer p = live(index);
        p.options = options;
        p.keepBeforePolicy(options.keepBeforePolicy());
    }

    /**
     * Applies the peer's current import policy again to the routes it sent, as kept before policy:
     * soft reconfiguration, without a ROUTE-REFRESH (RFC 2918) or a session reset.
     *
     * @throws IllegalStateException if the peer's options do not keep routes before policy
     */
    public void reapplyImportPolicy(int index) {
        Peer p = live(index);
        if (p.beforePolicy == null) {
            throw new IllegalStateException("peer " + p.info.address().getHostAddress()
                    + " does not keep its routes before policy (PeerOptions.keepBeforePolicy); ask it for a ROUTE-REFRESH instead");
        }
        for (RouteTable before : p.beforePolicy) {
            // Group the kept routes by attribute set, so import runs once per set as on receipt.
            java.util.Map<Integer, PrefixBlock.Builder> bySet = new java.util.LinkedHashMap<>();
            PathStore paths = before.paths();
            PrefixTable prefixes = before.prefixes();
            for (int id = 0; id < prefixes.idLimit(); id++) {
                if (!prefixes.live(id)) {
                    continue;
                }
                for (int node = before.head(id); node != PathStore.NONE; node = paths.next(node)) {
                    PrefixBlock.Builder b = bySet.computeIfAbsent(paths.attributes(node),
                            k -> PrefixBlock.builder(before.family(), true));
                    prefixes.addTo(b, id, paths.pathId(node));
                }
            }
            for (var e : bySet.entrySet()) {
                p.inbound.reimport(sets.get(e.getKey()), e.getValue().build().cursor());
            }
        }
    }

    /** The routes a peer sent of a family, before import policy; empty unless the options keep them. */
    public List<Route> routesBeforePolicy(int index, AddressFamily family) {
        Peer p = live(index);
        if (p.beforePolicy == null) {
            return List.of();
        }
        RouteTable t = p.beforePolicy[familyIndex(family)];
        List<Route> out = new ArrayList<>();
        for (int id = 0; id < t.prefixes().idLimit(); id++) {
            if (t.prefixes().live(id)) {
                for (int node = t.head(id); node != PathStore.NONE; node = t.paths().next(node)) {
                    out.add(new Route(prefix(t, id), sets.get(t.paths().attributes(node)), p.info, t.paths().pathId(node),
                            false, false));
                }
            }
        }
        return out;
    }

    /** Withdraws every route of the peer, as when its session goes down (RFC 4271 §8.2.2). */
    public void clearPeer(int index) {
        for (RouteTable t : tables()) {
            removeWhere(t, index, path -> true);
        }
        Peer p = live(index);
        p.disabled.clear(); // RFC 4760 §7: the session that disabled a family is over
        if (p.beforePolicy != null) {
            for (RouteTable t : p.beforePolicy) {
                clearTable(t);
            }
        }
    }

    /** Empties a table of one peer's routes as received, releasing their attribute sets. */
    private void clearTable(RouteTable t) {
        PathStore paths = t.paths();
        PrefixTable prefixes = t.prefixes();
        for (int id = 0; id < prefixes.idLimit(); id++) {
            if (!prefixes.live(id)) {
                continue;
            }
            int node = t.head(id);
            while (node != PathStore.NONE) {
                int next = paths.next(node);
                sets.release(paths.attributes(node));
                t.remove(id, node);
                node = next;
            }
            t.releaseIfUnused(id);
        }
        t.clearDirty();
    }

    /** Number of routes accepted from a peer in a family. */
    public long routeCount(int index, AddressFamily family) {
        return live(index).counts[familyIndex(family)];
    }

    /**
     * The Cease to send if the peer exceeded a prefix limit set to tear down (RFC 4486 §4: the data
     * is AFI, SAFI and the limit), or empty.
     */
    public Optional<NotificationMessage> prefixLimitExceeded(int index) {
        Peer p = live(index);
        for (var e : p.options.prefixLimits().entrySet()) {
            PeerOptions.PrefixLimit limit = e.getValue();
            AddressFamily f = e.getKey();
            if (limit.tearDown() && (f.equals(V4) || f.equals(V6)) && p.counts[familyIndex(f)] > limit.maximum()) {
                long max = limit.maximum();
                byte[] data = {(byte) (f.afi() >>> 8), (byte) f.afi(), (byte) f.safi(),
                    (byte) (max >>> 24), (byte) (max >>> 16), (byte) (max >>> 8), (byte) max};
                return Optional.of(new NotificationMessage(NotificationCode.CEASE, NotificationCode.MAXIMUM_PREFIXES_REACHED, data));
            }
        }
        return Optional.empty();
    }

    /** True if a peer holds more routes of a family than its limit, whether or not it tears down. */
    public boolean overPrefixLimit(int index, AddressFamily family) {
        Peer p = live(index);
        PeerOptions.PrefixLimit limit = p.options.prefixLimits().get(family);
        return limit != null && p.counts[familyIndex(family)] > limit.maximum();
    }

    // ---- Graceful restart, helper side ----

    /**
     * The peer's session went down gracefully: its routes of {@code family} stay, marked stale
     * (RFC 4724 §4.2), or long-lived stale and least preferred (RFC 9494 §4.3).
     */
    public void markStale(int index, AddressFamily family, boolean longLived) {
        live(index).staleMarked[familyIndex(family)] = true;
        RouteTable t = table(family);
        PathStore paths = t.paths();
        PrefixTable prefixes = t.prefixes();
        if (longLived) {
            // RFC 9494 §4.3: a route marked NO_LLGR is not kept as long-lived stale.
            removeWhere(t, index, path -> {
                Communities c = sets.get(paths.attributes(path)).communities();
                return c != null && c.contains(Communities.NO_LLGR);
            });
        }
        for (int id = 0; id < prefixes.idLimit(); id++) {
            if (!prefixes.live(id)) {
                continue;
            }
            for (int node = t.head(id); node != PathStore.NONE; node = paths.next(node)) {
                if (paths.peer(node) == index) {
                    paths.set(node, PathStore.STALE, true);
                    if (longLived) {
                        paths.set(node, PathStore.LONG_LIVED_STALE, true);
                        t.changed(id, node);
                    }
                }
            }
        }
    }

    /**
     * Removes the peer's routes of {@code family} still stale: after its End-of-RIB, or when the
     * restart or stale timer ran out (RFC 4724 §4.2, RFC 9494 §4.3).
     */
    public void removeStale(int index, AddressFamily family) {
        Peer p = live(index);
        if (!p.staleMarked[familyIndex(family)]) {
            return; // no path of the peer was marked since: nothing to look for in the whole table
        }
        p.staleMarked[familyIndex(family)] = false;
        RouteTable t = table(family);
        removeWhere(t, index, path -> t.paths().has(path, PathStore.STALE));
    }

    // ---- Routes in ----

    /** The handler that applies a peer's UPDATEs, for an {@link dev.javabgp.codec.UpdateReader}. */
    public UpdateHandler inbound(int index) {
        return live(index).inbound;
    }

    /** Applies a decoded UPDATE from a peer, with the errors its decoding reported. */
    public void apply(int index, UpdateMessage update, List<BgpError> errors) {
        Inbound in = live(index).inbound;
        PathAttributes attributes = update.attributes();
        in.attributes(attributes, errors);
        cursorOf(update.withdrawn(), in, false);
        MpUnreachNlri unreach = attributes.mpUnreach();
        if (unreach != null) {
            cursorOf(unreach.withdrawn(), in, false);
        }
        cursorOf(update.nlri(), in, true);
        MpReachNlri reach = attributes.mpReach();
        if (reach != null) {
            cursorOf(reach.nlri(), in, true);
        }
    }

    private static void cursorOf(PrefixBlock block, Inbound in, boolean announced) {
        if (!block.isEmpty()) {
            if (announced) {
                in.announced(block.cursor());
            } else {
                in.withdrawn(block.cursor());
            }
        }
    }

    /** Announces a prefix from this speaker with {@code attributes} (local routes pass no import policy). */
    public void originate(IpPrefix prefix, PathAttributes attributes) {
        RouteTable t = table(prefix.family());
        int id = idOf(t, prefix, true);
        int attributeId = sets.acquire(stripNlri(attributes));
        int node = t.find(id, LOCAL, 0);
        if (node == PathStore.NONE) {
            t.add(id, LOCAL, 0, attributeId);
        } else {
            sets.release(t.paths().attributes(node));
            t.paths().attributes(node, attributeId);
            t.changed(id, node);
        }
    }

    /** Withdraws a prefix this speaker announced; false if it did not. */
    public boolean withdrawOriginated(IpPrefix prefix) {
        RouteTable t = table(prefix.family());
        int id = idOf(t, prefix, false);
        int node = id < 0 ? PathStore.NONE : t.find(id, LOCAL, 0);
        if (node == PathStore.NONE) {
            return false;
        }
        sets.release(t.paths().attributes(node));
        t.remove(id, node);
        return true;
    }

    // ---- Settling ----

    /**
     * Runs the decision process for every prefix changed since the last call, tells the listeners
     * which prefixes changed, and releases prefixes nothing refers to any more.
     */
    public void settle() {
        for (RouteTable t : tables()) {
            int count = t.dirtyCount();
            if (count == 0) {
                continue;
            }
            int[] dirty = t.dirty();
            if (selection.bestChanged.length < count) {
                selection.bestChanged = new int[Math.max(count, selection.bestChanged.length * 2)];
            }
            int[] bestChanged = selection.bestChanged;
            int bestChangedCount = 0;
            for (int i = 0; i < count; i++) {
                if (select(t, dirty[i])) {
                    bestChanged[bestChangedCount++] = dirty[i];
                }
            }
            for (Listener l : listeners) {
                if (!l.bestPathsOnly()) {
                    l.changed(this, t, dirty, count);
                } else if (bestChangedCount > 0) {
                    l.changed(this, t, bestChanged, bestChangedCount);
                }
            }
            t.clearDirty(); // the array keeps its ids until the next markDirty
            for (int i = 0; i < count; i++) {
                t.releaseIfUnused(dirty[i]);
            }
        }
    }

    /** Puts the paths of prefix {@code id} into the selection's scratch array; returns how many. */
    private int gather(RouteTable t, int id) {
        PathStore paths = t.paths();
        int n = 0;
        int[] nodes = selection.nodes;
        for (int node = t.head(id); node != PathStore.NONE; node = paths.next(node)) {
            if (n == nodes.length) {
                nodes = selection.nodes = java.util.Arrays.copyOf(nodes, n * 2);
            }
            nodes[n++] = node;
        }
        selection.paths = paths;
        return n;
    }

    /** Runs the decision process for one prefix and marks its best path; true if that changed the best path. */
    private boolean select(RouteTable t, int id) {
        PathStore paths = t.paths();
        int n = gather(t, id);
        int[] nodes = selection.nodes;
        int previous = PathStore.NONE;
        for (int i = 0; i < n; i++) {
            if (paths.has(nodes[i], PathStore.BEST)) {
                previous = nodes[i];
                paths.set(nodes[i], PathStore.BEST, false);
            }
        }
        int best = n == 1 ? (decision.reachable(selection, nodes[0]) ? nodes[0] : -1) : decision.select(selection, nodes, n);
        if (best >= 0) {
            paths.set(best, PathStore.BEST, true);
        }
        return t.takeBestTouched(id) | best != previous;
    }

    /**
     * The reachable paths of prefix {@code id}, best first, at most {@code max} of them, for
     * sending several paths with ADD-PATH (RFC 7911); returns how many were written to {@code out}.
     */
    public int rank(RouteTable t, int id, int[] out, int max) {
        int n = gather(t, id);
        int[] nodes = selection.nodes;
        int ranked = 0;
        while (ranked < max && ranked < out.length && n > 0) {
            int best = decision.select(selection, nodes, n);
            if (best < 0) {
                break;
            }
            out[ranked++] = best;
            for (int i = 0; i < n; i++) {
                if (nodes[i] == best) {
                    nodes[i] = nodes[--n];
                    break;
                }
            }
        }
        return ranked;
    }

    // ---- Queries ----

    /** The best route for a prefix, if any. */
    public Optional<Route> best(IpPrefix prefix) {
        return routes(prefix).stream().filter(Route::best).findFirst();
    }

    /** Every path held for a prefix. */
    public List<Route> routes(IpPrefix prefix) {
        RouteTable t = table(prefix.family());
        int id = idOf(t, prefix, false);
        List<Route> out = new ArrayList<>();
        if (id >= 0) {
            PathStore paths = t.paths();
            for (int node = t.head(id); node != PathStore.NONE; node = paths.next(node)) {
                out.add(route(t, id, node));
            }
        }
        return out;
    }

    /** The best route of every prefix of a family; allocates a value per route. */
    public List<Route> bestRoutes(AddressFamily family) {
        RouteTable t = table(family);
        List<Route> out = new ArrayList<>();
        for (int id = 0; id < t.prefixes().idLimit(); id++) {
            if (t.prefixes().live(id)) {
                int best = t.best(id);
                if (best >= 0) {
                    out.add(route(t, id, best));
                }
            }
        }
        return out;
    }

    /** The id of a prefix given as a value, added if asked; -1 if absent and not added. */
    private static int idOf(RouteTable t, IpPrefix prefix, boolean add) {
        PrefixCursor c = PrefixBlock.of(prefix.family(), prefix).cursor();
        c.next();
        return add ? t.prefixes().findOrAdd(c) : t.prefixes().find(c);
    }

    /** The prefix of an id as a value. */
    public IpPrefix prefix(RouteTable t, int id) {
        PrefixBlock.Builder b = PrefixBlock.builder(t.family(), false);
        t.prefixes().addTo(b, id, 0);
        return b.build().prefixes().get(0);
    }

    /** The attribute set of a path. */
    public PathAttributes attributes(RouteTable t, int node) {
        return sets.get(t.paths().attributes(node));
    }

    private Route route(RouteTable t, int id, int node) {
        PathStore paths = t.paths();
        return new Route(prefix(t, id), sets.get(paths.attributes(node)), peer(paths.peer(node)), paths.pathId(node),
                paths.has(node, PathStore.BEST), paths.has(node, PathStore.STALE));
    }

    // ---- Internals ----

    private List<RouteTable> tables() {
        return List.of(ipv4, ipv6);
    }

    private Peer live(int index) {
        Peer p = index > 0 && index < peers.size() ? peers.get(index) : null;
        if (p == null) {
            throw new IllegalArgumentException("no peer " + index);
        }
        return p;
    }

    private static int familyIndex(AddressFamily family) {
        return family.afi() == AddressFamily.AFI_IPV6 ? 1 : 0;
    }

    private void removeWhere(RouteTable t, int index, java.util.function.IntPredicate which) {
        PathStore paths = t.paths();
        PrefixTable prefixes = t.prefixes();
        Peer p = index == LOCAL ? null : peers.get(index);
        for (int id = 0; id < prefixes.idLimit(); id++) {
            if (!prefixes.live(id)) {
                continue;
            }
            int node = t.head(id);
            while (node != PathStore.NONE) {
                int next = paths.next(node);
                if (paths.peer(node) == index && which.test(node)) {
                    sets.release(paths.attributes(node));
                    t.remove(id, node);
                    if (p != null) {
                        p.counts[familyIndex(t.family())]--;
                    }
                }
                node = next;
            }
        }
    }

    /** Attributes as the RIB stores them: MP_REACH_NLRI without prefixes, no MP_UNREACH_NLRI. */
    static PathAttributes stripNlri(PathAttributes a) {
        MpReachNlri reach = a.mpReach();
        PathAttributes out = a.mpUnreach() != null ? a.without(AttributeType.MP_UNREACH_NLRI) : a;
        if (reach != null && !reach.nlri().isEmpty()) {
            out = out.with(reach.withNlri(PrefixBlock.empty(reach.family())));
        }
        return out;
    }

    /** The decision process's view of the paths of the table being settled. */
    private final class Selection implements Candidate {
        PathStore paths;
        int[] nodes = new int[8];
        /** The prefixes of one settle whose best path changed. */
        int[] bestChanged = new int[256];

        @Override
        public PathAttributes attributes(int path) {
            return sets.get(paths.attributes(path));
        }

        @Override
        public PeerInfo peer(int path) {
            return Rib.this.peer(paths.peer(path));
        }

        @Override
        public boolean longLivedStale(int path) {
            return paths.has(path, PathStore.LONG_LIVED_STALE);
        }

        @Override
        public long routerId(int path) {
            Peer p = peers.get(paths.peer(path));
            return p == null ? 0 : p.routerId;
        }

        @Override
        public long peerAddress(int path, int word) {
            Peer p = peers.get(paths.peer(path));
            return p == null ? 0 : p.address[word];
        }
    }

    private final class Peer {
        void keepBeforePolicy(boolean keep) {
            if (keep && beforePolicy == null) {
                beforePolicy = new RouteTable[] {new RouteTable(V4, 1024), new RouteTable(V6, 128)};
            } else if (!keep && beforePolicy != null) {
                for (RouteTable t : beforePolicy) {
                    clearTable(t);
                }
                beforePolicy = null;
            }
        }

        final int index;
        PeerInfo info;
        PeerOptions options;
        final long[] counts = new long[2];
        /** Per family: some of the peer's paths were marked stale and not looked for since. */
        final boolean[] staleMarked = new boolean[2];
        final Inbound inbound;
        /** Families whose routes are ignored for the rest of the session (RFC 4760 §7, AFI/SAFI disable). */
        final java.util.Set<AddressFamily> disabled = new java.util.HashSet<>();
        /** The routes as received, when the options keep them: IPv4 and IPv6 tables of this peer alone. */
        RouteTable[] beforePolicy;
        /** The decision process's tie-breakers, computed once rather than per comparison. */
        long routerId;
        final long[] address = new long[2];

        Peer(int index, PeerInfo info, PeerOptions options) {
            this.index = index;
            this.info = info;
            this.options = options;
            this.inbound = new Inbound(this);
            keepBeforePolicy(options.keepBeforePolicy());
            identify(info);
        }

        void identify(PeerInfo peerInfo) {
            this.info = peerInfo;
            this.routerId = Integer.toUnsignedLong(Addresses.ipv4Bits(peerInfo.routerId()));
            byte[] bytes = peerInfo.address().getAddress();
            int offset = bytes.length == 4 ? 8 : 0; // IPv4 addresses sort before IPv6 ones
            address[0] = 0;
            address[1] = 0;
            for (int i = 0; i < bytes.length; i++) {
                int at = offset + i;
                address[at >> 3] = address[at >> 3] << 8 | (bytes[i] & 0xFF);
            }
        }
    }

    /** Applies one peer's UPDATEs: import checks and policy once per attribute set where it can. */
    private final class Inbound implements UpdateHandler {
        private final Peer peer;
        /** The message's attributes after import checks; null when its routes are to be withdrawn. */
        private PathAttributes accepted;
        /** Interned id of {@link #accepted}, or -1 until first needed. */
        private int acceptedId = -1;
        private boolean perPrefixPolicy;
        private boolean withdrawAll;
        /** The message's attributes as received, and their interned id once needed (-1 before). */
        private PathAttributes received;
        private int receivedId = -1;
        /** True while {@link #reimport} runs: the routes as received are already kept. */
        private boolean reimporting;

        Inbound(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void attributes(PathAttributes attributes, List<BgpError> errors) {
            releaseMessage();
            // RFC 7606 §3 has the strongest action win, but AFI/SAFI disable reaches only the family
            // it names (§5.3): the message's other prefixes still get treat-as-withdraw if any error
            // calls for it, so a route never goes in without its mandatory attributes (§3.d).
            withdrawAll = false;
            for (BgpError e : errors) {
                switch (e.action()) {
                    case TREAT_AS_WITHDRAW, SESSION_RESET -> withdrawAll = true;
                    case AFI_SAFI_DISABLE -> {
                        AddressFamily f = e.family();
                        if (f != null && peer.disabled.add(f) && (f.equals(V4) || f.equals(V6))) {
                            // RFC 4760 §7, RFC 7606 §5.4: the family's routes from this peer are all
                            // withdrawn, and those it sends later in the session are ignored.
                            removeWhere(table(f), peer.index, path -> true);
                            if (peer.beforePolicy != null) {
                                clearTable(peer.beforePolicy[familyIndex(f)]);
                            }
                        }
                    }
                    default -> { }
                }
            }
            received = withdrawAll ? null : stripNlri(attributes);
            PathAttributes a = withdrawAll ? null : importChecks(received);
            Policy policy = peer.options.importPolicy();
            perPrefixPolicy = a != null && policy.dependsOnPrefix();
            if (a != null && !perPrefixPolicy) {
                MpReachNlri reach = a.mpReach();
                a = policy.evaluate(view.set(reach != null ? reach.family() : V4, 0, 0, 0, a, peer.info));
            }
            accepted = a;
        }

        /** Loop detection and RFC 8326; null rejects the routes. */
        private PathAttributes importChecks(PathAttributes a) {
            PeerInfo info = peer.info;
            if (info.external()) {
                AsPath path = a.asPath();
                // RFC 4271 §9.1.2: our own AS in the path is a loop, beyond the allowed count.
                if (path != null && path.occurrences(config.localAs()) > peer.options.allowAsIn()) {
                    return null;
                }
                long known = peer.options.localAs();
                if (path != null && known != 0 && known != config.localAs() && path.occurrences(known) > peer.options.allowAsIn()) {
                    return null;
                }
            } else {
                OriginatorId originator = a.originatorId();
                ClusterList clusters = a.clusterList();
                // RFC 4456 §8: a route we reflected, or that passed our cluster, came back.
                if (originator != null && Addresses.ipv4Bits(originator.id()) == routerIdBits) {
                    return null;
                }
                if (clusters != null && clusters.contains(clusterIdBits)) {
                    return null;
                }
            }
            Communities communities = a.communities();
            if (peer.options.honourGracefulShutdown() && communities != null
                    && communities.contains(Communities.GRACEFUL_SHUTDOWN)) {
                a = a.with(new LocalPref(0)); // RFC 8326 §4.2
            }
            return a;
        }

        /** Applies the import policy again to routes kept as received with {@code attributes}. */
        void reimport(PathAttributes attributes, PrefixCursor prefixes) {
            reimporting = true;
            try {
                attributes(attributes, List.of());
                announced(prefixes);
            } finally {
                reimporting = false;
            }
        }

        @Override
        public void withdrawn(PrefixCursor prefixes) {
            if (!kept(prefixes.family())) {
                return;
            }
            RouteTable t = table(prefixes.family());
            RouteTable before = peer.beforePolicy == null ? null : peer.beforePolicy[familyIndex(prefixes.family())];
            while (prefixes.next()) {
                withdraw(t, prefixes);
                if (before != null) {
                    forget(before, prefixes);
                }
            }
        }

        /**
         * Whether the message's prefixes of {@code family} are applied: not if an error disabled the
         * family, and not for a family other than IPv4 and IPv6 unicast, which a peer may send
         * without our having announced it (RFC 4760 §8) but no table here holds.
         */
        private boolean kept(AddressFamily family) {
            return (family.equals(V4) || family.equals(V6)) && !peer.disabled.contains(family);
        }

        /** Keeps the cursor's prefix as received (RFC 4271 §3.2 Adj-RIB-In before policy). */
        private void keep(RouteTable before, PrefixCursor c) {
            if (receivedId < 0) {
                receivedId = sets.acquire(received);
            }
            int id = before.prefixes().findOrAdd(c);
            int node = before.find(id, peer.index, c.pathId());
            sets.retain(receivedId);
            if (node == PathStore.NONE) {
                before.add(id, peer.index, c.pathId(), receivedId);
            } else {
                sets.release(before.paths().attributes(node));
                before.paths().attributes(node, receivedId);
            }
            before.clearDirty(); // nothing selects among routes as received
        }

        private void forget(RouteTable before, PrefixCursor c) {
            int id = before.prefixes().find(c);
            int node = id < 0 ? PathStore.NONE : before.find(id, peer.index, c.pathId());
            if (node != PathStore.NONE) {
                sets.release(before.paths().attributes(node));
                before.remove(id, node);
                before.releaseIfUnused(id);
                before.clearDirty();
            }
        }

        @Override
        public void announced(PrefixCursor prefixes) {
            AddressFamily family = prefixes.family();
            if (!kept(family)) {
                return;
            }
            RouteTable t = table(family);
            RouteTable before = peer.beforePolicy == null || reimporting ? null : peer.beforePolicy[familyIndex(family)];
            if (accepted == null) {
                while (prefixes.next()) {
                    withdraw(t, prefixes);
                    if (before != null) {
                        if (withdrawAll) {
                            forget(before, prefixes); // RFC 7606 §2: treat-as-withdraw
                        } else {
                            keep(before, prefixes); // received, but rejected on import
                        }
                    }
                }
                releaseMessage();
                return;
            }
            PathStore paths = t.paths();
            int fi = familyIndex(family);
            Policy policy = peer.options.importPolicy();
            while (prefixes.next()) {
                if (before != null) {
                    keep(before, prefixes);
                }
                int attributeId;
                if (perPrefixPolicy) {
                    boolean v4 = family.afi() == AddressFamily.AFI_IPV4;
                    PathAttributes result = policy.evaluate(view.set(family, prefixes.length(),
                            v4 ? (long) prefixes.ipv4Address() << 32 : prefixes.ipv6High(), v4 ? 0 : prefixes.ipv6Low(),
                            accepted, peer.info));
                    if (result == null) {
                        withdraw(t, prefixes);
                        continue;
                    }
                    attributeId = sets.acquire(result);
                } else {
                    if (acceptedId < 0) {
                        acceptedId = sets.acquire(accepted);
                    }
                    attributeId = acceptedId;
                    sets.retain(attributeId);
                }
                int id = t.prefixes().findOrAdd(prefixes);
                int node = t.find(id, peer.index, prefixes.pathId());
                if (node == PathStore.NONE) {
                    t.add(id, peer.index, prefixes.pathId(), attributeId);
                    peer.counts[fi]++;
                } else {
                    boolean wasLongLived = paths.has(node, PathStore.LONG_LIVED_STALE);
                    paths.set(node, (byte) (PathStore.STALE | PathStore.LONG_LIVED_STALE), false);
                    int old = paths.attributes(node);
                    if (old != attributeId) {
                        paths.attributes(node, attributeId);
                        t.changed(id, node);
                    } else if (wasLongLived) {
                        t.changed(id, node);
                    }
                    sets.release(old);
                }
            }
            releaseMessage();
        }

        private void withdraw(RouteTable t, PrefixCursor c) {
            int id = t.prefixes().find(c);
            if (id < 0) {
                return;
            }
            int node = t.find(id, peer.index, c.pathId());
            if (node != PathStore.NONE) {
                sets.release(t.paths().attributes(node));
                t.remove(id, node);
                peer.counts[familyIndex(t.family())]--;
            }
        }

        /** Drops the message's own references to its interned attributes. */
        private void releaseMessage() {
            if (acceptedId >= 0) {
                sets.release(acceptedId);
                acceptedId = -1;
            }
            if (receivedId >= 0) {
                sets.release(receivedId);
                receivedId = -1;
            }
        }
    }
}
