package dev.javabgp.codec.capability;

import java.util.List;

/**
 * Extended next hop encoding (RFC 8950 §3): NLRI of one AFI/SAFI may carry next hops of another
 * AFI, typically IPv4 unicast over an IPv6 next hop. The NLRI SAFI is two octets here.
 */
public record ExtendedNextHopCapability(List<Entry> entries) implements Capability {

    public ExtendedNextHopCapability {
        entries = List.copyOf(entries);
    }

    /** One tuple of the capability (RFC 8950 §3): NLRI of this AFI and SAFI may carry a next hop of that AFI. */
    public record Entry(int nlriAfi, int nlriSafi, int nextHopAfi) {
        public Entry {
            if ((nlriAfi | nlriSafi | nextHopAfi) >>> 16 != 0) {
                throw new IllegalArgumentException("AFI and SAFI values are 16 bits in this capability");
            }
        }
    }

    @Override
    public int code() {
        return EXTENDED_NEXT_HOP;
    }
}
