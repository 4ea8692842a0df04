package dev.javabgp.dataplane.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkException;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Opening a netlink socket in a namespace leaves nothing behind, whatever happens to the caller. */
class NetlinkSocketTest {

    /** The sockets this process holds open, as /proc/self/fd names them ("socket:[inode]"). */
    static Set<String> openSockets() throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (IOException e) {
                    // closed while listed (the listing's own descriptor, say)
                }
            }
        }
        return sockets;
    }

    @Test
    void aCallerInterruptedWhileTheSocketIsMadeInTheNamespaceGetsAnErrorAndNoSocketIsLeft() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            Set<String> before = openSockets();
            Thread.currentThread().interrupt(); // join() sees it at once, while the helper thread works
            try {
                assertThatThrownBy(() -> NetlinkSocket.openInNamespace(ns.name))
                        .isInstanceOf(NetlinkException.class)
                        .hasMessageContaining("interrupted while opening a netlink socket in /var/run/netns/" + ns.name);
                assertThat(Thread.currentThread().isInterrupted()).isTrue(); // the interrupt is kept for the caller
            } finally {
                Thread.interrupted();
            }
            Thread.sleep(300); // a socket left open by the helper would be there by now
            Set<String> leaked = openSockets();
            leaked.removeAll(before);
            assertThat(leaked).isEmpty();

            try (NetlinkSocket socket = NetlinkSocket.openInNamespace(ns.name)) { // and uninterrupted it works
                Set<String> opened = openSockets();
                opened.removeAll(before);
                assertThat(opened).hasSize(1);
            }
        }
    }
}
