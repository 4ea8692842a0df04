package dev.javabgp.codec.message;

/** A BGP-4 message (RFC 4271 §4). */
public sealed interface BgpMessage
        permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5; // RFC 2918 §3

    /** The message type code of the header. */
    int type();

    static String typeName(int type) {
        return switch (type) {
            case TYPE_OPEN -> "OPEN";
            case TYPE_UPDATE -> "UPDATE";
            case TYPE_NOTIFICATION -> "NOTIFICATION";
            case TYPE_KEEPALIVE -> "KEEPALIVE";
            case TYPE_ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> "type " + type;
        };
    }
}
