package dev.javabgp.dataplane.netlink;

/**
 * What a reconciliation changed in the kernel: routes, neighbour (ARP/NDP) entries and bridge
 * forwarding database entries added, replaced and removed. A second reconciliation with the same
 * desired state changes nothing.
 *
 * @param routes routes under the dataplane's protocol number
 * @param neighbours permanent neighbour entries for remote VTEP addresses on the VXLAN devices
 * @param forwardingEntries the VXLAN devices' forwarding database entries, remote MAC to underlay address
 */
public record Reconciliation(Changes routes, Changes neighbours, Changes forwardingEntries) {

    /**
     * Counts of one kind of kernel object.
     *
     * @param added created where there was none
     * @param replaced present but different, and overwritten
     * @param removed present, ours, and no longer wanted
     */
    public record Changes(int added, int replaced, int removed) {
        public static final Changes NONE = new Changes(0, 0, 0);

        public boolean none() {
            return added == 0 && replaced == 0 && removed == 0;
        }
    }

    /** Whether the kernel already held exactly the desired state. */
    public boolean changedNothing() {
        return routes.none() && neighbours.none() && forwardingEntries.none();
    }
}
