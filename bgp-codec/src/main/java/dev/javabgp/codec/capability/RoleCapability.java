package dev.javabgp.codec.capability;

/** BGP role (RFC 9234 §4.1): the speaker's relationship to its peer, for route-leak prevention. */
public record RoleCapability(int value) implements Capability {

    /** Role values (RFC 9234 §4.1). */
    public enum Role {
        PROVIDER(0),
        ROUTE_SERVER(1),
        ROUTE_SERVER_CLIENT(2),
        CUSTOMER(3),
        PEER(4);

        private final int value;

        Role(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        /** The role that a peer must announce for this one to be correct (RFC 9234 §4.2). */
        public Role expectedPeerRole() {
            return switch (this) {
                case PROVIDER -> CUSTOMER;
                case CUSTOMER -> PROVIDER;
                case ROUTE_SERVER -> ROUTE_SERVER_CLIENT;
                case ROUTE_SERVER_CLIENT -> ROUTE_SERVER;
                case PEER -> PEER;
            };
        }
    }

    public RoleCapability {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("role value is one octet, not " + value);
        }
    }

    public RoleCapability(Role role) {
        this(role.value());
    }

    /** The role, or null for a value RFC 9234 does not define. */
    public Role role() {
        for (Role r : Role.values()) {
            if (r.value == value) {
                return r;
            }
        }
        return null;
    }

    @Override
    public int code() {
        return ROLE;
    }
}
