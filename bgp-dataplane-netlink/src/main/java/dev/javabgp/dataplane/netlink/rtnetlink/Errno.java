package dev.javabgp.dataplane.netlink.rtnetlink;

import java.util.Map;

/** Names and descriptions of the errno values a netlink request can end with. */
public final class Errno {

    // asm-generic/errno-base.h and asm-generic/errno.h (x86_64 and aarch64 share them).
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"),
            Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"),
            Map.entry(24, "EMFILE"), Map.entry(28, "ENOSPC"), Map.entry(34, "ERANGE"), Map.entry(90, "EMSGSIZE"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(94, "ESOCKTNOSUPPORT"), Map.entry(95, "EOPNOTSUPP"),
            Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"),
            Map.entry(100, "ENETDOWN"), Map.entry(101, "ENETUNREACH"), Map.entry(105, "ENOBUFS"),
            Map.entry(113, "EHOSTUNREACH"));

    /** No such file or directory; also "no such route" for IPv6 deletions. */
    public static final int ENOENT = 2;
    /** No such process; the kernel's answer to deleting an IPv4 route that is not there. */
    public static final int ESRCH = 3;
    /** No such device. */
    public static final int ENODEV = 19;

    private Errno() {}

    /** The symbolic name, such as {@code EEXIST}, or {@code errno 200} for one not listed. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** How the C library and iproute2 put it, with the name: {@code File exists (EEXIST)}. */
    public static String describe(int errno) {
        return Libc.strerror(errno) + " (" + name(errno) + ")";
    }
}
