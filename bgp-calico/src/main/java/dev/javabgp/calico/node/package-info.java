/**
 * One node's speaker as the Calico configuration describes it: its AS, listener and peers in
 * bgp-core's terms ({@link dev.javabgp.calico.node.NodeSettings}), with BGPFilters turned into
 * import and export policies.
 */
package dev.javabgp.calico.node;
