package dev.javabgp.dataplane.netlink.rtnetlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A NETLINK_ROUTE socket, opened through the Foreign Function and Memory API, in this process's
 * network namespace or in a named one.
 *
 * <p>A socket belongs to the network namespace it was created in for its whole life, whatever
 * namespace the threads that use it are in later. {@link #openInNamespace} therefore creates the
 * socket on a short-lived thread of its own that enters the target namespace with setns(2), makes
 * the socket, and returns to the namespace it came from; setns changes only the calling thread, so
 * the rest of the process never leaves its namespace.
 *
 * <p>Requests go out in batches: many messages per sendto(2), each with NLM_F_ACK, and the socket
 * reads every acknowledgement before it reports which requests the kernel refused. Calls are
 * serialised; the socket may be used from any thread.
 */
public final class NetlinkSocket implements AutoCloseable {

    // linux/netlink.h
    static final int NLMSG_HEADER = 16;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;
    /** Dumps get NLM_F_ROOT | NLM_F_MATCH. */
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    /** Where the kernel's named network namespaces live (iproute2's convention). */
    public static final Path NAMESPACE_DIRECTORY = Path.of("/var/run/netns");

    private static final int SEND_BUFFER = 256 * 1024;
    // The kernel's dump messages fill at most 32 KiB (netlink_dump); twice that leaves room.
    private static final int RECEIVE_BUFFER = 64 * 1024;
    // Each ACK is its own datagram in the receive queue (about 1 KiB of buffer with its overhead):
    // this many fit a forced 4 MiB buffer, the smaller number the default limit (rmem_max).
    private static final int MAX_UNACKNOWLEDGED = 1024;
    private static final int MAX_UNACKNOWLEDGED_UNFORCED = 128;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final int ANSWER_TIMEOUT_SECONDS = 10;
    private static final int DUMP_ATTEMPTS = 5;

    private final int fd;
    private final String where;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.errnoSlot(arena);
    private final MemorySegment sendBuffer = arena.allocate(SEND_BUFFER, 8);
    private final MemorySegment receiveBuffer = arena.allocate(RECEIVE_BUFFER, 8);
    private final MemorySegment kernelAddress = arena.allocate(Libc.SOCKADDR_NL_SIZE, 4);
    private final MemorySegment senderAddress = arena.allocate(Libc.SOCKADDR_NL_SIZE, 4);
    private final MemorySegment ioVector = arena.allocate(Libc.IOVEC_SIZE, 8);
    private final MemorySegment messageHeader = arena.allocate(Libc.MSGHDR_SIZE, 8);
    private int nextSequence = 1;
    private int maxUnacknowledged = MAX_UNACKNOWLEDGED;
    private boolean closed;

    private NetlinkSocket(int fd, String where) throws NetlinkException {
        this.fd = fd;
        this.where = where;
        kernelAddress.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK); // nl_pid 0: the kernel
        ioVector.set(ADDRESS, 0, receiveBuffer);
        ioVector.set(JAVA_LONG, 8, RECEIVE_BUFFER);
        try {
            configure();
        } catch (NetlinkException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A socket in this process's network namespace. */
    public static NetlinkSocket open() throws NetlinkException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(call);
            return new NetlinkSocket(createSocket(errno), "this process's network namespace");
        }
    }

    /**
     * A socket in the network namespace {@code /var/run/netns/<name>}, as {@code ip netns add}
     * makes them, without moving this process or any of its threads but a short-lived one.
     *
     * @throws NetlinkException when there is no such namespace, or entering it is not permitted
     *     (setns needs CAP_SYS_ADMIN)
     */
    public static NetlinkSocket openInNamespace(String name) throws NetlinkException {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new NetlinkException("'" + name + "' is not a network namespace name: expected a file name under "
                    + NAMESPACE_DIRECTORY + " such as 'blue'", 0);
        }
        Path path = NAMESPACE_DIRECTORY.resolve(name);
        if (!Files.exists(path)) {
            throw new NetlinkException("there is no network namespace '" + name + "': " + path
                    + " does not exist (ip netns add " + name + " creates one)", Errno.ENOENT);
        }
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread entering = Thread.ofPlatform().name("netlink-setns-" + name).daemon().start(() -> {
            try {
                outcome.set(createSocketIn(path));
            } catch (NetlinkException | RuntimeException e) {
                outcome.set(e);
            }
        });
        // The thread makes a few quick system calls; an interrupt does not stop it, so its socket is
        // waited for and closed rather than left open with no one to close it.
        boolean interrupted = false;
        while (true) {
            try {
                entering.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            if (outcome.get() instanceof Integer socket) {
                try (Arena call = Arena.ofConfined()) {
                    Libc.close(Libc.errnoSlot(call), socket);
                }
            }
            Thread.currentThread().interrupt();
            throw new NetlinkException("interrupted while opening a netlink socket in " + path, 0);
        }
        if (outcome.get() instanceof NetlinkException e) {
            throw e;
        }
        if (outcome.get() instanceof RuntimeException e) {
            throw e;
        }
        return new NetlinkSocket((Integer) outcome.get(), "network namespace " + name);
    }

    /** Runs on its own platform thread: setns affects only the calling OS thread. */
    private static int createSocketIn(Path namespace) throws NetlinkException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(call);
            int target = openReadOnly(errno, call, namespace.toString());
            int home = -1;
            try {
                home = openReadOnly(errno, call, "/proc/thread-self/ns/net");
                Libc.Result entered = Libc.setns(errno, target, Libc.CLONE_NEWNET);
                if (entered.failed()) {
                    throw new NetlinkException("cannot enter network namespace " + namespace + ": setns: "
                            + Errno.describe(entered.errno()) + " (it needs CAP_SYS_ADMIN)", entered.errno());
                }
                int socket = -1;
                try {
                    socket = createSocket(errno);
                } finally {
                    Libc.Result back = Libc.setns(errno, home, Libc.CLONE_NEWNET);
                    if (back.failed()) {
                        // The thread ends here either way; nothing else ever runs in it.
                        if (socket >= 0) {
                            Libc.close(errno, socket);
                        }
                        throw new NetlinkException("cannot return from network namespace " + namespace + ": setns: "
                                + Errno.describe(back.errno()), back.errno());
                    }
                }
                return socket;
            } finally {
                Libc.close(errno, target);
                if (home >= 0) {
                    Libc.close(errno, home);
                }
            }
        }
    }

    private static int openReadOnly(MemorySegment errno, Arena arena, String path) throws NetlinkException {
        Libc.Result opened = Libc.open(errno, arena.allocateFrom(path), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (opened.failed()) {
            throw new NetlinkException("cannot open " + path + ": " + Errno.describe(opened.errno()), opened.errno());
        }
        return (int) opened.value();
    }

    private static int createSocket(MemorySegment errno) throws NetlinkException {
        Libc.Result socket = Libc.socket(errno, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        if (socket.failed()) {
            throw new NetlinkException("cannot create a netlink socket: " + Errno.describe(socket.errno()), socket.errno());
        }
        return (int) socket.value();
    }

    private void configure() throws NetlinkException {
        MemorySegment local = arena.allocate(Libc.SOCKADDR_NL_SIZE, 4);
        local.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK); // nl_pid 0: the kernel picks a port id
        check(Libc.bind(errno, fd, local, Libc.SOCKADDR_NL_SIZE), "bind");
        MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
        // linux/netlink.h: extended ACKs carry the kernel's own words; capped ACKs omit our request.
        check(Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, one, 4), "setsockopt NETLINK_EXT_ACK");
        check(Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, one, 4), "setsockopt NETLINK_CAP_ACK");
        // Strict checking (Linux 4.20+) lets dumps filter in the kernel; without it they return
        // everything and the caller's own filter does the work.
        Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_GET_STRICT_CHK, one, 4);
        MemorySegment size = arena.allocateFrom(JAVA_INT, SOCKET_BUFFER_BYTES);
        // The FORCE variants pass the sysctl limits but need CAP_NET_ADMIN; without it, take what is allowed.
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size, 4).failed()) {
            maxUnacknowledged = MAX_UNACKNOWLEDGED_UNFORCED;
            check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4), "setsockopt SO_RCVBUF");
        }
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, size, 4).failed()) {
            check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, size, 4), "setsockopt SO_SNDBUF");
        }
        MemorySegment timeout = arena.allocate(16, 8); // struct timeval
        timeout.set(JAVA_LONG, 0, ANSWER_TIMEOUT_SECONDS);
        check(Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 16), "setsockopt SO_RCVTIMEO");
    }

    private void check(Libc.Result result, String call) throws NetlinkException {
        if (result.failed()) {
            throw new NetlinkException("netlink socket in " + where + ": " + call + ": " + Errno.describe(result.errno()),
                    result.errno());
        }
    }

    /** A request the kernel refused: its index in the batch, errno, and the kernel's extended message. */
    public record Failure(int index, int errno, String kernelMessage) {
        /** Such as {@code File exists (EEXIST)}, or with the kernel's words: {@code ...: Nexthop has invalid gateway}. */
        public String describe() {
            return Errno.describe(errno) + (kernelMessage == null ? "" : ": " + kernelMessage);
        }
    }

    /**
     * Sends the requests in order, batched, each with NLM_F_ACK, and reads every acknowledgement.
     *
     * @return the requests the kernel refused, in order; empty when all were done
     * @throws NetlinkException when the socket itself fails or an acknowledgement does not come
     */
    public synchronized List<Failure> execute(List<Request> requests) throws NetlinkException {
        ensureOpen();
        List<Failure> failures = new ArrayList<>();
        int base = nextSequence;
        nextSequence += requests.size();
        int next = 0;
        while (next < requests.size()) {
            int first = next;
            long length = 0;
            while (next < requests.size() && next - first < maxUnacknowledged) {
                Request request = requests.get(next);
                int size = Attributes.align(NLMSG_HEADER + request.body().length);
                if (length + size > SEND_BUFFER) {
                    if (next == first) {
                        throw new NetlinkException("a netlink request of " + size + " bytes does not fit the "
                                + SEND_BUFFER + "-byte send buffer", 0);
                    }
                    break;
                }
                write(length, request, base + next, NLM_F_REQUEST | NLM_F_ACK);
                length += size;
                next++;
            }
            send(length);
            awaitAcknowledgements(base, first, next, failures);
        }
        return failures;
    }

    private void awaitAcknowledgements(int base, int first, int end, List<Failure> failures) throws NetlinkException {
        boolean[] acknowledged = new boolean[end - first];
        int pending = end - first;
        while (pending > 0) {
            int received = receive();
            for (int offset = 0; offset + NLMSG_HEADER <= received; ) {
                int length = receiveBuffer.get(JAVA_INT_UNALIGNED, offset);
                if (length < NLMSG_HEADER || offset + length > received) {
                    break;
                }
                int type = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 4));
                int index = receiveBuffer.get(JAVA_INT_UNALIGNED, offset + 8) - base;
                if (type == NLMSG_ERROR && index >= first && index < end && !acknowledged[index - first]) {
                    acknowledged[index - first] = true;
                    pending--;
                    int error = -receiveBuffer.get(JAVA_INT_UNALIGNED, offset + NLMSG_HEADER);
                    if (error != 0) {
                        failures.add(new Failure(index, error, extendedMessage(offset, length)));
                    }
                }
                offset += Attributes.align(length);
            }
        }
    }

    /** NLMSGERR_ATTR_MSG after struct nlmsgerr, present when the kernel set NLM_F_ACK_TLVS. */
    private String extendedMessage(int offset, int length) {
        int flags = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 6));
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        // nlmsghdr, then int error and the request's nlmsghdr (capped: no request body).
        int tlvStart = NLMSG_HEADER + 4 + NLMSG_HEADER;
        if (length <= tlvStart) {
            return null;
        }
        ByteBuffer tlvs = receiveBuffer.asSlice(offset + tlvStart, length - tlvStart).asByteBuffer()
                .order(ByteOrder.nativeOrder());
        return Attributes.parse(tlvs).string(NLMSGERR_ATTR_MSG);
    }

    /**
     * Sends a dump request and collects every message of the answer up to NLMSG_DONE. A dump the
     * kernel marks as interrupted (the table changed under it) is asked for again.
     */
    public synchronized List<NetlinkMessage> dump(Request request) throws NetlinkException {
        ensureOpen();
        for (int attempt = 1; ; attempt++) {
            List<NetlinkMessage> messages = new ArrayList<>();
            boolean interrupted = dumpOnce(request, messages);
            if (!interrupted) {
                return messages;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new NetlinkException("the kernel's dump kept changing under us (NLM_F_DUMP_INTR) "
                        + DUMP_ATTEMPTS + " times", 0);
            }
        }
    }

    private boolean dumpOnce(Request request, List<NetlinkMessage> messages) throws NetlinkException {
        int sequence = nextSequence++;
        write(0, request, sequence, NLM_F_REQUEST | NLM_F_DUMP);
        send(Attributes.align(NLMSG_HEADER + request.body().length));
        boolean interrupted = false;
        while (true) {
            int received = receive();
            for (int offset = 0; offset + NLMSG_HEADER <= received; ) {
                int length = receiveBuffer.get(JAVA_INT_UNALIGNED, offset);
                if (length < NLMSG_HEADER || offset + length > received) {
                    break;
                }
                int type = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 4));
                int flags = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 6));
                if (receiveBuffer.get(JAVA_INT_UNALIGNED, offset + 8) == sequence) {
                    interrupted |= (flags & NLM_F_DUMP_INTR) != 0;
                    if (type == NLMSG_DONE) {
                        return interrupted;
                    }
                    if (type == NLMSG_ERROR) {
                        int error = -receiveBuffer.get(JAVA_INT_UNALIGNED, offset + NLMSG_HEADER);
                        throw new NetlinkException("the kernel refused a dump: " + Errno.describe(error), error);
                    }
                    messages.add(copy(offset, length, type, flags, sequence));
                }
                offset += Attributes.align(length);
            }
        }
    }

    /**
     * Sends one request that the kernel answers with one message (such as RTM_GETLINK by name).
     *
     * @throws NetlinkException with the kernel's errno when it refuses, such as ENODEV
     */
    public synchronized NetlinkMessage get(Request request) throws NetlinkException {
        ensureOpen();
        int sequence = nextSequence++;
        write(0, request, sequence, NLM_F_REQUEST);
        send(Attributes.align(NLMSG_HEADER + request.body().length));
        while (true) {
            int received = receive();
            for (int offset = 0; offset + NLMSG_HEADER <= received; ) {
                int length = receiveBuffer.get(JAVA_INT_UNALIGNED, offset);
                if (length < NLMSG_HEADER || offset + length > received) {
                    break;
                }
                int type = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 4));
                int flags = Short.toUnsignedInt(receiveBuffer.get(JAVA_SHORT_UNALIGNED, offset + 6));
                if (receiveBuffer.get(JAVA_INT_UNALIGNED, offset + 8) == sequence) {
                    if (type == NLMSG_ERROR) {
                        int error = -receiveBuffer.get(JAVA_INT_UNALIGNED, offset + NLMSG_HEADER);
                        String kernelMessage = extendedMessage(offset, length);
                        throw new NetlinkException(Errno.describe(error)
                                + (kernelMessage == null ? "" : ": " + kernelMessage), error);
                    }
                    return copy(offset, length, type, flags, sequence);
                }
                offset += Attributes.align(length);
            }
        }
    }

    private NetlinkMessage copy(int offset, int length, int type, int flags, int sequence) {
        byte[] payload = receiveBuffer.asSlice(offset + NLMSG_HEADER, length - NLMSG_HEADER).toArray(JAVA_BYTE);
        return new NetlinkMessage(type, flags, sequence, ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()));
    }

    /** struct nlmsghdr: length, type, flags, sequence, port id (0: the kernel fills in ours). */
    private void write(long offset, Request request, int sequence, int extraFlags) {
        int length = NLMSG_HEADER + request.body().length;
        sendBuffer.set(JAVA_INT, offset, length);
        sendBuffer.set(JAVA_SHORT, offset + 4, (short) request.type());
        sendBuffer.set(JAVA_SHORT, offset + 6, (short) (request.flags() | extraFlags));
        sendBuffer.set(JAVA_INT, offset + 8, sequence);
        sendBuffer.set(JAVA_INT, offset + 12, 0);
        MemorySegment.copy(request.body(), 0, sendBuffer, JAVA_BYTE, offset + NLMSG_HEADER, request.body().length);
        for (long pad = offset + length; pad < offset + Attributes.align(length); pad++) {
            sendBuffer.set(JAVA_BYTE, pad, (byte) 0);
        }
    }

    private void send(long length) throws NetlinkException {
        while (true) {
            Libc.Result sent = Libc.sendto(errno, fd, sendBuffer, length, 0, kernelAddress, Libc.SOCKADDR_NL_SIZE);
            if (!sent.failed()) {
                return;
            }
            if (sent.errno() != Libc.EINTR) {
                throw new NetlinkException("netlink socket in " + where + ": sendto: " + Errno.describe(sent.errno()),
                        sent.errno());
            }
        }
    }

    /** Receives one datagram from the kernel into the receive buffer; returns its length. */
    private int receive() throws NetlinkException {
        while (true) {
            messageHeader.fill((byte) 0);
            messageHeader.set(ADDRESS, Libc.MSGHDR_NAME, senderAddress);
            messageHeader.set(JAVA_INT, Libc.MSGHDR_NAMELEN, Libc.SOCKADDR_NL_SIZE);
            messageHeader.set(ADDRESS, Libc.MSGHDR_IOV, ioVector);
            messageHeader.set(JAVA_LONG, Libc.MSGHDR_IOVLEN, 1);
            Libc.Result received = Libc.recvmsg(errno, fd, messageHeader, 0);
            if (received.failed()) {
                if (received.errno() == Libc.EINTR) {
                    continue;
                }
                String why = received.errno() == 11 // EAGAIN: SO_RCVTIMEO expired
                        ? "no answer from the kernel within " + ANSWER_TIMEOUT_SECONDS + " s"
                        : Errno.describe(received.errno());
                throw new NetlinkException("netlink socket in " + where + ": recvmsg: " + why, received.errno());
            }
            if ((messageHeader.get(JAVA_INT, Libc.MSGHDR_FLAGS) & Libc.MSG_TRUNC) != 0) {
                throw new NetlinkException("netlink socket in " + where + ": a message from the kernel was longer than "
                        + RECEIVE_BUFFER + " bytes", 0);
            }
            if (senderAddress.get(JAVA_INT, 4) != 0) {
                continue; // only the kernel (port id 0) answers requests
            }
            return (int) received.value();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the netlink socket in " + where + " is closed");
        }
    }

    /** Closes the socket; what it programmed stays in the kernel. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(errno, fd);
        arena.close();
    }
}
