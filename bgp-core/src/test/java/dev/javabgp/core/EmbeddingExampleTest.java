package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the example of docs/embedding.md against a second speaker and checks the guide shows it. */
class EmbeddingExampleTest {

    @Test
    void theExampleAnnouncesTheServiceToTheRouter() throws Exception {
        int port = TwoSpeakersTest.freePort("127.0.0.2");
        try (BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", port)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true)).build()) {
            router.start().get(10, TimeUnit.SECONDS);
            try (BgpSpeaker speaker = embed("127.0.0.2", port)) {
                TwoSpeakersTest.await("the service at the router",
                        () -> !TwoSpeakersTest.routes(router, AddressFamily.IPV4_UNICAST).isEmpty());
                assertThat(TwoSpeakersTest.routes(router, AddressFamily.IPV4_UNICAST).get(0).prefix())
                        .isEqualTo(IpPrefix.parse("10.96.0.10/32"));
            }
        }
    }

    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/embedding.md"));
        int open = guide.indexOf("```java\n") + 8;
        String snippet = guide.substring(open, guide.indexOf("```", open));
        String source = Files.readString(Path.of("src/test/java/dev/javabgp/core/EmbeddingExampleTest.java"));
        String marker = "    static BgpSpeaker embed(String routerAddress, int routerPort) {\n";
        String body = source.substring(source.indexOf(marker) + marker.length(), source.lastIndexOf("    // end of example"));
        assertThat(body.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("}")).toList())
                .isEqualTo(snippet.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        assertThat(snippet.lines().count()).isLessThanOrEqualTo(10);
    }

    static BgpSpeaker embed(String routerAddress, int routerPort) {
        BgpSpeaker speaker = BgpSpeaker.builder(64512, "10.0.0.1")
                .peer(PeerConfig.of(routerAddress, 64513).withPort(routerPort).withLocalAddress("127.0.0.1"))
                .build();
        speaker.start().join();
        speaker.addListener(status -> System.out.println("session: " + status));
        speaker.announce(IpPrefix.parse("10.96.0.10/32"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                NextHop.of("127.0.0.1"), Communities.of(Communities.parse("64512:300")))).join();
        return speaker;
    }
    // end of example
}
