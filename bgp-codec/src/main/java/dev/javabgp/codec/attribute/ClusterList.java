package dev.javabgp.codec.attribute;

import java.util.Arrays;

/** CLUSTER_LIST (RFC 4456 §8): the cluster IDs a reflected route has passed, newest first. */
public record ClusterList(int[] clusterIds) implements PathAttribute {

    public ClusterList {
        clusterIds = clusterIds.clone();
    }

    @Override
    public int[] clusterIds() {
        return clusterIds.clone();
    }

    public int size() {
        return clusterIds.length;
    }

    public int get(int i) {
        return clusterIds[i];
    }

    public boolean contains(int clusterId) {
        for (int id : clusterIds) {
            if (id == clusterId) {
                return true;
            }
        }
        return false;
    }

    /** This list with {@code clusterId} prepended, as a reflector does (RFC 4456 §8). */
    public ClusterList prepend(int clusterId) {
        int[] out = new int[clusterIds.length + 1];
        out[0] = clusterId;
        System.arraycopy(clusterIds, 0, out, 1, clusterIds.length);
        return new ClusterList(out);
    }

    @Override
    public int typeCode() {
        return AttributeType.CLUSTER_LIST;
    }

    @Override
    public int flags() {
        return OPTIONAL_NON_TRANSITIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterList c && Arrays.equals(c.clusterIds, clusterIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(clusterIds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClusterList[");
        for (int i = 0; i < clusterIds.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Addresses.ipv4(clusterIds[i]).getHostAddress());
        }
        return sb.append(']').toString();
    }
}
