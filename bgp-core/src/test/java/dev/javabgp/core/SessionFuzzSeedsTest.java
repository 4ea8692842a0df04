package dev.javabgp.core;

import dev.javabgp.codec.CodecVectors;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.KeepaliveMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.SeedCorpus;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link SessionFuzzTest}: for {@code established}, each of the codec's vectors,
 * valid and malformed, sent by a peer whose session reads it as the vector is meant to be read, and
 * a few runs of several messages; for {@code opening}, each OPEN vector and whole sessions. Adding a vector fails here until the seeds are written again:
 * {@code ./mvnw -o -q -pl bgp-core -am test -Dtest=SessionFuzzSeedsTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seeds=write}.
 */
class SessionFuzzSeedsTest {

    @Test
    void establishedStartsFromEveryVector() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (CodecVectors.Named v : CodecVectors.all()) {
            seeds.put(v.name(), concat(new byte[] {(byte) session(v.options())}, v.wire()));
        }
        int session = session(WireOptions.DEFAULT);
        byte[] messages = validInARow(WireOptions.DEFAULT);
        seeds.put("valid-messages-in-a-row", concat(new byte[] {(byte) session}, messages));
        // Pieces of seven octets: headers and bodies split across reads.
        seeds.put("valid-messages-in-a-row-in-pieces", concat(new byte[] {(byte) (session | SessionFuzzTest.CHUNKED), 6}, messages));
        seeds.put("valid-more-routes-than-the-limit", concat(new byte[] {(byte) (session | SessionFuzzTest.LIMITED)},
                vector("valid-update-with-every-attribute")));
        SeedCorpus.check(SeedCorpus.directory(SessionFuzzTest.class, "established"), seeds);
    }

    @Test
    void openingStartsFromEveryOpenVectorAndAWholeSession() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (CodecVectors.Named v : CodecVectors.all()) {
            if (v.type() == BgpMessage.TYPE_OPEN) {
                seeds.put(v.name(), concat(new byte[] {(byte) session(v.options())}, v.wire()));
            }
        }
        // A session that comes up and carries on: OPEN, KEEPALIVE, then the valid messages.
        for (WireOptions options : List.of(WireOptions.DEFAULT, WireOptions.TWO_OCTET_AS)) {
            int session = session(options);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(session);
            bytes.writeBytes(Bytes.encode(SessionFuzzTest.open(session), WireOptions.DEFAULT));
            bytes.writeBytes(Bytes.encode(KeepaliveMessage.INSTANCE, WireOptions.DEFAULT));
            bytes.writeBytes(validInARow(options));
            seeds.put("valid-session-" + (options.fourOctetAs() ? "4-octet-as" : "2-octet-as"), bytes.toByteArray());
        }
        SeedCorpus.check(SeedCorpus.directory(SessionFuzzTest.class, "opening"), seeds);
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

    /** The valid vectors for {@code options} one after another, but OPEN and NOTIFICATION, which would end the session. */
    private static byte[] validInARow(WireOptions options) {
        ByteArrayOutputStream inARow = new ByteArrayOutputStream();
        for (CodecVectors.Named v : CodecVectors.all()) {
            if (v.name().startsWith("valid-") && v.options().equals(options) && v.type() != BgpMessage.TYPE_OPEN
                    && v.type() != BgpMessage.TYPE_NOTIFICATION) {
                inARow.writeBytes(v.wire());
            }
        }
        return inARow.toByteArray();
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
