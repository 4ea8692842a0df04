package dev.javabgp.core;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.NotificationMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.testing.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * A BGP peer on a plain socket that does exactly what a test tells it: send these bytes, read the
 * next message, stop reading, or reset the connection. For testing what the speaker does when a
 * peer misbehaves.
 */
public final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    /** How the speaker's messages are decoded: what the session negotiated for that direction. */
    private WireOptions options = WireOptions.DEFAULT;
    /** How {@link #send(BgpMessage)} encodes: what the session negotiated for our direction. */
    private WireOptions sendOptions = WireOptions.DEFAULT;

    public RawPeer(String localAddress, String speakerAddress, int port) throws IOException {
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
    public static RawPeer accept(java.net.ServerSocket listener) throws IOException {
        listener.setSoTimeout(10_000);
        return new RawPeer(listener.accept());
    }

    /** Sends OPEN (hold time 0: no keepalives needed) and KEEPALIVE, and reads the speaker's. */
    public void establish(long asn, String routerId) throws IOException {
        establish(OpenMessage.of(asn, 0, Addresses.ipv4(routerId), List.of()));
    }

    /** As {@link #establish(long, String)}, announcing {@code capabilities}; returns the speaker's OPEN. */
    public OpenMessage establish(long asn, String routerId, List<dev.javabgp.codec.capability.Capability> capabilities)
            throws IOException {
        return establish(OpenMessage.of(asn, 0, Addresses.ipv4(routerId), capabilities));
    }

    /**
     * Sends {@code open} and a KEEPALIVE, reads the speaker's OPEN and KEEPALIVE, and returns the
     * speaker's OPEN. Decode the speaker's messages as negotiated with {@link #decodeWith}.
     */
    public OpenMessage establish(OpenMessage open) throws IOException {
        send(open);
        send(KeepaliveMessage.INSTANCE);
        BgpMessage theirs = read();
        if (!(theirs instanceof OpenMessage speakerOpen)) {
            throw new IOException("expected OPEN, got " + theirs);
        }
        BgpMessage keepalive = read();
        if (!(keepalive instanceof KeepaliveMessage)) {
            throw new IOException("expected KEEPALIVE, got " + keepalive);
        }
        return speakerOpen;
    }

    /** Decodes what the speaker sends from now on with {@code value} (2-octet AS numbers, say). */
    public RawPeer decodeWith(WireOptions value) {
        options = value;
        return this;
    }

    /** Encodes and decodes from now on as a session with these options would. */
    public RawPeer options(WireOptions value) {
        options = value;
        sendOptions = value;
        return this;
    }

    public void send(BgpMessage message) throws IOException {
        send(message, sendOptions);
    }

    /** Sends {@code message} encoded as the session negotiated it, e.g. with 2-octet AS numbers. */
    public void send(BgpMessage message, WireOptions wire) throws IOException {
        socket.getOutputStream().write(Bytes.encode(message, wire));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Sends only the octets {@code from} (inclusive) to {@code to} (exclusive) of {@code bytes}. */
    public void sendBytes(byte[] bytes, int from, int to) throws IOException {
        socket.getOutputStream().write(bytes, from, to - from);
        socket.getOutputStream().flush();
    }

    /** The next message from the speaker, as the bytes that came. */
    public byte[] readBytes() throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = (header[16] & 0xFF) << 8 | (header[17] & 0xFF);
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, 19);
        in.readFully(whole, 19, length - 19);
        return whole;
    }

    /** The next message from the speaker. */
    public BgpMessage read() throws IOException {
        byte[] whole = readBytes();
        ByteBuf buf = Unpooled.wrappedBuffer(whole);
        DecodeResult r = BgpMessageDecoder.decode(buf, options);
        if (r instanceof DecodeResult.Decoded d) {
            return d.message();
        }
        throw new IOException("undecodable message from the speaker: " + r);
    }

    /** The next message, or null once the speaker has closed the connection. */
    public BgpMessage readOrEnd() throws IOException {
        try {
            return read();
        } catch (java.io.EOFException | java.net.SocketException e) {
            return null;
        }
    }

    /**
     * Reads past KEEPALIVEs and UPDATEs to the speaker's NOTIFICATION, within {@code timeout}.
     *
     * @throws AssertionError if the connection ends or the time passes without one
     */
    public NotificationMessage awaitNotification(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            BgpMessage m = readWithin(deadline);
            if (m == null) {
                throw new AssertionError("the speaker closed the connection without a NOTIFICATION");
            }
            if (m instanceof NotificationMessage n) {
                return n;
            }
        }
    }

    /**
     * Reads and drops the speaker's messages until it closes the connection; true if it did within
     * {@code timeout}, false if the connection was still open then.
     */
    public boolean awaitEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (readWithin(deadline) != null) {
                // the speaker may still send what it had queued before closing
            }
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }

    /** The next message, or null at the end of the connection; an AssertionError past the deadline. */
    private BgpMessage readWithin(long deadline) throws IOException {
        int left = (int) Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        int before = socket.getSoTimeout();
        socket.setSoTimeout(left);
        try {
            return readOrEnd();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing from the speaker within the time allowed");
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    /** Ends the connection with a TCP RST rather than a FIN (SO_LINGER 0), as a crashed host's stack would. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** The local address the peer connects from. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
