package dev.javabgp.rib.table;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.Arrays;

/**
 * The routes of one address family: for each prefix of a {@link PrefixTable}, a chain of paths in
 * a {@link PathStore}, one per peer and ADD-PATH identifier; the path the decision process chose
 * carries {@link PathStore#BEST}. Prefixes whose chain changed are collected as dirty until the RIB
 * settles them in a batch.
 */
public final class RouteTable {

    private final PrefixTable prefixes;
    private final PathStore paths;
    /** Per prefix id: how many update groups still hold state for the prefix. */
    private short[] holds;
    private long[] dirtyBits;
    /** Prefixes whose best path changed in place or went since the decision process last ran for them. */
    private long[] bestTouchedBits;
    private int[] dirty = new int[256];
    private int dirtyCount;

    public RouteTable(AddressFamily family, int expectedPrefixes) {
        prefixes = PrefixTable.create(family, expectedPrefixes);
        paths = new PathStore(expectedPrefixes);
        holds = new short[Math.max(16, expectedPrefixes)];
        dirtyBits = new long[(Math.max(16, expectedPrefixes) >> 6) + 1];
        bestTouchedBits = new long[dirtyBits.length];
    }

    public PrefixTable prefixes() {
        return prefixes;
    }

    public PathStore paths() {
        return paths;
    }

    public AddressFamily family() {
        return prefixes.family();
    }

    /** The path of {@code peer} with {@code pathId} for prefix {@code id}, or -1. */
    public int find(int id, int peer, int pathId) {
        for (int node = paths.head(id); node != PathStore.NONE; node = paths.next(node)) {
            if (paths.peer(node) == peer && paths.pathId(node) == pathId) {
                return node;
            }
        }
        return PathStore.NONE;
    }

    /** The first path of prefix {@code id}'s chain, or -1; {@link PathStore#next} walks on. */
    public int head(int id) {
        return paths.head(id);
    }

    /** Adds a path to the prefix's chain and marks the prefix dirty. */
    public int add(int id, int peer, int pathId, int attributeId) {
        int node = paths.add(id, peer, pathId, attributeId);
        markDirty(id);
        return node;
    }

    /** Unlinks and frees a path of prefix {@code id}, marking the prefix dirty. */
    public void remove(int id, int node) {
        changed(id, node);
        paths.remove(id, node);
    }

    /** The path marked best for prefix {@code id}, or -1. */
    public int best(int id) {
        for (int node = paths.head(id); node != PathStore.NONE; node = paths.next(node)) {
            if (paths.has(node, PathStore.BEST)) {
                return node;
            }
        }
        return PathStore.NONE;
    }

    /**
     * Path {@code node} of prefix {@code id} changed in place (its attributes, its long-lived
     * staleness): the prefix is dirty, and if the path was the best, its best path changed.
     */
    public void changed(int id, int node) {
        markDirty(id);
        if (paths.has(node, PathStore.BEST)) {
            bestTouchedBits[id >> 6] |= 1L << id;
        }
    }

    /** True if the best path of prefix {@code id} changed in place or went since the last call. */
    public boolean takeBestTouched(int id) {
        long bit = 1L << id;
        boolean touched = (bestTouchedBits[id >> 6] & bit) != 0;
        bestTouchedBits[id >> 6] &= ~bit;
        return touched;
    }

    public void markDirty(int id) {
        if (id >= dirtyBits.length << 6) {
            dirtyBits = Arrays.copyOf(dirtyBits, Math.max(dirtyBits.length * 2, (id >> 6) + 1));
            bestTouchedBits = Arrays.copyOf(bestTouchedBits, dirtyBits.length);
        }
        long bit = 1L << id;
        if ((dirtyBits[id >> 6] & bit) == 0) {
            dirtyBits[id >> 6] |= bit;
            if (dirtyCount == dirty.length) {
                dirty = Arrays.copyOf(dirty, dirty.length * 2);
            }
            dirty[dirtyCount++] = id;
        }
    }

    /** The prefixes changed since the last {@link #clearDirty}; valid until then. */
    public int[] dirty() {
        return dirty;
    }

    public int dirtyCount() {
        return dirtyCount;
    }

    public void clearDirty() {
        for (int i = 0; i < dirtyCount; i++) {
            int id = dirty[i];
            dirtyBits[id >> 6] &= ~(1L << id);
        }
        dirtyCount = 0;
    }

    /** An update group starts holding state for prefix {@code id}. */
    public void hold(int id) {
        if (id >= holds.length) {
            holds = Arrays.copyOf(holds, Math.max(holds.length + (holds.length >> 1), id + 1));
        }
        holds[id]++;
    }

    /** An update group stops holding prefix {@code id}; an unused prefix is released. */
    public void unhold(int id) {
        holds[id]--;
        releaseIfUnused(id);
    }

    /**
     * Releases prefix {@code id} if it has no path, no update group holds it, and no settlement is
     * still to tell the listeners of it (the RIB releases it after that).
     */
    public void releaseIfUnused(int id) {
        boolean dirty = (id >> 6) < dirtyBits.length && (dirtyBits[id >> 6] & (1L << id)) != 0;
        if (!dirty && paths.head(id) == PathStore.NONE && (id >= holds.length || holds[id] == 0) && prefixes.live(id)) {
            prefixes.release(id);
        }
    }

    /** Bytes held by the table's arrays, for memory accounting. */
    public long footprintBytes() {
        return prefixes.footprintBytes() + paths.footprintBytes() + 2L * holds.length + 16L * dirtyBits.length + 4L * dirty.length;
    }
}
