package dev.javabgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.BgpMessageEncoder;
import dev.javabgp.codec.UpdateReader;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.attribute.Addresses;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.error.DecodeResult;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.rib.out.ExportSettings;
import dev.javabgp.rib.out.UpdateGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the example of docs/rib.md and checks the guide still shows this code. */
class RibExampleTest {

    @Test
    void theRouteServerPassesTheRouteOnUnchanged() {
        ByteBuf received = Unpooled.buffer();
        ByteBuf outgoing = Unpooled.buffer();
        try {
            UpdateMessage update = RibFixtures.announce(RibFixtures.attributes("192.0.2.1", 65001), "198.51.100.0/24");
            BgpMessageEncoder.encode(update, WireOptions.DEFAULT, received);
            example(received, outgoing);
            UpdateMessage sent = (UpdateMessage) ((DecodeResult.Decoded) BgpMessageDecoder.decode(outgoing, WireOptions.DEFAULT))
                    .message();
            assertThat(sent).isEqualTo(update); // RFC 7947: a transparent route server changes nothing here
        } finally {
            received.release();
            outgoing.release();
        }
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/rib.md"));
        int open = guide.indexOf("```java\n", guide.indexOf("## Example")) + 8;
        String snippet = guide.substring(open, guide.indexOf("```", open));
        String source = Files.readString(Path.of("src/test/java/dev/javabgp/rib/RibExampleTest.java"));
        String marker = "    private static void example(ByteBuf received, ByteBuf outgoing) {\n";
        String body = source.substring(source.indexOf(marker) + marker.length(), source.lastIndexOf("    // end of example"));
        assertThat(normalise(body)).isEqualTo(normalise(snippet));
    }

    private static String normalise(String code) {
        return code.lines().map(l -> l.replaceAll("//.*", "").strip()).filter(l -> !l.isEmpty() && !l.equals("}"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static void example(ByteBuf received, ByteBuf outgoing) {
        Rib rib = new Rib(new RibConfig(65000, Addresses.ipv4("10.255.0.1")));
        int peer = rib.addPeer(new PeerInfo(Addresses.ipv4("192.0.2.1"), 65001, Addresses.ipv4("192.0.2.1"),
                true, false, false), PeerOptions.DEFAULT);
        UpdateGroup clients = new UpdateGroup(rib, ExportSettings.of(ExportSettings.Role.ROUTE_SERVER_CLIENT,
                Addresses.ipv4("10.255.0.1")));

        UpdateReader reader = new UpdateReader();
        BgpError error = reader.read(received, WireOptions.DEFAULT, rib.inbound(peer)); // for each UPDATE
        rib.settle();                                                                  // once per batch
        while (clients.hasPending()) {                                // and while the channel is writable
            clients.write(WireOptions.DEFAULT, outgoing, 1000);
        }
    }
    // end of example
}
