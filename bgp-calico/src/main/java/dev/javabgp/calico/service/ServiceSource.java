package dev.javabgp.calico.service;

import java.util.function.Consumer;

/**
 * Where Services and their EndpointSlices come from: manifest files ({@link
 * ManifestServiceSource}), a Kubernetes API watch, or a test. A source hands its listener a whole
 * {@link ServiceSnapshot} at start and after every change, from a thread of its own; the listener
 * works out the difference.
 */
public interface ServiceSource extends AutoCloseable {

    /**
     * Starts following; {@code listener} first gets the current snapshot, then one after each
     * change. Called once.
     */
    void start(Consumer<ServiceSnapshot> listener);

    /** Stops following; the listener hears nothing more once this returns. */
    @Override
    void close();
}
