/**
 * Calico's resources as immutable values: {@link dev.javabgp.calico.resource.BgpConfiguration},
 * {@link dev.javabgp.calico.resource.BgpPeer}, {@link dev.javabgp.calico.resource.CalicoNode},
 * {@link dev.javabgp.calico.resource.IpPool}, {@link dev.javabgp.calico.resource.BgpFilter} and the
 * operator's {@link dev.javabgp.calico.resource.Installation}, with Calico's field names and enum
 * spellings. {@link dev.javabgp.calico.CalicoConfig} reads and checks them; a value here is always
 * valid.
 */
package dev.javabgp.calico.resource;
