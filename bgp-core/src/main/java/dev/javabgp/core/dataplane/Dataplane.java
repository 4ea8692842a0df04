package dev.javabgp.core.dataplane;

/**
 * Where the speaker's decisions take effect: the kernel's routing table and VXLAN devices through
 * netlink, an eBPF map, or memory in tests. The speaker calls {@link #apply} with each batch of
 * changes, in order, from one thread of its own (never its event loop, so a slow kernel holds up no
 * session); batches that queued up while the dataplane was busy come merged into one, each prefix
 * and tunnel endpoint as its last change left it. An implementation applies what it can and throws
 * for the rest; after a refusal the speaker calls {@link #apply} again later, with an empty batch if
 * nothing changed meanwhile, so an implementation that keeps what it refused can try it again.
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
     * wait for them is over; if it throws, the speaker calls it again later (after 1 s, then doubling
     * up to a minute) with the state of then, until it succeeds. The default installs the state as
     * one batch and removes nothing.
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
