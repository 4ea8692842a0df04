package dev.javabgp.codec.attribute;

/** Path attribute type codes from the IANA registry, with the RFC that defines each. */
public final class AttributeType {
    public static final int ORIGIN = 1;               // RFC 4271 §5.1.1
    public static final int AS_PATH = 2;              // RFC 4271 §5.1.2
    public static final int NEXT_HOP = 3;             // RFC 4271 §5.1.3
    public static final int MULTI_EXIT_DISC = 4;      // RFC 4271 §5.1.4
    public static final int LOCAL_PREF = 5;           // RFC 4271 §5.1.5
    public static final int ATOMIC_AGGREGATE = 6;     // RFC 4271 §5.1.6
    public static final int AGGREGATOR = 7;           // RFC 4271 §5.1.7
    public static final int COMMUNITIES = 8;          // RFC 1997
    public static final int ORIGINATOR_ID = 9;        // RFC 4456
    public static final int CLUSTER_LIST = 10;        // RFC 4456
    public static final int MP_REACH_NLRI = 14;       // RFC 4760
    public static final int MP_UNREACH_NLRI = 15;     // RFC 4760
    public static final int EXTENDED_COMMUNITIES = 16; // RFC 4360
    public static final int AS4_PATH = 17;            // RFC 6793
    public static final int AS4_AGGREGATOR = 18;      // RFC 6793
    public static final int IPV6_EXTENDED_COMMUNITIES = 25; // RFC 5701
    public static final int LARGE_COMMUNITIES = 32;   // RFC 8092
    public static final int ONLY_TO_CUSTOMER = 35;    // RFC 9234

    private AttributeType() {}

    public static String name(int type) {
        return switch (type) {
            case ORIGIN -> "ORIGIN";
            case AS_PATH -> "AS_PATH";
            case NEXT_HOP -> "NEXT_HOP";
            case MULTI_EXIT_DISC -> "MULTI_EXIT_DISC";
            case LOCAL_PREF -> "LOCAL_PREF";
            case ATOMIC_AGGREGATE -> "ATOMIC_AGGREGATE";
            case AGGREGATOR -> "AGGREGATOR";
            case COMMUNITIES -> "COMMUNITIES";
            case ORIGINATOR_ID -> "ORIGINATOR_ID";
            case CLUSTER_LIST -> "CLUSTER_LIST";
            case MP_REACH_NLRI -> "MP_REACH_NLRI";
            case MP_UNREACH_NLRI -> "MP_UNREACH_NLRI";
            case EXTENDED_COMMUNITIES -> "EXTENDED_COMMUNITIES";
            case AS4_PATH -> "AS4_PATH";
            case AS4_AGGREGATOR -> "AS4_AGGREGATOR";
            case IPV6_EXTENDED_COMMUNITIES -> "IPV6_EXTENDED_COMMUNITIES";
            case LARGE_COMMUNITIES -> "LARGE_COMMUNITIES";
            case ONLY_TO_CUSTOMER -> "OTC";
            default -> "attribute " + type;
        };
    }
}
