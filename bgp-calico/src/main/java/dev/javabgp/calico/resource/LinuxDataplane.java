package dev.javabgp.calico.resource;

/** The operator's {@code spec.calicoNetwork.linuxDataplane}. */
public enum LinuxDataplane implements Spelled {
    IPTABLES("Iptables"), BPF("BPF"), VPP("VPP"), NFTABLES("Nftables");

    private final String spelling;

    LinuxDataplane(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
