package dev.javabgp.rib;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.codec.nlri.PrefixBlock;
import java.util.ArrayList;
import java.util.List;

/** Peers, attribute sets and UPDATEs for RIB tests. */
final class RibFixtures {
    private RibFixtures() {}

    static final long LOCAL_AS = 65000;
    static final RibConfig CONFIG = new RibConfig(LOCAL_AS, Addresses.ipv4("10.255.0.1"));
    static final IpPrefix PREFIX = IpPrefix.parse("203.0.113.0/24");

    static PeerInfo ebgp(String address, long asn, String routerId) {
        return new PeerInfo(Addresses.ipv4(address), asn, Addresses.ipv4(routerId), true, false, false);
    }

    static PeerInfo ibgp(String address, String routerId, boolean client) {
        return new PeerInfo(Addresses.ipv4(address), LOCAL_AS, Addresses.ipv4(routerId), false, client, false);
    }

    /** Attributes of a route via {@code nextHop} with the given path; more may be added with {@code with}. */
    static PathAttributes attributes(String nextHop, long... path) {
        return PathAttributes.of(Origin.IGP, AsPath.sequence(path), NextHop.of(nextHop));
    }

    static UpdateMessage announce(PathAttributes attributes, String... prefixes) {
        return UpdateMessage.announce(attributes, PrefixBlock.parse(AddressFamily.IPV4_UNICAST, prefixes));
    }

    static UpdateMessage withdraw(String... prefixes) {
        return UpdateMessage.withdraw(PrefixBlock.parse(AddressFamily.IPV4_UNICAST, prefixes));
    }

    static void send(Rib rib, int peer, UpdateMessage update) {
        rib.apply(peer, update, List.of());
        rib.settle();
    }

    static List<IpPrefix> prefixes(int n) {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(IpPrefix.ipv4(0x0B000000 + (i << 8), 24));
        }
        return out;
    }
}
