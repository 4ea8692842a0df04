package dev.javabgp.calico.resource;

/** The operator's {@code spec.calicoNetwork.ipPools[].encapsulation}. */
public enum Encapsulation implements Spelled {
    IPIP("IPIP"), IPIP_CROSS_SUBNET("IPIPCrossSubnet"), VXLAN("VXLAN"), VXLAN_CROSS_SUBNET("VXLANCrossSubnet"), NONE("None");

    private final String spelling;

    Encapsulation(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** True for the two VXLAN modes. */
    public boolean vxlan() {
        return this == VXLAN || this == VXLAN_CROSS_SUBNET;
    }
}
