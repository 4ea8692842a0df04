package dev.javabgp.calico.resource;

/** IPPool's {@code ipipMode} and {@code vxlanMode} (projectcalico.org/v3 spelling). */
public enum TunnelMode implements Spelled {
    NEVER("Never"), ALWAYS("Always"), CROSS_SUBNET("CrossSubnet");

    private final String spelling;

    TunnelMode(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
