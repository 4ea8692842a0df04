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

    /**
     * Converges to exactly this state: what is missing is installed, and what this dataplane
     * programmed earlier (in a previous run, say) but is not here goes; what others programmed
     * stays. The speaker calls it once its table is complete: every peer has sent End-of-RIB, or the
     * wait for them is over. The default installs the state as one batch and removes nothing.
     *
     * @throws DataplaneException naming the object that could not be programmed, and why
     */
    default void synchronize(java.util.List<ForwardingRoute> routes, java.util.List<TunnelEndpoint> tunnels)
            throws DataplaneException {
        apply(new DataplaneBatch(routes, java.util.List.of(), tunnels, java.util.List.of()));
    }

    @Override
    default void close() {}
}
