/**
 * Kubernetes Services and their EndpointSlices as values, the {@link
 * dev.javabgp.calico.service.ServiceSource} SPI that feeds them in, and {@link
 * dev.javabgp.calico.service.ManifestServiceSource}, which reads them from manifest files and
 * follows changes to those files.
 */
package dev.javabgp.calico.service;
