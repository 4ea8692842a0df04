package dev.javabgp.codec.nlri;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable run of prefixes of one address family, held in their wire encoding (RFC 4271 §4.3,
 * RFC 7911 §3 with path identifiers) in one byte array: no object per prefix. Host bits past each
 * prefix length are cleared, so two blocks with the same prefixes in the same order are equal.
 */
public final class PrefixBlock {

    private static final byte[] EMPTY = new byte[0];

    private final AddressFamily family;
    private final boolean pathIds;
    private final byte[] wire;
    private final int count;
    private int hash;

    private PrefixBlock(AddressFamily family, boolean pathIds, byte[] wire, int count) {
        this.family = family;
        this.pathIds = pathIds;
        this.wire = wire;
        this.count = count;
    }

    private static final PrefixBlock[] EMPTY_COMMON = {
        new PrefixBlock(AddressFamily.IPV4_UNICAST, false, EMPTY, 0),
        new PrefixBlock(AddressFamily.IPV4_UNICAST, true, EMPTY, 0),
        new PrefixBlock(AddressFamily.IPV6_UNICAST, false, EMPTY, 0),
        new PrefixBlock(AddressFamily.IPV6_UNICAST, true, EMPTY, 0),
    };

    public static PrefixBlock empty(AddressFamily family) {
        return empty(family, false);
    }

    public static PrefixBlock empty(AddressFamily family, boolean pathIds) {
        int slot = family == AddressFamily.IPV4_UNICAST ? 0 : family == AddressFamily.IPV6_UNICAST ? 2 : -1;
        return slot < 0 ? new PrefixBlock(family, pathIds, EMPTY, 0) : EMPTY_COMMON[slot + (pathIds ? 1 : 0)];
    }

    public static PrefixBlock of(AddressFamily family, IpPrefix... prefixes) {
        return of(family, Arrays.asList(prefixes));
    }

    public static PrefixBlock of(AddressFamily family, List<IpPrefix> prefixes) {
        Builder b = builder(family, false);
        for (IpPrefix p : prefixes) {
            b.add(p);
        }
        return b.build();
    }

    /** Parses each argument with {@link IpPrefix#parse}; all must belong to {@code family}. */
    public static PrefixBlock parse(AddressFamily family, String... prefixes) {
        Builder b = builder(family, false);
        for (String p : prefixes) {
            b.add(IpPrefix.parse(p));
        }
        return b.build();
    }

    public static Builder builder(AddressFamily family, boolean pathIds) {
        return new Builder(family, pathIds);
    }

    /**
     * Reads {@code length} bytes of NLRI at {@code index} of {@code buf} without moving its reader
     * index. Returns null if they are malformed: a prefix length beyond the family's maximum, or a
     * prefix that runs past the end (RFC 4271 §6.3, RFC 7606 §5.3).
     */
    public static PrefixBlock read(ByteBuf buf, int index, int length, AddressFamily family, boolean pathIds) {
        if (length == 0) {
            return empty(family, pathIds);
        }
        byte[] wire = new byte[length];
        buf.getBytes(index, wire);
        int count = scan(wire, 0, length, family.maxPrefixLength(), pathIds, true);
        return count < 0 ? null : new PrefixBlock(family, pathIds, wire, count);
    }

    /**
     * Checks {@code length} bytes of NLRI at {@code offset} of {@code wire} in place: returns the
     * number of prefixes, or -1 if they are malformed as {@link #read} defines it.
     */
    public static int validate(byte[] wire, int offset, int length, AddressFamily family, boolean pathIds) {
        return scan(wire, offset, length, family.maxPrefixLength(), pathIds, false);
    }

    private static int scan(byte[] a, int offset, int length, int maxBits, boolean pathIds, boolean clearHostBits) {
        int p = offset;
        int end = offset + length;
        int skip = pathIds ? 4 : 0;
        int count = 0;
        while (p < end) {
            int lengthAt = p + skip;
            if (lengthAt >= end) {
                return -1;
            }
            byte lengthOctet = a[lengthAt];
            int bits = lengthOctet & 0xFF;
            if (bits > maxBits) {
                return -1;
            }
            int stride = skip + 1 + ((bits + 7) >>> 3);
            if (p + stride > end) {
                return -1;
            }
            // Packs are mostly runs of one prefix length: check the next length octets at a fixed
            // stride, loads that do not wait on each other, and fall back where the run ends.
            int q = p + stride;
            int fourStrides = 4 * stride;
            while (q + fourStrides <= end && a[q + skip] == lengthOctet && a[q + skip + stride] == lengthOctet
                    && a[q + skip + 2 * stride] == lengthOctet && a[q + skip + 3 * stride] == lengthOctet) {
                q += fourStrides;
            }
            while (q + stride <= end && a[q + skip] == lengthOctet) {
                q += stride;
            }
            if (clearHostBits && (bits & 7) != 0) {
                // RFC 4271 §4.3: trailing bits are irrelevant; clearing them makes equal routes equal.
                byte mask = (byte) (0xFF00 >>> (bits & 7));
                for (int last = p + stride - 1; last < q; last += stride) {
                    a[last] &= mask;
                }
            }
            count += (q - p) / stride;
            p = q;
        }
        return count;
    }

    public AddressFamily family() {
        return family;
    }

