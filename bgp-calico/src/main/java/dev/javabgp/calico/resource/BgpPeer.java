package dev.javabgp.calico.resource;

import dev.javabgp.calico.selector.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@code BGPPeer}: a peering for every node it selects, with an address ({@code peerIP}) or with
 * every Calico node that {@code peerSelector} selects.
 *
 * @param name the resource's name
 * @param apiVersion the version it was written under
 * @param node the one node it applies to, or null
 * @param nodeSelector the nodes it applies to, or null; with neither, every node
 * @param peerIP the peer's address and optional port, or null when {@code peerSelector} is set
 * @param asNumber the peer's AS, or null when {@code peerSelector} is set
 * @param peerSelector the Calico nodes to peer with, or null
 * @param keepOriginalNextHop send routes with their next hop unchanged instead of the node's own
 * @param password the TCP-MD5 password, or null
 * @param sourceAddress which address the sessions come from; default {@code UseNodeIP}
 * @param maxRestartTime the graceful restart time, or null for BIRD's 120 s, which Calico uses
 * @param numAllowedLocalASNumbers how often the local AS may appear in a received AS path, or null
 * @param ttlSecurity GTSM hops (RFC 5082), or null
 * @param filters the names of the BGPFilters applied, in order
 */
public record BgpPeer(String name, ApiVersion apiVersion, String node, Selector nodeSelector, PeerAddress peerIP, Long asNumber,
        Selector peerSelector, boolean keepOriginalNextHop, Password password, SourceAddress sourceAddress,
        Duration maxRestartTime, Integer numAllowedLocalASNumbers, Integer ttlSecurity, List<String> filters) {

    public BgpPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        filters = List.copyOf(filters);
    }
}
