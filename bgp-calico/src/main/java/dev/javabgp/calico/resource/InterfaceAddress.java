package dev.javabgp.calico.resource;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A node's address with its subnet length, as Node's {@code spec.bgp.ipv4Address} writes it
 * ({@code 192.168.42.10/24}).
 */
public record InterfaceAddress(InetAddress address, int prefixLength) {

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.getAddress().length * 8) {
            throw new IllegalArgumentException("prefix length must be 0.." + address.getAddress().length * 8);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
