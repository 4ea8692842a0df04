package dev.javabgp.rib.out;

import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.rib.PeerInfo;
import dev.javabgp.rib.Rib;
import dev.javabgp.rib.Route;
import dev.javabgp.rib.RouteView;
import dev.javabgp.rib.table.AttributeSets;
import dev.javabgp.rib.table.PathStore;
import dev.javabgp.rib.table.PrefixTable;
import dev.javabgp.rib.table.RouteTable;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Adj-RIB-Out of peers that share {@link ExportSettings}: one computation and one encoding for
 * all of them (RFC 4271 §3.2, §9.2). It remembers what it advertised per prefix and which prefixes
 * changed since; {@link #write} then sends only the difference, when the peers can take it, so a
 * slow peer costs a bit per changed prefix rather than a queue of every change.
 */
public final class UpdateGroup implements Rib.Listener {

    private final Rib rib;
    private ExportSettings settings;
    private ExportRules rules;
    private final AttributeSets sets;
    private final FamilyState ipv4;
    private final FamilyState ipv6;
    private final ExportCache cache = new ExportCache();
    /** The RIB index of the group's one peer, whose own routes it does not send back; -1 if none. */
    private final int peer;
    private final RouteView view = new RouteView();
    /** Set by {@link #exportId} when its result carries a reference the caller must drop. */
    private boolean computedReference;
    private int[] rankScratch = new int[16];

    public UpdateGroup(Rib rib, ExportSettings settings) {
        this(rib, settings, java.util.Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    }

    /**
     * A group whose peers negotiated {@code families} (RFC 4760 §8): routes of other families are
     * not sent to them.
     */
    public UpdateGroup(Rib rib, ExportSettings settings, java.util.Set<AddressFamily> families) {
        this(rib, settings, families, -1);
    }

    /**
     * The Adj-RIB-Out of one peer, RIB index {@code peer}: the routes it sent us do not go back to
     * it (it would drop them anyway, for its AS in the path or its ORIGINATOR_ID, RFC 4271 §9.1.2,
     * RFC 4456 §8), and where its own route is the best, it is told of none.
     */
    public UpdateGroup(Rib rib, ExportSettings settings, java.util.Set<AddressFamily> families, int peer) {
        this.peer = peer;
        this.rib = rib;
        this.settings = settings;
        this.rules = new ExportRules(settings.localAs() != 0 ? settings.localAs() : rib.config().localAs(), rib.config().clusterId(), settings);
        this.sets = rib.attributeSets();
        this.ipv4 = new FamilyState(rib.table(AddressFamily.IPV4_UNICAST), families.contains(AddressFamily.IPV4_UNICAST));
        this.ipv6 = new FamilyState(rib.table(AddressFamily.IPV6_UNICAST), families.contains(AddressFamily.IPV6_UNICAST));
        rib.addListener(this);
        // A new group owes its peers every route the Loc-RIB already holds.
        for (FamilyState f : List.of(ipv4, ipv6)) {
            PrefixTable prefixes = f.table.prefixes();
            for (int id = 0; id < prefixes.idLimit(); id++) {
                if (prefixes.live(id) && f.table.best(id) >= 0) {
                    f.markDirty(id);
                }
            }
        }
    }

    public ExportSettings settings() {
        return settings;
    }

    /**
     * Applies a new export policy to what the group has advertised: the next {@link #write}
     * withdraws what the policy now rejects, announces what it now accepts or changes, and sends
     * nothing for the rest. The session stays up (RFC 4271 §9.1.3: the Adj-RIB-Out follows the
     * outbound policy).
     */
    public void changeExportPolicy(dev.javabgp.rib.policy.Policy policy) {
        ExportSettings before = settings;
        ExportRules rulesBefore = rules;
        settings = settings.withExportPolicy(policy);
        rules = new ExportRules(settings.localAs() != 0 ? settings.localAs() : rib.config().localAs(), rib.config().clusterId(), settings);
        cache.clear();
        for (FamilyState f : List.of(ipv4, ipv6)) {
            PrefixTable prefixes = f.table.prefixes();
            for (int id = 0; id < prefixes.idLimit(); id++) {
                if (f.isDirty(id)) {
                    continue; // written with the new policy anyway
                }
                int best = prefixes.live(id) ? f.table.best(id) : PathStore.NONE;
                if (multiPath() && (f.advertises(id) || best >= 0)) {
                    f.markDirty(id); // each path's identifier and attributes are compared when written
                } else if (f.advertises(id)) {
                    // The peer holds what the old policy made of the best path: only a difference goes out.
                    if (best < 0 || !java.util.Objects.equals(exported(rulesBefore, before, f.table, id, best),
                            exported(rules, settings, f.table, id, best))) {
                        f.markDirty(id);
                    }
                } else if (best >= 0 && exported(rules, settings, f.table, id, best) != null) {
                    f.markDirty(id);
                }
            }
        }
    }

    /** Without ADD-PATH only the best path goes out, so only its changes matter (RFC 4271 §9.2). */
    @Override
    public boolean bestPathsOnly() {
        return !multiPath();
    }

    @Override
    public void changed(Rib source, RouteTable table, int[] prefixIds, int count) {
        FamilyState f = table == ipv4.table ? ipv4 : ipv6;
        for (int i = 0; i < count; i++) {
            f.markDirty(prefixIds[i]);
        }
    }

    /** True while some change has not been written yet. */
    public boolean hasPending() {
        return ipv4.dirtyCount > 0 || ipv6.dirtyCount > 0;
    }

    /**
     * Writes UPDATEs for up to {@code maxPrefixes} changed prefixes into {@code out}, packing those
     * that share attributes (RFC 4271 §9.2); call again while {@link #hasPending}.
     *
     * @return the number of UPDATE messages written
     */
    public int write(WireOptions options, ByteBuf out, int maxPrefixes) {
        int messages = 0;
        int budget = maxPrefixes;
        for (FamilyState f : List.of(ipv4, ipv6)) {
            if (budget <= 0) {
                break;
            }
            int take = Math.min(budget, f.dirtyCount);
            budget -= take;
            messages += f.write(options, out, take);
        }
        return messages;
    }

    /** How many paths the group advertises now, all families. */
    public long advertisedCount() {
        return ipv4.advertisedCount + ipv6.advertisedCount;
    }

    /**
     * What the group advertises, as values; allocates one per route, for tests and queries. Without
     * ADD-PATH the group keeps one bit per prefix, not the attributes it sent, so a prefix's
     * attributes are those its best route exports to now: what was sent, once {@link #hasPending}
     * is false.
     */
    public List<Route> advertised(AddressFamily family) {
        FamilyState f = family.afi() == AddressFamily.AFI_IPV6 ? ipv6 : ipv4;
        List<Route> out = new ArrayList<>();
        for (int id = 0; id < f.advertisedBits.length << 6; id++) {
            if (f.advertises(id)) {
                int best = f.table.best(id);
                computedReference = false;
                int output = best < 0 ? -1 : exportId(f.table, id, best);
                if (output >= 0) {
                    out.add(new Route(rib.prefix(f.table, id), sets.get(output), null, 0, true, false));
                    if (computedReference) {
                        sets.release(output);
                    }
                }
            }
        }
        for (int id = 0; id < f.advertisedPaths.length; id++) {
            int[] pairs = f.advertisedPaths[id];
            for (int h = 0; pairs != null && h < pairs.length; h += 2) {
                out.add(new Route(rib.prefix(f.table, id), sets.get(pairs[h + 1]), null, pairs[h], h == 0, false));
            }
        }
        return out;
    }

    /** Stops following the RIB and releases what the group holds. */
    public void close() {
        rib.removeListener(this);
        for (FamilyState f : List.of(ipv4, ipv6)) {
            f.releaseAll();
        }
        cache.clear();
    }

    /** The attribute set id to advertise for the best path {@code node}, or -1 not to advertise. */
    private int exportId(RouteTable table, int id, int node) {
        PathStore paths = table.paths();
        int input = paths.attributes(node);
        int peer = paths.peer(node);
        if (peer == this.peer) {
            return -1;
        }
        PeerInfo from = rib.peer(peer);
        PathAttributes in = sets.get(input);
        boolean longLivedStale = paths.has(node, PathStore.LONG_LIVED_STALE);
        boolean perPrefix = settings.exportPolicy().dependsOnPrefix();
        if (!perPrefix) {
            int cached = cache.find(input, in, peer, longLivedStale);
            if (cached != ExportCache.MISS) {
                return cached;
            }
            int output = compute(in, from, longLivedStale, table, id);
            cache.put(input, in, peer, longLivedStale, output); // holds the reference compute() took
            return output;
        }
        int output = compute(in, from, longLivedStale, table, id);
        computedReference = output >= 0;
        return output;
    }

    /** Export rules, then export policy; interns the result and takes one reference to it. */
    private int compute(PathAttributes in, PeerInfo from, boolean longLivedStale, RouteTable table, int id) {
        PathAttributes out = exported(rules, settings, in, from, longLivedStale, table, id);
        return out == null ? -1 : sets.acquire(out);
    }

    /** What path {@code node} of prefix {@code id} exports to under these rules and policy, or null. */
    private PathAttributes exported(ExportRules with, ExportSettings under, RouteTable table, int id, int node) {
        PathStore paths = table.paths();
        if (paths.peer(node) == peer) {
            return null;
        }
        return exported(with, under, sets.get(paths.attributes(node)), rib.peer(paths.peer(node)),
                paths.has(node, PathStore.LONG_LIVED_STALE), table, id);
    }

    private PathAttributes exported(ExportRules with, ExportSettings under, PathAttributes in, PeerInfo from,
            boolean longLivedStale, RouteTable table, int id) {
        PathAttributes out = with.apply(in, from, longLivedStale);
        return out == null ? null : under.exportPolicy().evaluate(view.set(table.prefixes(), id, out, from));
    }

    /**
     * Export results by input attribute set id, one entry each, valid while the input is the same
     * set instance from the same peer: the cache never holds more entries than there are sets, and
     * an entry's output reference goes when the entry is replaced or the cache cleared.
     */
    private final class ExportCache {
        static final int MISS = Integer.MIN_VALUE;
        private PathAttributes[] inputs = new PathAttributes[0];
        /** Source peer << 1 | long-lived stale, per input id. */
        private int[] keys = new int[0];
        /** Output set id, or -1 for not exported, per input id. */
        private int[] outputs = new int[0];

        int find(int inputId, PathAttributes input, int peer, boolean longLivedStale) {
            return inputId < inputs.length && inputs[inputId] == input && keys[inputId] == (peer << 1 | (longLivedStale ? 1 : 0))
                    ? outputs[inputId] : MISS;
        }

        void put(int inputId, PathAttributes input, int peer, boolean longLivedStale, int output) {
            if (inputId >= inputs.length) {
                int grown = Math.max(inputId + 1, inputs.length + (inputs.length >> 1) + 16);
                inputs = Arrays.copyOf(inputs, grown);
                keys = Arrays.copyOf(keys, grown);
                outputs = Arrays.copyOf(outputs, grown);
            }
            if (inputs[inputId] != null && outputs[inputId] >= 0) {
                sets.release(outputs[inputId]);
            }
            inputs[inputId] = input;
            keys[inputId] = peer << 1 | (longLivedStale ? 1 : 0);
            outputs[inputId] = output;
        }

        void clear() {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != null && outputs[i] >= 0) {
                    sets.release(outputs[i]);
                }
                inputs[i] = null;
            }
        }
    }

    private boolean multiPath() {
        return settings.pathsPerPrefix() > 1;
    }

    /**
     * Per family: which prefixes are advertised and which changed since. Without ADD-PATH a bit per
     * prefix says that a route is advertised; what is sent for a changed prefix is worked out from
     * the Loc-RIB when it is written, so the group holds no attribute set per route.
     */
    private final class FamilyState {
        final RouteTable table;
        /** The peers negotiated this family; otherwise nothing of it is followed or sent. */
        final boolean enabled;
        long[] advertisedBits = new long[0];
        /** With ADD-PATH: per prefix id, pairs of path identifier and attribute set id advertised. */
        int[][] advertisedPaths = new int[0][];
        /** One bit per prefix id changed since written: a bitmap, not a list, so a full table's worth costs 1 bit each. */
        long[] dirtyBits = new long[0];
        int dirtyCount;
        /** Where the next scan of {@link #dirtyBits} starts, in words. */
        int scanWord;
        /** The ids one write takes, reused. */
        int[] taken = new int[64];
        /** What one write announces and withdraws; kept for the next write, so a write allocates little. */
        private Batch batch;
        /** Paths currently advertised, kept as they change. */
        long advertisedCount;

        FamilyState(RouteTable table, boolean enabled) {
            this.table = table;
            this.enabled = enabled;
        }

        void markDirty(int id) {
            if (!enabled) {
                return;
            }
            if ((id >> 6) >= dirtyBits.length) {
                dirtyBits = Arrays.copyOf(dirtyBits, Math.max((id >> 6) + 1, dirtyBits.length + (dirtyBits.length >> 1) + 4));
            }
            long bit = 1L << id;
            if ((dirtyBits[id >> 6] & bit) != 0) {
                return;
            }
            dirtyBits[id >> 6] |= bit;
            if (!advertises(id)) {
                table.hold(id); // keep the prefix id until the change is written
            }
            dirtyCount++;
        }

        /** Takes up to {@code max} dirty ids into {@link #batch}, clearing their bits, scanning on from the last take. */
        int takeDirty(int max) {
            if (taken.length < max) {
                taken = new int[Math.max(max, taken.length * 2)];
            }
            int count = 0;
            int words = dirtyBits.length;
            for (int scanned = 0; count < max && scanned <= words && dirtyCount > 0; scanned++) {
                if (scanWord >= words) {
                    scanWord = 0;
                }
                long bits = dirtyBits[scanWord];
                while (bits != 0 && count < max) {
                    int bit = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    taken[count++] = (scanWord << 6) | bit;
                    dirtyCount--;
                }
                dirtyBits[scanWord] = bits;
                if (bits == 0) {
                    scanWord++;
                }
            }
            return count;
        }

        boolean isDirty(int id) {
            return (id >> 6) < dirtyBits.length && (dirtyBits[id >> 6] & (1L << id)) != 0;
        }

        boolean advertises(int id) {
            return multiPath() ? id < advertisedPaths.length && advertisedPaths[id] != null
                    : (id >> 6) < advertisedBits.length && (advertisedBits[id >> 6] & (1L << id)) != 0;
        }

        private void advertised(int id, boolean on) {
            if ((id >> 6) >= advertisedBits.length) {
                advertisedBits = Arrays.copyOf(advertisedBits, Math.max((id >> 6) + 1, dirtyBits.length));
            }
            advertisedBits[id >> 6] = on ? advertisedBits[id >> 6] | 1L << id : advertisedBits[id >> 6] & ~(1L << id);
        }

        int write(WireOptions options, ByteBuf out, int take) {
            if (take == 0) {
                return 0;
            }
            if (multiPath()) {
                return writePaths(options, out, take);
            }
            Batch announce = batch();
            int count = takeDirty(take);
            for (int i = 0; i < count; i++) {
                int id = taken[i];
                int best = table.best(id);
                computedReference = false;
                int desired = best < 0 ? -1 : exportId(table, id, best);
                boolean had = advertises(id);
                if (desired >= 0) {
                    // RFC 4271 §3.1: a new advertisement replaces what the peer had for the prefix
                    announce.add(desired, id, 0);
                    if (computedReference) {
                        sets.release(desired); // a per-prefix result: the batch holds it until written
                    }
                    if (!had) {
                        advertised(id, true); // the dirty hold becomes the advertised one
                        advertisedCount++;
                    }
                } else {
                    if (had) {
                        table.prefixes().addTo(announce.withdrawals, id, 0);
                        advertised(id, false);
                        advertisedCount--;
                    }
                    table.unhold(id); // nothing advertised: drop the dirty or the advertised hold
                }
            }
            return pack(announce, options, out);
        }

        /** ADD-PATH (RFC 7911): up to pathsPerPrefix of the best paths, each under its own identifier. */
        int writePaths(WireOptions options, ByteBuf out, int take) {
            int needed = dirtyBits.length << 6;
            if (advertisedPaths.length < needed) {
                advertisedPaths = Arrays.copyOf(advertisedPaths, needed);
            }
            Batch announce = batch();
            int prefixes = takeDirty(take);
            for (int i = 0; i < prefixes; i++) {
                int id = taken[i];
                int ranked = rib.rank(table, id, rankScratch, settings.pathsPerPrefix());
                int[] desired = new int[2 * ranked];
                int count = 0;
                for (int r = 0; r < ranked; r++) {
                    computedReference = false;
                    int output = exportId(table, id, rankScratch[r]);
                    if (output >= 0) {
                        sets.retain(output); // held by the advertisement
                        if (computedReference) {
                            sets.release(output);
                        }
                        desired[count++] = rankScratch[r] + 1; // the path identifier
                        desired[count++] = output;
                    }
                }
                int[] had = advertisedPaths[id];
                for (int d = 0; d < count; d += 2) {
                    if (!contains(had, desired[d], desired[d + 1])) {
                        announce.add(desired[d + 1], id, desired[d]);
                    }
                }
                if (had != null) {
                    for (int h = 0; h < had.length; h += 2) {
                        if (!containsPath(desired, count, had[h])) {
                            table.prefixes().addTo(announce.withdrawals, id, had[h]);
                        }
                        sets.release(had[h + 1]);
                    }
                }
                advertisedCount += count / 2 - (had == null ? 0 : had.length / 2);
                advertisedPaths[id] = count == 0 ? null : Arrays.copyOf(desired, count);
                if (count == 0) {
                    table.unhold(id); // nothing advertised: drop the dirty or the advertised hold
                }
            }
            return pack(announce, options, out);
        }

        /** The write's batch, emptied. */
        private Batch batch() {
            if (batch == null) {
                batch = new Batch(table, multiPath(), sets);
            }
            batch.clear();
            return batch;
        }

        /** Withdrawals first, then one packed run of UPDATEs per attribute set (RFC 4271 §9.2). */
        private int pack(Batch batch, WireOptions options, ByteBuf out) {
            try {
                int messages = UpdatePacker.writeWithdrawals(batch.withdrawals.build(), options, out);
                for (int k = 0; k < batch.count; k++) {
                    messages += UpdatePacker.writeAnnouncements(sets.get(batch.outputs[k]), batch.blocks[k].build(), options, out,
                            batch.encoded);
                }
                return messages;
            } finally {
                batch.written();
            }
        }

        private static boolean contains(int[] pairs, int pathId, int output) {
            if (pairs != null) {
                for (int i = 0; i < pairs.length; i += 2) {
                    if (pairs[i] == pathId && pairs[i + 1] == output) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean containsPath(int[] pairs, int count, int pathId) {
            for (int i = 0; i < count; i += 2) {
                if (pairs[i] == pathId) {
                    return true;
                }
            }
            return false;
        }

        void releaseAll() {
            if (batch != null) {
                batch.encoded.release();
                batch = null;
            }
            advertisedCount = 0;
            // Dirty prefixes first: one that is not advertised holds its id only for being dirty.
            while (dirtyCount > 0) {
                int count = takeDirty(Math.min(dirtyCount, 4096));
                for (int i = 0; i < count; i++) {
                    if (!advertises(taken[i])) {
                        table.unhold(taken[i]);
                    }
                }
            }
            for (int id = 0; id < advertisedPaths.length; id++) {
                int[] pairs = advertisedPaths[id];
                if (pairs != null) {
                    for (int h = 0; h < pairs.length; h += 2) {
                        sets.release(pairs[h + 1]);
                    }
                    advertisedPaths[id] = null;
                    table.unhold(id);
                }
            }
            for (int id = 0; id < advertisedBits.length << 6; id++) {
                if (advertises(id)) {
                    advertised(id, false);
                    table.unhold(id);
                }
            }
        }
    }

    /**
     * The prefixes one write announces, by output attribute set in the order first met, and those
     * it withdraws. It holds a reference to each output set until written: within one write, an
     * export cache entry may be replaced and its set released while prefixes still wait for it.
     * Its builders are emptied and used again by the next write, up to {@link #KEPT} of them.
     */
    private static final class Batch {
        /** Builders kept between writes; a write that met more sets lets the rest go. */
        static final int KEPT = 256;

        final RouteTable table;
        final boolean pathIds;
        final AttributeSets sets;
        final PrefixBlock.Builder withdrawals;
        /** Where each attribute set is encoded once before it is copied into its UPDATEs. */
        final ByteBuf encoded = io.netty.buffer.Unpooled.buffer(256);
        int[] outputs = new int[16];
        PrefixBlock.Builder[] blocks = new PrefixBlock.Builder[16];
        int count;
        /** Open addressing from output set id to its index + 1; 0 is empty. Twice the outputs' room. */
        private int[] slots = new int[32];
        /** Prefixes of one attribute set tend to come together: the last set saves a lookup each. */
        private int last = -1;

        Batch(RouteTable table, boolean pathIds, AttributeSets sets) {
            this.table = table;
            this.pathIds = pathIds;
            this.sets = sets;
            this.withdrawals = PrefixBlock.builder(table.family(), pathIds);
        }

        void clear() {
            if (count > 0) {
                written(); // a write that broke off before packing
            }
            withdrawals.clear();
            last = -1;
        }

        /** Adds prefix {@code id} to the block announced with attribute set {@code output}. */
        void add(int output, int id, int pathId) {
            if (last < 0 || outputs[last] != output) {
                last = indexOf(output);
            }
            table.prefixes().addTo(blocks[last], id, pathId);
        }

        /** Drops the references the write held and what a large write left behind. */
        void written() {
            for (int k = 0; k < count; k++) {
                sets.release(outputs[k]);
            }
            if (outputs.length > KEPT) {
                outputs = new int[KEPT];
                blocks = Arrays.copyOf(blocks, KEPT);
                slots = new int[2 * KEPT];
            } else if (count > 0) {
                Arrays.fill(slots, 0);
            }
            count = 0;
        }

        /** The slot that holds {@code output}, or the empty one where it would go. */
        private int slotOf(int output) {
            int mask = slots.length - 1;
            int s = (output * 0x9E3779B9) >>> 1 & mask;
            while (slots[s] != 0 && outputs[slots[s] - 1] != output) {
                s = (s + 1) & mask;
            }
            return s;
        }

        private int indexOf(int output) {
            int s = slotOf(output);
            if (slots[s] != 0) {
                return slots[s] - 1;
            }
            if (count == outputs.length) {
                outputs = Arrays.copyOf(outputs, count * 2);
                blocks = Arrays.copyOf(blocks, count * 2);
                slots = new int[outputs.length * 2];
                for (int k = 0; k < count; k++) {
                    slots[slotOf(outputs[k])] = k + 1;
                }
                s = slotOf(output);
            }
            if (blocks[count] == null) {
                blocks[count] = PrefixBlock.builder(table.family(), pathIds);
            } else {
                blocks[count].clear();
            }
            sets.retain(output);
            outputs[count] = output;
            slots[s] = count + 1;
            return count++;
        }
    }
}
