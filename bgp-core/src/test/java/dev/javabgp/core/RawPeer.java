package dev.javabgp.core;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.testing.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A BGP peer on a plain socket that does exactly what a test tells it: send these bytes, read the
 * next message, or stop reading. For testing what the speaker does when a peer misbehaves.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    /** What the session negotiated, for encoding what it sends and decoding what it reads. */
    private WireOptions options = WireOptions.DEFAULT;

    RawPeer(String localAddress, String speakerAddress, int port) throws IOException {
        socket = new Socket();
        // A small window, so a peer that stops reading stops the speaker's socket soon.
        socket.setReceiveBufferSize(16 * 1024);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress(speakerAddress, port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** The peer's end of a connection the speaker opened to it. */
    private RawPeer(Socket accepted) throws IOException {
        socket = accepted;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** Waits for the speaker to connect to {@code listener}. */
    static RawPeer accept(java.net.ServerSocket listener) throws IOException {
        listener.setSoTimeout(10_000);
        return new RawPeer(listener.accept());
    }

    /** Sends OPEN (hold time 0: no keepalives needed) and KEEPALIVE, and reads the speaker's. */
    void establish(long asn, String routerId) throws IOException {
        establish(asn, routerId, List.of());
    }

    /** As {@link #establish(long, String)}, announcing {@code capabilities}; returns the speaker's OPEN. */
    OpenMessage establish(long asn, String routerId, List<dev.javabgp.codec.capability.Capability> capabilities)
            throws IOException {
        send(OpenMessage.of(asn, 0, Addresses.ipv4(routerId), capabilities));
        send(KeepaliveMessage.INSTANCE);
        BgpMessage open = read();
        if (!(open instanceof OpenMessage speakerOpen)) {
            throw new IOException("expected OPEN, got " + open);
        }
        BgpMessage keepalive = read();
        if (!(keepalive instanceof KeepaliveMessage)) {
            throw new IOException("expected KEEPALIVE, got " + keepalive);
        }
        return speakerOpen;
    }

    /** Encodes and decodes from now on as a session with these options would. */
    void options(WireOptions value) {
        options = value;
    }

    void send(BgpMessage message) throws IOException {
        socket.getOutputStream().write(Bytes.encode(message, options));
    }

    void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** The next message from the speaker, as the bytes that came. */
    byte[] readBytes() throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = (header[16] & 0xFF) << 8 | (header[17] & 0xFF);
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, 19);
        in.readFully(whole, 19, length - 19);
        return whole;
    }

    /** The next message from the speaker. */
    BgpMessage read() throws IOException {
        byte[] whole = readBytes();
        ByteBuf buf = Unpooled.wrappedBuffer(whole);
        DecodeResult r = BgpMessageDecoder.decode(buf, options);
        if (r instanceof DecodeResult.Decoded d) {
            return d.message();
        }
        throw new IOException("undecodable message from the speaker: " + r);
    }

    /** The next message, or null once the speaker has closed the connection. */
    BgpMessage readOrEnd() throws IOException {
        try {
            return read();
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
