package dev.javabgp.codec.tools;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.capability.*;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.PrintStream;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes BGP messages given as hex arguments, or a built-in sample session when there are none,
 * and prints each with the action RFC 7606 prescribes for anything malformed.
 *
 * <pre>java dev.javabgp.codec.tools.MessageDump [--two-octet-as] [HEX ...]</pre>
 */
public final class MessageDump {

    private MessageDump() {}

    public static void main(String[] args) {
        WireOptions options = WireOptions.DEFAULT.withExternalPeer(false);
        int first = 0;
        if (args.length > 0 && args[0].equals("--two-octet-as")) {
            options = options.withFourOctetAs(false);
            first = 1;
        }
        ByteBuf stream = Unpooled.buffer();
        try {
            if (args.length > first) {
                for (int i = first; i < args.length; i++) {
                    try {
                        stream.writeBytes(HexFormat.of().parseHex(args[i].replaceAll("[\\s:]", "")));
                    } catch (IllegalArgumentException e) {
                        System.err.println("argument " + (i + 1) + " is not hex: " + e.getMessage());
                        System.exit(2);
                    }
                }
            } else {
                writeSample(options, stream);
            }
            dump(stream, options, System.out);
        } finally {
            stream.release();
        }
    }

    /** Decodes every message in {@code stream} and prints it. */
    static void dump(ByteBuf stream, WireOptions options, PrintStream out) {
        int n = 0;
        while (stream.readableBytes() >= WireOptions.HEADER_LENGTH) {
            int length = stream.getUnsignedShort(stream.readerIndex() + 16);
            byte[] raw = new byte[Math.min(stream.readableBytes(), Math.max(length, WireOptions.HEADER_LENGTH))];
            stream.getBytes(stream.readerIndex(), raw);
            DecodeResult result = BgpMessageDecoder.decode(stream, options);
            out.printf("#%d  %d octets  %s%n", ++n, raw.length, HexFormat.of().formatHex(raw, 0, Math.min(raw.length, 48))
                    + (raw.length > 48 ? "..." : ""));
            switch (result) {
                case DecodeResult.Decoded d -> {
                    out.println("    " + d.message());
                    for (BgpError e : d.errors()) {
                        out.println("    ! " + e);
                    }
                }
                case DecodeResult.Failed f -> {
                    out.println("    ! " + f.error());
                    out.println("    -> reply " + f.error().notification());
                    return; // RFC 4271 §6: the session ends here
                }
            }
        }
        if (stream.isReadable()) {
            out.printf("%d trailing octets, less than a header%n", stream.readableBytes());
        }
    }

    /** An OPEN, a few UPDATEs (one of them malformed), a KEEPALIVE and a NOTIFICATION. */
    private static void writeSample(WireOptions options, ByteBuf out) {
        AddressFamily v4 = AddressFamily.IPV4_UNICAST;
        AddressFamily v6 = AddressFamily.IPV6_UNICAST;
        List<BgpMessage> messages = List.of(
                OpenMessage.of(64512, 90, Addresses.ipv4("192.0.2.10"), List.of(
                        new MultiprotocolCapability(v4), new MultiprotocolCapability(v6), RouteRefreshCapability.INSTANCE,
                        new GracefulRestartCapability(false, true, 120, List.of(new GracefulRestartCapability.Family(v4, true))),
                        new FqdnCapability("node-1", "cluster.local"))),
                KeepaliveMessage.INSTANCE,
                UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(64512), NextHop.of("192.0.2.10"),
                                new LocalPref(100), Communities.of(Communities.parse("64512:300"))),
                        PrefixBlock.parse(v4, "10.96.0.0/12", "203.0.113.7/32")),
                UpdateMessage.announce(PathAttributes.of(Origin.IGP, AsPath.sequence(64512),
                                new MpReachNlri(v6, Addresses.ipv6("2001:db8::10"), PrefixBlock.parse(v6, "fd00:10:96::/112"))),
                        PrefixBlock.empty(v4)),
                UpdateMessage.endOfRib(v4));
        for (BgpMessage m : messages) {
            BgpMessageEncoder.encode(m, options, out);
        }
        // An UPDATE whose COMMUNITIES is 3 octets long: RFC 7606 §7.8 says treat-as-withdraw.
        out.writeBytes(HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff0035020000001a"
                + "40010100400206020100" + "00fc00400304c000020ac0080300fc00" + "18c63364"));
        BgpMessageEncoder.encode(NotificationMessage.cease(NotificationCode.ADMINISTRATIVE_SHUTDOWN, "node drained"), options, out);
    }
}
