package dev.javabgp.core;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.capability.RouteRefreshCapability;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.fsm.BgpFsm;
import dev.javabgp.fsm.DownReason;
import dev.javabgp.fsm.FsmAction;
import dev.javabgp.fsm.FsmEvent;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.fsm.NegotiatedSession;
import dev.javabgp.fsm.SessionAttributes;
import dev.javabgp.fsm.Timer;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.PeerOptions;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer: its FSM (RFC 4271 §8), driven by the TCP connection, the timers it asks for
 * and the messages that arrive, all on the speaker's event loop; and the peer's place in the RIB
 * and its update group once the session is up.
 */
final class PeerSession {

    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    /** Prefixes written per {@link UpdateGroup#write} call before writability is checked again. */
    private static final int PREFIXES_PER_WRITE = 2048;

    private final BgpSpeaker speaker;
    PeerConfig config;
    private final String name;
    private final BgpFsm fsm;
    private final Map<Timer, ArmedTimer> timers = new EnumMap<>(Timer.class);
    private final ArrayDeque<FsmEvent> pending = new ArrayDeque<>();
    private boolean handling;

    private Channel channel;
    /** Stands for the UPDATE in {@link #inPlace} on its way through the FSM. */
    private static final UpdateMessage IN_PLACE = UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST);
    private ByteBuf inPlace;
    private final dev.javabgp.codec.UpdateReader updateReader = new dev.javabgp.codec.UpdateReader();
    private final InPlaceHandler inPlaceHandler = new InPlaceHandler();
    /** The peer opened {@link #channel}. */
    private boolean channelInbound;
    /** A second connection from the peer, held until its OPEN resolves the collision (RFC 4271 §6.8). */
    private Channel candidate;
    /** The connection is being replaced: going through Idle is not the session's end. */
    private boolean replacing;
    private WireOptions receiveOptions = WireOptions.DEFAULT;
    private WireOptions sendOptions = WireOptions.DEFAULT;
    private NegotiatedSession session;
    private int ribPeer = -1;
    private UpdateGroup group;
    private boolean endOfRibSent;
    private Instant establishedSince;
    private int flaps;
    private String lastError;
    /** The reason {@link #down} last reported, so the release that follows it does not report it again. */
    private DownReason reported;
    private long advertised;
    private long messagesReceived;
    private long messagesSent;
    private long updatesReceived;
    private long updatesSent;
    /** ROUTE-REFRESH messages received, by subtype (RFC 2918 request, RFC 7313 BoRR and EoRR). */
    private long refreshRequestsReceived;
    private long refreshBeginningsReceived;
    private long refreshEndsReceived;
    /** Accepted from a dynamic range: forgotten when its session ends. */
    boolean dynamic;
    /** Set by a manual stop: the session stays down rather than starting again. */
    private boolean stopped;
    private ScheduledFuture<?> restartAttempt;
    /** While the peer restarts gracefully: when its stale routes go if it does not come back. */
    private ScheduledFuture<?> restartTimer;
    private List<AddressFamily> staleFamilies = List.of();
    /** Families whose End-of-RIB the peer has sent in this session (RFC 4724 §2). */
    private final java.util.Set<AddressFamily> endOfRibReceived = new java.util.HashSet<>();
    /** Families whose refresh is being sent, owed an EoRR once the group has written it all. */
    private final java.util.Set<AddressFamily> endOfRefreshOwed = new java.util.LinkedHashSet<>();
    /** Families the peer has sent more routes of than its limit, so the warning is logged once. */
    private final java.util.Set<AddressFamily> overLimit = new java.util.HashSet<>();
    private final List<io.micrometer.core.instrument.Meter> meters = new ArrayList<>();
    /** Routes accepted from the peer, as of the last settlement; read by metrics off the loop. */
    private volatile long received;

    /**
     * Registers the peer's counters with {@code registry} (messages, UPDATEs, prefixes, flaps,
     * uptime, state, queued bytes), each tagged with the peer's address and AS. The values are
     * read without a lock: a scrape may see a counter a moment old.
     */
    void registerMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        var m = meters;
        var tags = io.micrometer.core.instrument.Tags.of("peer", config.address().getHostAddress(),
                "remote_as", Long.toString(config.remoteAs()));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.messages.received", this, s -> s.messagesReceived)
                .tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.messages.sent", this, s -> s.messagesSent)
                .tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.updates.received", this, s -> s.updatesReceived)
                .tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.updates.sent", this, s -> s.updatesSent)
                .tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.route.refresh.received", this,
                s -> s.refreshRequestsReceived).tags(tags).tag("subtype", "request").register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.route.refresh.received", this,
                s -> s.refreshBeginningsReceived).tags(tags).tag("subtype", "begin").register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.route.refresh.received", this,
                s -> s.refreshEndsReceived).tags(tags).tag("subtype", "end").register(registry));
        m.add(io.micrometer.core.instrument.FunctionCounter.builder("bgp.peer.flaps", this, s -> s.flaps).tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.Gauge.builder("bgp.peer.prefixes.advertised", this, s -> s.advertised).tags(tags)
                .register(registry));
        m.add(io.micrometer.core.instrument.Gauge.builder("bgp.peer.prefixes.received", this, s -> s.received).tags(tags)
                .register(registry));
        m.add(io.micrometer.core.instrument.Gauge.builder("bgp.peer.uptime.seconds", this,
                s -> s.establishedSince == null ? 0 : java.time.Duration.between(s.establishedSince, Instant.now()).toSeconds())
                .tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.Gauge.builder("bgp.peer.state", this, s -> s.fsm.state().ordinal())
                .description("0 Idle, 1 Connect, 2 Active, 3 OpenSent, 4 OpenConfirm, 5 Established").tags(tags).register(registry));
        m.add(io.micrometer.core.instrument.Gauge.builder("bgp.peer.queued.bytes", this, PeerSession::queuedBytes).tags(tags)
                .register(registry));
    }

    /**
     * Takes over the counters of the session this one replaces for a changed configuration, so that
     * flaps, the last error and the message counts go on from where they were since the speaker
     * started; called before this session starts.
     */
    void continueCountersOf(PeerSession previous) {
        flaps = previous.flaps;
        lastError = previous.lastError;
        messagesReceived = previous.messagesReceived;
        messagesSent = previous.messagesSent;
        updatesReceived = previous.updatesReceived;
        updatesSent = previous.updatesSent;
        refreshRequestsReceived = previous.refreshRequestsReceived;
        refreshBeginningsReceived = previous.refreshBeginningsReceived;
        refreshEndsReceived = previous.refreshEndsReceived;
    }

    /** Removes the peer's counters, when the peer is removed or replaced. */
    void unregisterMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        for (var meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }

    PeerSession(BgpSpeaker speaker, PeerConfig config) {
        this.speaker = speaker;
        this.config = config;
        this.name = "peer " + io.netty.util.NetUtil.toAddressString(config.address()) + " AS" + config.remoteAs();
        SessionAttributes attributes = SessionAttributes.builder(config.localAsFor(speaker.localAs()), speaker.routerId(), config.remoteAs())
                .holdTime(config.holdTime())
                .keepaliveTime(config.keepaliveTime() != null ? config.keepaliveTime() : config.holdTime().dividedBy(3))
                .connectRetryTime(speaker.connectRetryTime())
                .passiveTcpEstablishment(config.passive())
                .allowAutomaticStop(true)
                .allowAutomaticStart(true)
                .localCapabilities(capabilities(speaker.restarting()))
                .build();
        this.fsm = new BgpFsm(attributes);
    }

    String name() {
        return name;
    }

    /** The capabilities of our OPEN; {@code restarting} sets graceful restart's Restart State bit. */
    private List<Capability> capabilities(boolean restarting) {
        List<Capability> capabilities = new ArrayList<>();
        for (AddressFamily f : config.families()) {
            capabilities.add(new MultiprotocolCapability(f));
        }
        capabilities.add(RouteRefreshCapability.INSTANCE);
        capabilities.add(dev.javabgp.codec.capability.EnhancedRouteRefreshCapability.INSTANCE);
        if (config.extendedMessages()) {
            capabilities.add(dev.javabgp.codec.capability.ExtendedMessageCapability.INSTANCE); // RFC 8654 §3
        }
        if (config.addPathReceive() || config.addPathSend() > 1) {
            var direction = config.addPathReceive() && config.addPathSend() > 1
                    ? dev.javabgp.codec.capability.AddPathCapability.Direction.BOTH
                    : config.addPathReceive() ? dev.javabgp.codec.capability.AddPathCapability.Direction.RECEIVE
                    : dev.javabgp.codec.capability.AddPathCapability.Direction.SEND;
            List<dev.javabgp.codec.capability.AddPathCapability.Family> addPath = new ArrayList<>();
            for (AddressFamily f : config.families()) {
                addPath.add(new dev.javabgp.codec.capability.AddPathCapability.Family(f, direction));
            }
            capabilities.add(new dev.javabgp.codec.capability.AddPathCapability(addPath)); // RFC 7911 §4
        }
        if (!config.restartTime().isZero()) {
            List<dev.javabgp.codec.capability.GracefulRestartCapability.Family> gr = new ArrayList<>();
            for (AddressFamily f : config.families()) {
                // RFC 4724 §3 F bit: the forwarding state lives outside the speaker (the kernel, the
                // dataplane) and outlasts both a lost connection and a restart of the process.
                gr.add(new dev.javabgp.codec.capability.GracefulRestartCapability.Family(f, true));
            }
            // RFC 4724 §3; the N bit is not set: a NOTIFICATION still ends everything (RFC 8538).
            capabilities.add(new dev.javabgp.codec.capability.GracefulRestartCapability(restarting, false,
                    (int) config.restartTime().toSeconds(), gr));
        }
        return capabilities;
    }

    /** Whether the session is up and the peer has sent End-of-RIB for each of its families (RFC 4724 §2). */
    boolean tableComplete() {
        return session != null && endOfRibReceived.containsAll(session.families());
    }

    /** The speaker's restart is over: OPENs from now on no longer carry the Restart State bit. */
    void restartOver() {
        fsm.localCapabilities(capabilities(false));
    }

    /**
     * Whether this peer lets a restarting speaker select routes (RFC 4724 §4.1): it has sent its
     * End-of-RIB for every family, or it does not do graceful restart, or it restarts too.
     */
    boolean readyForSelection() {
        if (session == null) {
            return false;
        }
        var restart = session.peerGracefulRestart();
        return restart.isEmpty() || restart.get().restarting() || endOfRibReceived.containsAll(session.families());
    }

    FsmState state() {
        return fsm.state();
    }

    PeerStatus status() {
        countReceived();
        return new PeerStatus(config.address(), config.remoteAs(), fsm.state(), establishedSince, received, advertised, flaps,
                lastError, messagesReceived, messagesSent, updatesReceived, updatesSent, queuedBytes(),
                session == null ? null : session.holdTime(),
                new PeerStatus.RouteRefreshes(refreshRequestsReceived, refreshBeginningsReceived, refreshEndsReceived));
    }

    // ---- Events from outside ----

    void start() {
        handle(config.passive() ? new FsmEvent.ManualStartPassive() : new FsmEvent.ManualStart());
    }

    void stop(NotificationMessage cease) {
        stopped = true;
        if (restartAttempt != null) {
            restartAttempt.cancel(false);
        }
        handle(new FsmEvent.ManualStop(cease));
    }

    /** Ends the session as a crash would, without a NOTIFICATION and without starting again. */
    void stopSilently() {
        stopped = true;
        if (restartAttempt != null) {
            restartAttempt.cancel(false);
        }
        log.info("{}: closing without NOTIFICATION for a graceful restart", name);
    }

    /** A connection from the peer's address; false if this session cannot take it now. */
    boolean accept(Channel inbound) {
        if (fsm.state() == FsmState.IDLE && !stopped && restartAttempt != null) {
            // Waiting to start again after a lost session: the peer's connection is that start.
            restartAttempt.cancel(false);
            restartAttempt = null;
            handle(new FsmEvent.AutomaticStartPassive());
        }
        FsmState s = fsm.state();
        if (channel == null || s == FsmState.CONNECT || s == FsmState.ACTIVE) {
            if (channel != null) {
                Channel outbound = channel;
                channel = null;
                outbound.close(); // no OPEN has crossed ours yet: the inbound connection takes over
            }
            attach(inbound, true);
            handle(new FsmEvent.TcpConnectionConfirmed());
            return true;
        }
        if (s == FsmState.ESTABLISHED) {
            if (session != null && session.gracefulRestart() && session.peerGracefulRestart().isPresent()) {
                // RFC 4724 §4.2: a peer that restarts gracefully may connect again before we see
                // its old connection fail; the old one ends as a TCP failure, keeping its routes.
                log.info("{}: connected again while Established: restarting gracefully", name);
                replacing = true;
                try {
                    Channel old = channel;
                    channel = null;
                    old.close();
                    handle(new FsmEvent.TcpConnectionFails());
                    handle(new FsmEvent.ManualStartPassive());
                } finally {
                    replacing = false;
                }
                attach(inbound, true);
                handle(new FsmEvent.TcpConnectionConfirmed());
                return true;
            }
            return false; // RFC 4271 §6.8: the Established connection stays, the new one closes
        }
        if (candidate != null) {
            candidate.close();
        }
        // RFC 4271 §6.8: OpenSent or OpenConfirm; the peer's OPEN on the new connection decides.
        candidate = inbound;
        inbound.attr(BgpSpeaker.SESSION).set(this);
        return true;
    }

    /**
     * The first message on a colliding connection: its OPEN names the peer's identifier, and
     * {@link CollisionResolver} says which connection goes (RFC 4271 §6.8).
     */
    private void resolveCollision(Channel from, Object frame) {
        candidate = null;
        BgpMessage message = null;
        if (frame instanceof ByteBuf b) {
            try {
                if (BgpMessageDecoder.decode(b, WireOptions.DEFAULT) instanceof dev.javabgp.codec.error.DecodeResult.Decoded d) {
                    message = d.message();
                }
            } finally {
                b.release();
            }
        }
        if (!(message instanceof dev.javabgp.codec.message.OpenMessage open)) {
            from.close(); // not a BGP speaker's opening: the established attempt carries on
            return;
        }
        FsmState existing = fsm.state();
        var resolver = new dev.javabgp.fsm.CollisionResolver(speaker.routerId(), config.localAsFor(speaker.localAs()), false);
        var loser = channelInbound
                ? java.util.Optional.of(dev.javabgp.fsm.CollisionResolver.Initiator.LOCAL) // the peer gave up its first
                : resolver.resolve(dev.javabgp.fsm.CollisionResolver.Initiator.REMOTE, existing, open.bgpIdentifier(),
                        open.autonomousSystem());
        if (loser.isEmpty() || fsm.state() == FsmState.ESTABLISHED
                || loser.get() == dev.javabgp.fsm.CollisionResolver.Initiator.REMOTE) {
            log.info("{}: connection collision: keeping our connection, closing the peer's", name);
            from.writeAndFlush(BgpMessageEncoder.encode(dev.javabgp.fsm.CollisionResolver.NOTIFICATION, WireOptions.DEFAULT,
                    from.alloc())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        log.info("{}: connection collision: keeping the peer's connection, closing ours", name);
        replacing = true;
        try {
            handle(new FsmEvent.OpenCollisionDump()); // sends Cease / Connection Collision Resolution there
            handle(new FsmEvent.ManualStartPassive());
        } finally {
            replacing = false;
        }
        attach(from, true);
        handle(new FsmEvent.TcpConnectionConfirmed());
        handle(new FsmEvent.OpenReceived(open));
    }

    void received(Channel from, Object frame) {
        if (from == candidate) {
            if (frame instanceof BgpError) {
                candidate = null;
                from.close();
            } else {
                resolveCollision(from, frame);
            }
            return;
        }
        if (from != channel) {
            if (frame instanceof ByteBuf b) {
                b.release();
            }
            return;
        }
        if (frame instanceof BgpError error) {
            handle(FsmEvent.decodeFailed(error));
            return;
        }
        ByteBuf message = (ByteBuf) frame;
        messagesReceived++;
        boolean isUpdate = message.getUnsignedByte(message.readerIndex() + 18) == BgpMessage.TYPE_UPDATE;
        if (isUpdate) {
            updatesReceived++;
        }
        try {
            if (isUpdate && ribPeer >= 0 && fsm.state() == FsmState.ESTABLISHED && !handling) {
                // The RIB reads the prefixes where they arrived: no object per prefix (see update).
                inPlace = message;
                handle(new FsmEvent.UpdateReceived(IN_PLACE));
            } else {
                handle(FsmEvent.of(BgpMessageDecoder.decode(message, receiveOptions)));
            }
        } finally {
            inPlace = null;
            message.release();
        }
    }

    void closed(Channel which) {
        if (which == candidate) {
            candidate = null;
        }
        if (which == channel) {
            channel = null;
            handle(new FsmEvent.TcpConnectionFails());
        }
    }

    /**
     * Takes new policies without touching the session: a new export policy rebuilds what the peer
     * is owed; a new import policy applies to the routes the peer sends again after a
     * ROUTE-REFRESH (RFC 2918), which is asked for when the peer supports it.
     */
    void updatePolicies(PeerConfig updated) {
        boolean importChanged = !updated.importPolicy().equals(config.importPolicy());
        boolean exportChanged = !updated.exportPolicy().equals(config.exportPolicy());
        config = updated;
        if (ribPeer >= 0 && importChanged) {
            speaker.rib().updatePeer(ribPeer, updated.ribOptions());
            if (session != null) {
                for (AddressFamily f : session.families()) {
                    requestRefresh(f);
                }
            }
        }
        if (group != null && exportChanged) {
            // The group keeps what it advertised, so routes the new policy rejects are withdrawn.
            group.changeExportPolicy(updated.exportPolicy());
            flush();
        }
    }

    /** Asks the peer to send its routes of {@code family} again (RFC 2918 §3); false if it cannot. */
    boolean requestRefresh(AddressFamily family) {
        if (session == null || !session.routeRefresh() || !session.supports(family)) {
            return false;
        }
        send(dev.javabgp.codec.message.RouteRefreshMessage.request(family), true);
        return true;
    }

    private void countReceived() {
        received = ribPeer < 0 ? 0
                : speaker.rib().routeCount(ribPeer, AddressFamily.IPV4_UNICAST) + speaker.rib().routeCount(ribPeer, AddressFamily.IPV6_UNICAST);
    }

    /** Writes what the update group owes the peer, while the channel takes it. */
    void flush() {
        countReceived();
        if (group == null || channel == null || !channel.isActive() || speaker.restarting()) {
            return; // RFC 4724 §4.1: a restarting speaker sends nothing until selection is done
        }
        boolean wrote = false;
        while (group.hasPending() && channel.isWritable()) {
            ByteBuf out = channel.alloc().buffer();
            int messages;
            try {
                messages = group.write(sendOptions, out, PREFIXES_PER_WRITE);
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
            messagesSent += messages;
            updatesSent += messages;
            if (messages > 0) {
                channel.write(out);
                wrote = true;
                handle(new FsmEvent.UpdateSent()); // RFC 4271 §8.2.2: restarts the KeepaliveTimer
            } else {
                out.release();
            }
        }
        if (!group.hasPending() && !endOfRefreshOwed.isEmpty()) {
            for (AddressFamily family : endOfRefreshOwed) {
                send(new dev.javabgp.codec.message.RouteRefreshMessage(family,
                        dev.javabgp.codec.message.RouteRefreshMessage.END_OF_ROUTE_REFRESH), false);
            }
            endOfRefreshOwed.clear();
            wrote = true;
        }
        if (!group.hasPending() && !endOfRibSent) {
            // RFC 4724 §2: the initial table is complete.
            for (AddressFamily family : session.families()) {
                send(UpdateMessage.endOfRib(family), false);
            }
            endOfRibSent = true;
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        advertised = group.advertisedCount();
    }

    // ---- The FSM ----

    private void handle(FsmEvent event) {
        pending.add(event);
        if (handling) {
            return; // a TCP or timer event raised while acting on the last one waits its turn
        }
        handling = true;
        try {
            FsmEvent next;
            while ((next = pending.poll()) != null) {
                for (FsmAction action : fsm.handle(next)) {
                    act(action);
                }
            }
        } finally {
            handling = false;
        }
    }

    private void act(FsmAction action) {
        switch (action) {
            case FsmAction.SendMessage s -> send(s.message(), true);
            case FsmAction.ConnectTcp c -> connect();
            case FsmAction.RejectConnection r -> drop();
            case FsmAction.DropConnection d -> drop();
            case FsmAction.StartTimer t -> startTimer(t.timer(), t.duration().toMillis());
            case FsmAction.StopTimer t -> stopTimer(t.timer());
            case FsmAction.SessionEstablished e -> established(e.session());
            case FsmAction.ProcessUpdate u -> update(u.update(), u.errors());
            case FsmAction.ProcessRouteRefresh r -> routeRefresh(r.message());
            case FsmAction.SessionDown d -> down(d.reason());
            case FsmAction.ReleaseResources r -> released(r.reason());
            case FsmAction.StateChanged s -> {
                log.info("{}: {} -> {}", name, s.from().rfcName(), s.to().rfcName());
                speaker.changed(status());
                if (replacing) {
                    return;
                }
                if (s.to() == FsmState.IDLE && dynamic) {
                    stopped = true;
                    speaker.forget(this);
                } else if (s.to() == FsmState.IDLE && !stopped) {
                    startAgainLater();
                }
            }
        }
    }

    private void send(BgpMessage message, boolean flush) {
        if (channel == null) {
            return;
        }
        ByteBuf out = BgpMessageEncoder.encode(message, sendOptions, channel.alloc());
        messagesSent++;
        if (message.type() == BgpMessage.TYPE_UPDATE) {
            updatesSent++;
        }
        if (flush) {
            channel.writeAndFlush(out);
        } else {
            channel.write(out);
        }
    }

    private void connect() {
        ChannelFuture future = speaker.connect(this);
        Channel attempt = future.channel();
        attach(attempt, false);
        future.addListener((ChannelFutureListener) f -> {
            if (channel != attempt) {
                return; // given up on, or replaced by an inbound connection
            }
            if (f.isSuccess()) {
                handle(new FsmEvent.TcpConnectionAcked());
            } else {
                log.debug("{}: connection failed: {}", name, f.cause().toString());
                channel = null;
                handle(new FsmEvent.TcpConnectionFails());
            }
        });
    }

    private void attach(Channel c, boolean inbound) {
        channel = c;
        channelInbound = inbound;
        receiveOptions = WireOptions.DEFAULT;
        sendOptions = WireOptions.DEFAULT;
        c.attr(BgpSpeaker.SESSION).set(this);
    }

    private void drop() {
        Channel c = channel;
        channel = null;
        if (c != null) {
            c.flush();
            c.close();
        }
    }

    /** RFC 4271 §8.1.1 AllowAutomaticStart: a session that went down starts again after a pause. */
    private void startAgainLater() {
        if (restartAttempt != null) {
            restartAttempt.cancel(false);
        }
        restartAttempt = speaker.eventLoop().schedule(() -> {
            restartAttempt = null;
            if (!stopped && fsm.state() == FsmState.IDLE) {
                handle(config.passive() ? new FsmEvent.AutomaticStartPassive() : new FsmEvent.AutomaticStart());
            }
        }, config.passive() ? 0 : speaker.connectRetryTime().toMillis(), TimeUnit.MILLISECONDS); // a passive one only listens
    }

    /**
     * Starts or restarts a timer. The hold and keepalive timers restart with every message, so a
     * restart that only moves the deadline later keeps the scheduled task, which on firing early
     * waits out the rest: no task per message.
     */
    private void startTimer(Timer timer, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ArmedTimer armed = timers.get(timer);
        if (armed != null && armed.deadline <= deadline) {
            armed.deadline = deadline;
            return;
        }
        stopTimer(timer);
        ArmedTimer fresh = new ArmedTimer(timer, deadline);
        timers.put(timer, fresh);
        fresh.schedule(millis);
    }

    private void stopTimer(Timer timer) {
        ArmedTimer armed = timers.remove(timer);
        if (armed != null) {
            armed.task.cancel(false);
        }
    }

    /** A running timer: its task fires at or before the deadline and checks it. */
    private final class ArmedTimer implements Runnable {
        final Timer timer;
        long deadline;
        ScheduledFuture<?> task;
        /** The hold timer's deadline passed once; it expires if it still has after the loop reads again. */
        boolean confirming;

        ArmedTimer(Timer timer, long deadline) {
            this.timer = timer;
            this.deadline = deadline;
        }

        void schedule(long millis) {
            task = speaker.eventLoop().schedule(this, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            // An expiry delivered after the timer was stopped or restarted would be wrong (RFC 4271 §8).
            if (timers.get(timer) != this) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                confirming = false;
                schedule(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                return;
            }
            if (timer == Timer.HOLD && !confirming) {
                // RFC 4271 §6.5 counts the messages the peer sent within the hold time. When slow work
                // (a listener, a dataplane) kept the loop past the deadline, the peer's KEEPALIVEs may
                // be waiting unread in the socket: a task scheduled now runs only after the loop's
                // next read of every ready connection, which moves the deadline if they are there.
                confirming = true;
                schedule(1);
                return;
            }
            timers.remove(timer);
            handle(timer.expiryEvent());
        }
    }

    private void established(NegotiatedSession negotiated) {
        session = negotiated;
        receiveOptions = negotiated.receiveOptions();
        sendOptions = negotiated.sendOptions();
        establishedSince = Instant.now();
        ExportSettings.Role role = config.roleFor(speaker.localAs());
        PeerInfo info = new PeerInfo(config.address(), negotiated.peerAs(), negotiated.peerBgpId(), negotiated.externalPeer(),
                role == ExportSettings.Role.ROUTE_REFLECTOR_CLIENT, role == ExportSettings.Role.ROUTE_SERVER_CLIENT);
        Rib rib = speaker.rib();
        if (ribPeer < 0) {
            ribPeer = rib.addPeer(info, config.ribOptions());
        } else {
            rib.updatePeerInfo(ribPeer, info);
        }
        if (restartTimer != null) {
            restartTimer.cancel(false);
            restartTimer = null;
            if (!negotiated.gracefulRestart()) {
                dropStale(); // RFC 4724 §4.2: back without the capability, so the stale routes go now
            }
            // Otherwise they go family by family with the peer's End-of-RIB (see update).
        }
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        InetAddress self = local.getAddress();
        // RFC 7911: several paths only where the peer takes them for every family of the session.
        int paths = negotiated.addPathSend().containsAll(negotiated.families()) ? config.addPathSend() : 1;
        ExportSettings settings = new ExportSettings(role, config.exportPolicy(),
                self instanceof Inet4Address v4 ? v4 : speaker.routerId(), self instanceof Inet6Address v6 ? v6 : null,
                false, false, false, paths, config.localAs());
        group = new UpdateGroup(rib, settings, negotiated.families(), ribPeer);
        endOfRibSent = false;
        endOfRibReceived.clear();
        speaker.checkDeferral();
        log.info("{}: established, hold time {} s, families {}", name, negotiated.holdTime().toSeconds(), negotiated.families());
        flush();
    }

    private void update(UpdateMessage update, List<BgpError> errors) {
        Rib rib = speaker.rib();
        AddressFamily endOfRib;
        if (update == IN_PLACE) {
            inPlaceHandler.start(rib.inbound(ribPeer));
            BgpError error = updateReader.read(inPlace, receiveOptions, inPlaceHandler);
            if (error != null) {
                handle(FsmEvent.decodeFailed(error)); // RFC 4271 §6.3: the session resets
                return;
            }
            endOfRib = inPlaceHandler.endOfRibFamily();
        } else {
            for (BgpError e : errors) {
                log.warn("{}: {}", name, e);
            }
            rib.apply(ribPeer, update, errors);
            endOfRib = update.endOfRibFamily();
        }
        if (endOfRib != null) {
            endOfRibReceived.add(endOfRib);
            speaker.checkDeferral();
        }
        if (endOfRib != null && (endOfRib.equals(AddressFamily.IPV4_UNICAST) || endOfRib.equals(AddressFamily.IPV6_UNICAST))) {
            rib.removeStale(ribPeer, endOfRib); // RFC 4724 §4.2
            if (staleFamilies.contains(endOfRib)) {
                staleFamilies = staleFamilies.stream().filter(f -> !f.equals(endOfRib)).toList();
            }
        }
        speaker.settleSoon();
        rib.prefixLimitExceeded(ribPeer).ifPresent(cease -> {
            log.warn("{}: more routes than its limit; closing with {}", name, cease.describe());
            handle(new FsmEvent.AutomaticStop(cease));
        });
        for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
            boolean over = rib.overPrefixLimit(ribPeer, f);
            if (over && !overLimit.contains(f)) {
                log.warn("{}: {} routes of {} exceed its limit of {}", name, rib.routeCount(ribPeer, f), f,
                        config.prefixLimits().get(f).maximum());
            }
            if (over) {
                overLimit.add(f);
            } else {
                overLimit.remove(f);
            }
        }
    }

    /**
     * Passes an UPDATE read in place to the RIB's handler, logging what RFC 7606 let through and
     * noting an End-of-RIB (RFC 4724 §2), which has no prefixes and at most an empty MP_UNREACH_NLRI.
     */
    private final class InPlaceHandler implements dev.javabgp.codec.UpdateHandler {
        private dev.javabgp.codec.UpdateHandler rib;
        private dev.javabgp.codec.attribute.PathAttributes attributes;
        private boolean prefixes;

        void start(dev.javabgp.codec.UpdateHandler target) {
            rib = target;
            attributes = null;
            prefixes = false;
        }

        @Override
        public void attributes(dev.javabgp.codec.attribute.PathAttributes value, List<BgpError> errors) {
            for (BgpError e : errors) {
                log.warn("{}: {}", name, e);
            }
            attributes = value;
            rib.attributes(value, errors);
        }

        @Override
        public void withdrawn(dev.javabgp.codec.nlri.PrefixCursor cursor) {
            prefixes = true;
            rib.withdrawn(cursor);
        }

        @Override
        public void announced(dev.javabgp.codec.nlri.PrefixCursor cursor) {
            prefixes = true;
            rib.announced(cursor);
        }

        AddressFamily endOfRibFamily() {
            if (prefixes || attributes == null) {
                return null;
            }
            if (attributes.isEmpty()) {
                return AddressFamily.IPV4_UNICAST;
            }
            var unreach = attributes.mpUnreach();
            return attributes.size() == 1 && unreach != null ? unreach.family() : null;
        }
    }

    private void routeRefresh(dev.javabgp.codec.message.RouteRefreshMessage message) {
        AddressFamily family = message.family();
        switch (message.subtype()) {
            case dev.javabgp.codec.message.RouteRefreshMessage.REQUEST -> {
                refreshRequestsReceived++;
                refresh(family);
            }
            case dev.javabgp.codec.message.RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH -> {
                refreshBeginningsReceived++;
                // RFC 7313 §4: what the peer does not send again before EoRR is gone.
                if (ribPeer >= 0 && isUnicast(family)) {
                    speaker.rib().markStale(ribPeer, family, false);
                }
            }
            case dev.javabgp.codec.message.RouteRefreshMessage.END_OF_ROUTE_REFRESH -> {
                refreshEndsReceived++;
                if (ribPeer >= 0 && isUnicast(family)) {
                    speaker.rib().removeStale(ribPeer, family);
                    speaker.settleSoon();
                }
            }
            default -> log.debug("{}: ROUTE-REFRESH subtype {} ignored (RFC 7313 §5)", name, message.subtype());
        }
    }

    private static boolean isUnicast(AddressFamily f) {
        return f.equals(AddressFamily.IPV4_UNICAST) || f.equals(AddressFamily.IPV6_UNICAST);
    }

    /** RFC 2918 §4: send the Adj-RIB-Out again; bracketed by BoRR and EoRR when RFC 7313 is on. */
    private void refresh(AddressFamily family) {
        if (group == null || !session.supports(family)) {
            return;
        }
        boolean enhanced = session.enhancedRouteRefresh();
        if (enhanced) {
            send(new dev.javabgp.codec.message.RouteRefreshMessage(family,
                    dev.javabgp.codec.message.RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH), false);
            endOfRefreshOwed.add(family);
        }
        group.close();
        ExportSettings settings = group.settings();
        group = new UpdateGroup(speaker.rib(), settings, session.families(), ribPeer); // a new group owes the whole table
        flush();
    }

    private void down(DownReason reason) {
        // RFC 4724 §4.2: only a session lost without a NOTIFICATION is a graceful restart.
        var peerRestart = session == null ? null : session.peerGracefulRestart().orElse(null);
        boolean graceful = session != null && session.gracefulRestart() && peerRestart != null
                && reason instanceof DownReason.TcpConnectionFailed;
        lastError = reason.describe();
        reported = reason;
        log.info("{}: session down: {}", name, lastError);
        if (establishedSince != null) {
            flaps++;
        }
        establishedSince = null;
        session = null;
        if (group != null) {
            group.close();
            group = null;
        }
        endOfRefreshOwed.clear();
        advertised = 0;
        if (ribPeer >= 0) {
            if (graceful) {
                keepStale(peerRestart);
            } else {
                speaker.rib().clearPeer(ribPeer); // RFC 4271 §8.2.2: the peer's routes go with the session
            }
            speaker.settleSoon();
        }
    }

    /**
     * The connection went back to Idle. A NOTIFICATION either way before Established is an OPEN
     * refused (RFC 4271 §6.2: Bad Peer AS, Bad BGP Identifier, ...) or an error in the opening
     * messages; the session never came up, so {@link #down} did not hear of it, yet it is the
     * operator's only clue to a peer that never establishes.
     */
    private void released(DownReason reason) {
        NotificationMessage notification = switch (reason) {
            case DownReason.NotificationSent sent -> sent.notification();
            case DownReason.NotificationReceived received -> received.notification();
            default -> null;
        };
        // RFC 4271 §6.8: a connection closed to resolve a collision is no error; the other one goes on.
        boolean collision = notification != null && notification.code() == dev.javabgp.codec.message.NotificationCode.CEASE
                && notification.subcode() == dev.javabgp.codec.message.NotificationCode.CONNECTION_COLLISION_RESOLUTION;
        if (reason != reported && notification != null && !collision) {
            lastError = reason.describe();
            log.warn("{}: not established: {}", name, lastError);
        }
        reported = null;
    }

    /**
     * RFC 4724 §4.2: the peer restarts; its routes of the families it listed stay, marked stale, for
     * at most its restart time; those of other families go now.
     */
    private void keepStale(dev.javabgp.codec.capability.GracefulRestartCapability restart) {
        Rib rib = speaker.rib();
        List<AddressFamily> kept = new ArrayList<>();
        for (var f : restart.families()) {
            kept.add(f.family());
        }
        for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
            rib.markStale(ribPeer, f, false);
            if (!kept.contains(f)) {
                rib.removeStale(ribPeer, f);
            }
        }
        staleFamilies = kept;
        log.info("{}: keeping its routes of {} as stale for up to {} s while it restarts", name, kept, restart.restartTime());
        restartTimer = speaker.eventLoop().schedule(() -> {
            restartTimer = null;
            log.info("{}: did not come back within its restart time; its stale routes go", name);
            dropStale();
            speaker.settleSoon();
            if (dynamic) {
                speaker.restartOver(this);
            }
            speaker.settleIfPending();
        }, restart.restartTime(), TimeUnit.SECONDS);
    }

    private void dropStale() {
        for (AddressFamily f : staleFamilies) {
            speaker.rib().removeStale(ribPeer, f);
        }
        staleFamilies = List.of();
    }

    private long queuedBytes() {
        Channel c = channel;
        var buffer = c == null ? null : c.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    WireOptions receiveOptions() {
        return receiveOptions;
    }

    /** Whether the peer's routes are kept as stale while it restarts (RFC 4724 §4.2). */
    boolean holdsStaleRoutes() {
        return restartTimer != null;
    }

    /** A dynamic peer that restarts gracefully comes back into the session that kept its routes. */
    void resume() {
        stopped = false;
        start();
    }

    /** Gives up the peer's place in the RIB, withdrawing whatever it still holds there. */
    void release() {
        if (restartTimer != null) {
            restartTimer.cancel(false);
            restartTimer = null;
        }
        if (ribPeer >= 0) {
            speaker.rib().removePeer(ribPeer);
            ribPeer = -1;
            speaker.settleSoon();
        }
    }

    /** Closes the connection as a crash would, without a NOTIFICATION; for tests of what follows. */
    void abortConnection() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Stops every timer and closes the connection without the FSM, when the speaker shuts down. */
    void dispose() {
        for (Timer t : List.copyOf(timers.keySet())) {
            stopTimer(t);
        }
        if (candidate != null) {
            candidate.close();
            candidate = null;
        }
        drop();
    }
}
