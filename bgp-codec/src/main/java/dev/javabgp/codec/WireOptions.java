package dev.javabgp.codec;

import dev.javabgp.codec.nlri.AddressFamily;
import java.util.Set;

/**
 * What a session negotiated that changes the bytes on the wire, for one direction: decoding uses
 * what we receive, encoding what we send.
 *
 * @param fourOctetAs both sides announced the 4-octet AS capability (RFC 6793)
 * @param extendedMessage both sides announced extended messages: up to 65,535 bytes (RFC 8654)
 * @param addPath families whose prefixes carry path identifiers in this direction (RFC 7911)
 * @param externalPeer the peer is in another AS; some attributes are then discarded (RFC 7606 §7.5)
 */
public record WireOptions(boolean fourOctetAs, boolean extendedMessage, Set<AddressFamily> addPath, boolean externalPeer) {

    public static final int MAX_MESSAGE_LENGTH = 4096;           // RFC 4271 §4.1
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535; // RFC 8654 §4
    public static final int HEADER_LENGTH = 19;

    /** What every session starts with, before OPENs are exchanged: 4-octet AS numbers, nothing else. */
    public static final WireOptions DEFAULT = new WireOptions(true, false, Set.of(), true);

    /** 2-octet AS numbers, as with a speaker that lacks RFC 6793. */
    public static final WireOptions TWO_OCTET_AS = new WireOptions(false, false, Set.of(), true);

    public WireOptions {
        addPath = Set.copyOf(addPath);
    }

    public boolean addPath(AddressFamily family) {
        return !addPath.isEmpty() && addPath.contains(family);
    }

    public int maxMessageLength() {
        return extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
    }

    public WireOptions withFourOctetAs(boolean value) {
        return new WireOptions(value, extendedMessage, addPath, externalPeer);
    }

    public WireOptions withExtendedMessage(boolean value) {
        return new WireOptions(fourOctetAs, value, addPath, externalPeer);
    }

    public WireOptions withAddPath(Set<AddressFamily> families) {
        return new WireOptions(fourOctetAs, extendedMessage, families, externalPeer);
    }

    public WireOptions withExternalPeer(boolean value) {
        return new WireOptions(fourOctetAs, extendedMessage, addPath, value);
    }
}
