package dev.javabgp.codec.capability;

/** Enhanced route refresh (RFC 7313 §3.1): refreshes are bracketed by BoRR and EoRR. */
public record EnhancedRouteRefreshCapability() implements Capability {

    public static final EnhancedRouteRefreshCapability INSTANCE = new EnhancedRouteRefreshCapability();

    @Override
    public int code() {
        return ENHANCED_ROUTE_REFRESH;
    }
}
