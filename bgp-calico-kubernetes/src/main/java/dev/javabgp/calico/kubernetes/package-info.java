/**
 * Calico's Kubernetes datastore, as calico-node reads it: the BGP resources of
 * {@code crd.projectcalico.org/v1}, the core Nodes with the annotations calico-node writes, the
 * IPAM blocks affine to each node, Services and EndpointSlices, and the Secrets that hold BGP
 * passwords, watched through the fabric8 Kubernetes client. {@link
 * dev.javabgp.calico.kubernetes.KubernetesDatastore} hands a listener the whole {@link
 * dev.javabgp.calico.kubernetes.ClusterState} first and after every change.
 */
package dev.javabgp.calico.kubernetes;
