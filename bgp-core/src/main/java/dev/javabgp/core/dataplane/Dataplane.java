package dev.javabgp.core.dataplane;

/**
 * Where the speaker's decisions take effect: the kernel's routing table and VXLAN devices through
 * netlink, an eBPF map, or memory in tests. The speaker calls {@link #apply} with each batch of
 * changes, in order, from one thread; an implementation applies a batch whole or throws.
 */
public interface Dataplane extends AutoCloseable {

    /**
     * Applies one batch of changes.
     *
     * @throws DataplaneException naming the object that could not be programmed, and why
     */
    void apply(DataplaneBatch batch) throws DataplaneException;

    @Override
    default void close() {}
}
