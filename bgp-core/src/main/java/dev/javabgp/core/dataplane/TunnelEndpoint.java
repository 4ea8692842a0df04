package dev.javabgp.core.dataplane;

import dev.javabgp.codec.nlri.IpPrefix;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A remote node's VXLAN tunnel endpoint, as Calico's VXLAN mode programs it: pod traffic for the
 * node's blocks goes through the VXLAN device to its VTEP.
 *
 * @param underlay the node's address on the underlay network, where VXLAN packets go
 * @param vtepAddress the address of the node's VXLAN device, the next hop of its pod blocks
 * @param vtepMac the MAC address of the node's VXLAN device (six octets)
 * @param podBlocks the pod address blocks that live on the node
 */
public record TunnelEndpoint(InetAddress underlay, InetAddress vtepAddress, byte[] vtepMac, List<IpPrefix> podBlocks) {

    public TunnelEndpoint {
        Objects.requireNonNull(underlay, "underlay");
        Objects.requireNonNull(vtepAddress, "vtepAddress");
        if (vtepMac == null || vtepMac.length != 6) {
            throw new IllegalArgumentException("a VTEP MAC address has six octets, such as 66:a1:b2:c3:d4:e5");
        }
        vtepMac = vtepMac.clone();
        podBlocks = List.copyOf(podBlocks);
    }

    /** Parses a MAC address written as six hex octets separated by colons. */
    public static byte[] mac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address such as 66:a1:b2:c3:d4:e5");
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            try {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address such as 66:a1:b2:c3:d4:e5", e);
            }
        }
        return out;
    }

    @Override
    public byte[] vtepMac() {
        return vtepMac.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelEndpoint t && t.underlay.equals(underlay) && t.vtepAddress.equals(vtepAddress)
                && Arrays.equals(t.vtepMac, vtepMac) && t.podBlocks.equals(podBlocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(underlay, vtepAddress, Arrays.hashCode(vtepMac), podBlocks);
    }

    @Override
    public String toString() {
        return "TunnelEndpoint[" + underlay.getHostAddress() + ", vtep " + vtepAddress.getHostAddress() + " "
                + HexFormat.ofDelimiter(":").formatHex(vtepMac) + ", " + podBlocks + "]";
    }
}