    /** True if each prefix carries an ADD-PATH path identifier (RFC 7911). */
    public boolean hasPathIds() {
        return pathIds;
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Bytes this block occupies on the wire. */
    public int encodedLength() {
        return wire.length;
    }

    public PrefixCursor cursor() {
        return new PrefixCursor(wire, 0, wire.length, family, pathIds);
    }

    public void writeTo(ByteBuf out) {
        out.writeBytes(wire);
    }

    /** Writes the entries between two offsets returned by {@link #boundaryWithin}. */
    public void writeRange(ByteBuf out, int fromOffset, int toOffset) {
        out.writeBytes(wire, fromOffset, toOffset - fromOffset);
    }

    /**
     * The largest entry boundary at or below {@code fromOffset + budget}, starting at the entry
     * boundary {@code fromOffset}; equals {@code fromOffset} if not even one entry fits.
     */
    public int boundaryWithin(int fromOffset, int budget) {
        int limit = Math.min(wire.length, fromOffset + budget);
        int p = fromOffset;
        int header = pathIds ? 5 : 1;
        while (p < wire.length) {
            int next = p + header + (((wire[p + header - 1] & 0xFF) + 7) >>> 3);
            if (next > limit) {
                break;
            }
            p = next;
        }
        return p;
    }

    /** This block with or without path identifiers; added identifiers are {@code pathId}. */
    public PrefixBlock withPathIds(boolean wanted, int pathId) {
        if (wanted == pathIds) {
            return this;
        }
        Builder b = builder(family, wanted);
        PrefixCursor c = cursor();
        byte[] address = new byte[family.addressBytes()];
        while (c.next()) {
            c.copyAddress(address);
            b.add(wanted ? pathId : 0, address, c.length());
        }
        return b.build();
    }

    /** The prefixes as values; allocates one object per prefix. */
    public List<IpPrefix> prefixes() {
        List<IpPrefix> list = new ArrayList<>(count);
        PrefixCursor c = cursor();
        while (c.next()) {
            list.add(c.toPrefix());
        }
        return Collections.unmodifiableList(list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixBlock b
                && b.count == count
                && b.pathIds == pathIds
                && b.family.equals(family)
                && Arrays.equals(b.wire, wire);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = (family.hashCode() * 31 + Arrays.hashCode(wire)) * 2 + (pathIds ? 1 : 0);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family.toString()).append('[');
        PrefixCursor c = cursor();
        boolean first = true;
        while (c.next()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            if (pathIds) {
                sb.append("id ").append(Integer.toUnsignedString(c.pathId())).append(' ');
            }
            sb.append(c.toPrefix());
        }
        return sb.append(']').toString();
    }

    /** Accumulates prefixes into one growing array; the block it builds shares nothing with it. */
    public static final class Builder {
        private final AddressFamily family;
        private final boolean pathIds;
        private byte[] wire = new byte[64];
        private int size;
        private int count;

        private Builder(AddressFamily family, boolean pathIds) {
            if (!family.carriesPrefixes()) {
                throw new IllegalArgumentException(family + " does not carry IP prefixes");
            }
            this.family = family;
            this.pathIds = pathIds;
        }

        public Builder add(IpPrefix prefix) {
            return add(0, prefix);
        }

        public Builder add(int pathId, IpPrefix prefix) {
            if (prefix.address().length != family.addressBytes()) {
                throw new IllegalArgumentException(prefix + " does not belong to " + family);
            }
            return add(pathId, prefix.address(), prefix.length());
        }

        /** Adds an IPv4 prefix given as an integer address, without allocating. */
        public Builder addIpv4(int pathId, int address, int length) {
            if (family.afi() != AddressFamily.AFI_IPV4 || length < 0 || length > 32) {
                throw new IllegalArgumentException("not an IPv4 prefix of " + family + ": /" + length);
            }
            int bytes = (length + 7) >>> 3;
            ensure((pathIds ? 5 : 1) + bytes);
            writePathId(pathId);
            wire[size++] = (byte) length;
            int masked = length == 0 ? 0 : address & (-1 << (32 - length));
            for (int i = 0; i < bytes; i++) {
                wire[size++] = (byte) (masked >>> (24 - 8 * i));
            }
            count++;
            return this;
        }

        /** Adds a prefix from an address array of the family's length; host bits are cleared. */
        public Builder add(int pathId, byte[] address, int length) {
            if (address.length != family.addressBytes() || length < 0 || length > family.maxPrefixLength()) {
                throw new IllegalArgumentException("not a prefix of " + family + ": /" + length);
            }
            int bytes = (length + 7) >>> 3;
            ensure((pathIds ? 5 : 1) + bytes);
            writePathId(pathId);
            wire[size++] = (byte) length;
            System.arraycopy(address, 0, wire, size, bytes);
            size += bytes;
            if ((length & 7) != 0) {
                wire[size - 1] &= (byte) (0xFF00 >>> (length & 7));
            }
            count++;
            return this;
        }

        private void writePathId(int pathId) {
            if (pathIds) {
                wire[size++] = (byte) (pathId >>> 24);
                wire[size++] = (byte) (pathId >>> 16);
                wire[size++] = (byte) (pathId >>> 8);
                wire[size++] = (byte) pathId;
            }
        }

        private void ensure(int more) {
            if (size + more > wire.length) {
                wire = Arrays.copyOf(wire, Math.max(wire.length * 2, size + more));
            }
        }

        public int count() {
            return count;
        }

        /** Empties the builder, keeping its room, to build another block. */
        public Builder clear() {
            size = 0;
            count = 0;
            return this;
        }

        public PrefixBlock build() {
            return count == 0 ? empty(family, pathIds) : new PrefixBlock(family, pathIds, Arrays.copyOf(wire, size), count);
        }
    }
}
