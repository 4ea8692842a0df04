package dev.javabgp.codec.nlri;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Walks prefixes in their wire encoding (RFC 4271 §4.3, RFC 7911 §3) without creating an object per
 * prefix: those of a {@link PrefixBlock}, or a received UPDATE's as an
 * {@link dev.javabgp.codec.UpdateReader} hands them over. Call {@link #next()} until it returns
 * false; the accessors describe the current prefix, with host bits reading as zero.
 *
 * <pre>{@code
 * PrefixCursor c = block.cursor();
 * while (c.next()) {
 *     table.put(c.ipv4Address(), c.length());
 * }
 * }</pre>
 */
public final class PrefixCursor {

    private static final VarHandle INT_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] wire;
    private int end;
    private boolean pathIds;
    private AddressFamily family;
    private int position;
    private int pathId;
    private int length;
    private int addressOffset;
    private int lastLength = -1;
    private int lastStride;

    /**
     * A cursor over {@code length} bytes of NLRI at {@code offset} of {@code wire} that
     * {@link PrefixBlock#validate} accepted; it reads the array in place.
     */
    public PrefixCursor(byte[] wire, int offset, int length, AddressFamily family, boolean pathIds) {
        reset(wire, offset, length, family, pathIds);
    }

    /** Points this cursor at other NLRI, so a reader can reuse one cursor for every message. */
    public PrefixCursor reset(byte[] wire, int offset, int length, AddressFamily family, boolean pathIds) {
        this.wire = wire;
        this.position = offset;
        this.end = offset + length;
        this.pathIds = pathIds;
        this.family = family;
        this.pathId = 0;
        this.lastLength = -1;
        return this;
    }

    public AddressFamily family() {
        return family;
    }

    /** True if the prefixes carry ADD-PATH path identifiers (RFC 7911). */
    public boolean hasPathIds() {
        return pathIds;
    }

    /** Moves to the next prefix; false when there is none. */
    public boolean next() {
        int p = position;
        if (p >= end) {
            return false;
        }
        byte[] w = wire;
        int lengthAt = p;
        if (pathIds) {
            pathId = (w[p] & 0xFF) << 24 | (w[p + 1] & 0xFF) << 16 | (w[p + 2] & 0xFF) << 8 | (w[p + 3] & 0xFF);
            lengthAt = p + 4;
        }
        int bits = w[lengthAt] & 0xFF;
        // Packs repeat one prefix length: reusing the last stride lets the next position be
        // computed before this length octet is loaded, instead of waiting on it.
        if (bits != lastLength) {
            lastLength = bits;
            lastStride = lengthAt - p + 1 + ((bits + 7) >>> 3);
        }
        length = bits;
        addressOffset = lengthAt + 1;
        position = p + lastStride;
        return true;
    }

    /** ADD-PATH path identifier (RFC 7911), or 0 when there is none. */
    public int pathId() {
        return pathId;
    }

    /** Prefix length in bits. */
    public int length() {
        return length;
    }

    /** Number of address bytes present on the wire for this prefix. */
    public int significantBytes() {
        return (length + 7) >>> 3;
    }

    /** IPv4 address as an integer, most significant byte first. */
    public int ipv4Address() {
        byte[] w = wire;
        int o = addressOffset;
        int value;
        if (o + 4 <= w.length) {
            // One load; bytes past the prefix belong to the next entry and are masked away.
            value = (int) INT_BIG_ENDIAN.get(w, o);
        } else {
            value = 0;
            for (int i = 0; i < (length + 7) >>> 3; i++) {
                value |= (w[o + i] & 0xFF) << (24 - 8 * i);
            }
        }
        // RFC 4271 §4.3: bits past the prefix length are irrelevant.
        return length == 0 ? 0 : value & (-1 << (32 - length));
    }

    /** Upper 64 bits of an IPv6 address. */
    public long ipv6High() {
        long mask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        return bits(0) & mask;
    }

    /** Lower 64 bits of an IPv6 address. */
    public long ipv6Low() {
        long mask = length <= 64 ? 0 : length >= 128 ? -1L : -1L << (128 - length);
        return bits(8) & mask;
    }

    private long bits(int from) {
        long value = 0;
        int n = significantBytes();
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (i < n ? wire[addressOffset + i] & 0xFF : 0);
        }
        return value;
    }

    /** Byte {@code i} of the address, zero past the prefix length. */
    public int addressByte(int i) {
        int bitsLeft = length - 8 * i;
        if (bitsLeft <= 0) {
            return 0;
        }
        int value = wire[addressOffset + i] & 0xFF;
        return bitsLeft >= 8 ? value : value & (0xFF00 >>> bitsLeft);
    }

    /** Copies the full address (4 or 16 bytes, host bits zero) into {@code target}. */
    public void copyAddress(byte[] target) {
        int n = significantBytes();
        for (int i = 0; i < n; i++) {
            target[i] = (byte) addressByte(i);
        }
        Arrays.fill(target, n, family.addressBytes(), (byte) 0);
    }

    /** The current prefix as a value; allocates, so keep it off hot paths. */
    public IpPrefix toPrefix() {
        byte[] address = new byte[family.addressBytes()];
        copyAddress(address);
        return IpPrefix.of(address, length);
    }
}
