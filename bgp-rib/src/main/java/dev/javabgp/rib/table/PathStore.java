package dev.javabgp.rib.table;

import java.util.Arrays;

/**
 * The paths of all prefixes of a table, in parallel arrays: a path is an int index naming its
 * peer, its ADD-PATH identifier, its attribute set id after import policy, its next path in the
 * prefix's chain, and flags. No object is created per path; a path without ADD-PATH identifier
 * costs 11 bytes.
 */
public final class PathStore {

    public static final int NONE = -1;

    /** Peer indexes fit a char; the highest value marks a free path. */
    public static final int MAX_PEERS = Character.MAX_VALUE;
    private static final char FREE = Character.MAX_VALUE;

    /** The decision process chose this path (RFC 4271 §9.1.2). */
    public static final byte BEST = 1;
    /** Kept across the peer's graceful restart, to be removed unless refreshed (RFC 4724 §4.2). */
    public static final byte STALE = 2;
    /** Kept as long-lived stale (RFC 9494 §4.3), least preferred of all. */
    public static final byte LONG_LIVED_STALE = 4;

    private char[] peers;
    private int[] pathIds;
    private int[] attributes;
    private int[] nexts;
    private byte[] flags;
    private int limit;
    private int freeHead = NONE;
    private int size;

    public PathStore(int expected) {
        int capacity = Math.max(16, expected);
        peers = new char[capacity];
        attributes = new int[capacity];
        nexts = new int[capacity];
        flags = new byte[capacity];
    }

    /** A new path, not yet in any chain. */
    public int add(int peer, int pathId, int attributeId, int next) {
        int node;
        if (freeHead != NONE) {
            node = freeHead;
            freeHead = nexts[node];
        } else {
            node = limit++;
            if (node >= peers.length) {
                int grown = peers.length + (peers.length >> 1);
                peers = Arrays.copyOf(peers, grown);
                if (pathIds != null) {
                    pathIds = Arrays.copyOf(pathIds, grown);
                }
                attributes = Arrays.copyOf(attributes, grown);
                nexts = Arrays.copyOf(nexts, grown);
                flags = Arrays.copyOf(flags, grown);
            }
        }
        peers[node] = (char) peer;
        if (pathId != 0 && pathIds == null) {
            pathIds = new int[peers.length]; // ADD-PATH identifiers only once a peer sends them (RFC 7911)
        }
        if (pathIds != null) {
            pathIds[node] = pathId;
        }
        attributes[node] = attributeId;
        nexts[node] = next;
        flags[node] = 0;
        size++;
        return node;
    }

    public void free(int node) {
        peers[node] = FREE;
        nexts[node] = freeHead;
        freeHead = node;
        size--;
    }

    public int peer(int node) {
        char peer = peers[node];
        return peer == FREE ? NONE : peer;
    }

    public int pathId(int node) {
        return pathIds == null ? 0 : pathIds[node];
    }

    public int attributes(int node) {
        return attributes[node];
    }

    public void attributes(int node, int attributeId) {
        attributes[node] = attributeId;
    }

    public int next(int node) {
        return nexts[node];
    }

    public void next(int node, int next) {
        nexts[node] = next;
    }

    public boolean has(int node, byte flag) {
        return (flags[node] & flag) != 0;
    }

    public void set(int node, byte flag, boolean on) {
        flags[node] = (byte) (on ? flags[node] | flag : flags[node] & ~flag);
    }

    /** Number of paths held. */
    public int size() {
        return size;
    }

    public long footprintBytes() {
        return (pathIds == null ? 11L : 15L) * peers.length;
    }
}
