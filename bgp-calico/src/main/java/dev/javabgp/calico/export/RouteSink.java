package dev.javabgp.calico.export;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.BgpSpeaker;
import java.util.concurrent.CompletableFuture;

/** Where an exporter's announcements go: a {@link BgpSpeaker}, or a recorder in tests. */
public interface RouteSink {

    CompletableFuture<Void> announce(IpPrefix prefix, PathAttributes attributes);

    CompletableFuture<Boolean> withdraw(IpPrefix prefix);

    /** A speaker's {@link BgpSpeaker#announce} and {@link BgpSpeaker#withdraw}. */
    static RouteSink of(BgpSpeaker speaker) {
        return new RouteSink() {
            @Override
            public CompletableFuture<Void> announce(IpPrefix prefix, PathAttributes attributes) {
                return speaker.announce(prefix, attributes);
            }

            @Override
            public CompletableFuture<Boolean> withdraw(IpPrefix prefix) {
                return speaker.withdraw(prefix);
            }
        };
    }
}
