package dev.javabgp.codec.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes BGP messages as one TCP stream to port 179 in a classic pcap file (Ethernet, IPv4, TCP),
 * one message per segment, so an independent dissector can read them.
 */
public final class PcapWriter {
    private PcapWriter() {}

    public static void write(Path file, List<byte[]> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(global.array());
        int sequence = 1000;
        int second = 1_700_000_000;
        for (byte[] bgp : messages) {
            byte[] frame = frame(bgp, sequence);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length);
            out.write(record.array());
            out.write(frame);
            sequence += bgp.length;
        }
        Files.write(file, out.toByteArray());
    }

    private static byte[] frame(byte[] payload, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0xC0).putShort((short) (40 + payload.length)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 1).put((byte) 6).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        b.putShort(ipStart + 10, (short) ipChecksum(b.array(), ipStart));
        b.putShort((short) 40179).putShort((short) 179).putInt(sequence).putInt(1)
                .put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    private static int ipChecksum(byte[] a, int start) {
        int sum = 0;
        for (int i = start; i < start + 20; i += 2) {
            sum += (a[i] & 0xFF) << 8 | (a[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
