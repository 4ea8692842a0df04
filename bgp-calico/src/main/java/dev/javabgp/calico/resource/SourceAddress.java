package dev.javabgp.calico.resource;

/** BGPPeer's {@code sourceAddress}: which address the session's connections come from. */
public enum SourceAddress implements Spelled {
    /** The node's IP address of the peer's family (Calico's default). */
    USE_NODE_IP("UseNodeIP"),
    /** Whatever the kernel chooses for the route to the peer. */
    NONE("None");

    private final String spelling;

    SourceAddress(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
