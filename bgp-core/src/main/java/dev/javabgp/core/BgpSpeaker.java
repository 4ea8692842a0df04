package dev.javabgp.core;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.message.NotificationCode;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.RibConfig;
import dev.javabgp.rib.Route;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGP speaker: it listens for and connects to its peers, runs one session state machine per
 * peer, and keeps the routes in one RIB, all on one Netty event loop that is also its scheduler.
 * Every public method may be called from any thread; they hand their work to that loop.
 *
 * <pre>{@code
 * BgpSpeaker speaker = BgpSpeaker.builder(64512, "192.0.2.10")
 *         .listen("127.0.0.1", 1179)
 *         .peer(PeerConfig.of("127.0.0.2", 64513))
 *         .build();
 * speaker.start().get();
 * speaker.announce(IpPrefix.parse("203.0.113.7/32"), attributes).get();
 * }</pre>
 */
public final class BgpSpeaker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);
    static final AttributeKey<PeerSession> SESSION = AttributeKey.valueOf("javabgp.session");

    private final long localAs;
    private final Inet4Address routerId;
    private final InetSocketAddress listen;
    private final Duration connectRetryTime;
    /** Epoll on Linux, for TCP-MD5 (RFC 2385); NIO elsewhere, without it. */
    private static final boolean EPOLL = io.netty.channel.epoll.Epoll.isAvailable();
    private final EventLoopGroup group = EPOLL ? new io.netty.channel.epoll.EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final Rib rib;
    private final Map<InetAddress, PeerSession> sessions = new LinkedHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RouteListener> routeListeners = new CopyOnWriteArrayList<>();
    private final RouteEvents routeEvents = new RouteEvents();
    private final Set<InetAddress> refusedOnce = new HashSet<>();
    /** Dynamic peers that went down while restarting gracefully, kept until they return or time out. */
    private final Map<InetAddress, PeerSession> lingering = new LinkedHashMap<>();
    private final List<DynamicPeers> dynamicPeers;
    private Channel server;
    private boolean settlePending;
    /** Coming back from a restart (RFC 4724 §4.1): route selection and output wait for the peers. */
    private boolean restarting;
    private final Duration selectionDeferral;
    private io.netty.util.concurrent.ScheduledFuture<?> deferralTimer;
    /** The tunnel endpoints programmed now, for a synchronisation of the whole state. */
    private final Map<InetAddress, dev.javabgp.core.dataplane.TunnelEndpoint> tunnels = new LinkedHashMap<>();
    /** Whether the dataplane has been given the complete state since the start. */
    private boolean dataplaneSynchronized;
    private final Duration dataplaneSyncWait;
    private final dev.javabgp.core.dataplane.Dataplane dataplane;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final DataplaneFeed dataplaneFeed;
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> stopped =
            new java.util.concurrent.atomic.AtomicReference<>();

    private BgpSpeaker(Builder b) {
        this.localAs = b.localAs;
        this.routerId = b.routerId;
        this.listen = b.listen;
        this.connectRetryTime = b.connectRetryTime;
        this.restarting = b.selectionDeferral != null;
        this.dataplaneSyncWait = b.selectionDeferral != null ? b.selectionDeferral : Duration.ofSeconds(60);
        this.selectionDeferral = b.selectionDeferral;
        RibConfig ribConfig = new RibConfig(b.localAs, b.routerId).withExpectedPrefixes(b.expectedPrefixes, b.expectedIpv6Prefixes);
        this.rib = new Rib(b.clusterId == null ? ribConfig : ribConfig.withClusterId(b.clusterId));
        this.dataplane = b.dataplane;
        this.dataplaneFeed = b.dataplane == null ? null : new DataplaneFeed();
        if (dataplaneFeed != null) {
            rib.addListener(dataplaneFeed);
        }
        this.registry = b.registry;
        this.dynamicPeers = List.copyOf(b.dynamicPeers);
        rib.addListener(routeEvents);
        for (PeerConfig p : b.peers) {
            sessions.put(p.address(), session(p));
        }
    }

    /** A speaker of AS {@code localAs} with BGP identifier {@code routerId}. */
    public static Builder builder(long localAs, String routerId) {
        return new Builder(localAs, Addresses.ipv4(routerId));
    }

    /** Binds the listener, if any, and starts every session. */
    public CompletableFuture<BgpSpeaker> start() {
        CompletableFuture<BgpSpeaker> done = new CompletableFuture<>();
        if (!EPOLL) {
            for (PeerSession s : sessions.values()) {
                if (s.config.password() != null || s.config.gtsmHops() > 0) {
                    done.completeExceptionally(new IllegalStateException("peer " + s.config.address().getHostAddress()
                            + " has a TCP-MD5 password or GTSM, which need Netty's epoll transport on Linux: "
                            + io.netty.channel.epoll.Epoll.unavailabilityCause()));
                    return done;
                }
            }
        }
        loop.execute(() -> {
            if (listen == null) {
                startSessions();
                done.complete(this);
                return;
            }
            ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                    .channel(EPOLL ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(pipeline(true));
            bootstrap.bind(listen).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    server = f.channel();
                    updatePasswords();
                    if (EPOLL) {
                        // RFC 5082 §3: the handshake's SYN-ACK comes from the listening socket, so it
                        // sends with TTL 255 too; harmless to peers without GTSM.
                        boolean v6 = listen.getAddress() instanceof java.net.Inet6Address;
                        server.config().setOption(v6 ? Gtsm.IPV6_UNICAST_HOPS : Gtsm.IP_TTL, 255);
                    }
                    log.info("listening on {}{}", listen, EPOLL ? " (epoll)" : " (nio)");
                    startSessions();
                    done.complete(this);
                } else {
                    done.completeExceptionally(new IllegalStateException("cannot listen on " + listen + ": " + f.cause().getMessage(),
                            f.cause()));
                }
            });
        });
        return done;
    }

    /** The listening socket accepts a peer's connection only with its key (RFC 2385 §2). */
    private void updatePasswords() {
        if (server == null || !EPOLL) {
            return;
        }
        updateListenerGtsm();
        Map<InetAddress, byte[]> keys = new LinkedHashMap<>();
        for (PeerSession s : sessions.values()) {
            if (s.config.password() != null) {
                keys.put(s.config.address(), s.config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        server.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG, keys);
    }

    /**
     * RFC 5082 §3: when every peer of the listener uses GTSM, the listening socket itself drops
     * segments below the loosest minimum TTL, so a handshake from too far never completes; each
     * accepted connection then gets its own peer's minimum. With any peer without GTSM (or dynamic
     * peers) the check starts at accept.
     */
    private void updateListenerGtsm() {
        int loosest = 255;
        for (PeerSession s : sessions.values()) {
            // A peer without GTSM must get through the listener: then the check starts at accept.
            loosest = Math.min(loosest, s.config.gtsmHops() == 0 ? 0 : 256 - s.config.gtsmHops());
        }
        if (!dynamicPeers.isEmpty() || sessions.isEmpty()) {
            loosest = 0;
        }
        boolean v6 = listen.getAddress() instanceof java.net.Inet6Address;
        server.config().setOption(v6 ? Gtsm.IPV6_MINHOPCOUNT : Gtsm.IP_MINTTL, loosest);
    }

    private PeerSession session(PeerConfig config) {
        PeerSession s = new PeerSession(this, config);
        if (registry != null) {
            s.registerMetrics(registry);
        }
        return s;
    }

    private void startSessions() {
        if (restarting) {
            log.info("restarting gracefully: routes go out once every peer has sent End-of-RIB, or after {} s",
                    selectionDeferral.toSeconds());
            deferralTimer = loop.schedule(() -> endDeferral("the selection deferral time passed"),
                    selectionDeferral.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (dataplane != null) {
            loop.schedule(() -> synchronizeDataplane("waited " + dataplaneSyncWait.toSeconds() + " s for End-of-RIB"),
                    dataplaneSyncWait.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (PeerSession s : sessions.values()) {
            s.start();
        }
    }

    /**
     * Gives the dataplane the complete state once: what a previous run programmed and this one no
     * longer wants goes then, not before, so a restart loses no forwarding while tables arrive.
     */
    private void synchronizeDataplane(String why) {
        if (dataplane == null || dataplaneSynchronized || stopped.get() != null) {
            return;
        }
        dataplaneSynchronized = true;
        settleNow();
        List<dev.javabgp.core.dataplane.ForwardingRoute> routes = new ArrayList<>();
        DataplaneFeed.bestRoutes(rib, rib.table(AddressFamily.IPV4_UNICAST), routes);
        DataplaneFeed.bestRoutes(rib, rib.table(AddressFamily.IPV6_UNICAST), routes);
        try {
            dataplane.synchronize(routes, List.copyOf(tunnels.values()));
            log.info("dataplane synchronised with {} routes and {} tunnel endpoints: {}", routes.size(), tunnels.size(), why);
        } catch (dev.javabgp.core.dataplane.DataplaneException e) {
            log.error("dataplane refused the synchronisation of {} routes: {}", routes.size(), e.getMessage());
        }
    }

    boolean restarting() {
        return restarting;
    }

    /** RFC 4724 §4.1: selection waits for End-of-RIB from every peer, or the deferral timer. */
    void checkDeferral() {
        if (restarting && sessions.values().stream().allMatch(PeerSession::readyForSelection)) {
            endDeferral("every peer has sent End-of-RIB");
        }
        // The dataplane waits for every table, graceful restart or not: what it drops is forwarding.
        if (dataplane != null && !dataplaneSynchronized && !sessions.isEmpty()
                && sessions.values().stream().allMatch(PeerSession::tableComplete)) {
            synchronizeDataplane("every peer has sent End-of-RIB");
        }
    }

    private void endDeferral(String why) {
        if (!restarting) {
            return;
        }
        restarting = false;
        if (deferralTimer != null) {
            deferralTimer.cancel(false);
        }
        log.info("restart complete: {}; sending routes", why);
        for (PeerSession s : sessions.values()) {
            s.restartOver();
        }
        settleNow();
    }

    /**
     * Ends every session with Cease / Administrative Shutdown and {@code reason} as its shutdown
     * communication (RFC 9003), then closes the listener and the event loop.
     */
    public CompletableFuture<Void> stop(String reason) {
        NotificationMessage cease = NotificationMessage.cease(NotificationCode.ADMINISTRATIVE_SHUTDOWN, reason);
        return shutDown(s -> s.stop(cease));
    }

    /**
     * Stops for a restart, as for an upgrade: every connection closes without a NOTIFICATION, so
     * peers with graceful restart keep this speaker's routes, as stale, for the restart time it
     * announced (RFC 4724 §4.2). Start the next speaker with {@link Builder#restarting}.
     */
    public CompletableFuture<Void> stopForRestart() {
        return shutDown(PeerSession::stopSilently);
    }

    private CompletableFuture<Void> shutDown(java.util.function.Consumer<PeerSession> ending) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!stopped.compareAndSet(null, result)) {
            return stopped.get(); // already stopping: the same outcome
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            for (PeerSession s : sessions.values()) {
                ending.accept(s);
                s.dispose();
            }
            if (server != null) {
                server.close();
            }
            done.complete(null);
        });
        done.thenCompose(v -> {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> closed.complete(null));
            return closed;
        }).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Stops with the shutdown communication "speaker stopped", waiting at most ten seconds. */
    @Override
    public void close() {
        try {
            stop("speaker stopped").get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("stopping the speaker: {}", e.toString());
        }
    }

    /** Announces a prefix of this speaker with {@code attributes} to every peer its export allows. */
    public CompletableFuture<Void> announce(IpPrefix prefix, PathAttributes attributes) {
        return onLoop(() -> {
            rib.originate(prefix, attributes);
            settleNow();
            return null;
        });
    }

    /** Withdraws a prefix this speaker announced. */
    public CompletableFuture<Boolean> withdraw(IpPrefix prefix) {
        return onLoop(() -> {
            boolean had = rib.withdrawOriginated(prefix);
            settleNow();
            return had;
        });
    }

    /** The best route of every prefix of a family, as the Loc-RIB holds it now. */
    public CompletableFuture<List<Route>> routes(AddressFamily family) {
        return onLoop(() -> rib.bestRoutes(family));
    }

    /** The status of every configured peer. */
    public CompletableFuture<List<PeerStatus>> peers() {
        return onLoop(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (PeerSession s : sessions.values()) {
                out.add(s.status());
            }
            return out;
        });
    }

    /**
     * Asks a peer to send its routes of a family again (RFC 2918); false if the session is not up
     * or the peer did not announce route refresh.
     */
    public CompletableFuture<Boolean> requestRefresh(String address, AddressFamily family) {
        InetAddress a = PeerConfig.literal(address);
        return onLoop(() -> {
            PeerSession s = sessions.get(a);
            return s != null && s.requestRefresh(family);
        });
    }

    /** Adds a peer at run time and starts its session. */
    public CompletableFuture<Void> addPeer(PeerConfig config) {
        return onLoop(() -> {
            if (sessions.containsKey(config.address())) {
                throw new IllegalArgumentException("peer " + config.address().getHostAddress() + " is already configured");
            }
            if ((config.password() != null || config.gtsmHops() > 0) && !EPOLL) {
                throw new IllegalStateException("peer " + config.address().getHostAddress()
                        + " has a TCP-MD5 password or GTSM, which need Netty's epoll transport on Linux");
            }
            PeerSession s = session(config);
            sessions.put(config.address(), s);
            updatePasswords();
            s.start();
            return null;
        });
    }

    /**
     * Changes a peer's configuration, resetting its session only if it must: new import or export
     * policies apply without a reset (see {@link #requestRefresh}); any other change ends the
     * session with Cease / Other Configuration Change (RFC 4486) and starts it again as configured.
     * Other peers are not touched.
     *
     * @return true if the session was reset
     */
    public CompletableFuture<Boolean> updatePeer(PeerConfig config) {
        return onLoop(() -> {
            PeerSession s = sessions.get(config.address());
            if (s == null) {
                throw new IllegalArgumentException("peer " + config.address().getHostAddress() + " is not configured");
            }
            PeerConfig old = s.config;
            PeerConfig samePolicies = config.withImportPolicy(old.importPolicy()).withExportPolicy(old.exportPolicy());
            if (samePolicies.equals(old)) {
                s.updatePolicies(config);
                settleNow();
                return false;
            }
            s.stop(new NotificationMessage(NotificationCode.CEASE, NotificationCode.OTHER_CONFIGURATION_CHANGE));
            s.dispose();
            discard(s);
            PeerSession replacement = session(config);
            sessions.put(config.address(), replacement);
            updatePasswords();
            replacement.start();
            return true;
        });
    }

    /** Removes a peer: its session ends with Cease / Peer De-configured (RFC 4486). */
    public CompletableFuture<Boolean> removePeer(String address) {
        InetAddress a = PeerConfig.literal(address);
        return onLoop(() -> {
            PeerSession s = sessions.remove(a);
            if (s == null) {
                return false;
            }
            s.stop(new NotificationMessage(NotificationCode.CEASE, NotificationCode.PEER_DECONFIGURED));
            s.dispose();
            discard(s);
            updatePasswords();
            settleNow();
            return true;
        });
    }

    /** Adds a listener; it first hears the current status of every peer (see {@link SessionListener}). */
    public void addListener(SessionListener listener) {
        if (stopped.get() != null) {
            throw new IllegalStateException("the speaker is stopped");
        }
        loop.execute(() -> {
            for (PeerSession s : sessions.values()) {
                listener.sessionChanged(s.status());
            }
            listeners.add(listener);
        });
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Adds a listener of best-route changes; it first hears every best route held now. */
    public void addRouteListener(RouteListener listener) {
        if (stopped.get() != null) {
            throw new IllegalStateException("the speaker is stopped");
        }
        loop.execute(() -> {
            List<Route> all = new ArrayList<>(rib.bestRoutes(AddressFamily.IPV4_UNICAST));
            all.addAll(rib.bestRoutes(AddressFamily.IPV6_UNICAST));
            listener.routesChanged(all, List.of());
            routeListeners.add(listener);
        });
    }

    public void removeRouteListener(RouteListener listener) {
        routeListeners.remove(listener);
    }

    /** Collects each settlement's changed prefixes as values, only while someone listens. */
    private final class RouteEvents implements Rib.Listener {
        private List<Route> best = new ArrayList<>();
        private List<IpPrefix> withdrawn = new ArrayList<>();

        @Override
        public void changed(Rib source, dev.javabgp.rib.table.RouteTable table, int[] ids, int count) {
            if (routeListeners.isEmpty()) {
                return;
            }
            for (int i = 0; i < count; i++) {
                IpPrefix prefix = source.prefix(table, ids[i]);
                var route = source.best(prefix);
                if (route.isPresent()) {
                    best.add(route.get());
                } else {
                    withdrawn.add(prefix);
                }
            }
        }

        void publish() {
            if (best.isEmpty() && withdrawn.isEmpty()) {
                return;
            }
            List<Route> b = List.copyOf(best);
            List<IpPrefix> w = List.copyOf(withdrawn);
            best = new ArrayList<>();
            withdrawn = new ArrayList<>();
            for (RouteListener l : routeListeners) {
                try {
                    l.routesChanged(b, w);
                } catch (RuntimeException e) {
                    log.warn("route listener failed: {}", e.toString());
                }
            }
        }
    }

    /** The socket options of GTSM (RFC 5082), set through the epoll transport. */
    static final class Gtsm {
        static final io.netty.channel.unix.IntegerUnixChannelOption IP_TTL =
                new io.netty.channel.unix.IntegerUnixChannelOption("IP_TTL", 0, 2);
        static final io.netty.channel.unix.IntegerUnixChannelOption IP_MINTTL =
                new io.netty.channel.unix.IntegerUnixChannelOption("IP_MINTTL", 0, 21);
        static final io.netty.channel.unix.IntegerUnixChannelOption IPV6_UNICAST_HOPS =
                new io.netty.channel.unix.IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16);
        static final io.netty.channel.unix.IntegerUnixChannelOption IPV6_MINHOPCOUNT =
                new io.netty.channel.unix.IntegerUnixChannelOption("IPV6_MINHOPCOUNT", 41, 73);

        private Gtsm() {}

        /** Applies GTSM to an accepted connection before anything is read from it. */
        static void protect(Channel channel, PeerConfig config) {
            if (config.gtsmHops() == 0) {
                return;
            }
            boolean v6 = config.address() instanceof java.net.Inet6Address;
            channel.config().setOption(v6 ? IPV6_UNICAST_HOPS : IP_TTL, 255);
            channel.config().setOption(v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, 256 - config.gtsmHops());
        }
    }

    /** A session for a connection from inside a dynamic range, or null. */
    private PeerSession dynamicSession(InetAddress from) {
        PeerSession restarting = lingering.remove(from);
        if (restarting != null) {
            sessions.put(from, restarting); // RFC 4724 §4.2: back while its routes are kept
            restarting.resume();
            return restarting;
        }
        for (DynamicPeers range : dynamicPeers) {
            if (range.contains(from)) {
                PeerSession s = session(range.configFor(from));
                s.dynamic = true;
                sessions.put(from, s);
                log.info("{}: accepted from dynamic range {}", s.name(), range.range());
                s.start();
                return s;
            }
        }
        return null;
    }

    /**
     * A dynamic peer's session ended: it is forgotten until it connects again, with its place in
     * the RIB and its meters; if it restarts gracefully, once its restart time is over.
     */
    void forget(PeerSession session) {
        if (sessions.get(session.config.address()) == session) {
            sessions.remove(session.config.address());
        }
        if (session.holdsStaleRoutes()) {
            lingering.put(session.config.address(), session);
        } else {
            discard(session);
        }
    }

    /** A dynamic peer did not come back within its restart time. */
    void restartOver(PeerSession session) {
        if (lingering.remove(session.config.address(), session)) {
            discard(session);
        }
    }

    private void discard(PeerSession session) {
        session.release();
        if (registry != null) {
            session.unregisterMetrics(registry);
        }
    }

    /** Closes every connection as a crash would, without a NOTIFICATION; for tests. */
    CompletableFuture<Void> abortConnections() {
        return onLoop(() -> {
            for (PeerSession s : sessions.values()) {
                s.abortConnection();
            }
            return null;
        });
    }

    // ---- For the sessions, on the loop ----

    long localAs() {
        return localAs;
    }

    Inet4Address routerId() {
        return routerId;
    }

    Duration connectRetryTime() {
        return connectRetryTime;
    }

    EventLoop eventLoop() {
        return loop;
    }

    Rib rib() {
        return rib;
    }

    void changed(PeerStatus status) {
        for (SessionListener l : listeners) {
            try {
                l.sessionChanged(status);
            } catch (RuntimeException e) {
                log.warn("session listener failed: {}", e.toString());
            }
        }
    }

    ChannelFuture connect(PeerSession session) {
        PeerConfig c = session.config;
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectRetryTime.toMillis())
                .handler(pipeline(false));
        if (c.password() != null) {
            bootstrap.option(io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG,
                    Map.of(c.address(), c.password().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (c.gtsmHops() > 0) {
            boolean v6 = c.address() instanceof java.net.Inet6Address;
            bootstrap.option(v6 ? Gtsm.IPV6_UNICAST_HOPS : Gtsm.IP_TTL, 255);
            bootstrap.option(v6 ? Gtsm.IPV6_MINHOPCOUNT : Gtsm.IP_MINTTL, 256 - c.gtsmHops());
        }
        InetSocketAddress remote = new InetSocketAddress(c.address(), c.port());
        return c.localAddress() == null ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(c.localAddress(), 0));
    }

    /** Settles the RIB once the current batch of reads is handled, then writes what peers are owed. */
    void settleSoon() {
        settlePending = true;
    }

    void settleIfPending() {
        if (settlePending) {
            settleNow();
        }
    }

    private void settleNow() {
        settlePending = false;
        rib.settle();
        for (PeerSession s : sessions.values()) {
            s.flush();
        }
        if (dataplaneFeed != null) {
            program(dataplaneFeed.drain());
        }
        routeEvents.publish();
    }

    private void program(dev.javabgp.core.dataplane.DataplaneBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            dataplane.apply(batch);
        } catch (dev.javabgp.core.dataplane.DataplaneException e) {
            log.error("dataplane refused a batch of {} routes, {} removals, {} tunnels: {}", batch.routes().size(),
                    batch.removedRoutes().size(), batch.tunnels().size(), e.getMessage());
        }
    }

    /**
     * Adds or replaces VXLAN tunnel endpoints of remote nodes and removes others (by underlay
     * address), as one dataplane batch.
     *
     * @throws IllegalStateException through the future if the speaker has no dataplane
     */
    public CompletableFuture<Void> updateTunnels(List<dev.javabgp.core.dataplane.TunnelEndpoint> endpoints,
            List<InetAddress> removed) {
        return onLoop(() -> {
            if (dataplane == null) {
                throw new IllegalStateException("the speaker was built without a dataplane");
            }
            for (InetAddress a : removed) {
                tunnels.remove(a);
            }
            for (var t : endpoints) {
                tunnels.put(t.underlay(), t);
            }
            program(new dev.javabgp.core.dataplane.DataplaneBatch(List.of(), List.of(), endpoints, removed));
            return null;
        });
    }

    <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (stopped.get() != null) {
            done.completeExceptionally(new IllegalStateException("the speaker is stopped"));
            return done;
        }
        loop.execute(() -> {
            try {
                done.complete(work.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private ChannelInitializer<SocketChannel> pipeline(boolean inbound) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                addHandlers(ch, inbound);
            }
        };
    }

    /**
     * Frames a connection's bytes into messages and hands them to the peer's session. Apart from
     * the sockets' initializer, a test calls it to run a session over a channel without a socket.
     */
    void addHandlers(Channel ch, boolean inbound) {
        ch.pipeline().addLast(new FrameDecoder(() -> {
            PeerSession s = ch.attr(SESSION).get();
            return s == null ? dev.javabgp.codec.WireOptions.DEFAULT : s.receiveOptions();
        }));
        ch.pipeline().addLast(new SessionHandler(inbound));
    }

    /**
     * Hears each exception that reached the end of a connection's pipeline, after it is logged and
     * the connection closed. Nothing a peer sends should get there, so a test fails on it.
     */
    volatile java.util.function.Consumer<Throwable> pipelineExceptions = cause -> { };

    /** Hands a connection's events to its session. */
    private final class SessionHandler extends ChannelInboundHandlerAdapter {
        private final boolean inbound;

        SessionHandler(boolean inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!inbound) {
                return;
            }
            InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            PeerSession s = sessions.get(from);
            if (s == null) {
                s = dynamicSession(from);
            }
            if (s != null) {
                Gtsm.protect(ctx.channel(), s.config); // RFC 5082 §3: before the peer's first message counts
            }
            if (s == null || !s.accept(ctx.channel())) {
                // RFC 4271 §8.2.1.1: only configured peers; closed before any OPEN.
                if (s == null && refusedOnce.add(from)) {
                    log.warn("connection from {} refused: it is not a configured peer", from.getHostAddress());
                }
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            PeerSession s = ctx.channel().attr(SESSION).get();
            if (s == null) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            s.received(ctx.channel(), msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (settlePending) {
                settleNow();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            PeerSession s = ctx.channel().attr(SESSION).get();
            if (s != null && ctx.channel().isWritable()) {
                s.flush();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            PeerSession s = ctx.channel().attr(SESSION).get();
            if (s != null) {
                s.closed(ctx.channel());
            }
            if (settlePending) {
                settleNow();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            PeerSession s = ctx.channel().attr(SESSION).get();
            log.warn("{}: {}", s == null ? ctx.channel().remoteAddress() : s.name(), cause.toString());
            ctx.close();
            pipelineExceptions.accept(cause);
        }
    }

    /** Builds a {@link BgpSpeaker}. */
    public static final class Builder {
        private final long localAs;
        private final Inet4Address routerId;
        private InetSocketAddress listen;
        private Duration connectRetryTime = Duration.ofSeconds(5);
        private int expectedPrefixes = 1024;
        private int expectedIpv6Prefixes = 128;
        private Duration selectionDeferral;
        private Inet4Address clusterId;
        private final List<PeerConfig> peers = new ArrayList<>();
        private dev.javabgp.core.dataplane.Dataplane dataplane;
        private io.micrometer.core.instrument.MeterRegistry registry;
        private final List<DynamicPeers> dynamicPeers = new ArrayList<>();

        private Builder(long localAs, Inet4Address routerId) {
            if (localAs < 1 || localAs > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("local AS must be 1..4294967295, not " + localAs);
            }
            this.localAs = localAs;
            this.routerId = Objects.requireNonNull(routerId, "routerId");
        }

        /** Accepts connections on this address and port (179 is BGP's). */
        public Builder listen(String address, int port) {
            this.listen = new InetSocketAddress(PeerConfig.literal(address), port);
            return this;
        }

        public Builder peer(PeerConfig peer) {
            if (peers.stream().anyMatch(p -> p.address().equals(peer.address()))) {
                throw new IllegalArgumentException("peer " + peer.address().getHostAddress() + " is configured twice");
            }
            peers.add(peer);
            return this;
        }

        /** How long to wait between attempts to connect (RFC 4271 §8.1.1 ConnectRetryTime). */
        public Builder connectRetryTime(Duration value) {
            this.connectRetryTime = value;
            return this;
        }

        /**
         * The speaker comes back from a restart while its peers keep its routes (RFC 4724 §4.1):
         * its OPENs carry the Restart State bit, and it sends its routes and End-of-RIB only once
         * every peer has sent its End-of-RIB, or after {@code selectionDeferral} at the latest. Peers
         * need {@link PeerConfig#withGracefulRestart}.
         */
        public Builder restarting(Duration selectionDeferral) {
            if (selectionDeferral.isNegative() || selectionDeferral.isZero()) {
                throw new IllegalArgumentException("the selection deferral time must be positive, not " + selectionDeferral);
            }
            this.selectionDeferral = selectionDeferral;
            return this;
        }

        /** The route-reflection cluster ID (RFC 4456 §7); the router ID by default. */
        public Builder clusterId(String value) {
            this.clusterId = Addresses.ipv4(value);
            return this;
        }

        /**
         * IPv4 prefixes to size the RIB for, so a full table needs no growth; IPv6 is sized for an
         * eighth of that, as full tables compare.
         */
        public Builder expectedPrefixes(int value) {
            return expectedPrefixes(value, Math.max(16, value / 8));
        }

        /** IPv4 and IPv6 prefixes to size the RIB for; a table grows past its size when it must. */
        public Builder expectedPrefixes(int ipv4, int ipv6) {
            this.expectedPrefixes = ipv4;
            this.expectedIpv6Prefixes = ipv6;
            return this;
        }

        /** Accepts peers connecting from a range of addresses (see {@link DynamicPeers}). */
        public Builder dynamicPeers(DynamicPeers range) {
            dynamicPeers.add(range);
            return this;
        }

        /** Where per-peer counters are registered (Micrometer); none by default. */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry value) {
            this.registry = value;
            return this;
        }

        /** Where best routes and tunnel endpoints are programmed; none by default. */
        public Builder dataplane(dev.javabgp.core.dataplane.Dataplane value) {
            this.dataplane = value;
            return this;
        }

        public BgpSpeaker build() {
            return new BgpSpeaker(this);
        }
    }

    /** Convenience for tests and status output: the FSM state of a peer, or empty. */
    public CompletableFuture<FsmState> state(String address) {
        InetAddress a = PeerConfig.literal(address);
        return onLoop(() -> {
            PeerSession s = sessions.get(a);
            return s == null ? null : s.state();
        });
    }
}
