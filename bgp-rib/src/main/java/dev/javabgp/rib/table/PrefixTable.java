package dev.javabgp.rib.table;

import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import java.util.Arrays;

/**
 * The prefixes of one address family, each under a stable dense id: an open-addressing hash of
 * ints maps a prefix to its id, and whatever the RIB keeps per prefix (its paths in a
 * {@link PathStore}) lives in arrays indexed by the id. Growing the hash moves no prefix data, so ids stay valid until {@link #release}. No
 * object is created per prefix.
 */
public abstract sealed class PrefixTable permits PrefixTable.Ipv4, PrefixTable.Ipv6 {

    private static final int NONE = -1;

    private final AddressFamily family;
    /** Hash slots holding prefix id + 1; 0 is empty. A multiple of 16, not a power of two: it fits the table. */
    private int[] slots;
    int capacity;
    private int size;
    /** Ids of released prefixes, to reuse. */
    private int[] free = new int[16];
    private int freeCount;
    /** One past the highest id handed out. */
    private int limit;
    /** Ids the key arrays have room for. */
    private int idCapacity;

    PrefixTable(AddressFamily family, int expected) {
        this.family = family;
        capacity = slotsFor(expected);
        slots = new int[capacity];
        idCapacity = Math.max(16, expected);
        growKeys(idCapacity);
    }

    public static PrefixTable create(AddressFamily family, int expected) {
        return family.afi() == AddressFamily.AFI_IPV4 ? new Ipv4(family, expected) : new Ipv6(family, expected);
    }

    public AddressFamily family() {
        return family;
    }

    /** Number of prefixes held. */
    public int size() {
        return size;
    }

    /** One past the highest id in use, for callers that size arrays by id. */
    public int idLimit() {
        return limit;
    }

    /** The id of the cursor's current prefix, or -1. */
    public final int find(PrefixCursor c) {
        long high = high(c);
        long low = low(c);
        int length = c.length();
        for (int s = home(high, low, length); ; s = next(s)) {
            int entry = slots[s];
            if (entry == 0) {
                return NONE;
            }
            if (matches(entry - 1, high, low, length)) {
                return entry - 1;
            }
        }
    }

    /** The id of the cursor's current prefix, added if new. */
    public final int findOrAdd(PrefixCursor c) {
        return findOrAdd(high(c), low(c), c.length());
    }

    /** The id of a prefix given as its address bits (IPv4 in the upper 32 bits of {@code high}). */
    public final int findOrAdd(long high, long low, int length) {
        int s = home(high, low, length);
        for (; ; s = next(s)) {
            int entry = slots[s];
            if (entry == 0) {
                break;
            }
            if (matches(entry - 1, high, low, length)) {
                return entry - 1;
            }
        }
        int id = freeCount > 0 ? free[--freeCount] : limit++;
        if (id >= idCapacity) {
            idCapacity += (idCapacity >> 1) + 16;
            growKeys(idCapacity);
        }
        store(id, high, low, length);
        slots[s] = id + 1;
        if (++size > capacity / 4 * 3) {
            rehash(slotsFor(2 * size));
        }
        return id;
    }

    /** Removes a prefix whose chain is empty; its id may be handed out again. */
    public final void release(int id) {
        long high = highOf(id);
        long low = lowOf(id);
        int length = lengthOf(id);
        int s = home(high, low, length);
        while (slots[s] != id + 1) {
            s = next(s);
        }
        // Backward-shift deletion keeps linear probing correct without tombstones.
        int hole = s;
        for (int t = next(s); slots[t] != 0; t = next(t)) {
            int other = slots[t] - 1;
            int home = home(highOf(other), lowOf(other), lengthOf(other));
            if (distance(home, t) >= distance(hole, t)) {
                slots[hole] = slots[t];
                hole = t;
            }
        }
        slots[hole] = 0;
        clear(id);
        size--;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = id;
    }

    /** True if {@code id} currently names a prefix. */
    public final boolean live(int id) {
        return id < limit && lengthOf(id) >= 0;
    }

    /** Appends the prefix {@code id} to a block being built. */
    public abstract void addTo(PrefixBlock.Builder block, int id, int pathId);

    /** Address bits of prefix {@code id}: IPv4 in the upper 32 bits; IPv6's upper 64 bits. */
    public abstract long highOf(int id);

    /** IPv6's lower 64 bits; 0 for IPv4. */
    public abstract long lowOf(int id);

    /** Length in bits of prefix {@code id}, or -1 if the id is free. */
    public abstract int lengthOf(int id);

    /** Bytes held per prefix slot and id, for memory accounting. */
    public long footprintBytes() {
        return 4L * slots.length + keyFootprint();
    }

    abstract long high(PrefixCursor c);

    abstract long low(PrefixCursor c);

    abstract boolean matches(int id, long high, long low, int length);

    abstract void store(int id, long high, long low, int length);

    abstract void clear(int id);

    abstract void growKeys(int capacity);

    abstract long keyFootprint();

    private void rehash(int capacity) {
        int[] old = slots;
        slots = new int[capacity];
        this.capacity = capacity;
        for (int entry : old) {
            if (entry != 0) {
                int id = entry - 1;
                int s = home(highOf(id), lowOf(id), lengthOf(id));
                while (slots[s] != 0) {
                    s = next(s);
                }
                slots[s] = entry;
            }
        }
    }

