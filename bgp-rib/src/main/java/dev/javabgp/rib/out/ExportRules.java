package dev.javabgp.rib.out;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.rib.PeerInfo;
import java.net.Inet4Address;

/**
 * The attributes a route is advertised with to a group, before export policy, or null if it may
 * not be advertised there: iBGP split horizon and route reflection (RFC 4456 §8), the well-known
 * communities (RFC 1997, RFC 3765, RFC 7999), AS_PATH and NEXT_HOP towards eBGP (RFC 4271 §5.1),
 * and the transparent route server (RFC 7947 §2.2).
 */
public final class ExportRules {

    private final long localAs;
    private final int clusterId;
    private final ExportSettings settings;

    public ExportRules(long localAs, Inet4Address clusterId, ExportSettings settings) {
        this.localAs = localAs;
        this.clusterId = Addresses.ipv4Bits(clusterId);
        this.settings = settings;
    }

    /**
     * @param from the peer the route came from, or null for a locally originated route
     */
    public PathAttributes apply(PathAttributes in, PeerInfo from) {
        return apply(in, from, false);
    }

    /**
     * @param longLivedStale the route is kept as long-lived stale: it goes out with the LLGR_STALE
     *     community (RFC 9494 §4.3)
     */
    public PathAttributes apply(PathAttributes in, PeerInfo from, boolean longLivedStale) {
        if (longLivedStale) {
            Communities c = in.communities();
            if (c == null) {
                in = in.with(Communities.of(Communities.LLGR_STALE));
            } else if (!c.contains(Communities.LLGR_STALE)) {
                int[] values = java.util.Arrays.copyOf(c.values(), c.size() + 1);
                values[c.size()] = Communities.LLGR_STALE;
                in = in.with(new Communities(values));
            }
        }
        Communities communities = in.communities();
        ExportSettings.Role role = settings.role();
        if (communities != null) {
            if (communities.contains(Communities.NO_ADVERTISE)) {
                return null; // RFC 1997: to no peer at all
            }
            if (settings.lateralPeers() && communities.contains(Communities.NO_PEER)) {
                return null; // RFC 3765 §2
            }
            boolean external = role == ExportSettings.Role.EXTERNAL;
            if (external && (communities.contains(Communities.NO_EXPORT)
                    || communities.contains(Communities.NO_EXPORT_SUBCONFED)
                    // RFC 7999 §3.2: a blackhole route stays within the AS that asked for it.
                    || communities.contains(Communities.BLACKHOLE))) {
                return null; // RFC 1997: not outside the AS (we run no confederation)
            }
        }
        PathAttributes out = in.forPassingOn(); // RFC 4271 §5: unknown transitive ones get Partial
        boolean learnedInternally = from != null && !from.external();
        return switch (role) {
            case EXTERNAL -> toExternal(out, from);
            case ROUTE_SERVER_CLIENT -> out.without(AttributeType.LOCAL_PREF, AttributeType.ORIGINATOR_ID,
                    AttributeType.CLUSTER_LIST); // RFC 7947 §2.2: AS_PATH, NEXT_HOP and MED unchanged
            case INTERNAL, ROUTE_REFLECTOR_CLIENT -> {
                if (learnedInternally && !from.routeReflectorClient() && role == ExportSettings.Role.INTERNAL) {
                    yield null; // RFC 4456 §8: a non-client's route goes only to clients
                }
                yield toInternal(out, from, learnedInternally);
            }
        };
    }

    private PathAttributes toExternal(PathAttributes a, PeerInfo from) {
        AsPath path = a.asPath() == null ? AsPath.EMPTY : a.asPath();
        a = a.with(path.prepend(localAs)) // RFC 4271 §5.1.2
                .without(AttributeType.LOCAL_PREF, AttributeType.ORIGINATOR_ID, AttributeType.CLUSTER_LIST);
        if (from != null) {
            a = a.without(AttributeType.MULTI_EXIT_DISC); // RFC 4271 §5.1.4: not to other ASes
        }
        return settings.keepOriginalNextHop() ? a : nextHopSelf(a);
    }

    private PathAttributes toInternal(PathAttributes a, PeerInfo from, boolean reflected) {
        if (a.localPref() == null) {
            a = a.with(new LocalPref(100)); // RFC 4271 §5.1.5: always present towards iBGP
        }
        if (reflected) {
            // RFC 4456 §8: record who injected the route, and that it passed our cluster.
            if (a.originatorId() == null) {
                a = a.with(new OriginatorId(from.routerId()));
            }
            ClusterList list = a.clusterList();
            a = a.with(list == null ? new ClusterList(new int[] {clusterId}) : list.prepend(clusterId));
        }
        boolean needsNextHop = a.nextHop() == null && a.mpReach() == null;
        return settings.forceNextHopSelf() || needsNextHop ? nextHopSelf(a) : a;
    }

    private PathAttributes nextHopSelf(PathAttributes a) {
        MpReachNlri reach = a.mpReach();
        if (reach != null) {
            if (reach.family().afi() == dev.javabgp.codec.nlri.AddressFamily.AFI_IPV6 && settings.nextHopSelf6() != null) {
                return a.with(new MpReachNlri(reach.family(), settings.nextHopSelf6(), reach.nlri()));
            }
            return a;
        }
        return settings.nextHopSelf() == null ? a : a.with(new NextHop(settings.nextHopSelf()));
    }
}
