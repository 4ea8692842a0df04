package dev.javabgp.core.hardening;

import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.UpdatePacker;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.LocalPref;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.capability.MultiprotocolCapability;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.DynamicPeers;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.rib.out.ExportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One speaker as route reflector (RFC 4456) for many iBGP clients on loopback addresses
 * 127.0.1.1, 127.0.1.2, ...: each client announces its own prefixes and must receive every other
 * client's, reflected with the originator's ORIGINATOR_ID and our CLUSTER_LIST. The clients are
 * raw BGP peers sharing one selector thread, so the machine's cores go to the speaker.
 */
public final class ReflectorLoad {

    static final long AS = 64512;
    static final String SPEAKER = "127.0.0.1";
    /** Cluster ID: the reflector's router ID (RFC 4456 §7). */
    static final int CLUSTER_ID = 0x0A000001;
    static final int FIRST_PREFIX = 0x0A000000;

    /**
     * @param seconds from the first connection until every client held every other client's routes
     * @param ownReflected the routes each client got back with its own ORIGINATOR_ID (RFC 4456 §8:
     *     it ignores them), summed over the clients
     * @param peakHeapBytes the most heap the JVM used meanwhile, clients included
     * @param liveHeapBytes heap in use after a collection once converged, clients included
     */
    public record Result(int clients, int prefixesPerClient, double seconds, long reflected, long ownReflected,
            long peakHeapBytes, long liveHeapBytes) {
        @Override
        public String toString() {
            return String.format("%d clients x %d prefixes: converged in %.1f s; %d routes reflected to clients (%d of them "
                    + "back to their originator); heap peak %d MiB, live after GC %d MiB", clients, prefixesPerClient, seconds,
                    reflected, ownReflected, peakHeapBytes >> 20, liveHeapBytes >> 20);
        }
    }

    private final int clients;
    private final int prefixes;
    private final Client[] all;
    private final Selector selector;
    private String failure;

    private ReflectorLoad(int clients, int prefixes) throws IOException {
        if (clients < 2 || clients > 254 || prefixes < 1 || (long) clients * prefixes > 1 << 20) {
            throw new IllegalArgumentException("2..254 clients and at most 2^20 prefixes in all (10.0.0.0/8 in /28s), not "
                    + clients + " x " + prefixes);
        }
        this.clients = clients;
        this.prefixes = prefixes;
        this.all = new Client[clients];
        this.selector = Selector.open();
    }

    /** Runs the reflector with {@code clients} clients of {@code prefixes} prefixes each until they converge. */
    public static Result run(int clients, int prefixes, Duration timeout) throws Exception {
        ReflectorLoad load = new ReflectorLoad(clients, prefixes);
        try {
            return load.run(timeout);
        } finally {
            load.selector.close();
        }
    }

    private Result run(Duration timeout) throws Exception {
        int port = dev.javabgp.core.interop.Loopback.freePort(SPEAKER);
        PeerConfig template = PeerConfig.of("127.0.1.0", AS).withRole(ExportSettings.Role.ROUTE_REFLECTOR_CLIENT)
                .withFamilies(Set.of(AddressFamily.IPV4_UNICAST));
        BgpSpeaker reflector = BgpSpeaker.builder(AS, "10.0.0.1").listen(SPEAKER, port)
                .expectedPrefixes(clients * prefixes)
                .dynamicPeers(new DynamicPeers(IpPrefix.parse("127.0.1.0/24"), template)).build();
        try {
            reflector.start().get(10, TimeUnit.SECONDS);
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long started = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                all[i] = new Client(i, port);
            }
            long deadline = started + timeout.toNanos();
            int converged = 0;
            while (converged < clients) {
                if (failure != null) {
                    throw new AssertionError(failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not converged after " + timeout.toSeconds() + " s: " + converged + " of " + clients
                            + " clients hold every route; fewest held: " + fewest());
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Client) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
                converged = 0;
                for (Client c : all) {
                    converged += c.converged() ? 1 : 0;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.gc();
            long live = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            long reflected = 0;
            long own = 0;
            for (Client c : all) {
                reflected += c.received;
                own += c.own;
            }
            return new Result(clients, prefixes, seconds, reflected, own, peak, live);
        } finally {
            reflector.close(); // first: clients leaving one by one would make it withdraw their routes from the rest
            for (Client c : all) {
                if (c != null) {
                    c.channel.close();
                }
            }
        }
    }

    private String fewest() {
        Client least = all[0];
        for (Client c : all) {
            if (c.others() < least.others()) {
                least = c;
            }
        }
        return least.address + " with " + least.others() + " of " + (long) (clients - 1) * prefixes;
    }

    /** One client: its socket, what it still has to send, and which prefixes it has been sent. */
    private final class Client {
        final int index;
        final String address;
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        final BitSet seen = new BitSet(clients * prefixes);
        long received;
        long own;

        Client(int index, int port) throws IOException {
            this.index = index;
            this.address = "127.0.1." + (index + 1);
            this.out = ByteBuffer.wrap(opening(index));
            channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(address, 0));
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress(SPEAKER, port));
            channel.register(selector, SelectionKey.OP_CONNECT, this);
        }

