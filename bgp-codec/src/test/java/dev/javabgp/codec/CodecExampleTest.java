package dev.javabgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.error.ErrorAction;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.nlri.PrefixCursor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the example of docs/codec.md and checks the guide still shows this code. */
class CodecExampleTest {

    @Test
    void theGuideExampleRunsAndPrintsTheAnnouncedPrefixes() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("0a600000/12 via 192.0.2.10", "cb007107/32 via 192.0.2.10");
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/codec.md"));
        String snippet = guide.substring(guide.indexOf("```java\n") + 8, guide.indexOf("```", guide.indexOf("```java\n") + 8));
        String source = Files.readString(Path.of("src/test/java/dev/javabgp/codec/CodecExampleTest.java"));
        String body = source.substring(source.indexOf("    private static void example() {\n") + 36, source.lastIndexOf("    // end of example"));
        assertThat(normalise(body)).isEqualTo(normalise(snippet));
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("}")).reduce("", (a, b) -> a + b + "\n");
    }

    private static void example() {
        WireOptions options = WireOptions.DEFAULT;
        PathAttributes attributes = PathAttributes.of(Origin.IGP, AsPath.sequence(64512), NextHop.of("192.0.2.10"),
                Communities.of(Communities.parse("64512:300")));
        PrefixBlock services = PrefixBlock.parse(AddressFamily.IPV4_UNICAST, "10.96.0.0/12", "203.0.113.7/32");

        ByteBuf wire = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            // As many prefixes per UPDATE as fit in 4,096 octets.
            int messages = UpdatePacker.writeAnnouncements(attributes, services, options, wire);

            DecodeResult result = BgpMessageDecoder.decode(wire, options);
            if (result instanceof DecodeResult.Decoded decoded && decoded.action() == ErrorAction.NONE) {
                UpdateMessage update = (UpdateMessage) decoded.message();
                PrefixCursor cursor = update.nlri().cursor();
                while (cursor.next()) {
                    System.out.printf("%08x/%d via %s%n", cursor.ipv4Address(), cursor.length(),
                            update.attributes().nextHop().address().getHostAddress());
                }
            } else if (result instanceof DecodeResult.Failed failed) {
                System.out.println("reset the session with " + failed.error().notification());
            }
        } finally {
            wire.release();
        }
    }
    // end of example
}
