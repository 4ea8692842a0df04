package dev.javabgp.dataplane.netlink.rtnetlink;

/** A netlink socket call or request the kernel refused, with its errno (0 when none applies). */
public final class NetlinkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NetlinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public NetlinkException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The errno value, such as 17 for EEXIST; 0 when the failure was not the kernel's answer. */
    public int errno() {
        return errno;
    }
}