        void ready(SelectionKey key) {
            try {
                if (key.isConnectable() && channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    if (channel.read(in) < 0) {
                        fail("the reflector closed the connection");
                        return;
                    }
                    in.flip();
                    while (in.remaining() >= 19 && in.remaining() >= (in.getShort(in.position() + 16) & 0xFFFF)) {
                        int length = in.getShort(in.position() + 16) & 0xFFFF;
                        message(in.array(), in.position(), length);
                        in.position(in.position() + length);
                    }
                    in.compact();
                }
            } catch (IOException e) {
                fail(e.toString());
            }
        }

        private void fail(String why) {
            if (failure == null) {
                failure = "client " + address + ": " + why;
            }
        }

        /** Counts the prefixes of an UPDATE by their originator, from the wire; checks RFC 4456 §8's attributes. */
        private void message(byte[] m, int at, int length) {
            int type = m[at + 18];
            if (type == BgpMessage.TYPE_NOTIFICATION) {
                fail("NOTIFICATION " + (m[at + 19] & 0xFF) + "/" + (m[at + 20] & 0xFF));
                return;
            }
            if (type != BgpMessage.TYPE_UPDATE) {
                return;
            }
            int end = at + length;
            int p = at + 19;
            int withdrawn = (m[p] & 0xFF) << 8 | m[p + 1] & 0xFF;
            if (withdrawn != 0) {
                fail("a withdrawal, with no route ever withdrawn");
                return;
            }
            p += 2;
            int attributesEnd = p + 2 + ((m[p] & 0xFF) << 8 | m[p + 1] & 0xFF);
            p += 2;
            int originator = -1;
            boolean ourCluster = false;
            while (p < attributesEnd) {
                int flags = m[p] & 0xFF;
                int code = m[p + 1] & 0xFF;
                int valueLength = (flags & 0x10) != 0 ? (m[p + 2] & 0xFF) << 8 | m[p + 3] & 0xFF : m[p + 2] & 0xFF;
                int value = p + ((flags & 0x10) != 0 ? 4 : 3);
                if (code == 9) { // ORIGINATOR_ID
                    originator = readInt(m, value) - 0x0A010001;
                } else if (code == 10) { // CLUSTER_LIST
                    ourCluster = valueLength == 4 && readInt(m, value) == CLUSTER_ID;
                }
                p = value + valueLength;
            }
            if (p == end) {
                return; // End-of-RIB (RFC 4724 §2)
            }
            if (originator < 0 || originator >= clients || !ourCluster) {
                fail("a route without the ORIGINATOR_ID of a client or without our CLUSTER_LIST (RFC 4456 §8)");
                return;
            }
            while (p < end) {
                int bits = m[p] & 0xFF;
                int address = 0;
                for (int i = 0; i < 4; i++) {
                    address = address << 8 | (i < (bits + 7) / 8 ? m[p + 1 + i] & 0xFF : 0);
                }
                p += 1 + (bits + 7) / 8;
                int k = (address - FIRST_PREFIX) >>> 4;
                if (bits != 28 || k / prefixes != originator) {
                    fail("prefix " + IpPrefix.ipv4(address, bits) + " with the ORIGINATOR_ID of client " + originator);
                    return;
                }
                if (!seen.get(k)) {
                    seen.set(k);
                    received++;
                    if (originator == index) {
                        own++;
                    }
                }
            }
        }

        long others() {
            return received - own;
        }

        boolean converged() {
            return others() == (long) (clients - 1) * prefixes;
        }
    }

    static int readInt(byte[] m, int at) {
        return (m[at] & 0xFF) << 24 | (m[at + 1] & 0xFF) << 16 | (m[at + 2] & 0xFF) << 8 | m[at + 3] & 0xFF;
    }

    /** OPEN (hold time 0: no KEEPALIVEs to keep up), KEEPALIVE, the client's routes packed full, End-of-RIB. */
    private byte[] opening(int index) {
        ByteBuf wire = Unpooled.buffer();
        try {
            WireOptions options = WireOptions.DEFAULT.withExternalPeer(false);
            OpenMessage open = OpenMessage.of(AS, 0, Addresses.ipv4(0x0A010001 + index),
                    List.of(new MultiprotocolCapability(AddressFamily.IPV4_UNICAST)));
            for (BgpMessage m : List.of(open, KeepaliveMessage.INSTANCE)) {
                ByteBuf b = BgpMessageEncoder.encode(m, options, wire.alloc());
                wire.writeBytes(b);
                b.release();
            }
            PrefixBlock.Builder block = PrefixBlock.builder(AddressFamily.IPV4_UNICAST, false);
            for (int j = 0; j < prefixes; j++) {
                block.addIpv4(0, FIRST_PREFIX + ((index * prefixes + j) << 4), 28);
            }
            PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.1." + (index + 1)),
                    new LocalPref(100));
            UpdatePacker.writeAnnouncements(attributes, block.build(), options, wire);
            ByteBuf eor = BgpMessageEncoder.encode(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST), options, wire.alloc());
            wire.writeBytes(eor);
            eor.release();
            byte[] bytes = new byte[wire.readableBytes()];
            wire.readBytes(bytes);
            return bytes;
        } finally {
            wire.release();
        }
    }
}
