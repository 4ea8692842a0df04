/**
 * The dataplane SPI: the speaker's best routes and VXLAN tunnel endpoints as plain data, in
 * batches, for a netlink, eBPF or in-memory implementation.
 */
package dev.javabgp.core.dataplane;
