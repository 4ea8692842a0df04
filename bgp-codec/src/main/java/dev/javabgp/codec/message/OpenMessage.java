package dev.javabgp.codec.message;

import dev.javabgp.codec.capability.Capability;
import dev.javabgp.codec.capability.FourOctetAsCapability;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492). The codec writes the capabilities in one
 * Capabilities optional parameter, switching to extended optional parameters (RFC 9072) when they
 * do not fit in 255 octets.
 *
 * @param myAutonomousSystem the 2-octet "My Autonomous System" field: the AS, or AS_TRANS when the
 *     AS needs 4 octets (RFC 6793 §4.1)
 * @param holdTime proposed hold time in seconds: 0, or at least 3 (RFC 4271 §4.2)
 */
public record OpenMessage(int version, int myAutonomousSystem, int holdTime, Inet4Address bgpIdentifier,
        List<Capability> capabilities) implements BgpMessage {

    public static final int VERSION = 4;
    public static final int AS_TRANS = 23456; // RFC 6793 §9

    public OpenMessage {
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("version is one octet, not " + version);
        }
        if (myAutonomousSystem < 0 || myAutonomousSystem > 0xFFFF) {
            throw new IllegalArgumentException("My Autonomous System is 2 octets; use AS_TRANS and the 4-octet AS capability for " + myAutonomousSystem);
        }
        if (holdTime < 0 || holdTime > 0xFFFF) {
            throw new IllegalArgumentException("hold time is 2 octets, not " + holdTime);
        }
        Objects.requireNonNull(bgpIdentifier, "bgpIdentifier");
        capabilities = List.copyOf(capabilities);
    }

    /**
     * An OPEN for {@code asn}: the 2-octet field holds the AS or AS_TRANS, and the 4-octet AS
     * capability is added if the list lacks it (RFC 6793 §3).
     */
    public static OpenMessage of(long asn, int holdTime, Inet4Address bgpIdentifier, List<Capability> capabilities) {
        List<Capability> caps = new ArrayList<>(capabilities);
        if (caps.stream().noneMatch(c -> c instanceof FourOctetAsCapability)) {
            caps.add(new FourOctetAsCapability(asn));
        }
        int twoOctet = asn <= 0xFFFF ? (int) asn : AS_TRANS;
        return new OpenMessage(VERSION, twoOctet, holdTime, bgpIdentifier, caps);
    }

    /** The speaker's AS: the 4-octet capability's value if present, else the 2-octet field. */
    public long autonomousSystem() {
        FourOctetAsCapability four = capability(FourOctetAsCapability.class);
        return four != null ? four.asn() : myAutonomousSystem;
    }

    /** The first capability of this type, or null. */
    public <T extends Capability> T capability(Class<T> type) {
        for (Capability c : capabilities) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** All capabilities of this type, in the order sent. */
    public <T extends Capability> List<T> capabilities(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Capability c : capabilities) {
            if (type.isInstance(c)) {
                out.add(type.cast(c));
            }
        }
        return out;
    }

    @Override
    public int type() {
        return TYPE_OPEN;
    }

    @Override
    public String toString() {
        return "OpenMessage[version=" + version + ", as=" + autonomousSystem() + ", holdTime=" + holdTime
                + ", bgpIdentifier=" + bgpIdentifier.getHostAddress() + ", capabilities=" + capabilities + "]";
    }
}
