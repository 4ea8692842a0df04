package dev.javabgp.dataplane.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A VXLAN device the dataplane creates and keeps: its name, VNI, UDP port, local tunnel endpoint
 * address on the underlay, and MTU. Learning is always off: every remote MAC is programmed.
 *
 * <p>The kernel gives a VXLAN device one underlay address family (IFLA_VXLAN_LOCAL and
 * IFLA_VXLAN_LOCAL6 exclude each other), so a node with IPv4 and IPv6 underlays configures two
 * devices, as Calico does with vxlan.calico and vxlan-v6.calico. Either device carries both IPv4
 * and IPv6 pod traffic inside.
 *
 * @param name the device name: 1 to 15 bytes, no '/', ':' or white space (the kernel's IFNAMSIZ rule)
 * @param vni the VXLAN network identifier, 0 to 16,777,215 (RFC 7348 §5: 24 bits)
 * @param port the UDP destination port, 4789 unless the network uses another
 * @param localAddress this node's underlay address, the outer source of encapsulated packets
 * @param mtu the device MTU: the underlay's minus the encapsulation (50 octets over IPv4, 70 over IPv6)
 */
public record VxlanDevice(String name, long vni, int port, InetAddress localAddress, int mtu) {

    /** RFC 7348 §5: the IANA-assigned VXLAN UDP port. */
    public static final int IANA_PORT = 4789;
    /** RFC 7348 §5: the VNI is 24 bits. */
    public static final long MAX_VNI = (1L << 24) - 1;

    // Outer Ethernet (14) + IP (20 or 40) + UDP (8) + VXLAN (8) headers, RFC 7348 §5.
    private static final int OVERHEAD_IPV4 = 50;
    private static final int OVERHEAD_IPV6 = 70;
    private static final int ETHERNET_MTU = 1500;

    public VxlanDevice {
        validateName(name);
        if (vni < 0 || vni > MAX_VNI) {
            throw new IllegalArgumentException("VXLAN device " + name + ": VNI " + vni
                    + " is outside 0.." + MAX_VNI + " (RFC 7348 §5: 24 bits)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("VXLAN device " + name + ": UDP port " + port
                    + " is outside 1..65535; the IANA port is " + IANA_PORT);
        }
        Objects.requireNonNull(localAddress, () -> "VXLAN device " + name + ": the local underlay address is required");
        if (localAddress.isMulticastAddress() || localAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("VXLAN device " + name + ": local address "
                    + Addresses.text(localAddress) + " must be this node's unicast underlay address, such as 10.0.0.11");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("VXLAN device " + name + ": MTU " + mtu
                    + " is outside 68..65535; over a 1500-byte underlay use 1450 (IPv4) or 1430 (IPv6)");
        }
    }

    /** A device on port 4789 with the MTU a 1500-byte underlay leaves: 1450 over IPv4, 1430 over IPv6. */
    public static VxlanDevice of(String name, long vni, InetAddress localAddress) {
        int overhead = localAddress instanceof Inet4Address ? OVERHEAD_IPV4 : OVERHEAD_IPV6;
        return new VxlanDevice(name, vni, IANA_PORT, localAddress, ETHERNET_MTU - overhead);
    }

    public VxlanDevice withMtu(int value) {
        return new VxlanDevice(name, vni, port, localAddress, value);
    }

    public VxlanDevice withPort(int value) {
        return new VxlanDevice(name, vni, value, localAddress, mtu);
    }

    /** Whether the underlay is IPv4 (else IPv6). */
    public boolean ipv4Underlay() {
        return localAddress instanceof Inet4Address;
    }

    private static void validateName(String name) {
        String expected = "; a device name has 1 to 15 bytes and no '/', ':' or white space, such as vxlan.calico";
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a VXLAN device needs a name" + expected);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("'" + name + "' is not a device name" + expected);
        }
    }
}
