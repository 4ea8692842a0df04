package dev.javabgp.codec.testing;

import static dev.javabgp.codec.error.ErrorAction.*;
import static dev.javabgp.codec.testing.Bytes.hex;
import static dev.javabgp.codec.testing.Bytes.message;
import static dev.javabgp.codec.testing.Wire.update;

import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.ErrorAction;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Each malformation of RFC 4271 §6 and RFC 7606 §7, written by hand, and the action, NOTIFICATION
 * code, subcode and data the RFCs prescribe for it. The codec's decoder is checked against it
 * message by message, and a speaker's session against it end to end over TCP. In every UPDATE
 * whose action is attribute discard, the attribute at fault is the last one written.
 */
public final class MalformedMessages {

    private MalformedMessages() {}

    /**
     * One malformed message.
     *
     * @param options what the session negotiated: 4-octet AS or not, and an external or internal peer
     * @param wire the whole message, header included
     * @param dataHex the NOTIFICATION's data, or for the other actions the data an error names
     */
    public record Case(String name, WireOptions options, byte[] wire, ErrorAction action, int code, int subcode, String dataHex) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final WireOptions EBGP = WireOptions.DEFAULT;
    public static final WireOptions IBGP = WireOptions.DEFAULT.withExternalPeer(false);
    // A valid announcement's mandatory attributes, to which each case adds one bad attribute.
    public static final String MANDATORY = "40 01 01 00 | 40 02 06 02 01 0000fde9 | 40 03 04 c0000201 | ";
    public static final String NLRI = "18 0a0100";

    static Case header(String name, byte[] wire, int subcode, String data) {
        return new Case(name, EBGP, wire, SESSION_RESET, 1, subcode, data);
    }

    static Case open(String name, String body, int subcode, String data) {
        return new Case(name, EBGP, message(1, body), SESSION_RESET, 2, subcode, data);
    }

    static Case attribute(String name, WireOptions options, String attribute, ErrorAction action, int subcode, String data) {
        return new Case(name, options, update("", MANDATORY + attribute, NLRI), action, 3, subcode, data);
    }

