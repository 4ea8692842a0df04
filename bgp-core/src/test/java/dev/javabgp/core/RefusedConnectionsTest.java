package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.fsm.FsmState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection from an address that is no peer is closed before any OPEN and logged once
 * (RFC 4271 §8.2.1.1), however often it comes back; the memory of such addresses is bounded.
 */
class RefusedConnectionsTest {

    @Test
    void repeatedConnectionsFromAStrangerAreLoggedOnce() throws Exception {
        int port = TwoSpeakersTest.freePort("127.0.0.2");
        // slf4j-simple, the tests' logger, writes each line to whatever System.err is at the time.
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (BgpSpeaker speaker = BgpSpeaker.builder(64513, "10.0.0.2").listen("127.0.0.2", port)
                .peer(PeerConfig.of("127.0.0.1", 64512).withPassive(true)).build()) {
            speaker.start().get(10, TimeUnit.SECONDS);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < 5; i++) {
                    for (String stranger : new String[] {"127.0.0.9", "127.0.0.10"}) {
                        try (Socket socket = new Socket()) {
                            socket.bind(new InetSocketAddress(stranger, 0));
                            socket.connect(new InetSocketAddress("127.0.0.2", port), 5000);
                            socket.setSoTimeout(5000);
                            assertThat(socket.getInputStream().read()).isEqualTo(-1); // closed, not a byte of OPEN
                        }
                    }
                }
                speaker.peers().get(5, TimeUnit.SECONDS); // the loop has handled every connection
            } finally {
                System.setErr(original);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(log.lines().filter(l -> l.contains("connection from 127.0.0.9 refused"))).hasSize(1);
            assertThat(log.lines().filter(l -> l.contains("connection from 127.0.0.10 refused"))).hasSize(1);
            assertThat(speaker.state("127.0.0.1").join()).isEqualTo(FsmState.ACTIVE); // the configured peer is untouched
        }
    }

    @Test
    void theRefusedAddressesRememberedAreBoundedAndTheLongestAgoIsForgottenFirst() throws Exception {
        RefusedAddresses refused = new RefusedAddresses(3);
        InetAddress[] scan = new InetAddress[10];
        for (int i = 0; i < scan.length; i++) {
            scan[i] = InetAddress.getByName("192.0.2." + (i + 1));
        }
        assertThat(refused.firstRefusal(scan[0])).isTrue();
        assertThat(refused.firstRefusal(scan[0])).isFalse();
        for (InetAddress a : scan) {
            refused.firstRefusal(a);
            refused.firstRefusal(scan[9]); // one address keeps coming back
        }
        assertThat(refused.size()).isEqualTo(3);
        assertThat(refused.firstRefusal(scan[9])).isFalse(); // refused lately: still remembered
        assertThat(refused.firstRefusal(scan[0])).isTrue(); // forgotten, so worth a line again
    }
}
