package example;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.NextHop;
import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A node speaker announces a service address to a router speaker, both on loopback. */
public final class Main {
    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            port = s.getLocalPort();
        }
        try (BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", port)
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true)).build();
                BgpSpeaker node = BgpSpeaker.builder(64512, "10.0.0.1")
                        .peer(PeerConfig.of("127.0.0.2", 64513).withPort(port).withLocalAddress("127.0.0.1")).build()) {
            router.start().join();
            node.start().join();
            node.announce(IpPrefix.parse("10.96.0.10/32"), PathAttributes.of(Origin.IGP, AsPath.EMPTY,
                    NextHop.of("127.0.0.1"), Communities.of(Communities.parse("64512:300")))).join();
            long deadline = System.currentTimeMillis() + 15_000;
            while (router.routes(AddressFamily.IPV4_UNICAST).join().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            router.routes(AddressFamily.IPV4_UNICAST).join()
                    .forEach(r -> System.out.println("router learned " + r.prefix() + " " + r.attributes()));
        }
    }
}
