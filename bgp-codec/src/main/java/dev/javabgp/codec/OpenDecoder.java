package dev.javabgp.codec;

import static dev.javabgp.codec.message.NotificationCode.*;

import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.message.OpenMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** OPEN body (RFC 4271 §4.2) with capabilities (RFC 5492) and extended parameters (RFC 9072). */
final class OpenDecoder {

    private static final int CAPABILITIES_PARAMETER = 2; // RFC 5492 §4
    private static final int EXTENDED_PARAMETERS = 255;  // RFC 9072 §2

    private OpenDecoder() {}

    static OpenMessage decode(ByteBuf in, int p, int end) {
        int version = in.getUnsignedByte(p);
        if (version != OpenMessage.VERSION) {
            // RFC 4271 §6.2: the data is the largest version we support.
            throw error(UNSUPPORTED_VERSION_NUMBER, new byte[] {0, OpenMessage.VERSION}, "BGP version " + version + " is not 4");
        }
        int myAs = in.getUnsignedShort(p + 1);
        int holdTime = in.getUnsignedShort(p + 3);
        if (holdTime == 1 || holdTime == 2) {
            throw error(UNACCEPTABLE_HOLD_TIME, new byte[0], "hold time " + holdTime + " s: it must be 0 or at least 3 (RFC 4271 §4.2)");
        }
        int identifier = in.getInt(p + 5);
        if (identifier == 0) {
            throw error(BAD_BGP_IDENTIFIER, new byte[0], "BGP identifier 0.0.0.0 (RFC 6286 §2.2)");
        }
        int optionalLength = in.getUnsignedByte(p + 9);
        int q = p + 10;
        boolean extended = optionalLength != 0 && q < end && in.getUnsignedByte(q) == EXTENDED_PARAMETERS;
        int parametersEnd;
        if (extended) {
            // RFC 9072 §2: Non-Ext OP Len is then ignored; a 2-octet length follows the 255 type.
            if (q + 3 > end) {
                throw malformed("extended optional parameters header is truncated");
            }
            parametersEnd = q + 3 + in.getUnsignedShort(q + 1);
            q += 3;
        } else {
            parametersEnd = q + optionalLength;
        }
        if (parametersEnd != end) {
            throw malformed("optional parameters length does not match the message length");
        }
        List<Capability> capabilities = new ArrayList<>();
        int headerLength = extended ? 3 : 2;
        while (q < parametersEnd) {
            if (q + headerLength > parametersEnd) {
                throw malformed("optional parameter header is truncated");
            }
            int type = in.getUnsignedByte(q);
            int length = extended ? in.getUnsignedShort(q + 1) : in.getUnsignedByte(q + 1);
            int value = q + headerLength;
            if (value + length > parametersEnd) {
                throw malformed("optional parameter " + type + " runs past the parameters");
            }
            if (type != CAPABILITIES_PARAMETER) {
                throw error(UNSUPPORTED_OPTIONAL_PARAMETER, new byte[0], "optional parameter type " + type + " is not supported");
            }
            readCapabilities(in, value, value + length, capabilities);
            q = value + length;
        }
        return new OpenMessage(version, myAs, holdTime, Addresses.ipv4(identifier), capabilities);
    }

    private static void readCapabilities(ByteBuf in, int p, int end, List<Capability> out) {
        while (p < end) {
            if (p + 2 > end) {
                throw malformed("capability header is truncated");
            }
            int code = in.getUnsignedByte(p);
            int length = in.getUnsignedByte(p + 1);
            int v = p + 2;
            if (v + length > end) {
                throw malformed("capability " + code + " runs past its parameter");
            }
            out.add(readCapability(in, code, v, length));
            p = v + length;
        }
    }

