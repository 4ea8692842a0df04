package dev.javabgp.codec.nlri;

import io.netty.buffer.ByteBuf;

/**
 * Walks prefixes without creating an object per prefix, either those of a {@link PrefixBlock} or
 * those still in the received buffer (valid only while the buffer is). Call {@link #next()} until it
 * returns false; the accessors describe the current prefix, with host bits reading as zero.
 *
 * <pre>{@code
 * PrefixCursor c = block.cursor();
 * while (c.next()) {
 *     table.put(c.ipv4Address(), c.length());
 * }
 * }</pre>
 */
public final class PrefixCursor {

    private final byte[] wire;
    private final ByteBuf buffer;
    private final int end;
    private final boolean addPath;
    private final AddressFamily family;
    private final int addressBytes;
    private int position;
    private int pathId;
    private int length;
    private int addressOffset;

    PrefixCursor(byte[] wire, int start, int end, boolean addPath, AddressFamily family) {
        this.wire = wire;
        this.buffer = null;
        this.position = start;
        this.end = end;
        this.addPath = addPath;
        this.family = family;
        this.addressBytes = family.addressBytes();
    }

    /**
     * A cursor over {@code length} bytes of already validated NLRI at {@code index} of {@code buffer}
     * (see {@link PrefixBlock#validate}); it reads the buffer in place.
     */
    public PrefixCursor(ByteBuf buffer, int index, int length, AddressFamily family, boolean addPath) {
        this.wire = null;
        this.buffer = buffer;
        this.position = index;
        this.end = index + length;
        this.addPath = addPath;
        this.family = family;
        this.addressBytes = family.addressBytes();
    }


    public AddressFamily family() {
        return family;
    }

    /** True if the prefixes carry ADD-PATH path identifiers (RFC 7911). */
    public boolean hasPathIds() {
        return addPath;
    }

    /** Moves to the next prefix; false when there is none. */
    public boolean next() {
        if (position >= end) {
            return false;
        }
        int p = position;
        if (addPath) {
            pathId = at(p) << 24 | at(p + 1) << 16 | at(p + 2) << 8 | at(p + 3);
            p += 4;
        }
        length = at(p);
        addressOffset = p + 1;
        position = addressOffset + ((length + 7) >>> 3);
        return true;
    }

    /** ADD-PATH path identifier (RFC 7911), or 0 when the block carries none. */
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

    /** Byte {@code i} of the address (zero past the significant bytes). */
    public int addressByte(int i) {
        return i < significantBytes() ? masked(i) : 0;
    }

    /** IPv4 address as an integer, most significant byte first. */
    public int ipv4Address() {
        int value = 0;
        int n = significantBytes();
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (i < n ? masked(i) : 0);
        }
        return value;
    }

    /** Upper 64 bits of an IPv6 address. */
    public long ipv6High() {
        return bits(0);
    }

    /** Lower 64 bits of an IPv6 address. */
    public long ipv6Low() {
        return bits(8);
    }

    private long bits(int from) {
        long value = 0;
        int n = significantBytes();
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (i < n ? masked(i) : 0);
        }
        return value;
    }

    /** Copies the full address (4 or 16 bytes, host bits zero) into {@code target}. */
    public void copyAddress(byte[] target) {
        int n = significantBytes();
        for (int i = 0; i < n; i++) {
            target[i] = (byte) masked(i);
        }
        java.util.Arrays.fill(target, n, addressBytes, (byte) 0);
    }

    /** The current prefix as a value; allocates, so keep it off hot paths. */
    public IpPrefix toPrefix() {
        byte[] address = new byte[addressBytes];
        copyAddress(address);
        return IpPrefix.of(address, length);
    }

    private int at(int index) {
        return wire != null ? wire[index] & 0xFF : buffer.getUnsignedByte(index);
    }

    /** Address byte {@code i} (below the significant bytes) with bits past the length cleared (RFC 4271 §4.3). */
    private int masked(int i) {
        int value = at(addressOffset + i);
        int bitsLeft = length - 8 * i;
        return bitsLeft >= 8 ? value : value & (0xFF00 >>> bitsLeft);
    }

    /** Offset of the current prefix's encoding (including any path identifier) in the block. */
    int entryStart() {
        return addressOffset - 1 - (addPath ? 4 : 0);
    }

    int entryEnd() {
        return position;
    }
}