    /** Slots for {@code prefixes} at three quarters full at most, in whole blocks of 16. */
    static int slotsFor(int prefixes) {
        long wanted = Math.max(16, (long) prefixes * 4 / 3 + 1);
        return (int) Math.min(1 << 30, (wanted + 15) & ~15L);
    }

    private int next(int slot) {
        return slot + 1 == capacity ? 0 : slot + 1;
    }

    /** How far linear probing walks from slot {@code from} to slot {@code to}, wrapping around. */
    private int distance(int from, int to) {
        return to >= from ? to - from : to - from + capacity;
    }

    /** The slot where probing for a prefix starts. */
    int home(long high, long low, int length) {
        long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L + length;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return scale((int) (h ^ (h >>> 32)), capacity);
    }

    /** A hash spread over {@code 0 .. range - 1} by multiplying, not by a modulo. */
    static int scale(int hash, int range) {
        return (int) (((hash & 0xFFFFFFFFL) * range) >>> 32);
    }

    /** IPv4 prefixes: an int of address and a byte of length + 1 (0 for a free id), five bytes each. */
    static final class Ipv4 extends PrefixTable {
        private int[] addresses;
        private byte[] lengths;

        Ipv4(AddressFamily family, int expected) {
            super(family, expected);
        }

        @Override
        long high(PrefixCursor c) {
            return (long) c.ipv4Address() << 32;
        }

        /**
         * The /20 and the length pick a scattered block of 16 slots, one cache line; the low four
         * bits of the third octet place the prefix within it. A table sent in prefix order, as
         * speakers walk their RIBs, then fills a line at a time rather than missing the cache once
         * per prefix, while blocks small enough keep the runs linear probing walks short. Longer
         * than /24, the /28 picks the block and the fourth octet the slot, so the /32s of one /24
         * (blackholes, service addresses) do not all start at one slot.
         */
        @Override
        int home(long high, long low, int length) {
            int address = (int) (high >>> 32);
            boolean beyond24 = length > 24;
            long h = ((beyond24 ? address >>> 4 : address >>> 12) * 0x9E3779B97F4A7C15L + length) * 0xD6E8FEB86659FD93L;
            int block = scale((int) (h ^ (h >>> 32)), capacity >>> 4);
            return (block << 4) | ((beyond24 ? address : address >>> 8) & 0xF);
        }

        @Override
        long low(PrefixCursor c) {
            return 0;
        }

        @Override
        boolean matches(int id, long high, long low, int length) {
            return addresses[id] == (int) (high >>> 32) && lengths[id] == (byte) (length + 1);
        }

        @Override
        void store(int id, long high, long low, int length) {
            addresses[id] = (int) (high >>> 32);
            lengths[id] = (byte) (length + 1);
        }

        @Override
        void clear(int id) {
            addresses[id] = 0;
            lengths[id] = 0;
        }

        @Override
        public long highOf(int id) {
            return (long) addresses[id] << 32;
        }

        @Override
        public long lowOf(int id) {
            return 0;
        }

        @Override
        public int lengthOf(int id) {
            return (lengths[id] & 0xFF) - 1;
        }

        @Override
        public void addTo(PrefixBlock.Builder block, int id, int pathId) {
            block.addIpv4(pathId, addresses[id], lengthOf(id));
        }

        @Override
        void growKeys(int capacity) {
            addresses = addresses == null ? new int[capacity] : Arrays.copyOf(addresses, capacity);
            lengths = lengths == null ? new byte[capacity] : Arrays.copyOf(lengths, capacity);
        }

        @Override
        long keyFootprint() {
            return 5L * addresses.length;
        }
    }

    /** IPv6 prefixes: two longs of address and a byte of length + 1 (0 for a free id). */
    static final class Ipv6 extends PrefixTable {
        private long[] highs;
        private long[] lows;
        private byte[] lengths;
        private final byte[] scratch = new byte[16];

        Ipv6(AddressFamily family, int expected) {
            super(family, expected);
        }

        @Override
        long high(PrefixCursor c) {
            return c.ipv6High();
        }

        @Override
        long low(PrefixCursor c) {
            return c.ipv6Low();
        }

        @Override
        boolean matches(int id, long high, long low, int length) {
            return highs[id] == high && lows[id] == low && lengths[id] == (byte) (length + 1);
        }

        @Override
        void store(int id, long high, long low, int length) {
            highs[id] = high;
            lows[id] = low;
            lengths[id] = (byte) (length + 1);
        }

        @Override
        void clear(int id) {
            highs[id] = 0;
            lows[id] = 0;
            lengths[id] = 0;
        }

        @Override
        public long highOf(int id) {
            return highs[id];
        }

        @Override
        public long lowOf(int id) {
            return lows[id];
        }

        @Override
        public int lengthOf(int id) {
            return (lengths[id] & 0xFF) - 1;
        }

        @Override
        public void addTo(PrefixBlock.Builder block, int id, int pathId) {
            for (int i = 0; i < 8; i++) {
                scratch[i] = (byte) (highs[id] >>> (56 - 8 * i));
                scratch[8 + i] = (byte) (lows[id] >>> (56 - 8 * i));
            }
            block.add(pathId, scratch, lengthOf(id));
        }

        @Override
        void growKeys(int capacity) {
            highs = highs == null ? new long[capacity] : Arrays.copyOf(highs, capacity);
            lows = lows == null ? new long[capacity] : Arrays.copyOf(lows, capacity);
            lengths = lengths == null ? new byte[capacity] : Arrays.copyOf(lengths, capacity);
        }

        @Override
        long keyFootprint() {
            return 17L * highs.length;
        }
    }
}
