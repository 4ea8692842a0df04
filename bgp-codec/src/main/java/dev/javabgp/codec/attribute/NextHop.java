package dev.javabgp.codec.attribute;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.util.Objects;

/** NEXT_HOP (RFC 4271 §5.1.3): the IPv4 next hop of routes in the UPDATE's own NLRI field. */
public record NextHop(Inet4Address address) implements PathAttribute {

    public NextHop {
        Objects.requireNonNull(address, "address");
    }

    public static NextHop of(String address) {
        return new NextHop(Addresses.ipv4(address));
    }

    @Override
    public int typeCode() {
        return AttributeType.NEXT_HOP;
    }

    @Override
    public int flags() {
        return WELL_KNOWN;
    }

    @Override
    public String toString() {
        return "NextHop[" + NetUtil.toAddressString(address) + "]";
    }
}
