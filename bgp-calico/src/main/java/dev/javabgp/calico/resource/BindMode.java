package dev.javabgp.calico.resource;

/** BGPConfiguration's {@code bindMode}: where the BGP listener binds. */
public enum BindMode implements Spelled {
    /** Every address of the node (Calico's default). */
    NONE("None"),
    /** Only the node's IP address, from its Node resource. */
    NODE_IP("NodeIP");

    private final String spelling;

    BindMode(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
