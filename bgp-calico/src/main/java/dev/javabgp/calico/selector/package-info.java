/** Calico's label selectors, as {@code nodeSelector} and {@code peerSelector} use them. */
package dev.javabgp.calico.selector;
