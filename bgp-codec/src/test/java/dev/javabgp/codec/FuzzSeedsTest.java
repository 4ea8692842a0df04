package dev.javabgp.codec;

import dev.javabgp.codec.message.BgpMessage;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.nlri.AddressFamily;
import dev.javabgp.codec.nlri.PrefixBlock;
import dev.javabgp.codec.testing.Bytes;
import dev.javabgp.codec.testing.SeedCorpus;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link MessageDecoderFuzzTest} is the codec's vectors, valid and malformed, in
 * the form each target reads: fuzzing starts from every message kind, capability, attribute and
 * RFC 7606 case the vectors cover. Adding a vector fails here until the seeds are written again:
 * {@code ./mvnw -o -q -pl bgp-codec test -Dtest=FuzzSeedsTest -Dfuzz.seeds=write}.
 */
class FuzzSeedsTest {

    @Test
    void anyMessageStartsFromEveryVector() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(FuzzOptions.octet(WireOptions.DEFAULT));
        for (CodecVectors.Named v : CodecVectors.all()) {
            seeds.put(v.name(), withOptions(v.options(), v.wire()));
            if (v.name().startsWith("valid-") && v.options().equals(WireOptions.DEFAULT)) {
                stream.writeBytes(v.wire());
            }
        }
        // Several messages in one input, as a session receives them.
        seeds.put("valid-messages-in-a-row", stream.toByteArray());
        seeds.put(EXTENDED, withOptions(EXTENDED_OPTIONS, extendedUpdate()));
        SeedCorpus.check(SeedCorpus.directory(MessageDecoderFuzzTest.class, "anyMessage"), seeds);
    }

    @Test
    void updateStartsFromEveryUpdateVector() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (CodecVectors.Named v : CodecVectors.all()) {
            if (v.type() == BgpMessage.TYPE_UPDATE) {
                seeds.put(v.name(), withOptions(v.options(), body(v.wire())));
            }
        }
        seeds.put(EXTENDED, withOptions(EXTENDED_OPTIONS, body(extendedUpdate())));
        SeedCorpus.check(SeedCorpus.directory(MessageDecoderFuzzTest.class, "update"), seeds);
    }

    @Test
    void openStartsFromEveryOpenVector() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (CodecVectors.Named v : CodecVectors.all()) {
            if (v.type() == BgpMessage.TYPE_OPEN) {
                seeds.put(v.name(), body(v.wire()));
            }
        }
        SeedCorpus.check(SeedCorpus.directory(MessageDecoderFuzzTest.class, "open"), seeds);
    }

    private static final String EXTENDED = "valid-update-with-every-attribute-beyond-4096-octets";
    private static final WireOptions EXTENDED_OPTIONS = WireOptions.DEFAULT.withExtendedMessage(true).withExternalPeer(false);

    /**
     * The UPDATE with every attribute, with 1,500 prefixes: a message of RFC 8654's extended
     * length, which also lifts the fuzzer's input size past its default of 4,096 octets.
     */
    private static byte[] extendedUpdate() {
        UpdateMessage vector = (UpdateMessage) MessageVectorsTest.updateWithEveryAttribute().value();
        PrefixBlock.Builder prefixes = PrefixBlock.builder(AddressFamily.IPV4_UNICAST, false);
        for (int i = 0; i < 1500; i++) {
            prefixes.addIpv4(0, 0x0A000000 + (i << 8), 24);
        }
        return Bytes.encode(UpdateMessage.announce(vector.attributes(), prefixes.build()), EXTENDED_OPTIONS);
    }

    private static byte[] withOptions(WireOptions options, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = FuzzOptions.octet(options);
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static byte[] body(byte[] wire) {
        return Arrays.copyOfRange(wire, WireOptions.HEADER_LENGTH, wire.length);
    }
}
