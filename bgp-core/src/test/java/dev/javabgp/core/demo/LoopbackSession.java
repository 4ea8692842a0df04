package dev.javabgp.core.demo;

import dev.javabgp.codec.attribute.*;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import dev.javabgp.core.PeerConfig;
import dev.javabgp.core.PeerStatus;
import dev.javabgp.fsm.FsmState;
import dev.javabgp.rib.Route;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * The README's main job: two speakers open a real BGP session over TCP on loopback, one announces
 * a Kubernetes service address, the other prints what it learned and the session's status, and the
 * first shuts down with an RFC 9003 message. Everything is bounded in time and stays on 127.0.0.0/8.
 */
public final class LoopbackSession {

    private LoopbackSession() {}

    public static void main(String[] args) throws Exception {
        int nodePort = freePort("127.0.0.1");
        int routerPort = freePort("127.0.0.2");
        try (BgpSpeaker router = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", routerPort)
                        .peer(PeerConfig.of("127.0.0.1", 64512).withPort(nodePort).withPassive(true)).build();
                BgpSpeaker node = BgpSpeaker.builder(64512, "10.0.0.1").listen("127.0.0.1", nodePort)
                        .peer(PeerConfig.of("127.0.0.2", 64513).withPort(routerPort).withLocalAddress("127.0.0.1")).build()) {
            router.start().get(10, TimeUnit.SECONDS);
            node.start().get(10, TimeUnit.SECONDS);
            waitFor(() -> node.state("127.0.0.2").join() == FsmState.ESTABLISHED, "the session");

            IpPrefix service = IpPrefix.parse("10.96.0.10/32");
            System.out.println("node announces " + service + " with community 64512:300");
            node.announce(service, PathAttributes.of(Origin.IGP, AsPath.EMPTY, NextHop.of("127.0.0.1"),
                    Communities.of(Communities.parse("64512:300")))).get(10, TimeUnit.SECONDS);
            waitFor(() -> !router.routes(AddressFamily.IPV4_UNICAST).join().isEmpty(), "the route");
            for (Route r : router.routes(AddressFamily.IPV4_UNICAST).join()) {
                System.out.println("router learned " + r.prefix() + " " + r.attributes());
            }
            for (PeerStatus s : router.peers().join()) {
                System.out.println("router status: " + s);
            }
            node.stop("node drained for maintenance").get(10, TimeUnit.SECONDS);
            waitFor(() -> router.state("127.0.0.1").join() != FsmState.ESTABLISHED, "the shutdown");
            for (PeerStatus s : router.peers().join()) {
                System.out.println("router status: " + s);
            }
        }
    }

    private static int freePort(String address) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
