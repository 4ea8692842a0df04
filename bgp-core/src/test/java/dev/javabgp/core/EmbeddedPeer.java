package dev.javabgp.core;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A peer's connection to a speaker without a socket: an {@link EmbeddedChannel} carrying the
 * speaker's own pipeline, so a test feeds the session bytes and reads what it writes back in
 * microseconds. Everything happens on the speaker's event loop, as for a real connection, and every
 * buffer the connection allocates is remembered, so a test can check that each was released.
 */
final class EmbeddedPeer {

    private final BgpSpeaker speaker;
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final Connection channel;

    /** Connects from {@code peer} to the speaker at {@code local}, as an accepted connection. */
    EmbeddedPeer(BgpSpeaker speaker, InetSocketAddress local, InetSocketAddress peer) throws Exception {
        this.speaker = speaker;
        this.channel = new Connection(local, peer);
        channel.config().setAllocator(allocator);
        onLoop(() -> {
            speaker.addHandlers(channel, true);
            channel.register(); // channelActive: the speaker takes the connection for the peer at that address
            return null;
        });
    }

    /** Sends {@code bytes} to the speaker in pieces of {@code chunk} octets. */
    void send(byte[] bytes, int chunk) throws Exception {
        onLoop(() -> {
            for (int at = 0; at < bytes.length && channel.isOpen(); at += chunk) {
                int length = Math.min(chunk, bytes.length - at);
                channel.writeInbound(allocator.buffer(length).writeBytes(bytes, at, length));
            }
            return null;
        });
    }

    /** The messages the speaker wrote since the last call, each whole; the buffers are released. */
    List<byte[]> received() throws Exception {
        return onLoop(this::drain);
    }

    boolean isOpen() throws Exception {
        return onLoop(channel::isOpen);
    }

    /**
     * After the speaker stopped: the messages it wrote last, released with anything else still
     * queued, and the buffers never released.
     */
    List<ByteBuf> unreleasedAfterStop(List<byte[]> lastMessages) {
        lastMessages.addAll(drain());
        channel.finishAndReleaseAll();
        return allocator.unreleased();
    }

    private List<byte[]> drain() {
        List<byte[]> messages = new ArrayList<>();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            try {
                while (written.isReadable()) {
                    int length = written.readableBytes() >= 19 ? written.getUnsignedShort(written.readerIndex() + 16) : 0;
                    if (length < 19 || length > written.readableBytes()) {
                        throw new AssertionError("the speaker wrote a broken frame: " + ByteBufUtil.hexDump(written));
                    }
                    messages.add(ByteBufUtil.getBytes(written, written.readerIndex(), length));
                    written.skipBytes(length);
                }
            } finally {
                written.release();
            }
        }
        return messages;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> work) throws Exception {
        try {
            return speaker.onLoop(work).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** An embedded channel with the addresses of a TCP connection, which the speaker reads. */
    private static final class Connection extends EmbeddedChannel {
        private final InetSocketAddress local;
        private final InetSocketAddress remote;

        Connection(InetSocketAddress local, InetSocketAddress remote) {
            super(null, io.netty.channel.DefaultChannelId.newInstance(), false, false);
            this.local = local;
            this.remote = remote;
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }

    /** Unpooled buffers, each remembered until it is checked. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return remember(new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return remember(new UnpooledDirectByteBuf(UnpooledByteBufAllocator.DEFAULT, initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private synchronized ByteBuf remember(ByteBuf buf) {
            allocated.add(buf);
            return buf;
        }

        synchronized List<ByteBuf> unreleased() {
            return allocated.stream().filter(b -> b.refCnt() != 0).toList();
        }
    }
}
