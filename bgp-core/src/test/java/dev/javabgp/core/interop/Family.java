package dev.javabgp.core.interop;

/** The address families the harness can configure on a daemon's session. */
public enum Family {
    IPV4_UNICAST,
    IPV6_UNICAST;

    /** The family a prefix such as {@code 198.51.100.0/24} or {@code 2001:db8::/32} belongs to. */
    public static Family of(String prefix) {
        return prefix.contains(":") ? IPV6_UNICAST : IPV4_UNICAST;
    }
}
