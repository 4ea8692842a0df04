package dev.javabgp.calico.export;

import dev.javabgp.calico.resource.Community;
import dev.javabgp.calico.service.ServiceSnapshot;
import dev.javabgp.calico.service.ServiceSource;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.LargeCommunities;
import dev.javabgp.codec.attribute.MpReachNlri;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttribute;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a speaker's service announcements equal to what {@link ServiceExportPolicy} says one node
 * should announce: each {@link #update} works out the desired prefixes and their communities, then
 * announces only what is new or changed and withdraws only what is gone.
 *
 * <pre>{@code
 * ServicePrefixExporter exporter = new ServicePrefixExporter(RouteSink.of(speaker), settings.serviceRanges());
 * exporter.follow(new ManifestServiceSource(List.of(Path.of("services/"))));
 * }</pre>
 *
 * Every method may be called from any thread; updates are applied one at a time, in call order.
 */
public final class ServicePrefixExporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServicePrefixExporter.class);

    private final RouteSink sink;
    private final Consumer<String> notices;
    private ServiceRanges ranges;
    private ServiceSnapshot last = ServiceSnapshot.EMPTY;
    /** The node's own pod blocks, announced beside the services as calico-node's BIRD does. */
    private Set<IpPrefix> podBlocks = Set.of();
    private final Map<IpPrefix, PathAttributes> announced = new LinkedHashMap<>();
    /** The reasons the last update gave for what it did not announce: each told once while it lasts, so this stays small. */
    private Set<String> told = Set.of();
    private ServiceSource source;

    /**
     * An exporter that logs, at INFO, the addresses it does not announce and why: once when such an
     * address appears, and again only if it comes back after it was gone.
     */
    public ServicePrefixExporter(RouteSink sink, ServiceRanges ranges) {
        this(sink, ranges, log::info);
    }

    /** An exporter that tells {@code notices} the addresses it does not announce and why, once each while it lasts. */
    public ServicePrefixExporter(RouteSink sink, ServiceRanges ranges, Consumer<String> notices) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ranges = Objects.requireNonNull(ranges, "ranges");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** Starts {@code source} and applies each snapshot it gives; {@link #close()} stops it. */
    public void follow(ServiceSource source) {
        synchronized (this) {
            if (this.source != null) {
                throw new IllegalStateException("already following a source");
            }
            this.source = source;
        }
        source.start(this::update);
    }

    /** Brings the announcements in line with {@code snapshot}; completes when the speaker has them. */
    public synchronized CompletableFuture<Void> update(ServiceSnapshot snapshot) {
        last = Objects.requireNonNull(snapshot, "snapshot");
        return apply();
    }

    /** Brings the announcements in line with new ranges (a changed BGPConfiguration) and the last snapshot. */
    public synchronized CompletableFuture<Void> reconfigure(ServiceRanges value) {
        ranges = Objects.requireNonNull(value, "value");
        return apply();
    }

    /**
     * Announces the node's IPAM blocks (each affine to this node, of a pool that BGP carries) and
     * withdraws those no longer given; they carry the communities of a matching
     * {@code prefixAdvertisements} entry, as services do.
     */
    public synchronized CompletableFuture<Void> podBlocks(Set<IpPrefix> value) {
        podBlocks = Set.copyOf(value);
        return apply();
    }

    /** What is announced now, by prefix. */
    public synchronized Map<IpPrefix, PathAttributes> announced() {
        return Map.copyOf(announced);
    }

    /** Stops following the source; what was announced stays until the speaker stops. */
    @Override
    public void close() {
        ServiceSource s;
        synchronized (this) {
            s = source;
        }
        if (s != null) {
            s.close();
        }
    }

    private CompletableFuture<Void> apply() {
        Set<String> reasons = new LinkedHashSet<>();
        Map<IpPrefix, List<Community>> desired = ServiceExportPolicy.desired(ranges, last, reasons::add);
        for (IpPrefix block : podBlocks) {
            if (!block.isIpv4() && ranges.nextHopV6() == null) {
                reasons.add("pod block " + block + " is not announced: node " + ranges.nodeName() + " has no IPv6 address to give as "
                        + "its next hop");
            } else {
                desired.putIfAbsent(block, ServiceExportPolicy.communities(block, ranges.prefixAdvertisements()));
            }
        }
        for (String reason : reasons) {
            if (!told.contains(reason)) {
                notices.accept(reason);
            }
        }
        told = reasons;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (var e : desired.entrySet()) {
            PathAttributes attributes = attributes(e.getKey(), e.getValue());
            if (!attributes.equals(announced.get(e.getKey()))) {
                announced.put(e.getKey(), attributes);
                pending.add(sink.announce(e.getKey(), attributes));
                log.debug("announce {} {}", e.getKey(), e.getValue());
            }
        }
        for (IpPrefix p : List.copyOf(announced.keySet())) {
            if (!desired.containsKey(p)) {
                announced.remove(p);
                pending.add(sink.withdraw(p));
                log.debug("withdraw {}", p);
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    /** ORIGIN IGP, an empty AS_PATH (RFC 4271 §5.1.2: we originate it), the node as next hop, the communities. */
    private PathAttributes attributes(IpPrefix prefix, List<Community> communities) {
        List<PathAttribute> out = new ArrayList<>();
        out.add(Origin.IGP);
        out.add(AsPath.EMPTY);
        if (prefix.isIpv4()) {
            out.add(new NextHop((Inet4Address) ranges.nextHopV4()));
        } else {
            // RFC 4760 §3: IPv6 routes carry their next hop in MP_REACH_NLRI.
            out.add(new MpReachNlri(AddressFamily.IPV6_UNICAST, ranges.nextHopV6(), PrefixBlock.empty(AddressFamily.IPV6_UNICAST)));
        }
        int[] standard = communities.stream().filter(c -> !c.large())
                .mapToInt(c -> (int) (c.parts()[0] << 16 | c.parts()[1])).toArray();
        if (standard.length > 0) {
            out.add(Communities.of(standard)); // RFC 1997
        }
        long[] large = communities.stream().filter(Community::large).flatMapToLong(c -> java.util.Arrays.stream(c.parts())).toArray();
        if (large.length > 0) {
            out.add(LargeCommunities.of(large)); // RFC 8092
        }
        return PathAttributes.of(out);
    }
}
