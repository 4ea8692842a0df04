/**
 * The dataplane SPI of bgp-core on Linux: {@link dev.javabgp.dataplane.netlink.NetlinkDataplane}
 * programs VXLAN devices, on-link routes to remote pod blocks, neighbour and forwarding database
 * entries, and forwarding routes through rtnetlink, in this or a named network namespace, and
 * reconciles the kernel with a desired state. Configure it with
 * {@link dev.javabgp.dataplane.netlink.NetlinkDataplaneConfig} and
 * {@link dev.javabgp.dataplane.netlink.VxlanDevice}. Needs CAP_NET_ADMIN (and CAP_SYS_ADMIN for
 * another namespace) and native access for the Foreign Function and Memory API
 * ({@code --enable-native-access=dev.javabgp.dataplane.netlink}, or {@code ALL-UNNAMED} on the class path).
 */
package dev.javabgp.dataplane.netlink;
