package dev.javabgp.core;

import dev.javabgp.codec.CodecVectors;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.testing.SeedCorpus;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link SessionFuzzTest}: each of the codec's vectors, valid and malformed,
 * sent by a peer whose session reads it as the vector is meant to be read, and a few runs of
 * several messages. Adding a vector fails here until the seeds are written again:
 * {@code ./mvnw -o -q -pl bgp-core -am test -Dtest=SessionFuzzSeedsTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seeds=write}.
 */
class SessionFuzzSeedsTest {

    @Test
    void establishedStartsFromEveryVector() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        ByteArrayOutputStream inARow = new ByteArrayOutputStream();
        for (CodecVectors.Named v : CodecVectors.all()) {
            int session = session(v.options());
            seeds.put(v.name(), concat(new byte[] {(byte) session}, v.wire()));
            if (v.name().startsWith("valid-") && v.options().equals(WireOptions.DEFAULT) && v.type() != BgpMessage.TYPE_OPEN
                    && v.type() != BgpMessage.TYPE_NOTIFICATION) {
                inARow.writeBytes(v.wire());
            }
        }
        int session = session(WireOptions.DEFAULT);
        byte[] messages = inARow.toByteArray();
        seeds.put("valid-messages-in-a-row", concat(new byte[] {(byte) session}, messages));
        // Pieces of seven octets: headers and bodies split across reads.
        seeds.put("valid-messages-in-a-row-in-pieces", concat(new byte[] {(byte) (session | SessionFuzzTest.CHUNKED), 6}, messages));
        seeds.put("valid-more-routes-than-the-limit", concat(new byte[] {(byte) (session | SessionFuzzTest.LIMITED)},
                vector("valid-update-with-every-attribute")));
        SeedCorpus.check(SeedCorpus.directory(SessionFuzzTest.class, "established"), seeds);
    }

    /** The session octet under which the speaker reads what a peer sends with {@code options}; IPv6 always. */
    private static int session(WireOptions options) {
        if (options.extendedMessage() || !Set.of(AddressFamily.IPV4_UNICAST).containsAll(options.addPath())) {
            throw new IllegalArgumentException("no session of SessionFuzzTest reads " + options);
        }
        return SessionFuzzTest.IPV6 | SessionFuzzTest.ROUTE_REFRESH
                | (options.fourOctetAs() ? SessionFuzzTest.FOUR_OCTET_AS : 0)
                | (options.externalPeer() ? SessionFuzzTest.EXTERNAL : 0)
                | (options.addPath(AddressFamily.IPV4_UNICAST) ? SessionFuzzTest.ADD_PATH_IPV4 : 0);
    }

    private static byte[] vector(String name) {
        return CodecVectors.all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().wire();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
