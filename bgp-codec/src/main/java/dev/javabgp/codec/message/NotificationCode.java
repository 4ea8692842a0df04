package dev.javabgp.codec.message;

/** NOTIFICATION error codes and subcodes (RFC 4271 §4.5 and the RFCs named at each). */
public final class NotificationCode {
    private NotificationCode() {}

    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;

    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UNSPECIFIC = 0;
    public static final int UNSUPPORTED_VERSION_NUMBER = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;   // RFC 5492 §5
    public static final int ROLE_MISMATCH = 11;           // RFC 9234 §4.2

    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
    public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;

    public static final int HOLD_TIMER_EXPIRED = 4;

    public static final int FSM_ERROR = 5;                 // RFC 6608 §3
    public static final int UNEXPECTED_IN_OPEN_SENT = 1;
    public static final int UNEXPECTED_IN_OPEN_CONFIRM = 2;
    public static final int UNEXPECTED_IN_ESTABLISHED = 3;

    public static final int CEASE = 6;                     // RFC 4486 §4
    public static final int MAXIMUM_PREFIXES_REACHED = 1;
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMINISTRATIVE_RESET = 4;
    public static final int CONNECTION_REJECTED = 5;
    public static final int OTHER_CONFIGURATION_CHANGE = 6;
    public static final int CONNECTION_COLLISION_RESOLUTION = 7;
    public static final int OUT_OF_RESOURCES = 8;
    public static final int HARD_RESET = 9;                // RFC 8538 §3
    public static final int BFD_DOWN = 10;                 // RFC 9384

    public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7; // RFC 7313 §5
    public static final int INVALID_MESSAGE_LENGTH = 1;

    /** A readable name such as "Cease / Administrative Shutdown". */
    public static String describe(int code, int subcode) {
        String c;
        String s;
        switch (code) {
            case MESSAGE_HEADER_ERROR -> {
                c = "Message Header Error";
                s = switch (subcode) {
                    case 1 -> "Connection Not Synchronized";
                    case 2 -> "Bad Message Length";
                    case 3 -> "Bad Message Type";
                    default -> null;
                };
            }
            case OPEN_MESSAGE_ERROR -> {
                c = "OPEN Message Error";
                s = switch (subcode) {
                    case 0 -> "Unspecific";
                    case 1 -> "Unsupported Version Number";
                    case 2 -> "Bad Peer AS";
                    case 3 -> "Bad BGP Identifier";
                    case 4 -> "Unsupported Optional Parameter";
                    case 6 -> "Unacceptable Hold Time";
                    case 7 -> "Unsupported Capability";
                    case 11 -> "Role Mismatch";
                    default -> null;
                };
            }
            case UPDATE_MESSAGE_ERROR -> {
                c = "UPDATE Message Error";
                s = switch (subcode) {
                    case 1 -> "Malformed Attribute List";
                    case 2 -> "Unrecognized Well-known Attribute";
                    case 3 -> "Missing Well-known Attribute";
                    case 4 -> "Attribute Flags Error";
                    case 5 -> "Attribute Length Error";
                    case 6 -> "Invalid ORIGIN Attribute";
                    case 8 -> "Invalid NEXT_HOP Attribute";
                    case 9 -> "Optional Attribute Error";
                    case 10 -> "Invalid Network Field";
                    case 11 -> "Malformed AS_PATH";
                    default -> null;
                };
            }
            case HOLD_TIMER_EXPIRED -> {
                c = "Hold Timer Expired";
                s = subcode == 0 ? "" : null;
            }
            case FSM_ERROR -> {
                c = "Finite State Machine Error";
                s = switch (subcode) {
                    case 0 -> "Unspecified";
                    case 1 -> "Unexpected message in OpenSent";
                    case 2 -> "Unexpected message in OpenConfirm";
                    case 3 -> "Unexpected message in Established";
                    default -> null;
                };
            }
            case CEASE -> {
                c = "Cease";
                s = switch (subcode) {
                    case 1 -> "Maximum Number of Prefixes Reached";
                    case 2 -> "Administrative Shutdown";
                    case 3 -> "Peer De-configured";
                    case 4 -> "Administrative Reset";
                    case 5 -> "Connection Rejected";
                    case 6 -> "Other Configuration Change";
                    case 7 -> "Connection Collision Resolution";
                    case 8 -> "Out of Resources";
                    case 9 -> "Hard Reset";
                    case 10 -> "BFD Down";
                    default -> null;
                };
            }
            case ROUTE_REFRESH_MESSAGE_ERROR -> {
                c = "ROUTE-REFRESH Message Error";
                s = subcode == 1 ? "Invalid Message Length" : null;
            }
            default -> {
                c = "error code " + code;
                s = null;
            }
        }
        if (s == null) {
            s = "subcode " + subcode;
        }
        return s.isEmpty() ? c : c + " / " + s;
    }
}
