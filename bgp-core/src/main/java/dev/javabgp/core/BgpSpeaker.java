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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** Epoll on Linux, for TCP-MD5 (RFC 2385) and GTSM (RFC 5082); NIO elsewhere, without them. */
    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Rib rib;
    private final Map<InetAddress, PeerSession> sessions = new LinkedHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RouteListener> routeListeners = new CopyOnWriteArrayList<>();
    private final RouteEvents routeEvents = new RouteEvents();
    private final RefusedAddresses refused = new RefusedAddresses(RefusedAddresses.DEFAULT_CAPACITY);
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
    /** Whether the dataplane has taken the complete state since the start. */
    private boolean dataplaneSynchronized;
    /** A synchronisation handed to the dataplane's thread and not answered yet. */
    private boolean dataplaneSynchronizing;
    /** How long to wait before trying a refused synchronisation again; doubles up to a minute. */
    private Duration dataplaneSyncRetry = DataplaneWorker.FIRST_RETRY;
    private final Duration dataplaneSyncWait;
    private final dev.javabgp.core.dataplane.Dataplane dataplane;
    /** The dataplane's own thread: the event loop never waits for the kernel. */
    private final DataplaneWorker dataplaneWorker;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final DataplaneFeed dataplaneFeed;
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> stopped =
            new java.util.concurrent.atomic.AtomicReference<>();

    private BgpSpeaker(Builder b) {
        this.localAs = b.localAs;
        this.routerId = b.routerId;
        this.listen = b.listen;
        this.connectRetryTime = b.connectRetryTime;
        this.transport = b.transport;
        this.group = transport == Transport.EPOLL ? new io.netty.channel.epoll.EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        this.loop = group.next();
        this.restarting = b.selectionDeferral != null;
        this.dataplaneSyncWait = b.selectionDeferral != null ? b.selectionDeferral : Duration.ofSeconds(60);
        this.selectionDeferral = b.selectionDeferral;
        RibConfig ribConfig = new RibConfig(b.localAs, b.routerId).withExpectedPrefixes(b.expectedPrefixes, b.expectedIpv6Prefixes);
        this.rib = new Rib(b.clusterId == null ? ribConfig : ribConfig.withClusterId(b.clusterId));
        this.dataplane = b.dataplane;
        this.dataplaneWorker = b.dataplane == null ? null : new DataplaneWorker(b.dataplane);
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

    /**
     * Binds the listener, if any, and starts every session.
     *
     * @throws IllegalStateException through the future once the speaker is stopped
     */
    public CompletableFuture<BgpSpeaker> start() {
        CompletableFuture<BgpSpeaker> done = new CompletableFuture<>();
        if (!tryExecute(() -> {
            if (listen == null) {
                startSessions();
                done.complete(this);
                return;
            }
            ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                    .channel(transport == Transport.EPOLL ? io.netty.channel.epoll.EpollServerSocketChannel.class
                            : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(pipeline(true));
            bootstrap.bind(listen).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    server = f.channel();
                    updatePasswords();
                    if (transport == Transport.EPOLL) {
                        // RFC 5082 §3: the handshake's SYN-ACK comes from the listening socket, so it
                        // sends with TTL 255 too; harmless to peers without GTSM.
                        boolean v6 = listen.getAddress() instanceof java.net.Inet6Address;
                        server.config().setOption(v6 ? Gtsm.IPV6_UNICAST_HOPS : Gtsm.IP_TTL, 255);
                        Gtsm.saveSyns(server);
                    }
                    log.info("listening on {} ({})", listen, transport == Transport.EPOLL ? "epoll" : "nio");
                    startSessions();
                    done.complete(this);
                } else {
                    done.completeExceptionally(new IllegalStateException("cannot listen on " + listen + ": " + f.cause().getMessage(),
                            f.cause()));
                }
            });
        })) {
            done.completeExceptionally(stoppedError());
        }
        return done;
    }

    /** The listening socket accepts a peer's connection only with its key (RFC 2385 §2). */
    private void updatePasswords() {
        if (server == null || transport != Transport.EPOLL) {
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

    /** The transport this speaker's sockets use. */
    public Transport transport() {
        return transport;
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
        if (dataplane == null || dataplaneSynchronized || dataplaneSynchronizing || stopped.get() != null) {
            return;
        }
        dataplaneSynchronizing = true;
        settleNow();
        List<dev.javabgp.core.dataplane.ForwardingRoute> routes = new ArrayList<>();
        DataplaneFeed.bestRoutes(rib, rib.table(AddressFamily.IPV4_UNICAST), routes);
        DataplaneFeed.bestRoutes(rib, rib.table(AddressFamily.IPV6_UNICAST), routes);
        int tunnelCount = tunnels.size();
        dataplaneWorker.synchronize(routes, List.copyOf(tunnels.values()),
                refusal -> tryExecute(() -> synchronizationAnswered(refusal, routes.size(), tunnelCount, why)));
    }

    /** The dataplane's answer to a synchronisation: done, or refused and tried again later with the state then. */
    private void synchronizationAnswered(dev.javabgp.core.dataplane.DataplaneException refusal, int routes, int tunnelCount, String why) {
        dataplaneSynchronizing = false;
        if (refusal == null) {
            dataplaneSynchronized = true;
            log.info("dataplane synchronised with {} routes and {} tunnel endpoints: {}", routes, tunnelCount, why);
            return;
        }
        log.error("dataplane refused the synchronisation of {} routes and {} tunnel endpoints: {}; trying again in {} s",
                routes, tunnelCount, refusal.getMessage(), dataplaneSyncRetry.toSeconds());
        if (stopped.get() == null) {
            loop.schedule(() -> synchronizeDataplane("trying again after a refusal"), dataplaneSyncRetry.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        Duration doubled = dataplaneSyncRetry.multipliedBy(2);
        dataplaneSyncRetry = doubled.compareTo(DataplaneWorker.LAST_RETRY) > 0 ? DataplaneWorker.LAST_RETRY : doubled;
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
            // A dynamic peer's session leaves the map as it ends (see forget): iterate over a copy.
            for (PeerSession s : List.copyOf(sessions.values())) {
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
        }).thenCompose(v -> {
            // The loop's last batches (the routes of sessions that ended) still reach the dataplane.
            return dataplaneWorker == null ? CompletableFuture.completedFuture(null) : dataplaneWorker.close();
        }).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Stops with the shutdown communication "speaker stopped", waiting at most ten seconds. Called
     * from the speaker's own threads (a listener, say, or the dataplane), it starts the stop and
     * returns at once, since the stop needs those threads to finish.
     */
    @Override
    public void close() {
        if (loop.inEventLoop() || (dataplaneWorker != null && dataplaneWorker.isCurrentThread())) {
            stop("speaker stopped");
            return;
        }
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
            transport.require(config, ""); // TCP-MD5 and GTSM need epoll: refused, never ignored
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
     * session with Cease / Other Configuration Change (RFC 4486) and starts it again as configured,
     * its counters (flaps, last error, messages) carrying on. Other peers are not touched.
     *
     * @return true if the session was reset
     */
    public CompletableFuture<Boolean> updatePeer(PeerConfig config) {
        return onLoop(() -> {
            PeerSession s = sessions.get(config.address());
            if (s == null) {
                throw new IllegalArgumentException("peer " + config.address().getHostAddress() + " is not configured");
            }
            transport.require(config, ""); // TCP-MD5 and GTSM need epoll: refused, never ignored
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
            replacement.continueCountersOf(s); // PeerStatus counts since the speaker started
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

    /**
     * Adds a listener; it first hears the current status of every peer (see {@link SessionListener}).
     * A listener that throws is logged and stays registered; the speaker carries on.
     *
     * @throws IllegalStateException once the speaker is stopped
     */
    public void addListener(SessionListener listener) {
        if (!tryExecute(() -> {
            for (PeerSession s : sessions.values()) {
                notifyListener("session", () -> listener.sessionChanged(s.status()));
            }
            listeners.add(listener);
        })) {
            throw stoppedError();
        }
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Adds a listener of best-route changes; it first hears every best route held now. A listener
     * that throws is logged and stays registered; the speaker carries on.
     *
     * @throws IllegalStateException once the speaker is stopped
     */
    public void addRouteListener(RouteListener listener) {
        if (!tryExecute(() -> {
            List<Route> all = new ArrayList<>(rib.bestRoutes(AddressFamily.IPV4_UNICAST));
            all.addAll(rib.bestRoutes(AddressFamily.IPV6_UNICAST));
            notifyListener("route", () -> listener.routesChanged(all, List.of()));
            routeListeners.add(listener);
        })) {
            throw stoppedError();
        }
    }

    public void removeRouteListener(RouteListener listener) {
        routeListeners.remove(listener);
    }

    /** Collects each settlement's changed prefixes as values, only while someone listens. */
    private final class RouteEvents implements Rib.Listener {
        private List<Route> best = new ArrayList<>();
        private List<IpPrefix> withdrawn = new ArrayList<>();

        /** Route listeners hear of best routes; another path's change is no event for them. */
        @Override
        public boolean bestPathsOnly() {
            return true;
        }

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
                notifyListener("route", () -> l.routesChanged(b, w));
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

        static final io.netty.channel.unix.IntegerUnixChannelOption TCP_SAVE_SYN =
                new io.netty.channel.unix.IntegerUnixChannelOption("TCP_SAVE_SYN", 6, 27);
        static final io.netty.channel.unix.RawUnixChannelOption TCP_SAVED_SYN =
                new io.netty.channel.unix.RawUnixChannelOption("TCP_SAVED_SYN", 6, 28, 512);

        /** The listener keeps each connection's SYN (Linux 4.2), whose TTL {@link #protect} checks. */
        static void saveSyns(Channel server) {
            try {
                server.config().setOption(TCP_SAVE_SYN, 1);
            } catch (io.netty.channel.ChannelException e) {
                log.warn("the kernel does not keep SYNs (TCP_SAVE_SYN): connections from peers with GTSM are refused, "
                        + "only ours to them can carry their sessions: {}", e.getMessage());
            }
        }

        /**
         * Applies GTSM to an accepted connection before anything is read from it; null if the peer is
         * within reach, else why not, and the connection must be closed unread.
         */
        static String protect(Channel channel, PeerConfig config) {
            if (config.gtsmHops() == 0) {
                return null;
            }
            boolean v6 = config.address() instanceof java.net.Inet6Address;
            channel.config().setOption(v6 ? IPV6_UNICAST_HOPS : IP_TTL, 255);
            channel.config().setOption(v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, 256 - config.gtsmHops());
            // RFC 5082 §3: every segment from too far is dropped. A listener shared with peers without
            // GTSM lets any handshake through, and segments queued before the minimum was set on this
            // connection were never checked: a peer's whole OPEN, KEEPALIVE and UPDATEs may be among
            // them. The SYN tells how far the peer is.
            int ttl = synTtl(channel);
            if (ttl >= 256 - config.gtsmHops()) {
                return null;
            }
            return ttl < 0 ? "the kernel kept no SYN to check its TTL against GTSM"
                    : "its SYN arrived with TTL " + ttl + ", from further than the " + config.gtsmHops() + " hop(s) GTSM allows";
        }

        /** The TTL (hop limit) the connection's SYN arrived with, or -1 if the kernel did not keep it. */
        static int synTtl(Channel channel) {
            java.nio.ByteBuffer syn;
            try {
                syn = channel.config().getOption(TCP_SAVED_SYN);
            } catch (io.netty.channel.ChannelException e) {
                return -1;
            }
            if (syn == null || syn.remaining() < 20) {
                return -1;
            }
            int version = (syn.get(syn.position()) & 0xFF) >>> 4;
            return switch (version) {
                case 4 -> syn.get(syn.position() + 8) & 0xFF; // IPv4 header: TTL at octet 8
                case 6 -> syn.get(syn.position() + 7) & 0xFF; // IPv6 header: Hop Limit at octet 7
                default -> -1;
            };
        }
    }

    /** The configuration a connection from a dynamic range would get, or null if it is in none. */
    private PeerConfig dynamicConfig(InetAddress from) {
        PeerSession restarting = lingering.get(from);
        if (restarting != null) {
            return restarting.config;
        }
        DynamicPeers range = rangeOf(from);
        return range == null ? null : range.configFor(from);
    }

    private DynamicPeers rangeOf(InetAddress from) {
        for (DynamicPeers range : dynamicPeers) {
            if (range.contains(from)) {
                return range;
            }
        }
        return null;
    }

    /** A session for a connection from inside a dynamic range, or null. */
    private PeerSession dynamicSession(InetAddress from) {
        PeerSession restarting = lingering.remove(from);
        if (restarting != null) {
            sessions.put(from, restarting); // RFC 4724 §4.2: back while its routes are kept
            restarting.resume();
            return restarting;
        }
        DynamicPeers range = rangeOf(from);
        if (range == null) {
            return null;
        }
        PeerSession s = session(range.configFor(from));
        s.dynamic = true;
        sessions.put(from, s);
        log.info("{}: accepted from dynamic range {}", s.name(), range.range());
        s.start();
        return s;
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
            notifyListener("session", () -> l.sessionChanged(status));
        }
    }

    /**
     * Calls a listener on the loop: whatever it throws is logged, and the session or settlement
     * that called it carries on with the rest of its work.
     */
    private static void notifyListener(String kind, Runnable call) {
        try {
            call.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("a {} listener threw {}; it stays registered", kind, e.toString(), e);
        }
    }

    ChannelFuture connect(PeerSession session) {
        PeerConfig c = session.config;
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(transport == Transport.EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class)
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

    /** Hands a batch to the dataplane's thread, which logs a refusal and tries again later. */
    private CompletableFuture<Void> program(dev.javabgp.core.dataplane.DataplaneBatch batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return dataplaneWorker.apply(batch);
    }

    /**
     * Adds or replaces VXLAN tunnel endpoints of remote nodes and removes others (by underlay
     * address), as one dataplane batch. The future completes once the dataplane has applied it; if
     * the dataplane refuses it, the future fails with the {@link dev.javabgp.core.dataplane.DataplaneException}
     * and the dataplane is given the chance to try again later.
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
            return program(new dev.javabgp.core.dataplane.DataplaneBatch(List.of(), List.of(), endpoints, removed));
        }).thenCompose(applied -> applied);
    }

    <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!tryExecute(() -> {
            try {
                done.complete(work.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
        })) {
            done.completeExceptionally(stoppedError());
        }
        return done;
    }

    /**
     * Hands work to the loop; false once the speaker is stopping or stopped, when the loop takes
     * none (Netty's own refusal is a RejectedExecutionException, which says less).
     */
    private boolean tryExecute(Runnable work) {
        if (stopped.get() != null) {
            return false;
        }
        try {
            loop.execute(work);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    private static IllegalStateException stoppedError() {
        return new IllegalStateException("the speaker is stopped");
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
            PeerConfig config = s != null ? s.config : dynamicConfig(from);
            // RFC 5082 §3: before the peer's first message counts, and before a dynamic session exists.
            String tooFar = config != null && transport == Transport.EPOLL ? Gtsm.protect(ctx.channel(), config) : null;
            if (tooFar != null) {
                if (refused.firstRefusal(from)) {
                    log.warn("connection from {} refused: {}", from.getHostAddress(), tooFar);
                }
                ctx.close();
                return;
            }
            if (s == null && config != null) {
                s = dynamicSession(from);
            }
            if (s == null || !s.accept(ctx.channel())) {
                // RFC 4271 §8.2.1.1: only configured peers; closed before any OPEN.
                if (s == null && refused.firstRefusal(from)) {
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
        private Transport transport = Transport.best();

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

        /**
         * The transport of the speaker's sockets: {@link Transport#EPOLL} by default where Netty's
         * native library loads (Linux), {@link Transport#NIO} elsewhere. TCP-MD5 and GTSM need epoll.
         *
         * @throws IllegalStateException for epoll where it is not available, with Netty's reason
         */
        public Builder transport(Transport value) {
            if (value == Transport.EPOLL && !io.netty.channel.epoll.Epoll.isAvailable()) {
                throw new IllegalStateException("Netty's epoll transport is not available here (Linux on x86_64 or aarch64 "
                        + "with netty-transport-native-epoll): " + io.netty.channel.epoll.Epoll.unavailabilityCause());
            }
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * The speaker, not started yet.
         *
         * @throws IllegalStateException when a peer asks for TCP-MD5 or GTSM and the transport is
         *     NIO, naming the peer and why
         */
        public BgpSpeaker build() {
            for (PeerConfig p : peers) {
                transport.require(p, "");
            }
            for (DynamicPeers d : dynamicPeers) {
                transport.require(d.template(), "dynamic peers from " + d.range() + ": ");
            }
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