    private static Capability readCapability(ByteBuf in, int code, int v, int length) {
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                expectLength(code, length, 4);
                return new MultiprotocolCapability(AddressFamily.of(in.getUnsignedShort(v), in.getUnsignedByte(v + 3)));
            }
            case Capability.ROUTE_REFRESH -> {
                expectLength(code, length, 0);
                return RouteRefreshCapability.INSTANCE;
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                expectLength(code, length, 0);
                return EnhancedRouteRefreshCapability.INSTANCE;
            }
            case Capability.EXTENDED_MESSAGE -> {
                expectLength(code, length, 0);
                return ExtendedMessageCapability.INSTANCE;
            }
            case Capability.FOUR_OCTET_AS -> {
                expectLength(code, length, 4);
                return new FourOctetAsCapability(in.getUnsignedInt(v));
            }
            case Capability.ROLE -> {
                expectLength(code, length, 1);
                return new RoleCapability(in.getUnsignedByte(v));
            }
            case Capability.GRACEFUL_RESTART -> {
                expectMultiple(code, length - 2, 4, length >= 2);
                int header = in.getUnsignedShort(v);
                List<GracefulRestartCapability.Family> families = new ArrayList<>();
                for (int i = v + 2; i < v + length; i += 4) {
                    families.add(new GracefulRestartCapability.Family(
                            AddressFamily.of(in.getUnsignedShort(i), in.getUnsignedByte(i + 2)),
                            (in.getUnsignedByte(i + 3) & 0x80) != 0));
                }
                // RFC 4724 §3: R is the top bit, N (RFC 8538 §2) the next, then 12 bits of time.
                return new GracefulRestartCapability((header & 0x8000) != 0, (header & 0x4000) != 0, header & 0x0FFF, families);
            }
            case Capability.LONG_LIVED_GRACEFUL_RESTART -> {
                expectMultiple(code, length, 7, true);
                List<LongLivedGracefulRestartCapability.Family> families = new ArrayList<>();
                for (int i = v; i < v + length; i += 7) {
                    families.add(new LongLivedGracefulRestartCapability.Family(
                            AddressFamily.of(in.getUnsignedShort(i), in.getUnsignedByte(i + 2)),
                            (in.getUnsignedByte(i + 3) & 0x80) != 0,
                            in.getUnsignedMedium(i + 4)));
                }
                return new LongLivedGracefulRestartCapability(families);
            }
            case Capability.ADD_PATH -> {
                expectMultiple(code, length, 4, true);
                List<AddPathCapability.Family> families = new ArrayList<>();
                for (int i = v; i < v + length; i += 4) {
                    AddPathCapability.Direction direction = AddPathCapability.Direction.ofCode(in.getUnsignedByte(i + 3));
                    if (direction == null) {
                        // RFC 7911 §4: a bad Send/Receive value makes the capability not understood.
                        return new UnknownCapability(code, ByteBufUtil.getBytes(in, v, length));
                    }
                    families.add(new AddPathCapability.Family(
                            AddressFamily.of(in.getUnsignedShort(i), in.getUnsignedByte(i + 2)), direction));
                }
                return new AddPathCapability(families);
            }
            case Capability.EXTENDED_NEXT_HOP -> {
                expectMultiple(code, length, 6, true);
                List<ExtendedNextHopCapability.Entry> entries = new ArrayList<>();
                for (int i = v; i < v + length; i += 6) {
                    entries.add(new ExtendedNextHopCapability.Entry(
                            in.getUnsignedShort(i), in.getUnsignedShort(i + 2), in.getUnsignedShort(i + 4)));
                }
                return new ExtendedNextHopCapability(entries);
            }
            case Capability.FQDN -> {
                int hostLength = length >= 1 ? in.getUnsignedByte(v) : -1;
                int domainAt = v + 1 + hostLength;
                if (hostLength < 0 || 1 + hostLength + 1 > length
                        || 1 + hostLength + 1 + in.getUnsignedByte(domainAt) != length) {
                    throw malformed("FQDN capability lengths do not add up to " + length);
                }
                return new FqdnCapability(
                        in.toString(v + 1, hostLength, StandardCharsets.UTF_8),
                        in.toString(domainAt + 1, in.getUnsignedByte(domainAt), StandardCharsets.UTF_8));
            }
            default -> {
                return new UnknownCapability(code, ByteBufUtil.getBytes(in, v, length));
            }
        }
    }

    private static void expectLength(int code, int length, int expected) {
        if (length != expected) {
            throw malformed("capability " + code + " has length " + length + ", not " + expected);
        }
    }

    private static void expectMultiple(int code, int length, int unit, boolean otherwiseValid) {
        if (!otherwiseValid || length % unit != 0) {
            throw malformed("capability " + code + " has a length that is not a multiple of " + unit);
        }
    }

    // RFC 4271 §6.2: a recognised optional parameter that is malformed gets subcode 0.
    private static DecodeException malformed(String reason) {
        return error(UNSPECIFIC, new byte[0], "malformed OPEN: " + reason);
    }

    private static DecodeException error(int subcode, byte[] data, String reason) {
        return new DecodeException(BgpError.sessionReset(OPEN_MESSAGE_ERROR, subcode, data, reason));
    }
}
