package dev.javabgp.dataplane.netlink.rtnetlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls a netlink socket needs, as Foreign Function and Memory downcalls. Each call
 * returns the C result; a failed one (-1) carries errno, captured right after the call so that
 * nothing the JVM does in between can overwrite it.
 */
// Downcalls and reinterpret are restricted: the module needs native access, as its docs say.
@SuppressWarnings("restricted")
final class Libc {

    // Values from the kernel and glibc headers (sys/socket.h, linux/netlink.h, linux/sched.h,
    // asm-generic/socket.h, fcntl.h) as compiled on x86_64; aarch64 uses the same generic values.
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int NETLINK_GET_STRICT_CHK = 12;
    static final int MSG_TRUNC = 0x20;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int EINTR = 4;

    /** struct sockaddr_nl: family (u16), pad (u16), pid (u32), groups (u32). */
    static final int SOCKADDR_NL_SIZE = 12;
    /** struct msghdr on LP64: name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad). */
    static final int MSGHDR_SIZE = 56;
    static final int MSGHDR_NAME = 0;
    static final int MSGHDR_NAMELEN = 8;
    static final int MSGHDR_IOV = 16;
    static final int MSGHDR_IOVLEN = 24;
    static final int MSGHDR_FLAGS = 48;
    /** struct iovec: base, len. */
    static final int IOVEC_SIZE = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            downcall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = downcall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // open(2) is variadic: int open(const char *path, int flags, ...). The linker must know where the
    // variadic part starts, as the calling convention may pass it differently; called without a
    // mode, that part is empty.
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // strerror(3) may share one buffer between threads; strerror_r fills the caller's. glibc's own
    // "strerror_r" is the GNU variant (it returns a char *); its POSIX one, returning int like musl's
    // "strerror_r", is exported as __xpg_strerror_r.
    private static final MethodHandle STRERROR_R = LINKER.downcallHandle(
            LINKER.defaultLookup().find("__xpg_strerror_r").or(() -> LINKER.defaultLookup().find("strerror_r"))
                    .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no strerror_r()")),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final int STRERROR_BUFFER = 256;

    private Libc() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name + "()"));
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    /** The outcome of one call: its return value, and errno when it failed. */
    record Result(long value, int errno) {
        boolean failed() {
            return value < 0;
        }
    }

    /** A place for one call's errno; one per thread that calls, from the caller's arena. */
    static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    private static Result result(long value, MemorySegment errno) {
        return new Result(value, value < 0 ? (int) ERRNO.get(errno, 0L) : 0);
    }

    static Result socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return result((int) SOCKET.invokeExact(errno, domain, type, protocol), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result bind(MemorySegment errno, int fd, MemorySegment address, int length) {
        try {
            return result((int) BIND.invokeExact(errno, fd, address, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result setsockopt(MemorySegment errno, int fd, int level, int option, MemorySegment value, int length) {
        try {
            return result((int) SETSOCKOPT.invokeExact(errno, fd, level, option, value, length), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result sendto(MemorySegment errno, int fd, MemorySegment buffer, long length, int flags,
            MemorySegment address, int addressLength) {
        try {
            return result((long) SENDTO.invokeExact(errno, fd, buffer, length, flags, address, addressLength), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result recvmsg(MemorySegment errno, int fd, MemorySegment message, int flags) {
        try {
            return result((long) RECVMSG.invokeExact(errno, fd, message, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result close(MemorySegment errno, int fd) {
        try {
            return result((int) CLOSE.invokeExact(errno, fd), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result open(MemorySegment errno, MemorySegment path, int flags) {
        try {
            return result((int) OPEN.invokeExact(errno, path, flags), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result setns(MemorySegment errno, int fd, int namespaceType) {
        try {
            return result((int) SETNS.invokeExact(errno, fd, namespaceType), errno);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's description of an errno value, such as "File exists"; safe from any thread. */
    static String strerror(int errno) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buffer = call.allocate(STRERROR_BUFFER);
            int failed = (int) STRERROR_R.invokeExact(errno, buffer, (long) STRERROR_BUFFER);
            // For a value it does not know, the C library fails with EINVAL but may still write "Unknown error N".
            String text = buffer.getString(0);
            return failed != 0 && text.isEmpty() ? "error " + errno : text;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a C library call failed unexpectedly", t);
    }
}
