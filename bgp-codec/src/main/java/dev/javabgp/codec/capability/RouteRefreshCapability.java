package dev.javabgp.codec.capability;

/** Route refresh (RFC 2918 §2): the speaker accepts ROUTE-REFRESH messages. */
public record RouteRefreshCapability() implements Capability {

    public static final RouteRefreshCapability INSTANCE = new RouteRefreshCapability();

    @Override
    public int code() {
        return ROUTE_REFRESH;
    }
}