    /** Every case: message header, OPEN, ROUTE-REFRESH and UPDATE malformations. */
    public static Stream<Case> cases() {
        byte[] badMarker = message(4, "");
        badMarker[3] = 0;
        byte[] tooLong = message(2, "0000 0000");
        tooLong[16] = 0x10;
        tooLong[17] = 0x01;
        byte[] longKeepalive = message(4, "00");
        return Stream.of(
                // RFC 4271 §6.1
                header("marker not all ones", badMarker, 1, ""),
                header("length below 19", Arrays.copyOf(hex("ffffffffffffffffffffffffffffffff 0012 04 00"), 19), 2, "0012"),
                header("length 4097 without extended messages", tooLong, 2, "1001"),
                header("KEEPALIVE longer than 19", longKeepalive, 2, "0014"),
                header("OPEN shorter than 29", message(1, "04 fde8 00b4 c0000201"), 2, "001c"),
                header("unknown message type", message(6, ""), 3, "06"),
                // RFC 4271 §6.2
                open("unsupported version", "03 fde8 00b4 c0000201 00", 1, "0004"),
                open("hold time 2", "04 fde8 0002 c0000201 00", 6, ""),
                open("BGP identifier zero", "04 fde8 00b4 00000000 00", 3, ""),
                open("unsupported optional parameter", "04 fde8 00b4 c0000201 03 01 01 00", 4, ""),
                open("capability overruns its parameter", "04 fde8 00b4 c0000201 04 02 02 41 04", 0, ""),
                open("4-octet AS capability of length 2", "04 fde8 00b4 c0000201 06 02 04 41 02 fde8", 0, ""),
                open("parameter length beyond the message", "04 fde8 00b4 c0000201 09 02 02 02 00", 0, ""),
                // RFC 7313 §5: the data is the whole ROUTE-REFRESH
                new Case("ROUTE-REFRESH of 24 octets", EBGP, message(5, "0001 00 01 00"), SESSION_RESET, 7, 1,
                        Bytes.hex(message(5, "0001 00 01 00"))),
                // RFC 4271 §6.3, RFC 7606 §3.b: lengths that hide the NLRI
                new Case("withdrawn length overruns", EBGP, message(2, "0010 0a 0000"), SESSION_RESET, 3, 1, ""),
                new Case("attribute length overruns", EBGP, message(2, "0000 0010 40 01 01 00"), SESSION_RESET, 3, 1, ""),
                // RFC 7606 §5.3
                new Case("NLRI prefix longer than 32", EBGP, update("", MANDATORY, "21 0a010000 00"), SESSION_RESET, 3, 10, ""),
                new Case("withdrawn prefix overruns", EBGP, update("18 0a01", "", ""), SESSION_RESET, 3, 10, ""),
                // RFC 7606 §7.1
                new Case("ORIGIN of length 2", EBGP, update("", "40 01 02 0000 | 40 02 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 5, "4001020000"),
                new Case("ORIGIN value 3", EBGP, update("", "40 01 01 03 | 40 02 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 6, "40010103"),
                // RFC 7606 §3.c: flags in conflict with the type
                new Case("ORIGIN marked optional", EBGP, update("", "c0 01 01 00 | 40 02 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 4, "c0010100"),
                new Case("ORIGIN marked partial", EBGP, update("", "60 01 01 00 | 40 02 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 4, "60010100"),
                // RFC 7606 §7.2, RFC 7607
                new Case("AS_PATH segment type 5", EBGP, update("", "40 01 01 00 | 40 02 06 05 01 0000fde9 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 11, ""),
                new Case("AS_PATH segment of zero ASes", EBGP, update("", "40 01 01 00 | 40 02 02 02 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 11, ""),
                new Case("AS_PATH segment overruns", EBGP, update("", "40 01 01 00 | 40 02 06 02 02 0000fde9 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 11, ""),
                new Case("AS_PATH with one octet left over", EBGP, update("", "40 01 01 00 | 40 02 07 02 01 0000fde9 00 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 11, ""),
                new Case("AS_PATH containing AS 0", EBGP, update("", "40 01 01 00 | 40 02 06 02 01 00000000 | 40 03 04 c0000201", NLRI),
                        TREAT_AS_WITHDRAW, 3, 11, ""),
                // RFC 7606 §7.3 - §7.5
                new Case("NEXT_HOP of length 5", EBGP, update("", "40 01 01 00 | 40 02 00 | 40 03 05 c000020100", NLRI),
                        TREAT_AS_WITHDRAW, 3, 5, "400305c000020100"),
                attribute("MED of length 3", EBGP, "80 04 03 000064", TREAT_AS_WITHDRAW, 5, "800403000064"),
                attribute("LOCAL_PREF from an external peer", EBGP, "40 05 04 00000064", ATTRIBUTE_DISCARD, 9, ""),
                attribute("LOCAL_PREF of length 2 from an internal peer", IBGP, "40 05 02 0064", TREAT_AS_WITHDRAW, 5, "4005020064"),
                // RFC 7606 §7.6, §7.7
                attribute("ATOMIC_AGGREGATE of length 1", EBGP, "40 06 01 00", ATTRIBUTE_DISCARD, 5, "40060100"),
                attribute("AGGREGATOR of length 7", EBGP, "c0 07 07 0000fde9 c00002", ATTRIBUTE_DISCARD, 5, "c007070000fde9c00002"),
                attribute("AGGREGATOR with AS 0", EBGP, "c0 07 08 00000000 c0000202", ATTRIBUTE_DISCARD, 9, "c0070800000000c0000202"),
                // RFC 7606 §7.8 - §7.10
                attribute("COMMUNITIES of length 6", EBGP, "c0 08 06 fde90064 0000", TREAT_AS_WITHDRAW, 9, "c00806fde900640000"),
                attribute("COMMUNITIES of length 0", EBGP, "c0 08 00", TREAT_AS_WITHDRAW, 9, "c00800"),
                attribute("ORIGINATOR_ID from an external peer", EBGP, "80 09 04 0a000001", ATTRIBUTE_DISCARD, 9, ""),
                attribute("ORIGINATOR_ID of length 3", IBGP, "80 09 03 0a0000", TREAT_AS_WITHDRAW, 5, "8009030a0000"),
                attribute("CLUSTER_LIST of length 6", IBGP, "80 0a 06 0a0000020000", TREAT_AS_WITHDRAW, 9, "800a060a0000020000"),
                // RFC 7606 §7.14, §7.15; RFC 8092 §6; RFC 9234 §5
                attribute("EXTENDED_COMMUNITIES of length 12", EBGP, "c0 10 0c 0002fde900000064 00000000", TREAT_AS_WITHDRAW, 9,
                        "c0100c0002fde90000006400000000"),
                attribute("IPv6 extended communities of length 21", EBGP, "c0 19 15 " + "00".repeat(21), TREAT_AS_WITHDRAW, 9,
                        "c01915" + "00".repeat(21)),
                attribute("LARGE_COMMUNITIES of length 8", EBGP, "c0 20 08 0000fde9 00000001", TREAT_AS_WITHDRAW, 9,
                        "c020080000fde900000001"),
                attribute("OTC of length 3", EBGP, "c0 23 03 00fde9", TREAT_AS_WITHDRAW, 5, "c0230300fde9"),
                // RFC 7606 §7.11, §5.3: the family's NLRI cannot be trusted
                new Case("MP_REACH_NLRI next hop of 8 octets for ipv6", EBGP,
                        update("", "80 0e 12 0002 01 08 20010db800000001 00 20 20010db8 | 40 01 01 00 | 40 02 00", ""),
                        AFI_SAFI_DISABLE, 3, 9, "800e12 0002 01 08 20010db800000001 00 20 20010db8"),
                new Case("MP_REACH_NLRI prefix longer than 128", EBGP,
                        update("", "80 0e 17 0002 01 10 20010db8000000000000000000000001 00 81 20 | 40 01 01 00 | 40 02 00", ""),
                        AFI_SAFI_DISABLE, 3, 9, "800e17 0002 01 10 20010db8000000000000000000000001 00 81 20"),
                new Case("MP_UNREACH_NLRI of 2 octets", EBGP, update("", "80 0f 02 0002", ""), SESSION_RESET, 3, 9, "800f020002"),
                new Case("MP_UNREACH_NLRI marked transitive", EBGP, update("", "c0 0f 03 0002 01", ""), AFI_SAFI_DISABLE, 3, 4,
                        "c00f03000201"),
                // RFC 7606 §3.g
                new Case("MP_REACH_NLRI twice", EBGP, update("", "80 0e 0a 0001 01 04 c0000201 00 00 | 80 0e 0a 0001 01 04 c0000201 00 00"
                        + " | 40 01 01 00 | 40 02 00", ""), SESSION_RESET, 3, 1, ""),
                attribute("COMMUNITIES twice", EBGP, "c0 08 04 fde90064 | c0 08 04 fde90065", ATTRIBUTE_DISCARD, 1, ""),
                // RFC 4271 §6.3: unrecognised well-known attribute
                attribute("unrecognised well-known attribute", EBGP, "40 32 01 00", SESSION_RESET, 2, "40320100"),
                // RFC 7606 §3.d
                new Case("ORIGIN missing", EBGP, update("", "40 02 00 | 40 03 04 c0000201", NLRI), TREAT_AS_WITHDRAW, 3, 3, "01"),
                new Case("NEXT_HOP missing", EBGP, update("", "40 01 01 00 | 40 02 00", NLRI), TREAT_AS_WITHDRAW, 3, 3, "03"),
                new Case("AS_PATH missing with MP_REACH_NLRI", EBGP,
                        update("", "80 0e 0c 0001 01 04 c0000201 00 10 0a02 | 40 01 01 00", ""), TREAT_AS_WITHDRAW, 3, 3, "02"),
                // RFC 7606 §4
                attribute("attribute header truncated", EBGP, "c0 08", TREAT_AS_WITHDRAW, 1, ""),
                attribute("attribute value overruns the attributes", EBGP, "c0 08 08 fde90064", TREAT_AS_WITHDRAW, 1, ""),
                // RFC 7606 §5.2: no reachable NLRI, so treat-as-withdraw becomes a reset
                new Case("withdrawal with a malformed COMMUNITIES", EBGP, update("18 0a0100", "c0 08 03 fde900", ""),
                        SESSION_RESET, 3, 9, "c00803fde900"),
                // RFC 6793 §4.1 and §6
                attribute("AS4_PATH between 4-octet speakers", EBGP, "c0 11 06 02 01 0000fde9", ATTRIBUTE_DISCARD, 9, ""),
                new Case("AS4_PATH malformed from a 2-octet speaker", WireOptions.TWO_OCTET_AS,
                        update("", "40 01 01 00 | 40 02 04 02 01 fde9 | 40 03 04 c0000201 | c0 11 05 02 01 0000fd", NLRI),
                        ATTRIBUTE_DISCARD, 3, 9, "c0110502010000fd"));
    }
}
