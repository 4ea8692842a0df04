/**
 * Calico's service advertisement: which prefixes a node announces for Kubernetes Services, with
 * which communities ({@link dev.javabgp.calico.export.ServiceExportPolicy}), and the exporter that
 * keeps a speaker's announcements equal to that set ({@link
 * dev.javabgp.calico.export.ServicePrefixExporter}).
 */
package dev.javabgp.calico.export;
