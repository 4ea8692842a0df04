/**
 * rtnetlink over a NETLINK_ROUTE socket made with the Foreign Function and Memory API: the socket
 * (in this or a named network namespace), batched requests with checked acknowledgements, dumps,
 * and the link, route and neighbour messages the netlink dataplane uses. Message layouts and
 * numbers are those of the kernel's uapi headers (linux/netlink.h, rtnetlink.h, if_link.h,
 * neighbour.h).
 */
package dev.javabgp.dataplane.netlink.rtnetlink;
