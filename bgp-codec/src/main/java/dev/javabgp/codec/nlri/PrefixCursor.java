package dev.javabgp.codec.nlri;

/**
 * Walks the prefixes of a {@link PrefixBlock} without creating an object per prefix. Call
 * {@link #next()} until it returns false; the accessors describe the current prefix.
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
    private final int end;
    private final boolean addPath;
    private final int addressBytes;
    private int position;
    private int pathId;
    private int length;
    private int addressOffset;

    PrefixCursor(byte[] wire, int start, int end, boolean addPath, int addressBytes) {
        this.wire = wire;
        this.position = start;
        this.end = end;
        this.addPath = addPath;
        this.addressBytes = addressBytes;
    }

    /** Moves to the next prefix; false when there is none. */
    public boolean next() {
        if (position >= end) {
            return false;
        }
        int p = position;
        if (addPath) {
            pathId = (wire[p] & 0xFF) << 24 | (wire[p + 1] & 0xFF) << 16 | (wire[p + 2] & 0xFF) << 8 | (wire[p + 3] & 0xFF);
            p += 4;
        }
        length = wire[p] & 0xFF;
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
        return i < significantBytes() ? wire[addressOffset + i] & 0xFF : 0;
    }

    /** IPv4 address as an integer, most significant byte first. */
    public int ipv4Address() {
        int value = 0;
        int n = significantBytes();
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (i < n ? wire[addressOffset + i] & 0xFF : 0);
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
            value = value << 8 | (i < n ? wire[addressOffset + i] & 0xFF : 0);
        }
        return value;
    }

    /** Copies the full address (4 or 16 bytes, host bits zero) into {@code target}. */
    public void copyAddress(byte[] target) {
        int n = significantBytes();
        System.arraycopy(wire, addressOffset, target, 0, n);
        java.util.Arrays.fill(target, n, addressBytes, (byte) 0);
    }

    /** The current prefix as a value; allocates, so keep it off hot paths. */
    public IpPrefix toPrefix() {
        byte[] address = new byte[addressBytes];
        copyAddress(address);
        return IpPrefix.of(address, length);
    }

    /** Offset of the current prefix's encoding (including any path identifier) in the block. */
    int entryStart() {
        return addressOffset - 1 - (addPath ? 4 : 0);
    }

    int entryEnd() {
        return position;
    }
}
