package dev.javabgp.rib.table;

import java.util.Arrays;

/**
 * The paths of all prefixes of a table, in parallel arrays: a path is an int naming its peer, its
 * ADD-PATH identifier, its attribute set id after import policy, its next path in the prefix's
 * chain, and flags. No object is created per path.
 *
 * <p>Every prefix id has one path slot of its own, the inline path: node {@code p} is prefix
 * {@code p}'s. Most prefixes have one path, so most chains need no pointer from the prefix to its
 * first path. Further paths are overflow nodes, numbered from {@link #OVERFLOW}; the inline slot's
 * next pointer starts their list, whether the inline slot holds a path or not. A chain is the
 * inline path, if any, then the overflow list. A path without ADD-PATH identifier costs 11 bytes.
 */
public final class PathStore {

    public static final int NONE = -1;

    /** Peer indexes fit a char; the highest value marks a free slot. */
    public static final int MAX_PEERS = Character.MAX_VALUE;
    private static final char FREE = Character.MAX_VALUE;

    /** Overflow nodes are numbered from here; below it, node p is the inline path of prefix p. */
    static final int OVERFLOW = 1 << 30;

    /** The decision process chose this path (RFC 4271 §9.1.2). */
    public static final byte BEST = 1;
    /** Kept across the peer's graceful restart, to be removed unless refreshed (RFC 4724 §4.2). */
    public static final byte STALE = 2;
    /** Kept as long-lived stale (RFC 9494 §4.3), least preferred of all. */
    public static final byte LONG_LIVED_STALE = 4;

    /** Inline slots by prefix id, and overflow nodes by node - OVERFLOW. */
    private final Slots inline;
    private final Slots overflow;
    private int overflowLimit;
    private int freeHead = NONE;
    private int size;

    public PathStore(int expectedPrefixes) {
        inline = new Slots(Math.max(16, expectedPrefixes));
        overflow = new Slots(16);
    }

    /** The first path of prefix {@code prefix}'s chain, or -1. */
    public int head(int prefix) {
        if (prefix >= inline.peers.length) {
            return NONE;
        }
        return inline.peers[prefix] != FREE ? prefix : inline.nexts[prefix];
    }

    /** A new path at the front of prefix {@code prefix}'s chain: in its inline slot when that is free. */
    public int add(int prefix, int peer, int pathId, int attributeId) {
        if (prefix >= inline.peers.length) {
            inline.grow(Math.max(prefix + 1, inline.peers.length + (inline.peers.length >> 1)));
        }
        size++;
        if (inline.peers[prefix] == FREE) {
            inline.set(prefix, peer, pathId, attributeId);
            return prefix;
        }
        int slot;
        if (freeHead != NONE) {
            slot = freeHead;
            freeHead = overflow.nexts[slot];
        } else {
            slot = overflowLimit++;
            if (slot >= overflow.peers.length) {
                overflow.grow(overflow.peers.length + (overflow.peers.length >> 1) + 16);
            }
        }
        overflow.set(slot, peer, pathId, attributeId);
        overflow.nexts[slot] = inline.nexts[prefix];
        inline.nexts[prefix] = OVERFLOW + slot;
        return OVERFLOW + slot;
    }

    /** Unlinks and frees path {@code node} of prefix {@code prefix}; nodes after it keep their numbers. */
    public void remove(int prefix, int node) {
        size--;
        if (node < OVERFLOW) {
            inline.peers[node] = FREE; // its next pointer still starts the overflow list
            inline.flags[node] = 0;
            return;
        }
        Slots before = inline;
        int at = prefix;
        for (int n = inline.nexts[prefix]; n != node; n = overflow.nexts[n - OVERFLOW]) {
            before = overflow;
            at = n - OVERFLOW;
        }
        int slot = node - OVERFLOW;
        before.nexts[at] = overflow.nexts[slot];
        overflow.peers[slot] = FREE;
        overflow.nexts[slot] = freeHead;
        freeHead = slot;
    }

    public int peer(int node) {
        char peer = node < OVERFLOW ? inline.peers[node] : overflow.peers[node - OVERFLOW];
        return peer == FREE ? NONE : peer;
    }

    public int pathId(int node) {
        return node < OVERFLOW ? inline.pathId(node) : overflow.pathId(node - OVERFLOW);
    }

    public int attributes(int node) {
        return node < OVERFLOW ? inline.attributes[node] : overflow.attributes[node - OVERFLOW];
    }

    public void attributes(int node, int attributeId) {
        if (node < OVERFLOW) {
            inline.attributes[node] = attributeId;
        } else {
            overflow.attributes[node - OVERFLOW] = attributeId;
        }
    }

    /** The path after {@code node} in its prefix's chain, or -1. */
    public int next(int node) {
        return node < OVERFLOW ? inline.nexts[node] : overflow.nexts[node - OVERFLOW];
    }

    public boolean has(int node, byte flag) {
        return ((node < OVERFLOW ? inline.flags[node] : overflow.flags[node - OVERFLOW]) & flag) != 0;
    }

    public void set(int node, byte flag, boolean on) {
        byte[] flags = node < OVERFLOW ? inline.flags : overflow.flags;
        int i = node < OVERFLOW ? node : node - OVERFLOW;
        flags[i] = (byte) (on ? flags[i] | flag : flags[i] & ~flag);
    }

    /** Number of paths held. */
    public int size() {
        return size;
    }

    public long footprintBytes() {
        return inline.footprintBytes() + overflow.footprintBytes();
    }

    /** Parallel arrays of path fields; a slot whose peer is {@link #FREE} holds no path. */
    private static final class Slots {
        char[] peers;
        int[] pathIds;
        int[] attributes;
        int[] nexts;
        byte[] flags;

        Slots(int capacity) {
            peers = new char[capacity];
            Arrays.fill(peers, FREE);
            attributes = new int[capacity];
            nexts = new int[capacity];
            Arrays.fill(nexts, NONE);
            flags = new byte[capacity];
        }

        void set(int slot, int peer, int pathId, int attributeId) {
            peers[slot] = (char) peer;
            if (pathId != 0 && pathIds == null) {
                pathIds = new int[peers.length]; // ADD-PATH identifiers only once a peer sends them (RFC 7911)
            }
            if (pathIds != null) {
                pathIds[slot] = pathId;
            }
            attributes[slot] = attributeId;
            flags[slot] = 0;
        }

        int pathId(int slot) {
            return pathIds == null ? 0 : pathIds[slot];
        }

        void grow(int capacity) {
            int old = peers.length;
            peers = Arrays.copyOf(peers, capacity);
            Arrays.fill(peers, old, capacity, FREE);
            if (pathIds != null) {
                pathIds = Arrays.copyOf(pathIds, capacity);
            }
            attributes = Arrays.copyOf(attributes, capacity);
            nexts = Arrays.copyOf(nexts, capacity);
            Arrays.fill(nexts, old, capacity, NONE);
            flags = Arrays.copyOf(flags, capacity);
        }

        long footprintBytes() {
            return (pathIds == null ? 11L : 15L) * peers.length;
        }
    }
}
