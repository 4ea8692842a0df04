package dev.javabgp.rib.decision;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.ClusterList;
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.MultiExitDisc;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.OriginatorId;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.rib.PeerInfo;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Route selection of RFC 4271 §9.1.2 with the route-reflection tie-breakers of RFC 4456 §9. Each
 * step is a key where lower wins; selection removes, step by step, every candidate whose key is
 * not the lowest, as §9.1.2.2 describes. One instance serves one thread.
 */
public final class DecisionProcess {

    /** The steps in order; {@link #key} gives each path's value for each. */
    public enum Step {
        /** Long-lived stale paths are chosen only when nothing else remains (RFC 9494 §4.3). */
        NOT_LONG_LIVED_STALE,
        /** Highest LOCAL_PREF (RFC 4271 §9.1.1). */
        LOCAL_PREF,
        /** Locally originated routes before learned ones. */
        LOCALLY_ORIGINATED,
        /** Shortest AS_PATH (RFC 4271 §9.1.2.2 a), unless ignored. */
        AS_PATH_LENGTH,
        /** Lowest ORIGIN (§9.1.2.2 b). */
        ORIGIN,
        /** Lowest MULTI_EXIT_DISC among routes from the same neighbour AS (§9.1.2.2 c). */
        MED,
        /** Routes from eBGP peers before iBGP ones (§9.1.2.2 d). */
        EXTERNAL,
        /** Lowest interior cost to the next hop (§9.1.2.2 e). */
        IGP_COST,
        /** Lowest BGP identifier, or ORIGINATOR_ID for reflected routes (§9.1.2.2 f, RFC 4456 §9). */
        ROUTER_ID,
        /** Shortest CLUSTER_LIST (RFC 4456 §9). */
        CLUSTER_LIST_LENGTH,
        /** Lowest peer address (§9.1.2.2 g). */
        PEER_ADDRESS_HIGH,
        PEER_ADDRESS_LOW
    }

    private static final Step[] STEPS = Step.values();

    private final DecisionOptions options;
    private final NextHopResolver resolver;
    private final long localAs;
    private int[] remaining = new int[8];

    public DecisionProcess(DecisionOptions options, NextHopResolver resolver, long localAs) {
        this.options = options;
        this.resolver = resolver;
        this.localAs = localAs;
    }

    public DecisionOptions options() {
        return options;
    }

    /** True if the path's next hop can be reached; other paths are not candidates (RFC 4271 §9.1.2.1). */
    public boolean reachable(Candidate c, int path) {
        return cost(c.attributes(path)) != NextHopResolver.UNREACHABLE;
    }

    /**
     * The best of {@code count} paths in {@code paths}, or -1 if none is reachable. Paths must
     * be distinct; the array is not changed.
     */
    public int select(Candidate c, int[] paths, int count) {
        if (remaining.length < count) {
            remaining = new int[Integer.highestOneBit(count) << 1];
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (reachable(c, paths[i])) {
                remaining[n++] = paths[i];
            }
        }
        if (n <= 1) {
            return n == 0 ? -1 : remaining[0];
        }
        if (!options.deterministicMed()) {
            int best = remaining[0];
            for (int i = 1; i < n; i++) {
                if (compare(c, remaining[i], best) < 0) {
                    best = remaining[i];
                }
            }
            return best;
        }
        for (Step step : STEPS) {
            n = step == Step.MED ? eliminateByMed(c, n) : eliminate(c, step, n);
            if (n == 1) {
                break;
            }
        }
        return remaining[0];
    }

    /**
     * Compares two paths step by step: negative if {@code a} is preferred. MED is compared only
     * when both come from the same neighbour AS, unless always-compare-MED is set, so this order is
     * not transitive; {@link #select} uses it only without deterministic MED.
     */
    public int compare(Candidate c, int a, int b) {
        for (Step step : STEPS) {
            if (step == Step.MED && !options.alwaysCompareMed()
                    && neighbourAs(c, a) != neighbourAs(c, b)) {
                continue;
            }
            int order = Long.compareUnsigned(key(c, step, a), key(c, step, b));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private int eliminate(Candidate c, Step step, int n) {
        long lowest = -1L; // the largest unsigned value
        for (int i = 0; i < n; i++) {
            long k = key(c, step, remaining[i]);
            if (Long.compareUnsigned(k, lowest) < 0) {
                lowest = k;
            }
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (key(c, step, remaining[i]) == lowest) {
                remaining[kept++] = remaining[i];
            }
        }
        return kept;
    }

    /** RFC 4271 §9.1.2.2 c: drop routes whose MED exceeds the lowest MED of their neighbour AS. */
    private int eliminateByMed(Candidate c, int n) {
        if (options.alwaysCompareMed()) {
            return eliminate(c, Step.MED, n);
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long as = neighbourAs(c, remaining[i]);
            long med = key(c, Step.MED, remaining[i]);
            boolean beaten = false;
            for (int j = 0; j < n && !beaten; j++) {
                beaten = j != i && neighbourAs(c, remaining[j]) == as
                        && Long.compareUnsigned(key(c, Step.MED, remaining[j]), med) < 0;
            }
            if (!beaten) {
                remaining[kept++] = remaining[i];
            }
        }
        return kept;
    }

    /** The path's value at one step; lower is preferred, compared as unsigned. */
    public long key(Candidate c, Step step, int path) {
        PathAttributes a = c.attributes(path);
        PeerInfo peer = step == Step.LOCALLY_ORIGINATED || step == Step.EXTERNAL ? c.peer(path) : null;
        return switch (step) {
            case NOT_LONG_LIVED_STALE -> c.longLivedStale(path) ? 1 : 0;
            case LOCAL_PREF -> {
                LocalPref lp = a.localPref();
                yield 0xFFFF_FFFFL - (lp != null ? lp.value() : options.defaultLocalPref());
            }
            case LOCALLY_ORIGINATED -> peer == null ? 0 : 1;
            case AS_PATH_LENGTH -> {
                AsPath path1 = a.asPath();
                yield options.ignoreAsPathLength() || path1 == null ? 0 : path1.pathLength();
            }
            case ORIGIN -> {
                Origin o = a.origin();
                yield o == null ? Origin.INCOMPLETE.code() : o.code();
            }
            case MED -> {
                MultiExitDisc med = a.multiExitDisc();
                yield med == null ? 0 : med.value(); // §9.1.2.2 c: a missing MED is the lowest
            }
            case EXTERNAL -> peer != null && peer.external() ? 0 : 1;
            case IGP_COST -> cost(a);
            case ROUTER_ID -> {
                OriginatorId originator = a.originatorId();
                yield originator != null ? Integer.toUnsignedLong(Addresses.ipv4Bits(originator.id())) : c.routerId(path);
            }
            case CLUSTER_LIST_LENGTH -> {
                ClusterList list = a.clusterList();
                yield list == null ? 0 : list.size();
            }
            case PEER_ADDRESS_HIGH -> c.peerAddress(path, 0);
            case PEER_ADDRESS_LOW -> c.peerAddress(path, 1);
        };
    }

    /** The AS a route was learned from: the first AS of its path, or ours for local and iBGP routes. */
    private long neighbourAs(Candidate c, int path) {
        AsPath p = c.attributes(path).asPath();
        long first = p == null ? -1 : p.firstAs();
        return first >= 0 ? first : localAs;
    }

    private long cost(PathAttributes a) {
        InetAddress nextHop = a.nextHopAddress();
        return nextHop == null ? 0 : resolver.cost(nextHop);
    }

    @Override
    public String toString() {
        return "DecisionProcess" + Arrays.toString(STEPS) + " " + options;
    }
}
